-- Resource API, bank inquiries (seed 002): the deposits and withdrawals (入出金明細) of the
-- customers' bank accounts. The balance itself is bank_account.balance (V2); the newest
-- transaction's balance_after always equals it, and each row's balance_after is the previous
-- row's plus its amount, so a statement read in either direction adds up.
--
-- Rows are never changed through the API (no version); they belong to their account, which is
-- never deleted while it has history (RESTRICT).

CREATE TABLE rs_bank_transaction (
    id               uuid        PRIMARY KEY,
    bank_account_id  uuid        NOT NULL REFERENCES bank_account (id) ON DELETE RESTRICT,
    -- The calendar day in Japan time the bank booked it (取引日); the from/to filters apply to it.
    booked_on        date        NOT NULL,
    transacted_at    timestamptz NOT NULL,
    type             text        NOT NULL CHECK (type IN ('deposit', 'withdrawal')),
    -- Signed yen: positive for a deposit, negative for a withdrawal.
    amount           bigint      NOT NULL CHECK (amount <> 0),
    balance_after    bigint      NOT NULL,
    description      text        NOT NULL,
    counterparty     text,
    created_at       timestamptz NOT NULL,
    CONSTRAINT rs_bank_transaction_sign CHECK ((type = 'deposit') = (amount > 0))
);
-- The statement of one account over a date range, in time order either way (keyset on
-- transacted_at, id).
CREATE INDEX rs_bank_transaction_account_idx ON rs_bank_transaction (bank_account_id, booked_on, transacted_at, id);
