package dev.renkei.server.shared.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RateLimiter} in this process's memory. The burst limit is a bucket4j token bucket per
 * token that refills all its calls at the end of each window, so "5 per second" means what a
 * partner reads: five calls pass, the sixth within the same second is refused. The daily quota
 * is a counter per program and calendar day (Asia/Tokyo by default): the quota resets at
 * midnight rather than trickling back, as the published 「一定時間経過後、制限数がリセット」 says.
 * Time comes from the application {@link Clock}, so tests can move it.
 */
@Singleton
public class InMemoryRateLimiter implements RateLimiter {

    private final RateLimitSettings settings;
    private final Clock clock;
    private final TimeMeter time;
    /** Idle buckets of tokens no longer used are dropped; a returning token starts full. */
    private final Cache<String, Bucket> bursts = Caffeine.newBuilder().expireAfterAccess(5, TimeUnit.MINUTES).build();
    private final Cache<String, DailyCount> daily = Caffeine.newBuilder().expireAfterAccess(2, TimeUnit.DAYS).build();

    /** The calls of one calendar day, which runs from {@code startsAt} to {@code resetsAt}. */
    private static final class DailyCount {
        private final Instant startsAt;
        private final Instant resetsAt;
        private final AtomicLong used = new AtomicLong();

        private DailyCount(Instant startsAt, Instant resetsAt) {
            this.startsAt = startsAt;
            this.resetsAt = resetsAt;
        }

        private boolean covers(Instant now) {
            return !now.isBefore(startsAt) && now.isBefore(resetsAt);
        }
    }

    public InMemoryRateLimiter(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Override
    public RateLimitDecision acquire(String tokenKey, String quotaKey, long dailyQuota) {
        int burstCalls = settings.getBurstCalls();
        Duration window = settings.getBurstWindow();
        Bucket bucket = bursts.get(tokenKey, key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(burstCalls).refillIntervally(burstCalls, window))
                .withCustomTimePrecision(time)
                .build());
        Instant now = clock.instant();
        // The day's bounds are worked out once a day per key, not on every call.
        DailyCount count = daily.getIfPresent(quotaKey);
        if (count == null || !count.covers(now)) {
            count = daily.asMap().compute(quotaKey, (key, current) -> current != null && current.covers(now) ? current : today(now));
        }
        long dailyReset = Math.max(1, Duration.between(now, count.resetsAt).toSeconds());

        ConsumptionProbe burst = bucket.tryConsumeAndReturnRemaining(1);
        long windowSeconds = Math.max(1, window.toSeconds());
        if (!burst.isConsumed()) {
            long left = Math.max(0, dailyQuota - count.used.get());
            return new RateLimitDecision(false, RateLimitDecision.Policy.BURST, burstCalls, windowSeconds, 0,
                    ceilSeconds(burst.getNanosToWaitForRefill()), dailyQuota, left, dailyReset);
        }
        long used = count.used.incrementAndGet();
        if (used > dailyQuota) {
            count.used.decrementAndGet();
            bucket.addTokens(1);
            return new RateLimitDecision(false, RateLimitDecision.Policy.DAILY, burstCalls, windowSeconds,
                    burst.getRemainingTokens() + 1, ceilSeconds(burst.getNanosToWaitForReset()), dailyQuota, 0, dailyReset);
        }
        return new RateLimitDecision(true, null, burstCalls, windowSeconds, burst.getRemainingTokens(),
                ceilSeconds(burst.getNanosToWaitForReset()), dailyQuota, dailyQuota - used, dailyReset);
    }

    private DailyCount today(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, settings.getQuotaZone());
        return new DailyCount(today.atStartOfDay(settings.getQuotaZone()).toInstant(),
                today.plusDays(1).atStartOfDay(settings.getQuotaZone()).toInstant());
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
