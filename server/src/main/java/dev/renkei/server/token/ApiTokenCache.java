package dev.renkei.server.token;

import dev.renkei.server.token.ApiTokenRepository.SecretMatch;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently authenticated API tokens, so a batch program's calls do not each cost a database
 * round trip. Revoking a token and locking, changing or deleting its account evict it on this
 * instance at once; other instances see the change within the time-to-live (5 s by default).
 * Expiry needs no eviction: it is checked against the cached expiry on every call.
 */
@Singleton
public class ApiTokenCache {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(SecretMatch match, Instant loadedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration timeToLive;

    public ApiTokenCache(Clock clock, @Value("${renkei.api-token.cache-ttl:5s}") Duration timeToLive) {
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    Optional<SecretMatch> get(byte[] secretHash) {
        Entry entry = entries.get(key(secretHash));
        if (entry == null || entry.loadedAt().plus(timeToLive).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.match());
    }

    void put(byte[] secretHash, SecretMatch match) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key(secretHash), new Entry(match, clock.instant()));
    }

    public void evictToken(UUID tokenId) {
        entries.values().removeIf(e -> e.match().tokenId().equals(tokenId));
    }

    public void evictAccount(UUID accountId) {
        entries.values().removeIf(e -> e.match().accountId().equals(accountId));
    }

    private static String key(byte[] secretHash) {
        return HexFormat.of().formatHex(secretHash);
    }
}
