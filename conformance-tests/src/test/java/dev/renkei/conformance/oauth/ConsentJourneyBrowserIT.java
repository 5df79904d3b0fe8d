package dev.renkei.conformance.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.renkei.conformance.support.Browser;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed 002 consent journey in a real browser (headless Chromium), with the partner program
 * played by an unmodified standard OAuth library (Nimbus OAuth 2.0 SDK): metadata discovery, PAR,
 * authorization code + PKCE S256, iss check (RFC 9207), refresh, introspection and revocation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentJourneyBrowserIT {

    private static final String CUSTOMER = "shikuan01";
    private static final String PASSWORD = RenkeiServer.DEMO_PASSWORD;
    private static final String PIN_ON_FILE = "1234";

    private RenkeiServer server;
    private PartnerCallback callback;
    private AuthorizationServerMetadata metadata;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Browser.available() || System.getenv("RENKEI_REQUIRE_BROWSER") != null,
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        server = RenkeiServer.start();
        callback = new PartnerCallback();
        metadata = AuthorizationServerMetadata.resolve(new Issuer(server.baseUri().toString().replaceAll("/$", "")));
    }

    @AfterAll
    void stop() {
        if (callback != null) {
            callback.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void journeyWhenCustomerRegistersPinsAndPermitsThenStandardClientGetsWorkingTokens() throws Exception {
        Program program = register(List.of("accounts:read", "transactions:read"));
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest request = new AuthorizationRequest.Builder(ResponseType.CODE, program.clientId())
                .redirectionURI(URI.create(callback.redirectUri()))
                .scope(new Scope("accounts:read", "transactions:read"))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .build();
        // RFC 9126: the parameters travel server to server; the browser only carries request_uri.
        PushedAuthorizationResponse pushed = PushedAuthorizationResponse.parse(
                new PushedAuthorizationRequest(metadata.getPushedAuthorizationRequestEndpointURI(), program.auth(), request)
                        .toHTTPRequest().send());
        assertTrue(pushed.indicatesSuccess(), () -> pushed.toErrorResponse().getErrorObject().toString());
        URI authorizeUri = new AuthorizationRequest.Builder(pushed.toSuccessResponse().getRequestURI(), program.clientId())
                .endpointURI(metadata.getAuthorizationEndpointURI()).build().toURI();

        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            page.get(authorizeUri.toString());
            assertStep(page, "login");
            assertTrue(page.getPageSource().contains("API連携"), "the seed's wording");
            browser.screenshot("journey-1-login");
            logIn(page, CUSTOMER, PASSWORD);

            assertStep(page, "select_services");
            browser.screenshot("journey-2-services");
            // Back and Refresh must not break the journey: both land on the current step.
            page.navigate().back();
            assertStep(page, "select_services");
            page.navigate().refresh();
            assertStep(page, "select_services");
            check(page.findElement(By.id("scope-accounts-read")));
            check(page.findElement(By.id("scope-transactions-read")));
            submit(page, "services-submit");

            assertStep(page, "register_pins");
            browser.screenshot("journey-3-pins");
            WebElement unregistered = firstSelectableAccount(page);
            String accountId = unregistered.getAttribute("value");
            check(unregistered);
            page.findElement(By.id("pin-" + accountId)).sendKeys("9999");
            submit(page, "pins-submit");

            assertStep(page, "pin_result");
            assertTrue(page.findElement(By.id("result-status-" + accountId)).getText().contains("未登録"),
                    "a wrong PIN leaves the account unregistered");
            browser.screenshot("journey-4-pin-result-wrong");
            submit(page, "add-more");

            assertStep(page, "register_pins");
            check(page.findElement(By.id("select-" + accountId)));
            page.findElement(By.id("pin-" + accountId)).sendKeys(PIN_ON_FILE);
            submit(page, "pins-submit");
            assertStep(page, "pin_result");
            assertTrue(page.findElement(By.id("result-status-" + accountId)).getText().contains("登録済み*"),
                    "registered, effective once consent completes");
            browser.screenshot("journey-5-pin-result");
            submit(page, "confirm");

            assertStep(page, "consent");
            assertTrue(page.findElement(By.id("statement")).getText().length() > 20, "the consent statement is shown");
            assertEquals(2, page.findElements(By.cssSelector("#scopes li")).size());
            browser.screenshot("journey-6-consent");
            check(page.findElement(By.id("continue")));
            submit(page, "permit");

            AuthorizationResponse response = AuthorizationResponse.parse(callback.next());
            assertTrue(response.indicatesSuccess(), response::toString);
            AuthorizationSuccessResponse success = response.toSuccessResponse();
            assertEquals(state, success.getState());
            assertEquals(metadata.getIssuer(), success.getIssuer(), "RFC 9207 iss");
            browser.screenshot("journey-7-back-at-partner");

            Tokens tokens = exchange(program, success.getAuthorizationCode(), verifier);
            assertTrue(introspect(program, tokens.getAccessToken()).isActive());

            TokenResponse refreshed = TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), program.auth(),
                    new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest().send());
            assertTrue(refreshed.indicatesSuccess(), () -> refreshed.toErrorResponse().getErrorObject().toString());
            RefreshToken rotated = refreshed.toSuccessResponse().getTokens().getRefreshToken();
            assertFalse(rotated.equals(tokens.getRefreshToken()), "refresh tokens rotate");

            int revoked = new TokenRevocationRequest(metadata.getRevocationEndpointURI(), program.auth(), rotated)
                    .toHTTPRequest().send().getStatusCode();
            assertEquals(200, revoked);
            AccessToken latest = refreshed.toSuccessResponse().getTokens().getAccessToken();
            assertFalse(introspect(program, latest).isActive(), "revoking the refresh token ends its grant");
        }
    }

    @Test
    void journeyWhenCustomerDeniesThenPartnerGetsAccessDenied() throws Exception {
        Program program = register(List.of("accounts:read", "transactions:read"));
        CodeVerifier verifier = new CodeVerifier();
        try (Browser browser = Browser.start("en")) {
            WebDriver page = browser.driver();
            page.get(authorizationUri(program, verifier, new Scope("accounts:read", "transactions:read")).toString());
            assertStep(page, "login");
            assertEquals("en", page.findElement(By.tagName("html")).getAttribute("lang"), "English by Accept-Language");
            logIn(page, CUSTOMER, PASSWORD);
            assertStep(page, "select_services");
            check(page.findElement(By.id("scope-accounts-read")));
            submit(page, "services-submit");
            skipPinsIfShown(page);
            assertStep(page, "consent");
            browser.screenshot("journey-deny-consent-en");
            submit(page, "deny");

            AuthorizationResponse response = AuthorizationResponse.parse(callback.next());
            assertFalse(response.indicatesSuccess());
            AuthorizationErrorResponse error = response.toErrorResponse();
            assertEquals(OAuth2Error.ACCESS_DENIED.getCode(), error.getErrorObject().getCode());
            assertEquals(metadata.getIssuer(), error.getIssuer());
        }
    }

    @Test
    void journeyWhenProgramAsksOneNonBankScopeThenServiceAndPinPagesAreSkipped() throws Exception {
        Program program = register(List.of("spots:read"));
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            page.get(authorizationUri(program, new CodeVerifier(), new Scope("spots:read")).toString());
            logIn(page, "user2", PASSWORD);
            assertStep(page, "consent");
            assertEquals(0, page.findElements(By.cssSelector("#accounts li")).size());
            check(page.findElement(By.id("continue")));
            submit(page, "permit");
            assertTrue(AuthorizationResponse.parse(callback.next()).indicatesSuccess());
        }
    }

    @Test
    void journeyWhenPasswordWrongFiveTimesThenAccountLocked() throws Exception {
        Program program = register(List.of("spots:read"));
        String loginId = createCustomer();
        try (Browser browser = Browser.start("ja")) {
            WebDriver page = browser.driver();
            page.get(authorizationUri(program, new CodeVerifier(), new Scope("spots:read")).toString());
            for (int attempt = 1; attempt <= 5; attempt++) {
                logIn(page, loginId, "wrong-password-" + attempt);
                assertStep(page, "login");
                assertTrue(page.findElement(By.id("error")).isDisplayed());
            }
            logIn(page, loginId, PASSWORD);
            assertStep(page, "login");
            assertTrue(page.findElement(By.id("error")).getText().contains("ロック"), "the seed's lock state is shown");
            browser.screenshot("journey-locked");
        }
    }

    private record Program(ClientID clientId, Secret secret) {
        ClientAuthentication auth() {
            return new ClientSecretBasic(clientId, secret);
        }
    }

    /** An administrator registers a partner program through the JSON API (the seed's アプリトークン). */
    private Program register(List<String> scopes) throws Exception {
        String admin = json(post("/v1/auth/sign-in", null, "{\"login_id\":\"admin1\",\"password\":\"" + PASSWORD + "\"}"))
                .get("access_token").toString();
        String body = "{\"name\":\"ブラウザ試験アプリ\",\"company_name\":\"Test KK\",\"client_type\":\"confidential\","
                + "\"redirect_uris\":[\"" + callback.redirectUri() + "\"],\"allowed_scopes\":["
                + String.join(",", scopes.stream().map(s -> "\"" + s + "\"").toList()) + "]}";
        Map<String, Object> created = json(post("/v1/partner-programs", admin, body));
        Map<?, ?> program = (Map<?, ?>) created.get("program");
        return new Program(new ClientID(program.get("client_id").toString()), new Secret(created.get("client_secret").toString()));
    }

    private String createCustomer() throws Exception {
        String admin = json(post("/v1/auth/sign-in", null, "{\"login_id\":\"admin1\",\"password\":\"" + PASSWORD + "\"}"))
                .get("access_token").toString();
        String loginId = "cust" + System.nanoTime();
        post("/v1/accounts", admin, "{\"login_id\":\"" + loginId + "\",\"name\":\"顧客\",\"password\":\"" + PASSWORD + "\"}");
        return loginId;
    }

    private URI authorizationUri(Program program, CodeVerifier verifier, Scope scope) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, program.clientId())
                .redirectionURI(URI.create(callback.redirectUri()))
                .scope(scope)
                .state(new State())
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .build().toURI();
    }

    private Tokens exchange(Program program, AuthorizationCode code, CodeVerifier verifier) throws Exception {
        TokenResponse response = TokenResponse.parse(new TokenRequest(metadata.getTokenEndpointURI(), program.auth(),
                new AuthorizationCodeGrant(code, URI.create(callback.redirectUri()), verifier)).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return response.toSuccessResponse().getTokens();
    }

    private TokenIntrospectionSuccessResponse introspect(Program program, AccessToken token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                metadata.getIntrospectionEndpointURI(), program.auth(), token).toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
        return response.toSuccessResponse();
    }

    private static void logIn(WebDriver page, String loginId, String password) {
        WebElement login = page.findElement(By.id("login-id"));
        login.clear();
        login.sendKeys(loginId);
        page.findElement(By.id("password")).sendKeys(password);
        submit(page, "login-submit");
    }

    /**
     * Registers a PIN when the customer has no usable account yet (which depends on the tests run
     * before). Waits for the page after the service selection first: a click does not wait for the
     * form post to land.
     */
    private static void skipPinsIfShown(WebDriver page) {
        String landed = awaitStep(page, "register_pins", "consent");
        if ("register_pins".equals(landed)) {
            WebElement account = firstSelectableAccount(page);
            String id = account.getAttribute("value");
            check(account);
            page.findElement(By.id("pin-" + id)).sendKeys(PIN_ON_FILE);
            submit(page, "pins-submit");
            assertStep(page, "pin_result");
            submit(page, "confirm");
        }
    }

    /**
     * Clicks a button that posts a form and waits until the browser has left the current page, so
     * the next lookup sees the answer rather than the page it came from (a click does not wait).
     */
    private static void submit(WebDriver page, String buttonId) {
        WebElement body = page.findElement(By.tagName("body"));
        page.findElement(By.id(buttonId)).click();
        for (int i = 0; i < 100; i++) {
            try {
                body.isDisplayed();
                Thread.sleep(100);
            } catch (org.openqa.selenium.WebDriverException left) {
                // stale element, or Chromium's "node does not belong to the document": the page is gone
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static WebElement firstSelectableAccount(WebDriver page) {
        return page.findElements(By.cssSelector("form#pins-form input[type=checkbox][name=account]")).stream()
                .filter(WebElement::isEnabled).findFirst()
                .orElseThrow(() -> new AssertionError("no account left to register"));
    }

    private static void check(WebElement checkbox) {
        if (!checkbox.isSelected()) {
            checkbox.click();
        }
    }

    private static String step(WebDriver page) {
        try {
            return page.findElement(By.tagName("body")).getAttribute("data-step");
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return null; // the next page is still loading
        }
    }

    /** Waits (up to 10 s) for the form post and its redirect to land on the expected step. */
    private static void assertStep(WebDriver page, String expected) {
        awaitStep(page, expected);
    }

    /** Waits (up to 10 s) for one of the expected steps and returns the one the browser landed on. */
    private static String awaitStep(WebDriver page, String... expected) {
        List<String> steps = List.of(expected);
        String actual = step(page);
        for (int i = 0; i < 100 && !steps.contains(actual); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            actual = step(page);
        }
        if (!steps.contains(actual)) {
            String text = page.findElement(By.tagName("body")).getText();
            throw new AssertionError("expected step " + steps + " but was " + actual + " on " + page.getCurrentUrl()
                    + "\n" + text.substring(0, Math.min(text.length(), 1500)));
        }
        return actual;
    }

    private HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() < 300, () -> response.statusCode() + " " + response.body());
        return io.micronaut.serde.ObjectMapper.getDefault().readValue(response.body(), Map.class);
    }
}
