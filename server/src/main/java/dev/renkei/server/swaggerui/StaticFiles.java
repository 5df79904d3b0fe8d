package dev.renkei.server.swaggerui;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files from the class path (the Swagger UI webjar, the api-spec jar), read once and kept in
 * memory: a handful of files, about 2 MB in all.
 */
final class StaticFiles {

    /**
     * The one {@code <style>} element Swagger UI writes: in the Swagger logo of its top bar
     * (swagger-ui-standalone-preset.js). Allowed by its hash, so no other inline style is.
     */
    private static final String LOGO_STYLE = ".logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}";

    /**
     * Only this origin. Scripts need no eval and no inline code; Swagger UI's other inline styles
     * are set through the DOM, which CSP allows. Icons are data: URIs and image responses of
     * "Try it out" blob: URIs, both made by the page itself.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' " + sha256(LOGO_STYLE)
            + "; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, MediaType> TYPES = Map.of(
            "html", MediaType.of("text/html;charset=utf-8"),
            "js", MediaType.of("text/javascript;charset=utf-8"),
            "css", MediaType.of("text/css;charset=utf-8"),
            "png", MediaType.IMAGE_PNG_TYPE,
            "yaml", MediaType.of("application/yaml;charset=utf-8"));

    private static String sha256(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The file's bytes, or empty when the class path has no such file. */
    Optional<byte[]> read(String path) {
        byte[] bytes = cache.computeIfAbsent(path, p -> {
            try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(p)) {
                return in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return bytes.length == 0 ? Optional.empty() : Optional.of(bytes);
    }

    /** A 200 with the file's media type (from its extension) and the headers every such answer carries. */
    static MutableHttpResponse<byte[]> ok(String name, byte[] body, String cacheControl) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return HttpResponse.ok(body)
                .contentType(TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM_TYPE))
                .header("Cache-Control", cacheControl)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
}
