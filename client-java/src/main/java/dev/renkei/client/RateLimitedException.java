package dev.renkei.client;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * 429 Too Many Requests (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585
 * §4</a>): a rate limit or the daily quota of the partner program was exceeded (problem type
 * {@code quota-exceeded}). Thrown once the client's retries are used up, or at once when the
 * request may not be retried or the server asks for a longer wait than
 * {@link RetryPolicy#maxRetryAfter()}.
 *
 * <p>{@link #retryAfter()} says when to try again; {@link #rateLimitPolicy()} and
 * {@link #rateLimit()} carry the {@code RateLimit-Policy} and {@code RateLimit} fields
 * (draft-ietf-httpapi-ratelimit-headers).
 */
public class RateLimitedException extends RenkeiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param type      the problem {@code type}
     * @param title     the problem {@code title}
     * @param detail    the problem {@code detail}
     * @param requestId the request ID
     * @param headers   the response headers
     * @param body      the raw response body
     */
    public RateLimitedException(String type, String title, String detail, String requestId, HttpHeaders headers, String body) {
        super(429, type, title, detail, requestId, headers, body);
    }

    /** @return the {@code RateLimit-Policy} field, for example {@code "burst";q=5;w=1, "daily";q=100000;w=86400} */
    public Optional<String> rateLimitPolicy() {
        return headers().firstValue("RateLimit-Policy");
    }

    /** @return the {@code RateLimit} field, for example {@code "burst";r=0;t=1} */
    public Optional<String> rateLimit() {
        return headers().firstValue("RateLimit");
    }
}
