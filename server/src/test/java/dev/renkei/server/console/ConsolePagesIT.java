package dev.renkei.server.console;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's pages as served over HTTP: one shell per page with a strict policy, the assets it
 * loads, the language by Accept-Language, and no ambient credential anywhere (the pages call the
 * public API with a bearer header; see ConsoleController).
 */
@MicronautTest(transactional = false)
class ConsolePagesIT extends IntegrationTest {

    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");

    @Test
    void pageWhenKnownThenShellNamesItUnderStrictPolicy() {
        for (Map.Entry<String, String> page : Map.of(
                "/console/accounts", "accounts",
                "/console/settings/api-tokens", "my-api-tokens",
                "/console/system/parameters", "parameters",
                "/console/system/mail-templates", "mail-templates",
                "/console/system/api-tokens", "api-tokens",
                "/console/audit", "audit",
                "/console/sign-in", "sign-in",
                "/console/accounts/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a03", "account-edit",
                "/console/password-reset", "password-reset",
                "/console", "home").entrySet()) {
            Http.Response response = http.get(page.getKey(), null);
            assertEquals(200, response.status(), page.getKey());
            assertTrue(response.header("Content-Type").startsWith("text/html"), page.getKey());
            assertTrue(response.body().contains("data-page=\"" + page.getValue() + "\""), page.getKey());
            String policy = response.header("Content-Security-Policy");
            assertTrue(policy.contains("default-src 'self'") && policy.contains("script-src 'self'")
                    && policy.contains("frame-ancestors 'none'") && policy.contains("require-trusted-types-for 'script'"), policy);
            assertEquals("no-store", response.header("Cache-Control"));
            assertEquals("nosniff", response.header("X-Content-Type-Options"));
            assertNull(response.header("Set-Cookie"), "the console sets no cookie: nothing ambient for CSRF to ride on");
            assertFalse(response.body().contains("<script>"), "no inline script");
        }
    }

    @Test
    void pageWhenBrowserPrefersEnglishThenEnglishShell() {
        Http.Response english = http.send("GET", "/console/accounts", null, null, Map.of("Accept-Language", "en-US,en;q=0.9,ja;q=0.5"));
        assertTrue(english.body().contains("<html lang=\"en\">"), english.body());
        Http.Response japanese = http.send("GET", "/console/accounts", null, null, Map.of("Accept-Language", "ja,en;q=0.8"));
        assertTrue(japanese.body().contains("<html lang=\"ja\">"));
        Http.Response none = http.get("/console/accounts", null);
        assertTrue(none.body().contains("<html lang=\"ja\">"), "Japanese by default, as the seed");
        Http.Response garbage = http.send("GET", "/console/accounts", null, null, Map.of("Accept-Language", ";;;q=x"));
        assertEquals(200, garbage.status());
    }

    @Test
    void pageWhenUnknownThenNotFound() {
        for (String path : List.of("/console/nothing", "/console/accounts/not-a-uuid", "/console/system")) {
            Http.Response response = http.get(path, null);
            assertEquals(404, response.status(), path);
            assertTrue(response.body().contains("data-page=\"not-found\""), path);
        }
    }

    @Test
    void assetsWhenShellLoadsThemThenEveryModuleExistsWithItsType() {
        Http.Response shell = http.get("/console/accounts", null);
        assertTrue(shell.body().contains("src=\"/console/assets/app.js\""));
        Deque<String> pending = new ArrayDeque<>(List.of("app.js"));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            Http.Response module = http.get("/console/assets/" + name, null);
            assertEquals(200, module.status(), name);
            assertTrue(module.header("Content-Type").startsWith("text/javascript"), name);
            assertFalse(module.body().contains("innerHTML"), name + " never parses HTML strings");
            Matcher imports = IMPORT.matcher(module.body());
            while (imports.find()) {
                pending.push(imports.group(1));
            }
        }
        assertTrue(seen.containsAll(Set.of("app.js", "api.js", "accounts.js", "tokens.js", "settings.js", "audit.js")), seen.toString());
        Http.Response css = http.get("/console/assets/console.css", null);
        assertEquals(200, css.status());
        assertTrue(css.header("Content-Type").startsWith("text/css"));
    }

    @Test
    void assetWhenNameIsNotAPlainAssetThenNotFound() {
        for (String path : List.of("/console/assets/missing.js", "/console/assets/..%2Fapplication.yml",
                "/console/assets/application.yml", "/console/assets/APP.JS")) {
            assertEquals(404, http.get(path, null).status(), path);
        }
    }

    @Test
    void apiWhenCalledWithOnlyCookiesThenUnauthorized() {
        String admin = admin();
        // Whatever cookie a forged cross-site request carries, the API acts only on a bearer header.
        Http.Response forged = http.send("POST", "/v1/accounts/bulk-delete", null, Map.of("account_ids", List.of()),
                Map.of("Cookie", "renkei_session=" + admin));
        assertEquals(401, forged.status());
        Http.Response formPost = http.send("POST", "/v1/api-tokens/bulk-issue", null, "account_ids=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example"));
        // Refused before any work: cross-origin (403), anonymous (401) or not JSON (415).
        assertTrue(Set.of(401, 403, 415).contains(formPost.status()), formPost.toString());
    }
}
