package dev.renkei.server.shared.web;

import io.micronaut.http.HttpRequest;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id: taken from a sane incoming {@code X-Request-Id}, otherwise made here. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "renkei.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> assign(request));
    }

    static String assign(HttpRequest<?> request) {
        String incoming = request.getHeaders().get(HEADER);
        String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
