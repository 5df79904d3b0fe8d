package dev.renkei.server.oauth;

import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.CredentialChanges;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for codes, token families, refresh tokens, revoked access tokens and pushed requests. */
@Singleton
public class OAuthTokenRepository {

    /** A stored authorization code. */
    public record CodeRow(UUID programId, UUID consentId, String redirectUri, String codeChallenge, List<String> scopes,
                          Instant expiresAt, @Nullable Instant usedAt, @Nullable UUID familyId) {
    }

    /** A stored refresh token with what decides whether it may still be used. */
    public record RefreshRow(UUID id, UUID familyId, List<String> scopes, Instant issuedAt, Instant expiresAt,
                             @Nullable Instant rotatedAt, @Nullable Instant revokedAt, @Nullable Instant familyRevokedAt,
                             UUID consentId, @Nullable Instant consentRevokedAt, UUID programId, UUID accountId) {
    }

    /** How stale a consent's {@code last_used_at} may get before a refresh writes it again. */
    static final Duration CONSENT_USE_PRECISION = Duration.ofMinutes(1);

    /** A refresh token rotated by {@link #rotateIfCurrent}: its family, and the scopes it carried. */
    public record Rotated(UUID familyId, UUID consentId, UUID accountId, List<String> scopes) {
    }

    /** Whether the tokens of a family may still be used, and whose they are. */
    public record FamilyState(UUID familyId, UUID consentId, UUID programId, UUID accountId, String loginId,
                              boolean usable) {
    }

    /** A pushed authorization request (RFC 9126) with what decides whether it may still be used. */
    public record PushedRequest(String parameters, Instant expiresAt, @Nullable Instant usedAt) {
    }

    private final Db db;
    /** Told of every statement here that can end a credential's validity, so caches drop what they read before. */
    private final CredentialChanges changes;

    public OAuthTokenRepository(Db db, CredentialChanges changes) {
        this.db = db;
        this.changes = changes;
    }

    public Optional<CodeRow> findCodeForUpdate(byte[] hash) {
        return db.one("SELECT * FROM authorization_code WHERE code_hash = ? FOR UPDATE", s -> s.setBytes(1, hash),
                r -> new CodeRow(r.getObject("program_id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getString("redirect_uri"), r.getString("code_challenge"),
                        Arrays.asList((String[]) r.getArray("scopes").getArray()), instant(r, "expires_at"),
                        instant(r, "used_at"), r.getObject("family_id", UUID.class)));
    }

    public void markCodeUsed(byte[] hash, Instant now, UUID familyId) {
        db.update("UPDATE authorization_code SET used_at = ?, family_id = ? WHERE code_hash = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, familyId);
            s.setBytes(3, hash);
        });
    }

    public void insertFamily(UUID id, UUID consentId, UUID programId, Instant now) {
        db.update("INSERT INTO token_family (id, consent_id, program_id, created_at) VALUES (?, ?, ?, ?)", s -> {
            s.setObject(1, id);
            s.setObject(2, consentId);
            s.setObject(3, programId);
            s.setTimestamp(4, ts(now));
        });
    }

