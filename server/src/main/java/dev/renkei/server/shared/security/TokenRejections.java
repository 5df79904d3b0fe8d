package dev.renkei.server.shared.security;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/** Carries why a token validator refused a token to the 401 response of the same request. */
public final class TokenRejections {

    private static final String ATTRIBUTE = "renkei.token-rejection";

    private TokenRejections() {
    }

    public static void record(HttpRequest<?> request, String reason) {
        if (request != null) {
            request.setAttribute(ATTRIBUTE, reason);
        }
    }

    public static Optional<String> reason(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class);
    }
}
