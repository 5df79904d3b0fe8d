package dev.renkei.docs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the documentation site (the static files under {@code renkei-docs/} of this jar, mapped
 * to {@code /docs} by the server's {@code micronaut.router.static-resources.docs}) with its
 * security headers and exact content types.
 *
 * <p>The guides run no script at all. Only the reference pages get the allowances Redoc's
 * standalone bundle cannot work without, each found by removing it and watching the page fail
 * in Chromium: inline styles (styled-components inserts its style sheets at run time; without
 * them nothing renders), a worker from a {@code blob:} URL (the search index), {@code data:}
 * images (its link icons) and fetching the spec files from its own origin. Nothing may ever load
 * from another origin.
 */
@ServerFilter({DocsSiteFilter.ROOT, DocsSiteFilter.ROOT + "/**"})
public final class DocsSiteFilter {

    /** Where the server mounts the site. */
    public static final String ROOT = "/docs";

    static final String GUIDE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    static final String REFERENCE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; worker-src blob:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Micronaut guesses some types from the file name (application/x-yaml); these are the registered ones. */
    private static final Map<String, String> TYPES = Map.of(
            ".html", "text/html",
            ".css", "text/css",
            ".js", "text/javascript",
            ".svg", "image/svg+xml",
            ".yaml", "application/yaml");

    /**
     * Relative links only resolve below a trailing slash: {@code /docs} becomes {@code /docs/}.
     *
     * @param request the request
     * @return a redirect for the bare root, otherwise null to carry on
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> redirectBareRoot(HttpRequest<?> request) {
        if (ROOT.equals(request.getPath())) {
            return HttpResponse.permanentRedirect(URI.create(ROOT + "/"));
        }
        return null;
    }

    /**
     * Adds the policy of the page's kind, and the registered content type with its charset.
     *
     * @param request  the request
     * @param response the response about to be sent
     */
    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        response.header("Content-Security-Policy", isReferencePage(path) ? REFERENCE_POLICY : GUIDE_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        if (response.getStatus().getCode() == 200) {
            String type = typeOf(path);
            if (type != null) {
                response.contentType(new MediaType(type, Map.of(MediaType.CHARSET_PARAMETER,
                        StandardCharsets.UTF_8.name().toLowerCase(java.util.Locale.ROOT))));
            }
            if (path.endsWith("/") || path.endsWith(".html")) {
                // Pages change with every release; assets are cheap to revalidate.
                response.header(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        }
    }

    static boolean isReferencePage(String path) {
        return path.startsWith(ROOT + "/reference/") && path.endsWith(".html");
    }

    @Nullable
    static String typeOf(String path) {
        if (path.endsWith("/")) {
            return TYPES.get(".html");
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot));
    }
}
