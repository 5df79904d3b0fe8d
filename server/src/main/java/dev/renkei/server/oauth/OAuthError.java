package dev.renkei.server.oauth;

import io.micronaut.core.annotation.Nullable;

/**
 * An error of the OAuth endpoints, answered in the RFC 6749 §5.2 format
 * ({@code {"error": ..., "error_description": ...}}) rather than as a problem.
 */
public class OAuthError extends RuntimeException {

    private final String code;
    private final int status;

    public OAuthError(String code, int status, @Nullable String description) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
    }

    /** RFC 6749 §5.2: malformed or missing parameter. */
    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", 400, description);
    }

    /** RFC 6749 §5.2: client authentication failed (answered with 401 and a Basic challenge). */
    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", 401, description);
    }

    /** RFC 6749 §5.2: the code or refresh token is invalid, expired, revoked or not this client's. */
    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", 400, description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", 400, description);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", 400, description);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", 400, description);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
