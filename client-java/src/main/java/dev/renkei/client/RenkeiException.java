package dev.renkei.client;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * The one exception every call through {@link RenkeiClient} throws: an error answer of a Renkei
 * API, or a failure to reach it. It is unchecked, so generated API calls wrapped in
 * {@link RenkeiClient#call(RenkeiClient.ApiCall)} need no {@code throws} clause.
 *
 * <p>Error answers of the Renkei APIs are RFC 9457 problem details
 * (<a href="https://www.rfc-editor.org/rfc/rfc9457">RFC 9457</a>); the OAuth 2 token endpoint
 * answers in RFC 6749 §5.2 form (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC
 * 6749</a>), whose {@code error} code is reported as {@link #type()}. Branch on {@link #status()}
 * and {@link #type()}, never on {@link #title()} or {@link #detail()}, which are for humans.
 *
 * <p>Quote {@link #requestId()} when you contact support: it is the {@code request_id} member of
 * the problem, or the {@code X-Request-Id} response header.
 *
 * @see RateLimitedException
 * @see AuthenticationException
 */
public class RenkeiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@link #status()} of a failure that produced no HTTP answer (connection refused, timeout...). */
    public static final int NO_RESPONSE = 0;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String requestId;
    private final transient HttpHeaders headers;
    private final String body;

    /**
     * An error answer.
     *
     * @param status    the HTTP status code
     * @param type      the problem {@code type} URI (or the OAuth {@code error} code), or {@code null}
     * @param title     the problem {@code title}, or {@code null}
     * @param detail    the problem {@code detail} (or OAuth {@code error_description}), or {@code null}
     * @param requestId the request ID, or {@code null}
     * @param headers   the response headers, or {@code null}
     * @param body      the raw response body, or {@code null}
     */
    public RenkeiException(int status, String type, String title, String detail, String requestId,
                           HttpHeaders headers, String body) {
        super(message(status, type, title, detail, requestId));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.requestId = requestId;
        this.headers = headers == null ? HttpHeaders.of(java.util.Map.of(), (a, b) -> true) : headers;
        this.body = body;
    }

    /**
     * A failure without an error answer: the server could not be reached, the call timed out or
     * was interrupted, or the client was used wrongly (a required parameter missing).
     *
     * @param message what went wrong
     * @param cause   the underlying exception, or {@code null}
     */
    public RenkeiException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_RESPONSE;
        this.type = null;
        this.title = null;
        this.detail = message;
        this.requestId = null;
        this.headers = HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        this.body = null;
    }

    private static String message(int status, String type, String title, String detail, String requestId) {
        StringBuilder message = new StringBuilder("HTTP ").append(status);
        if (type != null) {
            message.append(' ').append(type);
        }
        if (title != null) {
            message.append(": ").append(title);
        }
        if (detail != null) {
            message.append(title == null ? ": " : " — ").append(detail);
        }
        if (requestId != null) {
            message.append(" (request id ").append(requestId).append(')');
        }
        return message.toString();
    }

    /** @return the HTTP status code, or {@link #NO_RESPONSE} when no answer was received */
    public int status() {
        return status;
    }

    /**
     * @return the problem {@code type} URI, for example
     *         {@code https://renkei.dev/problems/already-picked-up}; for the OAuth token endpoint
     *         the RFC 6749 {@code error} code, for example {@code invalid_grant}; {@code null}
     *         when the answer carried neither
     */
    public String type() {
        return type;
    }

    /**
     * @param slug a problem slug such as {@code quota-exceeded}, or an OAuth error code
     * @return whether {@link #type()} names this slug
     */
    public boolean isType(String slug) {
        return type != null && (type.equals(slug) || type.endsWith("/" + slug));
    }

    /** @return the problem {@code title}, or {@code null} */
    public String title() {
        return title;
    }

    /** @return the problem {@code detail} (or OAuth {@code error_description}), or {@code null} */
    public String detail() {
        return detail;
    }

    /** @return the request ID ({@code request_id} member or {@code X-Request-Id} header), or {@code null} */
    public String requestId() {
        return requestId;
    }

    /** @return the response headers (empty when no answer was received) */
    public HttpHeaders headers() {
        return headers;
    }

    /** @return the raw response body, or {@code null} */
    public String body() {
        return body;
    }

    /**
     * How long the server asked to wait before sending the request again: the
     * {@code Retry-After} header (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC
     * 9110 §10.2.3</a>), given either in seconds or as an HTTP-date.
     *
     * @return the wait, or empty when the answer had no valid {@code Retry-After}
     */
    public Optional<Duration> retryAfter() {
        return headers.firstValue("Retry-After").flatMap(value -> RetryAfter.parse(value, java.time.Instant.now()));
    }
}
