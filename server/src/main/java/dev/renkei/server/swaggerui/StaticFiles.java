package dev.renkei.server.swaggerui;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * How Swagger UI's files and the contracts are answered: media type from the extension and the
 * headers (CSP above all) every such answer carries. The bytes come from {@code ClasspathFiles}.
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
