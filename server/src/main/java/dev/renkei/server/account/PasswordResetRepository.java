package dev.renkei.server.account;

import dev.renkei.server.shared.db.Db;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.ts;

/** SQL for one-time password-reset links (stored as hashes). */
@Singleton
public class PasswordResetRepository {

    private final Db db;

    public PasswordResetRepository(Db db) {
        this.db = db;
    }

    /** A new link replaces any unused one of the same account. */
    public void replace(UUID accountId, byte[] tokenHash, Instant now, Instant expiresAt) {
        db.update("UPDATE password_reset SET used_at = ? WHERE account_id = ? AND used_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, accountId);
        });
        db.update("INSERT INTO password_reset (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)", s -> {
            s.setBytes(1, tokenHash);
            s.setObject(2, accountId);
            s.setTimestamp(3, ts(now));
            s.setTimestamp(4, ts(expiresAt));
        });
    }

    /** Marks a valid link used and returns its account; empty when unknown, used or expired. */
    public Optional<UUID> consume(byte[] tokenHash, Instant now) {
        return db.one("UPDATE password_reset SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? "
                + "RETURNING account_id", s -> {
            s.setTimestamp(1, ts(now));
            s.setBytes(2, tokenHash);
            s.setTimestamp(3, ts(now));
        }, r -> r.getObject(1, UUID.class));
    }
}
