package dev.renkei.conformance.swagger;

import dev.renkei.conformance.support.Browser;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Swagger UI as a partner developer meets it, in headless Chromium: every API document listed,
 * "Authorize" through authorization code + PKCE with the built-in public program and the real
 * consent journey, then "Try it out" against this server. And the page keeps to its own origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserIT {

    private static final String CUSTOMER = "shikuan01";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Records every Content-Security-Policy violation of every page, from its first byte on. */
    private static final String RECORD_CSP_VIOLATIONS = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + "  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });";

    private RenkeiServer server;
    private String origin;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Browser.available() || System.getenv("RENKEI_REQUIRE_BROWSER") != null,
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        server = RenkeiServer.start();
        origin = server.baseUri().toString().replaceAll("/$", "");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void swaggerUiWhenAuthorizedThroughConsentJourneyThenTryItOutListsSpots() {
        try (Browser browser = Browser.start("ja")) {
            ChromeDriver page = open(browser);
            WebDriverWait wait = new WebDriverWait(page, PATIENCE);

            // Every API document is listed, and each renders without a resolver error (the
            // documents' $refs to common.yaml are fetched from this server too).
            Select definitions = new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("select"))));
            assertEquals(List.of("Resource API", "Authorization API", "Token Issuance API"),
                    definitions.getOptions().stream().map(WebElement::getText).toList());
            for (String[] api : new String[][] {{"Authorization API", "Renkei Authorization API"},
                    {"Token Issuance API", "Renkei Token Issuance API"}, {"Resource API", "Renkei Resource API"}}) {
                new Select(page.findElement(By.id("select"))).selectByVisibleText(api[0]);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), api[1]));
                assertTrue(page.findElements(By.cssSelector(".errors-wrapper")).isEmpty(), () -> api[0] + " renders without errors");
            }
            WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-Spots-listSpots")));
            assertTrue(page.findElement(By.cssSelector(".servers select")).getText().contains(origin),
                    "calls go to the server the page came from, not the documents' localhost:8080");
            browser.screenshot("swagger-1-resource-api");

            // Authorize: the OAuth scheme is pre-filled with the built-in public program (no secret).
            page.findElement(By.cssSelector(".auth-wrapper .btn.authorize")).click();
            WebElement oauth = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'oauth2')]]")));
            assertEquals("rnk_ci_swaggerui00000000001", oauth.findElement(By.cssSelector("input[data-name='clientId']")).getAttribute("value"));
            assertTrue(oauth.findElements(By.cssSelector("input[data-name='clientSecret']")).isEmpty()
                    || oauth.findElement(By.cssSelector("input[data-name='clientSecret']")).getAttribute("value").isEmpty(),
                    "a public program has no secret: PKCE only");
            assertTrue(page.findElements(By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'apiToken')]]//input"))
                    .size() == 1, "the static token can be pasted too");
            oauth.findElement(By.linkText("select none")).click();
            clickScope(page, oauth, "spots:read");
            browser.screenshot("swagger-2-authorize-dialog");
            String swaggerWindow = page.getWindowHandle();
            oauth.findElement(By.cssSelector("button.authorize")).click();

            // The consent journey opens in a popup: sign in as the demo customer and permit.
            wait.until(d -> d.getWindowHandles().size() == 2);
            String popup = page.getWindowHandles().stream().filter(h -> !h.equals(swaggerWindow)).findFirst().orElseThrow();
            page.switchTo().window(popup);
            awaitStep(page, "login");
            browser.screenshot("swagger-3-journey-login");
            page.findElement(By.id("login-id")).sendKeys(CUSTOMER);
            page.findElement(By.id("password")).sendKeys(RenkeiServer.DEMO_PASSWORD);
            page.findElement(By.id("login-submit")).click();
            awaitStep(page, "consent");
            assertEquals(1, page.findElements(By.cssSelector("#scopes li")).size(), "the one scope ticked in Swagger UI");
            page.findElement(By.id("continue")).click();
            browser.screenshot("swagger-4-journey-consent");
            page.findElement(By.id("permit")).click();

            // Back in Swagger UI: the redirect page hands the code over and closes; Swagger UI
            // redeems it with the PKCE verifier at the token endpoint.
            wait.until(d -> d.getWindowHandles().size() == 1);
            page.switchTo().window(swaggerWindow);
            WebElement authorized = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'auth-container')][.//h4[contains(.,'oauth2')]]//button[contains(.,'Logout')]")));
            assertTrue(authorized.isDisplayed());
            assertTrue(page.findElements(By.cssSelector(".auth-container .errors")).isEmpty(), "no authorization error");
            browser.screenshot("swagger-5-authorized");
            page.findElement(By.cssSelector("button.btn-done")).click();

            // Try it out: list spots with the access token.
            operation.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.try-out__btn")))).click();
            wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.execute")))).click();
            WebElement status = wait.until(d -> operation.findElements(By.cssSelector(".live-responses-table tr.response .response-col_status"))
                    .stream().findFirst().orElse(null));
            ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView()", status);
            browser.screenshot("swagger-6-response");
            assertEquals("200", status.getText().trim());
            String body = operation.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description")).getText();
            assertTrue(body.contains("\"items\""), body);
            assertTrue(operation.findElement(By.cssSelector(".request-url")).getText().contains(origin + "/v1/resources/spots"),
                    "the call went to this server");
            assertEquals(List.of(), violations(page));
        }
    }

    @Test
    void swaggerUiWhenLoadedThenNothingComesFromAnotherOrigin() throws Exception {
        HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + "/swagger-ui")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.startsWith("default-src 'self'"), csp);
        assertTrue(!csp.contains("unsafe-eval") && !csp.contains("unsafe-inline") && !csp.contains("http"), csp);

        try (Browser browser = Browser.start("en")) {
            ChromeDriver page = open(browser);
            new WebDriverWait(page, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(By.id("operations-Spots-listSpots")));
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) ((JavascriptExecutor) page).executeScript(
                    "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
                            + ".concat(Array.from(document.querySelectorAll('[src],[href]')).map(function (e) {"
                            + "  return e.src || e.href; }))");
            Set<String> foreign = new java.util.TreeSet<>();
            for (String url : loaded) {
                if (!url.startsWith(origin + "/") && !url.startsWith("data:") && !url.startsWith("blob:")
                        && !url.startsWith("javascript:") && !url.startsWith(origin + "#") && !url.startsWith("#")) {
                    foreign.add(url);
                }
            }
            // Links a developer may follow (the documents' contact URL, Swagger's own site) load nothing.
            foreign.removeIf(url -> page.findElements(By.cssSelector("a[href='" + url + "']")).size() > 0);
            assertEquals(Set.of(), foreign, "fetched from another origin");
            assertTrue(loaded.stream().anyMatch(u -> u.equals(origin + "/openapi/common.yaml")), "common.yaml from this server");
            assertEquals(List.of(), violations(page), "Content-Security-Policy violations");
        }
    }

    private ChromeDriver open(Browser browser) {
        ChromeDriver page = browser.driver();
        page.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_CSP_VIOLATIONS));
        page.get(origin + "/swagger-ui");
        return page;
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(WebDriver page) {
        return (List<String>) ((JavascriptExecutor) page).executeScript("return window.__cspViolations || []");
    }

    /** Swagger UI hides the scope checkboxes behind their labels: the label is what a person clicks. */
    private static void clickScope(WebDriver page, WebElement dialog, String scope) {
        WebElement checkbox = dialog.findElement(By.cssSelector("input[data-value='" + scope + "']"));
        if (!checkbox.isSelected()) {
            dialog.findElement(By.cssSelector("label[for='" + checkbox.getAttribute("id") + "']")).click();
        }
        assertTrue(checkbox.isSelected(), scope + " ticked");
    }

    /** Waits for the journey page of the given step (its {@code body[data-step]}). */
    private static void awaitStep(WebDriver page, String step) {
        new WebDriverWait(page, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("body[data-step='" + step + "']")));
    }
}
