-- The consent journey's browser binding and outcome, and one active consent per customer and program (seed 002).

-- session_hash: SHA-256 of the renkei_journey cookie set at login; after login only that browser
-- may continue the journey. sealed_redirect: the authorization response (it holds the code)
-- encrypted under a key derived from that cookie, so the journey can repeat redirect_to to its
-- browser while the database alone never reveals a usable code.
ALTER TABLE authorization_journey
    ADD COLUMN session_hash    bytea,
    ADD COLUMN sealed_redirect bytea;

-- Permitting again revokes the earlier consent in the same transaction, before the insert.
CREATE UNIQUE INDEX consent_one_active_idx ON consent (account_id, program_id) WHERE revoked_at IS NULL;
