package dev.renkei.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When {@link RenkeiClient} sends a request again after 429 Too Many Requests
 * (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585</a>) or 503 Service
 * Unavailable.
 *
 * <ul>
 *   <li>Only requests that are safe to repeat are retried: methods GET, HEAD, PUT, DELETE and
 *       OPTIONS (idempotent per RFC 9110 §9.2.2), and any request carrying an
 *       {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header).</li>
 *   <li>The wait is the server's {@code Retry-After}
 *       (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110 §10.2.3</a>,
 *       seconds or HTTP-date) when it sent one; when that is longer than {@link #maxRetryAfter()}
 *       (the daily quota, say) the error is thrown at once instead of blocking.</li>
 *   <li>Without {@code Retry-After}: capped exponential backoff with full jitter, a random wait
 *       between zero and {@code min(maxBackoff, initialBackoff × 2^(retry-1))}.</li>
 *   <li>At most {@link #maxAttempts()} sends in all (the first one included).</li>
 * </ul>
 *
 * @param maxAttempts    sends in all, at least 1 (1 disables retries)
 * @param initialBackoff the backoff cap of the first retry
 * @param maxBackoff     the largest backoff cap
 * @param maxRetryAfter  the longest {@code Retry-After} the client waits for
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** 4 attempts, backoff from 500 ms capped at 8 s, waits up to 60 s for {@code Retry-After}. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    /** One attempt: errors are thrown at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Checks the values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * @param attempts sends in all, at least 1
     * @return this policy with another number of attempts
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, maxRetryAfter);
    }

    /**
     * The wait before retry number {@code retry}, or empty when the request must not be sent
     * again.
     *
     * @param retry      1 for the first retry
     * @param retryAfter the server's {@code Retry-After}, if any
     * @param random     a uniform random number in [0, 1), for the jitter
     */
    Optional<Duration> delayBeforeRetry(int retry, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (retry >= maxAttempts) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : retryAfter;
        }
        return Optional.of(backoffCap(retry).multipliedBy(Math.round(random.getAsDouble() * 1_000_000)).dividedBy(1_000_000));
    }

    /** {@code min(maxBackoff, initialBackoff × 2^(retry-1))}, without overflow. */
    Duration backoffCap(int retry) {
        Duration cap = initialBackoff;
        for (int i = 1; i < retry && cap.compareTo(maxBackoff) < 0; i++) {
            cap = cap.multipliedBy(2);
        }
        return cap.compareTo(maxBackoff) > 0 ? maxBackoff : cap;
    }

    /** Whether a request may be sent again without risk of performing it twice. */
    static boolean isRepeatable(String method, java.net.http.HttpHeaders headers) {
        switch (method.toUpperCase(java.util.Locale.ROOT)) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS":
                return true;
            default:
                return headers.firstValue("Idempotency-Key").isPresent();
        }
    }
}
