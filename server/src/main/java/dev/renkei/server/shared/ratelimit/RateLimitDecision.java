package dev.renkei.server.shared.ratelimit;

/**
 * The outcome of one {@link RateLimiter#acquire}, with what the response headers report
 * (draft-ietf-httpapi-ratelimit-headers): the state of both policies after this call.
 *
 * @param allowed            whether the call may proceed
 * @param exceeded           the policy that refused the call, null when allowed
 * @param burstLimit         calls per burst window
 * @param burstWindowSeconds the burst window
 * @param burstRemaining     calls left in the current burst window
 * @param burstResetSeconds  seconds until the burst window is full again
 * @param dailyQuota         calls per day
 * @param dailyRemaining     calls left today
 * @param dailyResetSeconds  seconds until the daily quota resets
 */
public record RateLimitDecision(boolean allowed, Policy exceeded, long burstLimit, long burstWindowSeconds,
                                long burstRemaining, long burstResetSeconds, long dailyQuota, long dailyRemaining,
                                long dailyResetSeconds) {

    public enum Policy {
        BURST("burst"), DAILY("daily");

        private final String headerName;

        Policy(String headerName) {
            this.headerName = headerName;
        }

        public String headerName() {
            return headerName;
        }
    }

    /** The {@code RateLimit-Policy} field: both policies with quota and window. */
    public String policyHeader() {
        return "\"burst\";q=" + burstLimit + ";w=" + burstWindowSeconds + ", \"daily\";q=" + dailyQuota + ";w=86400";
    }

    /** The {@code RateLimit} field: the policy closest to exhaustion (the one that refused, if any). */
    public String limitHeader() {
        Policy closest = exceeded != null ? exceeded : (dailyRemaining < burstRemaining ? Policy.DAILY : Policy.BURST);
        return closest == Policy.BURST
                ? "\"burst\";r=" + burstRemaining + ";t=" + burstResetSeconds
                : "\"daily\";r=" + dailyRemaining + ";t=" + dailyResetSeconds;
    }

    /** Seconds to wait before a refused call can succeed (RFC 9110 {@code Retry-After}). */
    public long retryAfterSeconds() {
        return exceeded == Policy.DAILY ? dailyResetSeconds : Math.max(1, burstResetSeconds);
    }
}
