package dev.renkei.server.shared.ratelimit;

/**
 * The Resource API's published limits: a burst limit per token and a daily quota per partner
 * program (seed 003 「呼び出し制限」). One call to {@link #acquire} per request decides both.
 * <p>
 * The default implementation keeps its counters in this process ({@link InMemoryRateLimiter}).
 * Several instances behind one load balancer need a shared store (bucket4j has PostgreSQL and
 * Redis backends): implement this interface over it and replace the bean.
 */
public interface RateLimiter {

    /**
     * Takes one call from the burst bucket of {@code tokenKey} and, if that allows it, one from
     * the daily bucket of {@code quotaKey}. A call refused by either limit consumes from neither.
     *
     * @param tokenKey   identifies the token (the same key for every call made with it)
     * @param quotaKey   identifies the partner program (or the account, for static tokens)
     * @param dailyQuota calls allowed per day for {@code quotaKey}; a change applies at once
     */
    RateLimitDecision acquire(String tokenKey, String quotaKey, long dailyQuota);
}
