package dev.renkei.server.shared.idempotency;

import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.renkei.server.shared.db.Db.ts;

/**
 * {@code Idempotency-Key} (draft-ietf-httpapi-idempotency-key-header): a retried request with the
 * same key and body gets the first response again and changes nothing; the same key with another
 * body is a 422. Must run inside the caller's transaction: the key row is inserted first, so a
 * concurrent retry waits on its unique index until the first request commits, then replays it.
 */
@Singleton
public class IdempotencyStore {

    private static final Duration RETENTION = Duration.ofHours(24);

    private final Db db;
    private final ObjectMapper json;
    private final Clock clock;

    public IdempotencyStore(Db db, ObjectMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    public <T> T execute(UUID actorId, String operation, @Nullable String key, Object request, Argument<T> type,
                         Supplier<T> action) {
        if (key == null) {
            return action.get();
        }
        byte[] requestHash = SecretTokens.sha256(write(request));
        Instant now = clock.instant();
        db.update("DELETE FROM idempotency_record WHERE actor_id = ? AND operation = ? AND idempotency_key = ? AND created_at < ?", s -> {
            s.setObject(1, actorId);
            s.setString(2, operation);
            s.setString(3, key);
            s.setTimestamp(4, ts(now.minus(RETENTION)));
        });
        // Wait at most 10 s for a concurrent request with the same key, and only here: the
        // operation itself may wait for row locks as long as any request would.
        db.update("SET LOCAL lock_timeout = '10s'", s -> { });
        int inserted;
        try {
            inserted = db.update("INSERT INTO idempotency_record (actor_id, operation, idempotency_key, request_hash, "
                    + "response_status, response_body, created_at) VALUES (?, ?, ?, ?, 0, '', ?) ON CONFLICT DO NOTHING", s -> {
                s.setObject(1, actorId);
                s.setString(2, operation);
                s.setString(3, key);
                s.setBytes(4, requestHash);
                s.setTimestamp(5, ts(now));
            });
        } catch (RuntimeException e) {
            if (isLockTimeout(e)) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                        "A request with this Idempotency-Key is still being processed; retry later");
            }
            throw e;
        }
        db.update("SET LOCAL lock_timeout TO DEFAULT", s -> { });
        if (inserted == 0) {
            return replay(actorId, operation, key, requestHash, type);
        }
        T result = action.get();
        String body = write(result);
        db.update("UPDATE idempotency_record SET response_status = 200, response_body = ? "
                + "WHERE actor_id = ? AND operation = ? AND idempotency_key = ?", s -> {
            s.setString(1, body);
            s.setObject(2, actorId);
            s.setString(3, operation);
            s.setString(4, key);
        });
        return result;
    }

    private <T> T replay(UUID actorId, String operation, String key, byte[] requestHash, Argument<T> type) {
        record Stored(byte[] hash, int status, String body) {
        }
        Optional<Stored> stored = db.one("SELECT request_hash, response_status, response_body FROM idempotency_record "
                + "WHERE actor_id = ? AND operation = ? AND idempotency_key = ?", s -> {
            s.setObject(1, actorId);
            s.setString(2, operation);
            s.setString(3, key);
        }, r -> new Stored(r.getBytes(1), r.getInt(2), r.getString(3)));
        Stored row = stored.orElseThrow(() -> new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is still being processed; retry later"));
        if (!MessageDigest.isEqual(row.hash(), requestHash)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request body; use a new key");
        }
        if (row.status() == 0) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                    "A request with this Idempotency-Key is still being processed; retry later");
        }
        try {
            return json.readValue(row.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
