package dev.renkei.server.shared.security;

import dev.renkei.server.shared.error.ProblemDetails;
import dev.renkei.server.shared.error.ProblemResponses;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * 401 and 403 from the security filter as problem+json, with the RFC 6750 {@code WWW-Authenticate}
 * challenge. When a bearer token was sent but refused, the challenge says why
 * ({@code error="invalid_token"}), as recorded by the token validators.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthenticationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return ProblemResponses.of(request, ProblemType.FORBIDDEN, "Your account may not use this operation", null);
        }
        return unauthorized(request, TokenRejections.reason(request).orElse(null),
                request.getHeaders().getAuthorization().isPresent());
    }

    /** The 401 for a missing or refused credential; shared with the caller resolver. */
    public static MutableHttpResponse<ProblemDetails> unauthorized(HttpRequest<?> request, String reason, boolean credentialSent) {
        if (!credentialSent) {
            return ProblemResponses.of(request, ProblemType.AUTHENTICATION_REQUIRED,
                            "Send a session token or an API token as 'Authorization: Bearer <token>'", null)
                    .header("WWW-Authenticate", "Bearer realm=\"renkei\"");
        }
        String detail = reason != null ? reason : "The bearer token is unknown, malformed or expired";
        return ProblemResponses.of(request, ProblemType.INVALID_TOKEN, detail, null)
                .header("WWW-Authenticate", "Bearer realm=\"renkei\", error=\"invalid_token\", error_description=\""
                        + detail.replace("\"", "'") + "\"");
    }
}
