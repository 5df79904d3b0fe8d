package dev.renkei.server.console;

import dev.renkei.server.shared.web.ClasspathFiles;
import dev.renkei.server.shared.web.PageLanguage;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The administrator and holder console of seed 000 (「アカウント管理」, 「パラメータ」, 「設定」―「APIトークン」...)
 * as static pages: every page is the same small HTML shell plus the console's own script modules
 * and stylesheet, which call the public JSON API ({@code /v1/**}) exactly as partners do.
 * <p>
 * The server holds no console state and grants the console nothing special: the script signs in
 * with {@code POST /v1/auth/sign-in} and sends the session token as a bearer header, kept in the
 * tab's {@code sessionStorage}. No cookie is set, so there is no ambient credential a cross-site
 * page could ride on (CSRF cannot happen by construction). The cost of that choice, a script that
 * could read the token if it ever ran in this origin, is held down by the policy every response
 * here carries: scripts and styles from this server only, no inline script, Trusted Types
 * enforced (no HTML-string sinks), no framing.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsoleController {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(js|css)");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Map<String, String> PAGES = Map.of(
            "sign-in", "sign-in",
            "accounts", "accounts",
            "accounts/new", "account-new",
            "system/parameters", "parameters",
            "system/mail-templates", "mail-templates",
            "system/api-tokens", "api-tokens",
            "audit", "audit",
            "settings/api-tokens", "my-api-tokens",
            "password-reset", "password-reset");
    private static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    private final ClasspathFiles files = new ClasspathFiles();

    @Get
    public MutableHttpResponse<String> home(HttpRequest<?> request) {
        return shell(request, "home", HttpStatus.OK);
    }

    /** Every page of the console: the shell names the page, the script draws it. */
    @Get("/{+path}")
    public MutableHttpResponse<String> page(HttpRequest<?> request, @PathVariable String path) {
        String clean = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (clean.isEmpty()) {
            return shell(request, "home", HttpStatus.OK);
        }
        String page = PAGES.get(clean);
        if (page == null && clean.startsWith("accounts/") && UUID.matcher(clean.substring("accounts/".length())).matches()) {
            page = "account-edit";
        }
        return page == null ? shell(request, "not-found", HttpStatus.NOT_FOUND) : shell(request, page, HttpStatus.OK);
    }

    /** The console's scripts and stylesheet, from the classpath folder {@code console/}. */
    @Get("/assets/{name}")
    public MutableHttpResponse<?> asset(@PathVariable String name) {
        Optional<byte[]> body = ASSET.matcher(name).matches() ? files.read("console/" + name) : Optional.empty();
        if (body.isEmpty()) {
            return hardened(HttpResponse.<String>status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN_TYPE).body("Not found"));
        }
        String type = name.endsWith(".js") ? "text/javascript;charset=utf-8" : "text/css;charset=utf-8";
        // Revalidated on every load: a new server version must never meet an old module graph.
        return hardened(HttpResponse.ok(body.get()).contentType(MediaType.of(type))).header("Cache-Control", "no-cache");
    }

    private MutableHttpResponse<String> shell(HttpRequest<?> request, String page, HttpStatus status) {
        String lang = language(request);
        String title = "ja".equals(lang) ? "Renkei 管理画面" : "Renkei console";
        String html = "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + title + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"/consent/assets/journey.css\">\n"
                + "<link rel=\"stylesheet\" href=\"/console/assets/console.css\">\n"
                + "<script type=\"module\" src=\"/console/assets/app.js\"></script>\n"
                + "</head>\n<body data-page=\"" + page + "\">\n"
                + "<a class=\"skip\" href=\"#main\">" + ("ja".equals(lang) ? "本文へ移動" : "Skip to content") + "</a>\n"
                + "<header><p class=\"brand\">" + title + "</p><nav id=\"nav\"></nav></header>\n"
                + "<main id=\"main\" tabindex=\"-1\"><noscript>"
                + ("ja".equals(lang) ? "この画面の利用には JavaScript を有効にしてください。" : "This console needs JavaScript.")
                + "</noscript></main>\n</body>\n</html>\n";
        return hardened(HttpResponse.<String>status(status).contentType(HTML).body(html)).header("Cache-Control", "no-store");
    }

    private static <T> MutableHttpResponse<T> hardened(MutableHttpResponse<T> response) {
        return response
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                // same-origin rather than no-referrer: under no-referrer a browser sends
                // "Origin: null" with the script's POSTs. The reset link's secret is in the
                // fragment, which no Referer ever carries.
                .header("Referrer-Policy", "same-origin")
                .header("Cross-Origin-Opener-Policy", "same-origin");
    }

    static String language(HttpRequest<?> request) {
        return PageLanguage.prefersEnglish(request) ? "en" : "ja";
    }
}
