-- OAuth 2 authorization server and the consent journey (seed 002, issue 3).

-- Partner programs: OAuth clients; their credential is the seed's "app token".
CREATE TABLE partner_program (
    id                 uuid PRIMARY KEY,
    client_id          text        NOT NULL UNIQUE,
    name               text        NOT NULL,
    company_name       text        NOT NULL,
    client_type        text        NOT NULL CHECK (client_type IN ('confidential', 'public')),
    secret_hash        bytea,
    secret_rotated_at  timestamptz,
    redirect_uris      text[]      NOT NULL,
    allowed_scopes     text[]      NOT NULL,
    daily_quota        integer     NOT NULL DEFAULT 100000 CHECK (daily_quota > 0),
    require_par        boolean     NOT NULL DEFAULT false,
    enabled            boolean     NOT NULL DEFAULT true,
    deleted_at         timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CONSTRAINT partner_program_secret_by_type CHECK ((client_type = 'public') = (secret_hash IS NULL))
);
CREATE INDEX partner_program_listing_idx ON partner_program (created_at, id) WHERE deleted_at IS NULL;

-- Keys that sign access tokens (ES256). The newest active key signs; retiring keys stay in the
-- JWKS until every token they signed has expired, so rotation never breaks a token in flight.
CREATE TABLE signing_key (
    kid           text PRIMARY KEY,
    alg           text        NOT NULL,
    private_jwk   text        NOT NULL,
    public_jwk    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    activated_at  timestamptz NOT NULL,
    retires_at    timestamptz
);

-- A customer's deposit accounts (seed 002: 照会用口座). The PIN is the one on file at the bank;
-- api_pin_registered_at says the customer registered it for API use (登録済み).
CREATE TABLE bank_account (
    id                     uuid PRIMARY KEY,
    owner_id               uuid        NOT NULL REFERENCES account (id),
    branch_name            text        NOT NULL,
    branch_code            text        NOT NULL,
    account_type           text        NOT NULL CHECK (account_type IN ('ordinary', 'current')),
    account_number         text        NOT NULL,
    holder_name            text,
    memo                   text,
    pin_hash               text        NOT NULL,
    balance                bigint      NOT NULL DEFAULT 0,
    api_pin_registered_at  timestamptz,
    created_at             timestamptz NOT NULL
);
CREATE INDEX bank_account_owner_idx ON bank_account (owner_id, branch_code, account_number);

-- Pushed authorization requests (RFC 9126): single use, 60 seconds.
CREATE TABLE pushed_authorization_request (
    request_uri  text PRIMARY KEY,
    program_id   uuid        NOT NULL REFERENCES partner_program (id),
    parameters   jsonb       NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

-- One customer's walk through the consent pages for one authorization request.
CREATE TABLE authorization_journey (
    id                    text PRIMARY KEY,
    program_id            uuid        NOT NULL REFERENCES partner_program (id),
    redirect_uri          text        NOT NULL,
    state                 text,
    requested_scopes      text[]      NOT NULL,
    selected_scopes       text[],
    code_challenge        text        NOT NULL,
    step                  text        NOT NULL,
    account_id            uuid REFERENCES account (id),
    csrf_token            text        NOT NULL,
    -- Accounts whose PIN was registered in this journey (登録済み*): effective once consent completes.
    pending_pin_accounts  uuid[]      NOT NULL DEFAULT '{}',
    pin_failures          jsonb       NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    completed_at          timestamptz
);

CREATE TABLE consent (
    id                uuid PRIMARY KEY,
    account_id        uuid        NOT NULL REFERENCES account (id),
    program_id        uuid        NOT NULL REFERENCES partner_program (id),
    scopes            text[]      NOT NULL,
    bank_account_ids  uuid[]      NOT NULL,
    granted_at        timestamptz NOT NULL,
    last_used_at      timestamptz,
    revoked_at        timestamptz
);
CREATE INDEX consent_account_idx ON consent (account_id, granted_at DESC, id DESC);
CREATE INDEX consent_program_idx ON consent (program_id) WHERE revoked_at IS NULL;

-- Authorization codes: single use, 60 seconds, bound to program, redirect URI and PKCE challenge.
CREATE TABLE authorization_code (
    code_hash       bytea PRIMARY KEY,
    program_id      uuid        NOT NULL REFERENCES partner_program (id),
    consent_id      uuid        NOT NULL REFERENCES consent (id),
    redirect_uri    text        NOT NULL,
    code_challenge  text        NOT NULL,
    scopes          text[]      NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    -- The token family the first redemption created; a second redemption revokes it.
    family_id       uuid
);

-- All tokens descending from one authorization code. Revoking the family revokes its access
-- tokens (checked by jti's family on introspection and by the resource server) and refresh tokens.
CREATE TABLE token_family (
    id          uuid PRIMARY KEY,
    consent_id  uuid        NOT NULL REFERENCES consent (id),
    program_id  uuid        NOT NULL REFERENCES partner_program (id),
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    revoked_reason text
);
CREATE INDEX token_family_consent_idx ON token_family (consent_id);

CREATE TABLE refresh_token (
    id           uuid PRIMARY KEY,
    token_hash   bytea       NOT NULL UNIQUE,
    family_id    uuid        NOT NULL REFERENCES token_family (id),
    scopes       text[]      NOT NULL,
    issued_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    rotated_at   timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);

-- Access tokens revoked one by one (RFC 7009) before their expiry.
CREATE TABLE revoked_access_token (
    jti         uuid PRIMARY KEY,
    expires_at  timestamptz NOT NULL
);