    public void revokeFamily(UUID familyId, String reason, Instant now) {
        changes.changed();
        db.update("UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, reason);
            s.setObject(3, familyId);
        });
    }

    public void insertRefresh(UUID id, byte[] hash, UUID familyId, List<String> scopes, Instant issuedAt, Instant expiresAt) {
        db.update("INSERT INTO refresh_token (id, token_hash, family_id, scopes, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, id);
            s.setBytes(2, hash);
            s.setObject(3, familyId);
            s.setArray(4, db.textArray(scopes));
            s.setTimestamp(5, ts(issuedAt));
            s.setTimestamp(6, ts(expiresAt));
        });
    }

    /** Locks the token's row: of concurrent refreshes with one token, exactly one rotates it. */
    public Optional<RefreshRow> findRefreshForUpdate(byte[] hash) {
        return findRefresh(hash, true);
    }

    public Optional<RefreshRow> findRefresh(byte[] hash, boolean forUpdate) {
        return db.one("SELECT t.*, f.revoked_at AS family_revoked_at, f.consent_id, f.program_id, "
                + "c.revoked_at AS consent_revoked_at, c.account_id FROM refresh_token t "
                + "JOIN token_family f ON f.id = t.family_id JOIN consent c ON c.id = f.consent_id "
                + "WHERE t.token_hash = ?" + (forUpdate ? " FOR UPDATE OF t" : ""), s -> s.setBytes(1, hash),
                r -> new RefreshRow(r.getObject("id", UUID.class), r.getObject("family_id", UUID.class),
                        Arrays.asList((String[]) r.getArray("scopes").getArray()), instant(r, "issued_at"),
                        instant(r, "expires_at"), instant(r, "rotated_at"), instant(r, "revoked_at"),
                        instant(r, "family_revoked_at"), r.getObject("consent_id", UUID.class), instant(r, "consent_revoked_at"),
                        r.getObject("program_id", UUID.class), r.getObject("account_id", UUID.class)));
    }

    /**
     * The refresh grant's common case in one round trip instead of four (lock, mark rotated,
     * insert successor, touch consent). Rotates the presented token only when it is current:
     * unrotated, unrevoked, unexpired at {@code now}, issued to {@code programId}, its family and
     * consent unrevoked, every scope it grants still allowed to the program, and — when
     * {@code narrowedScopes} is given — granting all of them. It then inserts the successor with
     * the full grant (RFC 6749 §6: narrowing applies to the access token only) and records the
     * consent's use — at most once per {@link #CONSENT_USE_PRECISION}: the contract promises
     * {@code last_used_at} only to about 10 minutes (an access token lives 600 s), and writing it
     * on every refresh made the consent's row the one every refresh of the customer's token
     * families waited for, and a steady stream of dead row versions.
     * Empty when any condition fails; nothing is changed then and the caller classifies the failure
     * with {@link #findRefreshForUpdate}.
     *
     * <p>The UPDATE takes the same row lock as {@code SELECT ... FOR UPDATE OF t}: of concurrent
     * refreshes with one token, the first rotates it and the others wait, then PostgreSQL re-checks
     * their WHERE on the rotated row ({@code rotated_at IS NULL} no longer holds), so they find
     * nothing and fall back to the reuse handling, exactly as with the separate lock.
     */
    public Optional<Rotated> rotateIfCurrent(byte[] hash, UUID programId, List<String> allowedScopes,
                                             @Nullable List<String> narrowedScopes, UUID successorId, byte[] successorHash, Instant now, Instant successorExpiresAt) {
        return db.one("WITH rotated AS ("
                + " UPDATE refresh_token t SET rotated_at = ? FROM token_family f, consent c"
                + " WHERE t.token_hash = ? AND f.id = t.family_id AND c.id = f.consent_id"
                + " AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > ?"
                + " AND f.revoked_at IS NULL AND c.revoked_at IS NULL AND f.program_id = ?"
                + " AND t.scopes @> COALESCE(?::text[], '{}') AND t.scopes <@ ?::text[]"
                + " RETURNING t.family_id, f.consent_id, c.account_id, t.scopes),"
                + " successor AS (INSERT INTO refresh_token (id, token_hash, family_id, scopes, issued_at, expires_at)"
                + " SELECT ?, ?, family_id, scopes, ?, ? FROM rotated),"
                + " used AS (UPDATE consent SET last_used_at = ? WHERE id = (SELECT consent_id FROM rotated)"
                + " AND (last_used_at IS NULL OR last_used_at < ?))"
                + " SELECT family_id, consent_id, account_id, scopes FROM rotated", s -> {
                    Array narrowed = narrowedScopes == null ? null : db.textArray(narrowedScopes);
                    s.setTimestamp(1, ts(now));
                    s.setBytes(2, hash);
                    s.setTimestamp(3, ts(now));
                    s.setObject(4, programId);
                    setArrayOrNull(s, 5, narrowed);
                    s.setArray(6, db.textArray(allowedScopes));
                    s.setObject(7, successorId);
                    s.setBytes(8, successorHash);
                    s.setTimestamp(9, ts(now));
                    s.setTimestamp(10, ts(successorExpiresAt));
                    s.setTimestamp(11, ts(now));
                    s.setTimestamp(12, ts(now.minus(CONSENT_USE_PRECISION)));
                }, r -> new Rotated(r.getObject("family_id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getObject("account_id", UUID.class), Arrays.asList((String[]) r.getArray("scopes").getArray())));
    }

    private static void setArrayOrNull(PreparedStatement s, int index, @Nullable Array array)
            throws SQLException {
        if (array == null) {
            s.setNull(index, Types.ARRAY);
        } else {
            s.setArray(index, array);
        }
    }

    /** When the family's most recent rotation happened (the grace window applies to that token only). */
    public Optional<Instant> latestRotation(UUID familyId) {
        return db.one("SELECT max(rotated_at) FROM refresh_token WHERE family_id = ?", s -> s.setObject(1, familyId),
                r -> instant(r, "max"));
    }

    public void markRotated(UUID id, Instant now) {
        db.update("UPDATE refresh_token SET rotated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
        });
    }

    public Optional<FamilyState> familyState(UUID familyId) {
        return db.one("SELECT f.id, f.consent_id, f.program_id, c.account_id, a.login_id, "
                + "(f.revoked_at IS NULL AND c.revoked_at IS NULL AND p.enabled AND p.deleted_at IS NULL "
                + " AND a.deleted_at IS NULL AND a.locked_at IS NULL) AS usable "
                + "FROM token_family f JOIN consent c ON c.id = f.consent_id JOIN partner_program p ON p.id = f.program_id "
                + "JOIN account a ON a.id = c.account_id WHERE f.id = ?", s -> s.setObject(1, familyId),
                r -> new FamilyState(r.getObject("id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getObject("program_id", UUID.class), r.getObject("account_id", UUID.class),
                        r.getString("login_id"), r.getBoolean("usable")));
    }

    /**
     * {@link #familyState} for an access token: {@code usable} is also false when the token's
     * {@code jti} was revoked on its own (RFC 7009). One round trip instead of two; both checks
     * still read the committed state on every call.
     */
    public Optional<FamilyState> accessTokenState(UUID familyId, UUID jti) {
        return db.one("SELECT f.id, f.consent_id, f.program_id, c.account_id, a.login_id, "
                + "(f.revoked_at IS NULL AND c.revoked_at IS NULL AND p.enabled AND p.deleted_at IS NULL "
                + " AND a.deleted_at IS NULL AND a.locked_at IS NULL "
                + " AND NOT EXISTS (SELECT 1 FROM revoked_access_token r WHERE r.jti = ?)) AS usable "
                + "FROM token_family f JOIN consent c ON c.id = f.consent_id JOIN partner_program p ON p.id = f.program_id "
                + "JOIN account a ON a.id = c.account_id WHERE f.id = ?", s -> {
                    s.setObject(1, jti);
                    s.setObject(2, familyId);
                }, r -> new FamilyState(r.getObject("id", UUID.class), r.getObject("consent_id", UUID.class),
                        r.getObject("program_id", UUID.class), r.getObject("account_id", UUID.class),
                        r.getString("login_id"), r.getBoolean("usable")));
    }

    public void revokeAccessToken(UUID jti, Instant expiresAt) {
        changes.changed();
        db.update("INSERT INTO revoked_access_token (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING", s -> {
            s.setObject(1, jti);
            s.setTimestamp(2, ts(expiresAt));
        });
    }

    public boolean isAccessTokenRevoked(UUID jti) {
        return db.one("SELECT 1 FROM revoked_access_token WHERE jti = ?", s -> s.setObject(1, jti), r -> true).orElse(false);
    }

    public void touchConsent(UUID consentId, Instant now) {
        db.update("UPDATE consent SET last_used_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, consentId);
        });
    }

    public void insertPushedRequest(String requestUri, UUID programId, String parametersJson, Instant expiresAt) {
        db.update("INSERT INTO pushed_authorization_request (request_uri, program_id, parameters, expires_at) "
                + "VALUES (?, ?, ?::jsonb, ?)", s -> {
            s.setString(1, requestUri);
            s.setObject(2, programId);
            s.setString(3, parametersJson);
            s.setTimestamp(4, ts(expiresAt));
        });
    }

    /**
     * A program's pushed request, locked so that two authorization requests with one handle use it
     * one after the other; empty when unknown or another program's.
     */
    public Optional<PushedRequest> findPushedRequestForUpdate(String requestUri, UUID programId) {
        return db.one("SELECT parameters::text AS parameters, expires_at, used_at FROM pushed_authorization_request "
                + "WHERE request_uri = ? AND program_id = ? FOR UPDATE", s -> {
            s.setString(1, requestUri);
            s.setObject(2, programId);
        }, r -> new PushedRequest(r.getString("parameters"), instant(r, "expires_at"), instant(r, "used_at")));
    }

    public void markPushedRequestUsed(String requestUri, Instant now) {
        db.update("UPDATE pushed_authorization_request SET used_at = ? WHERE request_uri = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, requestUri);
        });
    }
}
