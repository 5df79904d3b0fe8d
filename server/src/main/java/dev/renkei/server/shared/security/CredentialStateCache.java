package dev.renkei.server.shared.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the database said about a credential (a client's authentication, a token's revocation
 * state), kept for a short time so a busy caller does not cost a round trip per request.
 * An entry is used only while it is younger than the time-to-live, by the application clock,
 * and while {@link CredentialChanges} has not moved since it was read: changes written by this
 * instance take effect here at once, changes written by another instance within the
 * time-to-live.
 *
 * @param <K> what identifies the credential; must not be a secret itself (hash it)
 * @param <V> what was read
 */
public final class CredentialStateCache<K, V> {

    private record Entry<V>(V value, Instant until, long epoch) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final CredentialChanges changes;
    private final Clock clock;
    private final Duration timeToLive;
    private final int maxEntries;

    public CredentialStateCache(CredentialChanges changes, Clock clock, Duration timeToLive, int maxEntries) {
        this.changes = changes;
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.maxEntries = maxEntries;
    }

    /** The remembered value while it is still good, or null; nothing is loaded. */
    public V peek(K key) {
        Entry<V> hit = entries.get(key);
        return hit != null && hit.epoch() == changes.epoch() && clock.instant().isBefore(hit.until()) ? hit.value() : null;
    }

    /**
     * The remembered value, or {@code load}'s, which is kept when {@code keep} accepts it. The
     * epoch and the time are taken before loading, so an entry never outlives what was true when
     * its read began.
     */
    public V get(K key, Function<K, V> load, Predicate<V> keep) {
        Instant now = clock.instant();
        long epoch = changes.epoch();
        Entry<V> hit = entries.get(key);
        if (hit != null) {
            if (hit.epoch() == epoch && now.isBefore(hit.until())) {
                return hit.value();
            }
            entries.remove(key, hit);
        }
        V value = load.apply(key);
        if (keep.test(value) && !timeToLive.isZero()) {
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(e -> e.epoch() != epoch || !now.isBefore(e.until()));
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(key, new Entry<>(value, now.plus(timeToLive), epoch));
        }
        return value;
    }
}
