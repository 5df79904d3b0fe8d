package dev.renkei.server.oauth;

import dev.renkei.server.shared.db.Db;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for access-token signing keys. */
@Singleton
public class SigningKeyRepository {

    /** A stored key; {@code retiresAt} null while it is the active one. */
    public record StoredKey(String kid, String alg, String privateJwk, String publicJwk, Instant createdAt,
                            Instant activatedAt, Instant retiresAt) {
    }

    private final Db db;

    public SigningKeyRepository(Db db) {
        this.db = db;
    }

    /** Keys not yet retired at {@code now}, newest first. */
    public List<StoredKey> published(Instant now) {
        return db.list("SELECT * FROM signing_key WHERE retires_at IS NULL OR retires_at > ? ORDER BY activated_at DESC",
                s -> s.setTimestamp(1, ts(now)), SigningKeyRepository::map);
    }

    public List<StoredKey> all() {
        return db.list("SELECT * FROM signing_key ORDER BY activated_at DESC", s -> { }, SigningKeyRepository::map);
    }

    /** Takes a transaction-scoped lock so two instances never both create or rotate at once. */
    public void lock() {
        db.one("SELECT pg_advisory_xact_lock(7100001)", s -> { }, r -> 1);
    }

    public void insert(StoredKey key) {
        db.update("INSERT INTO signing_key (kid, alg, private_jwk, public_jwk, created_at, activated_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, key.kid());
            s.setString(2, key.alg());
            s.setString(3, key.privateJwk());
            s.setString(4, key.publicJwk());
            s.setTimestamp(5, ts(key.createdAt()));
            s.setTimestamp(6, ts(key.activatedAt()));
        });
    }

    /** Starts the retirement of every active key except {@code keep}. */
    public void retireAllBut(String keep, Instant retiresAt) {
        db.update("UPDATE signing_key SET retires_at = ? WHERE kid <> ? AND retires_at IS NULL", s -> {
            s.setTimestamp(1, ts(retiresAt));
            s.setString(2, keep);
        });
    }

    private static StoredKey map(java.sql.ResultSet r) throws java.sql.SQLException {
        return new StoredKey(r.getString("kid"), r.getString("alg"), r.getString("private_jwk"), r.getString("public_jwk"),
                instant(r, "created_at"), instant(r, "activated_at"), instant(r, "retires_at"));
    }
}
