package dev.renkei.server.shared.error;

import io.micronaut.http.HttpStatus;

import java.net.URI;

/**
 * The problem types of RFC 9457 that Renkei answers with. Each {@code type} URI is stable and
 * documented in the contract ({@code common.yaml}, schema {@code Problem}).
 */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "The request is not valid"),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "The request body could not be read"),
    AUTHENTICATION_REQUIRED("authentication-required", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    INVALID_TOKEN("invalid-token", HttpStatus.UNAUTHORIZED, "The bearer token is not valid"),
    INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "Login ID or password is wrong"),
    ACCOUNT_LOCKED("account-locked", HttpStatus.FORBIDDEN, "The account is locked"),
    SIGN_IN_PROHIBITED("sign-in-prohibited", HttpStatus.FORBIDDEN, "The account may not sign in"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    RESOURCE_IN_USE("resource-in-use", HttpStatus.CONFLICT, "The resource is still referenced"),
    ALREADY_EXISTS("already-exists", HttpStatus.CONFLICT, "The resource already exists"),
    PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "The precondition failed"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request is too large"),
    LOGIN_ID_TAKEN("login-id-taken", HttpStatus.CONFLICT, "The login ID is already in use"),
    CANNOT_DELETE_SELF("cannot-delete-self", HttpStatus.CONFLICT, "An administrator cannot delete their own account"),
    ALREADY_PICKED_UP("already-picked-up", HttpStatus.CONFLICT, "The API token has already been picked up"),
    TOKEN_REVOKED("token-revoked", HttpStatus.CONFLICT, "The API token has been revoked"),
    PICKUP_EXPIRED("pickup-expired", HttpStatus.GONE, "The pickup deadline has passed"),
    RESET_LINK_INVALID("reset-link-invalid", HttpStatus.GONE, "The password reset link is no longer valid"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "A request with this Idempotency-Key is still in progress"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY, "The Idempotency-Key was used for a different request"),
    PUBLIC_CLIENT_HAS_NO_SECRET("public-client-has-no-secret", HttpStatus.CONFLICT, "A public program has no secret"),
    JOURNEY_STEP_INVALID("journey-step-invalid", HttpStatus.CONFLICT, "This step of the authorization journey is not open"),
    JOURNEY_EXPIRED("journey-expired", HttpStatus.GONE, "The authorization journey has expired"),
    CSRF_TOKEN_INVALID("csrf-token-invalid", HttpStatus.FORBIDDEN, "The CSRF token is missing or wrong"),
    QUOTA_EXCEEDED("quota-exceeded", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");

    private static final String BASE = "https://renkei.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * The generic type for a status that the framework produced without our involvement. A client
     * error without a type of its own is reported as unreadable, never as an internal error.
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> AUTHENTICATION_REQUIRED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> QUOTA_EXCEEDED;
            default -> status < 500 ? MALFORMED_REQUEST : INTERNAL_ERROR;
        };
    }
}
