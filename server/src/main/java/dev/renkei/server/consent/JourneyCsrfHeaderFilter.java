package dev.renkei.server.consent;

import dev.renkei.server.shared.error.ProblemResponses;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * A journey POST without {@code X-CSRF-Token} is a CSRF failure (403 {@code csrf-token-invalid}),
 * not a malformed request: the generated interface declares the header required, and the router
 * would otherwise answer 400 before the service could check it.
 */
@ServerFilter("/v1/authorization-journeys/**")
public class JourneyCsrfHeaderFilter {

    static final String HEADER = "X-CSRF-Token";

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireCsrfHeader(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.POST && isBlank(request.getHeaders().get(HEADER))) {
            return ProblemResponses.of(request, ProblemType.CSRF_TOKEN_INVALID,
                    "Send the journey's csrf_token in the X-CSRF-Token header.", null);
        }
        return null;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
