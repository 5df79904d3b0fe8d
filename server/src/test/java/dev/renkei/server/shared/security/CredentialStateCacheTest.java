package dev.renkei.server.shared.security;

import io.micronaut.transaction.TransactionCallback;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredentialStateCacheTest {

    private final MovableClock clock = new MovableClock();
    private final CredentialChanges changes = new CredentialChanges(new NoTransactions());
    private final CredentialStateCache<String, String> cache =
            new CredentialStateCache<>(changes, clock, Duration.ofSeconds(2), 100);
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String key) {
        return key + "#" + loads.incrementAndGet();
    }

    @Test
    void getWhenWithinTimeToLiveThenRemembered() {
        assertEquals("a#1", cache.get("a", this::load, v -> true));
        clock.advance(Duration.ofMillis(1999));

        assertEquals("a#1", cache.get("a", this::load, v -> true));
    }

    @Test
    void getWhenTimeToLivePassedThenReadAgain() {
        cache.get("a", this::load, v -> true);
        clock.advance(Duration.ofSeconds(2));

        assertEquals("a#2", cache.get("a", this::load, v -> true));
    }

    @Test
    void getWhenChangedSinceThenReadAgain() {
        cache.get("a", this::load, v -> true);
        changes.changed();

        assertEquals("a#2", cache.get("a", this::load, v -> true));
    }

    @Test
    void getWhenNotToBeKeptThenReadEveryTime() {
        cache.get("a", this::load, v -> false);

        assertEquals("a#2", cache.get("a", this::load, v -> false));
    }

    /** A revocation written while the old state was being read: what was read must not be served afterwards. */
    @Test
    void getWhenChangedDuringTheReadThenNotRemembered() {
        cache.get("a", key -> {
            String stale = load(key);
            changes.changed();
            return stale;
        }, v -> true);

        assertEquals("a#2", cache.get("a", this::load, v -> true));
    }

    @Test
    void getWhenFullThenStillAnswers() {
        CredentialStateCache<Integer, Optional<Integer>> small =
                new CredentialStateCache<>(changes, clock, Duration.ofSeconds(2), 3);
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.of(i), small.get(i, Optional::of, Optional::isPresent));
        }
        assertEquals(Optional.of(9), small.get(9, k -> Optional.empty(), Optional::isPresent));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Outside any transaction: {@link CredentialChanges#changed()} moves the epoch once. */
    private static final class NoTransactions implements TransactionOperations<Connection> {
        @Override
        public Connection getConnection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasConnection() {
            return false;
        }

        @Override
        public Optional<? extends TransactionStatus<?>> findTransactionStatus() {
            return Optional.empty();
        }

        @Override
        public <R> R execute(TransactionDefinition definition, TransactionCallback<Connection, R> callback) {
            throw new UnsupportedOperationException();
        }
    }
}
