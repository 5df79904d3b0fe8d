package dev.renkei.server.shared.web;

import io.micronaut.http.HttpRequest;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /**
     * A random (version 4) UUID from the thread's own generator: a request id must be unique, not
     * unguessable, and {@link UUID#randomUUID()}'s shared SecureRandom is a lock every request
     * thread would take.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    static String assign(HttpRequest<?> request) {
        String incoming = request.getHeaders().get(HEADER);
        String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : randomUuid().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
