-- Token issuance (seed 000): accounts, system parameters, API tokens, mail outbox, audit.

CREATE TABLE account (
    id                     uuid PRIMARY KEY,
    login_id               text        NOT NULL,
    name                   text        NOT NULL,
    mail                   text,
    password_hash          text,
    flags                  text[]      NOT NULL DEFAULT '{}',
    locked_at              timestamptz,
    failed_sign_in_count   integer     NOT NULL DEFAULT 0,
    deleted_at             timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CONSTRAINT account_flags_known CHECK (flags <@ ARRAY['system_admin', 'user_admin', 'auditor',
        'general_use_prohibited', 'temporary_use_prohibited']::text[])
);
-- A deleted account keeps its row (audit and tokens refer to it) but frees its login ID.
CREATE UNIQUE INDEX account_login_id_live_uq ON account (lower(login_id)) WHERE deleted_at IS NULL;
CREATE INDEX account_listing_idx ON account (login_id, id) WHERE deleted_at IS NULL;

CREATE TABLE system_parameters (
    id                             smallint PRIMARY KEY CHECK (id = 1),
    api_token_validity_days        integer     NOT NULL CHECK (api_token_validity_days BETWEEN 1 AND 3650),
    api_token_pickup_window_hours  integer     NOT NULL CHECK (api_token_pickup_window_hours BETWEEN 1 AND 2160),
    updated_at                     timestamptz NOT NULL,
    updated_by                     uuid REFERENCES account (id)
);
INSERT INTO system_parameters (id, api_token_validity_days, api_token_pickup_window_hours, updated_at)
VALUES (1, 90, 168, now());

CREATE TABLE mail_template (
    id          text PRIMARY KEY,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  uuid REFERENCES account (id)
);
INSERT INTO mail_template (id, subject, body, updated_at) VALUES
('api_token_issued', '【Renkei】 APIトークン発行のお知らせ',
'{{name}}さま

RenkeiのAPIを利用するためのトークンが発行されました。
トークンの有効期限は取得してから{{validity_days}}日間です。

下記のURLから発行されたトークンを取得できます。

{{pickup_url}}

※トークンは{{pickup_deadline}}までに取得してください。

※「Renkei」より自動送信されたメールです。
こちらのメールアドレスに返信することはできません。
', now()),
('password_reset', '【Renkei】 パスワード再発行のお知らせ',
'{{name}}さま（ログインID: {{login_id}}）

管理者がパスワードの再発行を行いました。これまでのパスワードは使用できません。
下記のURLから新しいパスワードを設定してください。

{{reset_url}}

※このURLは{{reset_deadline}}まで、一度だけ有効です。

※「Renkei」より自動送信されたメールです。
こちらのメールアドレスに返信することはできません。
', now());

CREATE TABLE api_token (
    id                 uuid PRIMARY KEY,
    account_id         uuid        NOT NULL REFERENCES account (id),
    validity_days      integer     NOT NULL,
    issued_at          timestamptz NOT NULL,
    issued_by          uuid REFERENCES account (id),
    pickup_deadline    timestamptz NOT NULL,
    picked_up_at       timestamptz,
    expires_at         timestamptz,
    secret_hash        bytea UNIQUE,
    last_four          text,
    revoked_at         timestamptz,
    revocation_reason  text,
    CONSTRAINT api_token_picked_up_consistent CHECK ((picked_up_at IS NULL) = (secret_hash IS NULL))
);
CREATE INDEX api_token_account_idx ON api_token (account_id, issued_at DESC, id DESC);
CREATE INDEX api_token_issued_idx ON api_token (issued_at DESC, id DESC);

CREATE TABLE password_reset (
    token_hash  bytea PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_reset_account_idx ON password_reset (account_id);

-- Mails are written here in the same transaction as what caused them, and sent by a poller:
-- a failing or slow SMTP server delays mail but never loses it.
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    recipient        text        NOT NULL,
    subject          text        NOT NULL,
    body             text        NOT NULL,
    -- A sensitive body (a password-reset link) is never written to the log.
    sensitive        boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    logged_at        timestamptz,
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE audit_event (
    id              uuid PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    action          text        NOT NULL,
    actor_id        uuid,
    actor_login_id  text,
    target_type     text        NOT NULL,
    target_id       text,
    request_id      text,
    details         jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at DESC, id DESC);
CREATE INDEX audit_event_target_idx ON audit_event (target_id, occurred_at DESC);

CREATE TABLE idempotency_record (
    actor_id         uuid        NOT NULL,
    operation        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    request_hash     bytea       NOT NULL,
    response_status  integer     NOT NULL,
    response_body    text        NOT NULL,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (actor_id, operation, idempotency_key)
);
