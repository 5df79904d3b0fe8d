package dev.renkei.server.shared.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The published limits ({@code renkei.rate-limits.*}). The defaults are the contract's; raise
 * them only for load tests.
 */
@ConfigurationProperties("renkei.rate-limits")
public class RateLimitSettings {

    /** Calls per burst window per token (seed 003: 5 per second per access token). */
    private int burstCalls = 5;
    private Duration burstWindow = Duration.ofSeconds(1);
    /** Calls per day per partner program unless the program has its own daily_quota. */
    private long defaultDailyQuota = 100_000;
    /** Calls per day per account for its static tokens. */
    private long staticTokenDailyQuota = 100_000;
    /** The daily window is the calendar day in this zone. */
    private ZoneId quotaZone = ZoneId.of("Asia/Tokyo");
    /** Off only for benchmarks that measure the cost of limits; the server logs a warning. */
    private boolean enabled = true;

    public int getBurstCalls() {
        return burstCalls;
    }

    public void setBurstCalls(int burstCalls) {
        this.burstCalls = burstCalls;
    }

    public Duration getBurstWindow() {
        return burstWindow;
    }

    public void setBurstWindow(Duration burstWindow) {
        this.burstWindow = burstWindow;
    }

    public long getDefaultDailyQuota() {
        return defaultDailyQuota;
    }

    public void setDefaultDailyQuota(long defaultDailyQuota) {
        this.defaultDailyQuota = defaultDailyQuota;
    }

    public long getStaticTokenDailyQuota() {
        return staticTokenDailyQuota;
    }

    public void setStaticTokenDailyQuota(long staticTokenDailyQuota) {
        this.staticTokenDailyQuota = staticTokenDailyQuota;
    }

    public ZoneId getQuotaZone() {
        return quotaZone;
    }

    public void setQuotaZone(ZoneId quotaZone) {
        this.quotaZone = quotaZone;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
