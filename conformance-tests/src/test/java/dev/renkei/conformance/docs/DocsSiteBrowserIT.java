package dev.renkei.conformance.docs;

import dev.renkei.conformance.support.Browser;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation site as a partner developer meets it: served by the real server at /docs,
 * opened in headless Chromium. Every page renders (reference pages draw the operations of their
 * spec, guides their heading, the OAuth guide its diagram) without a console error, every link of
 * the site answers, and nothing is requested from another origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsSiteBrowserIT {

    private static final Map<String, String> REFERENCE_PAGES = Map.of(
            "reference/token-issuance.html", "token-issuance.yaml",
            "reference/authorization.html", "authorization.yaml",
            "reference/resources.html", "resources.yaml");

    private static final Map<String, String> GUIDE_HEADINGS = Map.of(
            "index.html", "Renkei developer docs",
            "guides/quickstart.html", "Quickstart",
            "guides/token-pickup.html", "API token pickup",
            "guides/oauth-consent.html", "OAuth and consent",
            "guides/limits-and-retries.html", "Limits and retries",
            "guides/java-client.html", "Java client",
            "guides/pact.html", "Pact contracts in your CI");

    private RenkeiServer server;
    private Browser browser;
    private URI docs;
    private RawHttp http;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Browser.available() || System.getenv("RENKEI_REQUIRE_BROWSER") != null,
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        server = RenkeiServer.start();
        docs = server.baseUri().resolve("/docs/");
        http = new RawHttp(server.baseUri(), HttpClient.newHttpClient());
        browser = Browser.start("en");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bareDocsPathRedirectsToTheSiteRoot() throws Exception {
        HttpResponse<String> bare = http.browser("/docs").send();
        assertEquals(308, bare.statusCode());
        assertEquals("/docs/", bare.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> index = http.browser("/docs/").send();
        assertEquals(200, index.statusCode());
        assertEquals("text/html;charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(index.body().contains("<h1"), index.body());
    }

    @Test
    void servedFilesHaveTheirContentTypesAndAStrictPolicy() throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("/docs/guides/quickstart.html", "text/html;charset=utf-8");
        types.put("/docs/assets/site.css", "text/css;charset=utf-8");
        types.put("/docs/assets/reference.js", "text/javascript;charset=utf-8");
        types.put("/docs/assets/favicon.svg", "image/svg+xml;charset=utf-8");
        types.put("/docs/reference/common.yaml", "application/yaml;charset=utf-8");
        for (Map.Entry<String, String> expected : types.entrySet()) {
            HttpResponse<String> response = http.get(expected.getKey()).send();
            assertEquals(200, response.statusCode(), expected.getKey());
            assertEquals(expected.getValue(), response.headers().firstValue("Content-Type").orElse(""), expected.getKey());
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), expected.getKey());
        }
        String guidePolicy = http.get("/docs/guides/quickstart.html").send().headers()
                .firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(guidePolicy.startsWith("default-src 'none'"), guidePolicy);
        assertFalse(guidePolicy.contains("script-src"), "guides run no script: " + guidePolicy);
        String referencePolicy = http.get("/docs/reference/resources.html").send().headers()
                .firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(referencePolicy.contains("script-src 'self';"), referencePolicy);
        assertEquals(404, http.get("/docs/no-such-page.html").send().statusCode());
    }

    @Test
    void referencePagesDrawEveryOperationOfTheirSpec() throws Exception {
        for (Map.Entry<String, String> page : REFERENCE_PAGES.entrySet()) {
            List<String> summaries = operationSummaries(page.getValue());
            assertFalse(summaries.isEmpty(), page.getValue());
            open(page.getKey());
            String last = summaries.get(summaries.size() - 1);
            new WebDriverWait(driver(), Duration.ofSeconds(60)).until(d -> pageText().contains(last));
            String text = pageText();
            for (String summary : summaries) {
                assertTrue(text.contains(summary), page.getKey() + " does not show the operation '" + summary + "'");
            }
            browser.screenshot("docs-" + page.getKey().replace('/', '-').replace(".html", ""));
            assertNoConsoleErrors(page.getKey());
        }
    }

    @Test
    void guidesShowTheirHeadingAndTheOAuthGuideItsSequenceDiagram() {
        for (Map.Entry<String, String> page : GUIDE_HEADINGS.entrySet()) {
            open(page.getKey());
            assertEquals(page.getValue(), driver().findElement(org.openqa.selenium.By.tagName("h1")).getText(), page.getKey());
            assertNoConsoleErrors(page.getKey());
        }
        open("guides/oauth-consent.html");
        var diagram = driver().findElement(org.openqa.selenium.By.cssSelector("figure.diagram svg"));
        assertTrue(diagram.getSize().getHeight() > 200, "the diagram is drawn: " + diagram.getSize());
        assertTrue(diagram.getText().contains("POST /oauth2/token"), diagram.getText());
        browser.screenshot("docs-oauth-consent");

        open("guides/java-client.html");
        String code = driver().findElement(org.openqa.selenium.By.cssSelector("pre code.language-java")).getText();
        assertFalse(code.contains("tag::"), "region markers are not shown: " + code);
    }

    @Test
    void everyLinkOfTheSiteAnswersAndNothingLoadsFromElsewhere() throws Exception {
        String origin = origin(docs);
        Deque<URI> pages = new ArrayDeque<>(List.of(docs));
        Set<URI> seen = new LinkedHashSet<>(pages);
        Set<URI> checked = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        while (!pages.isEmpty()) {
            URI page = pages.removeFirst();
            driver().get(page.toString());
            waitForReference(page);
            for (Object loaded : (List<?>) js("return performance.getEntriesByType('navigation')"
                    + ".concat(performance.getEntriesByType('resource')).map(e => e.name)")) {
                String url = loaded.toString();
                if (!url.startsWith(origin + "/") && !url.startsWith("blob:") && !url.startsWith("data:")) {
                    problems.add(page + " loaded " + url);
                }
            }
            assertNoConsoleErrors(page.toString());
            for (Object href : (List<?>) js("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")) {
                URI link = withoutFragment(URI.create(href.toString()));
                if (!origin(link).equals(origin) || !checked.add(link)) {
                    continue;
                }
                HttpResponse<String> answer = http.get(link.getRawPath()).send();
                if (answer.statusCode() != 200) {
                    problems.add(page + " links to " + link + ": " + answer.statusCode());
                } else if (link.getPath().startsWith("/docs/") && (link.getPath().endsWith(".html") || link.getPath().endsWith("/"))
                        && seen.add(link)) {
                    pages.addLast(link);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(seen.size() >= GUIDE_HEADINGS.size() + REFERENCE_PAGES.size(), "pages crawled: " + seen);
    }

    private void open(String page) {
        driver().get(docs.resolve(page).toString());
    }

    private void waitForReference(URI page) {
        if (page.getPath().startsWith("/docs/reference/")) {
            new WebDriverWait(driver(), Duration.ofSeconds(60))
                    .until(d -> (Boolean) js("return document.querySelector('.api-content') !== null"));
        }
    }

    private void assertNoConsoleErrors(String page) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver().manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), page + " logged errors: " + errors);
    }

    private String pageText() {
        return (String) js("return document.body.innerText");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver()).executeScript(script);
    }

    private ChromeDriver driver() {
        return browser.driver();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static URI withoutFragment(URI uri) {
        return URI.create(uri.toString().replaceFirst("#.*$", ""));
    }

    /** The operations' summaries in the order of the spec, as Redoc titles them. */
    @SuppressWarnings("unchecked")
    private static List<String> operationSummaries(String spec) throws IOException {
        Path file = Path.of(System.getProperty("renkei.spec.dir"), spec);
        Map<String, Object> document;
        try (InputStream in = Files.newInputStream(file)) {
            document = new Yaml().load(in);
        }
        List<String> summaries = new ArrayList<>();
        for (Object item : ((Map<String, Object>) document.get("paths")).values()) {
            for (Map.Entry<String, Object> operation : ((Map<String, Object>) item).entrySet()) {
                if (operation.getValue() instanceof Map<?, ?> op && op.get("summary") instanceof String summary) {
                    summaries.add(summary);
                }
            }
        }
        return summaries;
    }
}
