package dev.renkei.client;

import java.net.http.HttpHeaders;

/**
 * The credentials were refused: a 401 answer of an API (problem types {@code invalid-token},
 * {@code authentication-required}; RFC 6750 §3.1), or an error of the OAuth 2 token endpoint while
 * refreshing (RFC 6749 §5.2 {@code invalid_grant}, {@code invalid_client}; see
 * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749</a>).
 *
 * <p>For OAuth clients it usually means the refresh token no longer works (the consent was
 * revoked, or the token family was revoked after a reuse): the customer must authorize the
 * program again. An API token that expired or was revoked must be issued anew by an
 * administrator.
 */
public class AuthenticationException extends RenkeiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param status    the HTTP status code (401, or 400 for {@code invalid_grant})
     * @param type      the problem {@code type} or OAuth {@code error} code
     * @param title     the problem {@code title}, or {@code null}
     * @param detail    the problem {@code detail} or OAuth {@code error_description}
     * @param requestId the request ID
     * @param headers   the response headers
     * @param body      the raw response body
     */
    public AuthenticationException(int status, String type, String title, String detail, String requestId,
                                   HttpHeaders headers, String body) {
        super(status, type, title, detail, requestId, headers, body);
    }
}
