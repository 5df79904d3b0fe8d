package dev.renkei.conformance;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.conformance.spec.ContractConformance;
import dev.renkei.conformance.spec.RecordingHttpClient;
import dev.renkei.conformance.support.Pkce;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every exchange of a set of flows that together call all operations of authorization.yaml (the
 * OAuth 2 endpoints, the consent journey's JSON API, consents, partner programs and signing
 * keys), with their success status and every documented error status a client can provoke,
 * validated against the contract: request and response, or the response only for requests
 * broken on purpose.
 *
 * <p>All calls are raw HTTP through the recording client, so the test controls every header
 * (the journey cookie, X-CSRF-Token, client authentication). The OAuth requests are
 * {@code application/x-www-form-urlencoded}; swagger-request-validator parses such bodies into
 * an object and validates them against the form schema, so they are validated like JSON bodies.
 * Fixtures outside this contract (the customer's session token from {@code POST /v1/auth/sign-in}
 * of token-issuance.yaml) go through a client that is not recorded.
 *
 * <p>The last test fails if any exchange broke the contract or a must-cover operation × status
 * was never exercised; the report goes to {@code target/conformance-report-authorization.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationConformanceIT {

    private static final String PW = RenkeiServer.DEMO_PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String CLIENT_ID = "rnk_ci_demokakeibo000000001";
    private static final String CLIENT_SECRET = "rnk_cs_DemoKakeiboSecret0000000000000010555zg";
    private static final String REDIRECT = "http://localhost:8081/callback";
    private static final String SCOPES = "accounts:read transactions:read";
    private static final String PIN = "1234";

    /**
     * Documented pairs that no client can provoke, with the reason; every other documented
     * operation × status must be exercised.
     */
    private static final Map<String, String> EXCUSED = Map.of();

    /** Answers that contradict the contract's prose (wrong status or error code), in order. */
    private final List<String> behaviourMismatches = new ArrayList<>();

    private RenkeiServer server;
    private ContractConformance conformance;
    private RawHttp raw;
    private RawHttp unrecorded;

    private String customerSession;
    private String adminSession;
    private String auditorSession;
    private String userAdminSession;
    private String user2Session;

    /** Tokens from the journey, used by the OAuth and consent tests. */
    private String accessToken;
    private String refreshToken;
    private String consentId;
    private String usedCode;

    @BeforeAll
    void start() throws Exception {
        server = RenkeiServer.start();
        conformance = ContractConformance.load(specLocation(), ValidationErrorsWhitelist.create());
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        raw = new RawHttp(server.baseUri(), new RecordingHttpClient(plain, conformance));
        unrecorded = new RawHttp(server.baseUri(), plain);
        customerSession = signIn("shikuan01");
        adminSession = signIn("admin1");
        auditorSession = signIn("auditor1");
        userAdminSession = signIn("useradmin1");
        user2Session = signIn("user2");
    }

    private static String specLocation() {
        String dir = System.getProperty("renkei.spec.dir");
        if (dir == null) {
            throw new IllegalStateException("Set -Drenkei.spec.dir to api-spec/src/main/resources/openapi (the pom does)");
        }
        Path spec = Path.of(dir, "authorization.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(spec), spec::toString);
        return spec.toString();
    }

    @AfterAll
    void stop() {
        try {
            if (conformance != null) {
                Path report = Path.of(System.getProperty("renkei.report.dir", "target"), "conformance-report-authorization.md");
                ContractConformance.Totals totals = conformance.writeReport(report, "AuthorizationConformanceIT",
                        EXCUSED, behaviourMismatches);
                System.out.println("Contract conformance (" + report + "):\n" + totals.describe());
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // ------------------------------------------------------------------ flows

    /** Proves the validator bites on this contract, for JSON and for form-encoded requests. */
    @Test
    @Order(0)
    void validatorRejectsExchangesThatBreakTheContract() {
        HttpRequest metadata = HttpRequest.newBuilder(server.baseUri().resolve("/.well-known/oauth-authorization-server")).GET().build();
        assertBites(metadata, "", 200, "application/json", "{\"issuer\":1}", "metadata without its required members");
        HttpRequest token = HttpRequest.newBuilder(server.baseUri().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", RawHttp.basic(CLIENT_ID, CLIENT_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + "x".repeat(5000))).build();
        assertBites(token, "grant_type=authorization_code&code=" + "x".repeat(5000), 400, "application/json",
                "{\"error\":\"invalid_grant\"}", "a form body whose code is longer than the contract allows");
        assertBites(token, "grant_type=authorization_code", 200, "application/json",
                "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":600,\"password\":\"x\"}",
                "a token response with an undocumented member");
    }

    private void assertBites(HttpRequest request, String requestBody, int status, String contentType, String body, String what) {
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of(contentType), "x-request-id", List.of("r"),
                "cache-control", List.of("no-store")), (n, v) -> true);
        RecordingHttpClient.Exchange exchange = new RecordingHttpClient.Exchange(request,
                requestBody.getBytes(StandardCharsets.UTF_8), status, headers, body.getBytes(StandardCharsets.UTF_8));
        assertFalse(conformance.validate(exchange, true).isEmpty(), "the validator must reject " + what);
    }

    @Test
    @Order(1)
    void discovery() throws Exception {
        int mark = mark();
        JsonNode metadata = json(expect(200, null, raw.get("/.well-known/oauth-authorization-server").send()));
        assertEquals(server.baseUri().toString().replaceAll("/$", ""), metadata.path("issuer").asText());
        JsonNode jwks = json(expect(200, null, raw.get("/oauth2/jwks").send()));
        assertFalse(jwks.path("keys").isEmpty());
        assertConformant(mark);
    }

    /** The consent journey end to end as shikuan01, then the code exchange, refresh and introspection. */
    @Test
    @Order(2)
    void journeyAndTokens() throws Exception {
        int mark = mark();
        Pkce pkce = new Pkce();
        String journeyId = authorize(pkce, "state-1");

        JsonNode journey = json(expect(200, null, raw.get(journeyPath(journeyId)).send()));
        assertEquals("login", journey.path("step").asText());
        String csrf = journey.path("csrf_token").asText();
        String firstCsrf = csrf;
        expect(404, "not-found", raw.get(journeyPath(unknownJourneyId())).send());
        bad("journey ID too short", () -> expect(400, "validation-failed", raw.get(journeyPath("short")).send()));

        // Login errors before the real login: bad password, wrong CSRF, bad body, wrong media type.
        expect(401, "invalid-credentials", raw.post(journeyPath(journeyId) + "/login").csrf(csrf)
                .json("{\"login_id\":\"shikuan01\",\"password\":\"not-the-password\"}").send());
        expect(403, "csrf-token-invalid", raw.post(journeyPath(journeyId) + "/login").csrf("wrong-csrf-token")
                .json(login("shikuan01")).send());
        bad("password missing", () -> expect(400, null, raw.post(journeyPath(journeyId) + "/login").csrf(firstCsrf)
                .json("{\"login_id\":\"shikuan01\"}").send()));
        bad("wrong media type", () -> expect(415, null, raw.post(journeyPath(journeyId) + "/login").csrf(firstCsrf)
                .body("text/plain", "login_id=shikuan01").send()));
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/login").csrf(csrf).json(login("shikuan01")).send());

        HttpResponse<String> loggedIn = expect(200, null, raw.post(journeyPath(journeyId) + "/login").csrf(csrf)
                .json(login("shikuan01")).send());
        String cookie = sessionCookie(loggedIn);
        journey = json(loggedIn);
        csrf = journey.path("csrf_token").asText();
        assertEquals("select_services", journey.path("step").asText());

        // After login: the session cookie is needed, the journey reads with it.
        bad("no journey session", () -> expect(401, "authentication-required", raw.get(journeyPath(journeyId)).send()));
        expect(200, null, raw.get(journeyPath(journeyId)).cookie(cookie).send());
        expect(409, "journey-step-invalid", raw.post(journeyPath(journeyId) + "/login").csrf(csrf).json(login("shikuan01")).send());

        // Services, with its errors.
        String services = journeyPath(journeyId) + "/services";
        String both = "{\"scopes\":[\"accounts:read\",\"transactions:read\"]}";
        String csrfNow = csrf;
        bad("no journey session", () -> expect(401, "authentication-required", raw.post(services).csrf(csrfNow).json(both).send()));
        expect(403, "csrf-token-invalid", raw.post(services).cookie(cookie).csrf("wrong-csrf-token").json(both).send());
        bad("no scope selected", () -> expect(400, "validation-failed", raw.post(services).cookie(cookie).csrf(csrfNow)
                .json("{\"scopes\":[]}").send()));
        bad("wrong media type", () -> expect(415, null, raw.post(services).cookie(cookie).csrf(csrfNow).body("text/plain", "x").send()));
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/services").cookie(cookie).csrf(csrf).json(both).send());
        expect(409, "journey-step-invalid", raw.post(journeyPath(journeyId) + "/pins/confirm").cookie(cookie).csrf(csrf).send());
        journey = json(expect(200, null, raw.post(services).cookie(cookie).csrf(csrf).json(both).send()));
        assertEquals("register_pins", journey.path("step").asText());
        List<String> accounts = new ArrayList<>();
        journey.path("accounts").forEach(a -> accounts.add(a.path("account_id").asText()));
        assertEquals(4, accounts.size(), journey.toString());

        // PINs: errors, a wrong PIN, then the right one; add more; the rest; confirm.
        String pins = journeyPath(journeyId) + "/pins";
        String wrong = pinEntries(accounts.subList(0, 1), "9999");
        bad("no journey session", () -> expect(401, "authentication-required", raw.post(pins).csrf(csrfNow).json(wrong).send()));
        expect(403, "csrf-token-invalid", raw.post(pins).cookie(cookie).csrf("wrong-csrf-token").json(wrong).send());
        bad("PIN not 4 digits", () -> expect(400, "validation-failed", raw.post(pins).cookie(cookie).csrf(csrfNow)
                .json(pinEntries(accounts.subList(0, 1), "12")).send()));
        bad("wrong media type", () -> expect(415, null, raw.post(pins).cookie(cookie).csrf(csrfNow).body("text/plain", "x").send()));
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/pins").cookie(cookie).csrf(csrf).json(wrong).send());
        expect(409, "journey-step-invalid", raw.post(services).cookie(cookie).csrf(csrf).json(both).send());
        expect(409, "journey-step-invalid", raw.post(journeyPath(journeyId) + "/pins/add-more").cookie(cookie).csrf(csrf).send());
        JsonNode result = json(expect(200, null, raw.post(pins).cookie(cookie).csrf(csrf).json(wrong).send()));
        assertEquals("wrong_pin", result.path("results").path(0).path("outcome").asText(), result.toString());

        String addMore = journeyPath(journeyId) + "/pins/add-more";
        bad("no journey session", () -> expect(401, "authentication-required", raw.post(addMore).csrf(csrfNow).send()));
        expect(403, "csrf-token-invalid", raw.post(addMore).cookie(cookie).csrf("wrong-csrf-token").send());
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/pins/add-more").cookie(cookie).csrf(csrf).send());
        bad("journey ID too short", () -> expect(400, "validation-failed", raw.post(journeyPath("short") + "/pins/add-more")
                .cookie(cookie).csrf(csrfNow).send()));
        journey = json(expect(200, null, raw.post(addMore).cookie(cookie).csrf(csrf).send()));
        assertEquals("register_pins", journey.path("step").asText());
        result = json(expect(200, null, raw.post(pins).cookie(cookie).csrf(csrf).json(pinEntries(accounts.subList(0, 2), PIN)).send()));
        assertEquals("registered", result.path("results").path(0).path("outcome").asText(), result.toString());
        expect(200, null, raw.post(addMore).cookie(cookie).csrf(csrf).send());
        expect(200, null, raw.post(pins).cookie(cookie).csrf(csrf).json(pinEntries(accounts.subList(2, 4), PIN)).send());

        String confirm = journeyPath(journeyId) + "/pins/confirm";
        bad("no journey session", () -> expect(401, "authentication-required", raw.post(confirm).csrf(csrfNow).send()));
        expect(403, "csrf-token-invalid", raw.post(confirm).cookie(cookie).csrf("wrong-csrf-token").send());
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/pins/confirm").cookie(cookie).csrf(csrf).send());
        bad("journey ID too short", () -> expect(400, "validation-failed", raw.post(journeyPath("short") + "/pins/confirm")
                .cookie(cookie).csrf(csrfNow).send()));
        journey = json(expect(200, null, raw.post(confirm).cookie(cookie).csrf(csrf).send()));
        assertEquals("consent", journey.path("step").asText());

        // Decision, with its errors; permit.
        String decision = journeyPath(journeyId) + "/decision";
        String permit = "{\"decision\":\"permit\"}";
        bad("no journey session", () -> expect(401, "authentication-required", raw.post(decision).csrf(csrfNow).json(permit).send()));
        expect(403, "csrf-token-invalid", raw.post(decision).cookie(cookie).csrf("wrong-csrf-token").json(permit).send());
        bad("no decision", () -> expect(400, "validation-failed", raw.post(decision).cookie(cookie).csrf(csrfNow)
                .json("{}").send()));
        bad("wrong media type", () -> expect(415, null, raw.post(decision).cookie(cookie).csrf(csrfNow).body("text/plain", "x").send()));
        expect(404, "not-found", raw.post(journeyPath(unknownJourneyId()) + "/decision").cookie(cookie).csrf(csrf).json(permit).send());
        expect(409, "journey-step-invalid", raw.post(pins).cookie(cookie).csrf(csrf).json(wrong).send());
        JsonNode outcome = json(expect(200, null, raw.post(decision).cookie(cookie).csrf(csrf).json(permit).send()));
        String redirectTo = outcome.path("redirect_to").asText();
        assertTrue(redirectTo.startsWith(REDIRECT + "?"), redirectTo);
        Map<String, String> callback = query(URI.create(redirectTo));
        assertEquals("state-1", callback.get("state"));
        expect(409, "journey-step-invalid", raw.post(decision).cookie(cookie).csrf(csrf).json(permit).send());
        JsonNode completed = json(expect(200, null, raw.get(journeyPath(journeyId)).cookie(cookie).send()));
        assertEquals("completed", completed.path("step").asText());

        // The code exchange, its errors, and the refresh.
        String code = callback.get("code");
        assertNotNull(code, redirectTo);
        usedCode = code;
        expect(400, "invalid_request", raw.post("/oauth2/token").basic(CLIENT_ID, CLIENT_SECRET)
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT).send());
        expect(401, "invalid_client", raw.post("/oauth2/token").basic(CLIENT_ID, "rnk_cs_wrong")
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier).send());
        JsonNode tokens = json(expect(200, null, raw.post("/oauth2/token").basic(CLIENT_ID, CLIENT_SECRET)
                .form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier).send()));
        JsonNode refreshed = json(expect(200, null, raw.post("/oauth2/token").basic(CLIENT_ID, CLIENT_SECRET)
                .form("grant_type", "refresh_token", "refresh_token", tokens.path("refresh_token").asText()).send()));
        accessToken = refreshed.path("access_token").asText();
        refreshToken = refreshed.path("refresh_token").asText();
        expect(400, "invalid_grant", raw.post("/oauth2/token").basic(CLIENT_ID, CLIENT_SECRET)
                .form("grant_type", "refresh_token", "refresh_token", "rnk_rt_" + "A".repeat(32) + "000000").send());
        // The form schema enumerates the grant types, so an unsupported one breaks the request on purpose.
        bad("unsupported grant type", () -> expect(400, "unsupported_grant_type", raw.post("/oauth2/token")
                .basic(CLIENT_ID, CLIENT_SECRET).form("grant_type", "password", "username", "shikuan01", "password", PW).send()));

        // Introspection: active, inactive, no client authentication, no token.
        JsonNode active = json(expect(200, null, raw.post("/oauth2/introspect").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token", accessToken).send()));
        assertTrue(active.path("active").asBoolean(), active::toString);
        consentId = active.path("consent_id").asText();
        JsonNode inactive = json(expect(200, null, raw.post("/oauth2/introspect").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token", "rnk_rt_" + "B".repeat(32) + "000000").send()));
        assertFalse(inactive.path("active").asBoolean(), inactive::toString);
        expect(401, "invalid_client", raw.post("/oauth2/introspect").basic(CLIENT_ID, "rnk_cs_wrong").form("token", accessToken).send());
        bad("no client authentication", () -> expect(401, "invalid_client", raw.post("/oauth2/introspect")
                .form("token", accessToken).send()));
        bad("no token", () -> expect(400, "invalid_request", raw.post("/oauth2/introspect").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token_type_hint", "access_token").send()));
        assertConformant(mark);
    }

    /** PAR, the authorization endpoint's answers, and revocation. */
    @Test
    @Order(3)
    void pushedRequestsAuthorizeAndRevoke() throws Exception {
        int mark = mark();
        Pkce pkce = new Pkce();
        JsonNode pushed = json(expect(201, null, raw.post("/oauth2/par").basic(CLIENT_ID, CLIENT_SECRET)
                .form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT, "scope", SCOPES,
                        "state", "par-state", "code_challenge", pkce.challenge, "code_challenge_method", "S256").send()));
        String requestUri = pushed.path("request_uri").asText();
        HttpResponse<String> started = expect(302, null, raw.browser("/oauth2/authorize?client_id=" + enc(CLIENT_ID)
                + "&request_uri=" + enc(requestUri)).send());
        assertTrue(started.headers().firstValue("Location").orElse("").contains("/consent/"), started.headers()::toString);
        bad("no code_challenge", () -> expect(400, "invalid_request", raw.post("/oauth2/par").basic(CLIENT_ID, CLIENT_SECRET)
                .form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT, "scope", SCOPES).send()));
        expect(400, "invalid_request", raw.post("/oauth2/par").basic(CLIENT_ID, CLIENT_SECRET)
                .form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", "http://localhost:9999/elsewhere",
                        "scope", SCOPES, "code_challenge", pkce.challenge, "code_challenge_method", "S256").send());
        expect(401, "invalid_client", raw.post("/oauth2/par").basic(CLIENT_ID, "rnk_cs_wrong")
                .form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri", REDIRECT, "scope", SCOPES,
                        "code_challenge", pkce.challenge, "code_challenge_method", "S256").send());

        // Authorization errors: known program and URI → redirect with error; otherwise the HTML page.
        HttpResponse<String> errorRedirect = expect(302, null, raw.browser("/oauth2/authorize?response_type=code&client_id="
                + enc(CLIENT_ID) + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(SCOPES) + "&state=s").send());
        assertTrue(errorRedirect.headers().firstValue("Location").orElse("").contains("error=invalid_request"),
                errorRedirect.headers()::toString);
        HttpResponse<String> page = raw.browser("/oauth2/authorize?response_type=code&client_id=rnk_ci_unknown&redirect_uri="
                + enc(REDIRECT) + "&scope=" + enc(SCOPES) + "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256").send();
        expectStatus(400, page);
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers()::toString);

        // Revocation: errors first, then the refresh token (its family with it).
        expect(401, "invalid_client", raw.post("/oauth2/revoke").basic(CLIENT_ID, "rnk_cs_wrong").form("token", refreshToken).send());
        bad("no token", () -> expect(400, "invalid_request", raw.post("/oauth2/revoke").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token_type_hint", "refresh_token").send()));
        expect(200, null, raw.post("/oauth2/revoke").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token", refreshToken, "token_type_hint", "refresh_token").send());
        // The form schema enumerates the hints, so an unknown one breaks the request on purpose.
        bad("unknown token type hint", () -> expect(400, "unsupported_token_type", raw.post("/oauth2/revoke")
                .basic(CLIENT_ID, CLIENT_SECRET).form("token", refreshToken, "token_type_hint", "id_token").send()));
        JsonNode inactive = json(expect(200, null, raw.post("/oauth2/introspect").basic(CLIENT_ID, CLIENT_SECRET)
                .form("token", accessToken).send()));
        assertFalse(inactive.path("active").asBoolean(), inactive::toString);
        // A code used a second time: invalid_grant.
        expect(400, "invalid_grant", raw.post("/oauth2/token").basic(CLIENT_ID, CLIENT_SECRET)
                .form("grant_type", "authorization_code", "code", usedCode, "redirect_uri", REDIRECT,
                        "code_verifier", "v".repeat(43)).send());
        assertConformant(mark);
    }

    @Test
    @Order(4)
    void consents() throws Exception {
        int mark = mark();
        JsonNode page = json(expect(200, null, raw.get("/v1/me/consents").bearer(customerSession).send()));
        assertFalse(page.path("items").isEmpty(), page::toString);
        expect(200, null, raw.get("/v1/me/consents?limit=1").bearer(customerSession).send());
        bad("limit below 1", () -> expect(400, "validation-failed", raw.get("/v1/me/consents?limit=0").bearer(customerSession).send()));
        bad("no credentials", () -> expect(401, "authentication-required", raw.get("/v1/me/consents").send()));

        String revoke = "/v1/me/consents/" + consentId + "/revoke";
        JsonNode revoked = json(expect(200, null, raw.post(revoke).bearer(customerSession).send()));
        assertFalse(revoked.path("revoked_at").isNull(), revoked::toString);
        expect(200, null, raw.post(revoke).bearer(customerSession).send());
        expect(404, "not-found", raw.post("/v1/me/consents/" + UUID.randomUUID() + "/revoke").bearer(customerSession).send());
        bad("consent ID not a UUID", () -> expect(400, null, raw.post("/v1/me/consents/not-a-uuid/revoke").bearer(customerSession).send()));
        bad("no credentials", () -> expect(401, "authentication-required", raw.post(revoke).send()));

        JsonNode bankAccounts = json(expect(200, null, raw.get("/v1/me/bank-accounts").bearer(customerSession).send()));
        assertEquals(4, bankAccounts.path("items").size(), bankAccounts::toString);
        bad("no credentials", () -> expect(401, "authentication-required", raw.get("/v1/me/bank-accounts").send()));
        assertConformant(mark);
    }

    @Test
    @Order(5)
    void partnerPrograms() throws Exception {
        int mark = mark();
        String create = "{\"name\":\"Conformance\",\"company_name\":\"Conformance K.K.\",\"client_type\":\"confidential\","
                + "\"redirect_uris\":[\"http://localhost:3000/callback\"],\"allowed_scopes\":[\"accounts:read\"]}";
        HttpResponse<String> created = expect(201, null, raw.post("/v1/partner-programs").bearer(adminSession).json(create).send());
        JsonNode program = json(created);
        String id = program.path("program").path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/v1/partner-programs/" + id), created.headers()::toString);
        bad("no redirect URI", () -> expect(400, "validation-failed", raw.post("/v1/partner-programs").bearer(adminSession)
                .json(create.replace("[\"http://localhost:3000/callback\"]", "[]")).send()));
        expect(400, "validation-failed", raw.post("/v1/partner-programs").bearer(adminSession)
                .json(create.replace("http://localhost:3000/callback", "http://example.com/callback")).send());
        bad("wrong media type", () -> expect(415, null, raw.post("/v1/partner-programs").bearer(adminSession).body("text/plain", "x").send()));
        expect(403, "forbidden", raw.post("/v1/partner-programs").bearer(auditorSession).json(create).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.post("/v1/partner-programs").json(create).send()));

        JsonNode list = json(expect(200, null, raw.get("/v1/partner-programs?limit=1").bearer(adminSession).send()));
        assertEquals(1, list.path("items").size());
        expect(200, null, raw.get("/v1/partner-programs?enabled=true").bearer(auditorSession).send());
        bad("limit below 1", () -> expect(400, "validation-failed", raw.get("/v1/partner-programs?limit=0").bearer(adminSession).send()));
        expect(403, "forbidden", raw.get("/v1/partner-programs").bearer(user2Session).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.get("/v1/partner-programs").send()));

        String path = "/v1/partner-programs/" + id;
        String missing = "/v1/partner-programs/" + UUID.randomUUID();
        expect(200, null, raw.get(path).bearer(auditorSession).send());
        expect(404, "not-found", raw.get(missing).bearer(adminSession).send());
        bad("program ID not a UUID", () -> expect(400, null, raw.get("/v1/partner-programs/not-a-uuid").bearer(adminSession).send()));
        expect(403, "forbidden", raw.get(path).bearer(user2Session).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.get(path).send()));

        String patch = "{\"daily_quota\":5000,\"enabled\":false}";
        JsonNode patched = json(expect(200, null, raw.patch(path).bearer(userAdminSession).json(patch).send()));
        assertEquals(5000, patched.path("daily_quota").asInt());
        bad("quota below 1", () -> expect(400, "validation-failed", raw.patch(path).bearer(adminSession).json("{\"daily_quota\":0}").send()));
        expect(404, "not-found", raw.patch(missing).bearer(adminSession).json(patch).send());
        bad("wrong media type", () -> expect(415, null, raw.patch(path).bearer(adminSession).body("text/plain", "x").send()));
        expect(403, "forbidden", raw.patch(path).bearer(auditorSession).json(patch).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.patch(path).json(patch).send()));

        String secret = path + "/secret";
        JsonNode rotated = json(expect(200, null, raw.post(secret).bearer(adminSession).send()));
        assertTrue(rotated.path("client_secret").asText().startsWith("rnk_cs_"), rotated::toString);
        expect(404, "not-found", raw.post(missing + "/secret").bearer(adminSession).send());
        bad("program ID not a UUID", () -> expect(400, null, raw.post("/v1/partner-programs/not-a-uuid/secret").bearer(adminSession).send()));
        expect(403, "forbidden", raw.post(secret).bearer(auditorSession).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.post(secret).send()));
        JsonNode publicProgram = json(expect(201, null, raw.post("/v1/partner-programs").bearer(adminSession)
                .json(create.replace("confidential", "public")).send()));
        expect(409, "public-client-has-no-secret", raw.post("/v1/partner-programs/" + publicProgram.path("program").path("id").asText() + "/secret")
                .bearer(adminSession).send());

        expect(403, "forbidden", raw.delete(path).bearer(auditorSession).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.delete(path).send()));
        bad("program ID not a UUID", () -> expect(400, null, raw.delete("/v1/partner-programs/not-a-uuid").bearer(adminSession).send()));
        expect(204, null, raw.delete(path).bearer(adminSession).send());
        expect(404, "not-found", raw.delete(path).bearer(adminSession).send());
        assertConformant(mark);
    }

    @Test
    @Order(6)
    void signingKeys() throws Exception {
        int mark = mark();
        JsonNode keys = json(expect(200, null, raw.get("/v1/signing-keys").bearer(auditorSession).send()));
        assertFalse(keys.path("items").isEmpty(), keys::toString);
        expect(403, "forbidden", raw.get("/v1/signing-keys").bearer(userAdminSession).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.get("/v1/signing-keys").send()));
        JsonNode rotated = json(expect(200, null, raw.post("/v1/signing-keys/rotate").bearer(adminSession).send()));
        assertEquals("active", rotated.path("items").path(0).path("status").asText(), rotated::toString);
        expect(403, "forbidden", raw.post("/v1/signing-keys/rotate").bearer(auditorSession).send());
        bad("no credentials", () -> expect(401, "authentication-required", raw.post("/v1/signing-keys/rotate").send()));
        // The JWKS now publishes the new key and the retiring one.
        JsonNode jwks = json(expect(200, null, raw.get("/oauth2/jwks").send()));
        assertTrue(jwks.path("keys").size() >= 2, jwks::toString);
        assertConformant(mark);
    }

    /** Login refusals: a prohibited account, then an account locked by five failures. */
    @Test
    @Order(7)
    void loginRefusals() throws Exception {
        int mark = mark();
        String journeyId = authorize(new Pkce(), "refusals");
        String csrf = json(expect(200, null, raw.get(journeyPath(journeyId)).send())).path("csrf_token").asText();
        String loginPath = journeyPath(journeyId) + "/login";
        expect(403, "sign-in-prohibited", raw.post(loginPath).csrf(csrf).json(login("tempuser1")).send());
        for (int i = 0; i < 5; i++) {
            expect(401, "invalid-credentials", raw.post(loginPath).csrf(csrf)
                    .json("{\"login_id\":\"user2\",\"password\":\"wrong-password\"}").send());
        }
        expect(403, "account-locked", raw.post(loginPath).csrf(csrf).json(login("user2")).send());
        assertConformant(mark);
    }

    /** Every journey operation on a journey older than 10 minutes: 410 (the server's clock is moved on). */
    @Test
    @Order(8)
    void expiredJourney() throws Exception {
        int mark = mark();
        String fresh = authorize(new Pkce(), "expired-1");
        String freshCsrf = json(expect(200, null, raw.get(journeyPath(fresh)).send())).path("csrf_token").asText();
        String used = authorize(new Pkce(), "expired-2");
        String usedCsrf = json(expect(200, null, raw.get(journeyPath(used)).send())).path("csrf_token").asText();
        HttpResponse<String> loggedIn = expect(200, null, raw.post(journeyPath(used) + "/login").csrf(usedCsrf)
                .json(login("shikuan01")).send());
        String cookie = sessionCookie(loggedIn);
        String csrf = json(loggedIn).path("csrf_token").asText();
        server.clock().advance(Duration.ofMinutes(11));
        try {
            expect(410, "journey-expired", raw.get(journeyPath(fresh)).send());
            expect(410, "journey-expired", raw.post(journeyPath(fresh) + "/login").csrf(freshCsrf).json(login("shikuan01")).send());
            String base = journeyPath(used);
            expect(410, "journey-expired", raw.get(base).cookie(cookie).send());
            expect(410, "journey-expired", raw.post(base + "/services").cookie(cookie).csrf(csrf)
                    .json("{\"scopes\":[\"accounts:read\"]}").send());
            expect(410, "journey-expired", raw.post(base + "/pins").cookie(cookie).csrf(csrf)
                    .json(pinEntries(List.of(UUID.randomUUID().toString()), PIN)).send());
            expect(410, "journey-expired", raw.post(base + "/pins/add-more").cookie(cookie).csrf(csrf).send());
            expect(410, "journey-expired", raw.post(base + "/pins/confirm").cookie(cookie).csrf(csrf).send());
            expect(410, "journey-expired", raw.post(base + "/decision").cookie(cookie).csrf(csrf).json("{\"decision\":\"deny\"}").send());
        } finally {
            server.clock().reset();
        }
        assertConformant(mark);
    }

    @Test
    @Order(100)
    void everyDocumentedStatusExercisedAndEveryExchangeConformant() {
        assertEquals(25, conformance.operations().size(), "the contract's operation count changed: update the flows");
        String failure = conformance.coverageFailures(EXCUSED.keySet(), behaviourMismatches);
        if (!failure.isEmpty()) {
            fail(failure);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a journey with the full parameter set and returns its ID from the Location. */
    private String authorize(Pkce pkce, String state) throws Exception {
        HttpResponse<String> response = expect(302, null, raw.browser("/oauth2/authorize?response_type=code&client_id="
                + enc(CLIENT_ID) + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(SCOPES) + "&state=" + enc(state)
                + "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256").send());
        String location = response.headers().firstValue("Location").orElse("");
        Matcher m = Pattern.compile("/consent/([A-Za-z0-9_-]+)/login$").matcher(location);
        assertTrue(m.find(), "Location: " + location);
        return m.group(1);
    }

    private static String journeyPath(String id) {
        return "/v1/authorization-journeys/" + id;
    }

    private static String unknownJourneyId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String login(String loginId) {
        return "{\"login_id\":\"" + loginId + "\",\"password\":\"" + PW + "\"}";
    }

    private static String pinEntries(List<String> accountIds, String pin) {
        return accountIds.stream().map(id -> "{\"account_id\":\"" + id + "\",\"pin\":\"" + pin + "\"}")
                .collect(Collectors.joining(",", "{\"entries\":[", "]}"));
    }

    private static String sessionCookie(HttpResponse<String> login) {
        return login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("renkei_journey="))
                .map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("no renkei_journey cookie: " + login.headers()));
    }

    private String signIn(String loginId) throws Exception {
        HttpResponse<String> response = unrecorded.post("/v1/auth/sign-in").json(login(loginId)).send();
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }

    private int mark() {
        behaviourMarks.add(behaviourMismatches.size());
        return conformance.mark();
    }

    private final List<Integer> behaviourMarks = new ArrayList<>();

    private void assertConformant(int mark) {
        int behaviourMark = behaviourMarks.remove(behaviourMarks.size() - 1);
        List<String> problems = new ArrayList<>(conformance.problemsSince(mark));
        problems.addAll(behaviourMismatches.subList(behaviourMark, behaviourMismatches.size()));
        assertTrue(problems.isEmpty(), () -> "Contract mismatches:\n  " + String.join("\n  ", problems));
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs a request that is broken on purpose: only its response is validated. */
    private void bad(String why, Call call) {
        conformance.badRequest(why, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Expects {@code status} and, when {@code code} is given, that error: the problem type's slug
     * for problem bodies, the {@code error} member for OAuth errors. A different answer is
     * recorded as a behaviour mismatch and the flow goes on.
     */
    private HttpResponse<String> expect(int status, String code, HttpResponse<String> response) {
        if (!expectStatus(status, response) || code == null) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String actual = body.has("error") ? body.path("error").asText()
                    : body.path("type").asText().replaceAll("^.*/", "");
            if (!code.equals(actual)) {
                behaviourMismatch(response, "expected " + status + " " + code + ", got " + response.body());
            }
        } catch (IOException e) {
            behaviourMismatch(response, "not a JSON error body: " + response.body());
        }
        return response;
    }

    private boolean expectStatus(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            behaviourMismatch(response, "expected " + status + ", got " + response.statusCode() + ": " + response.body());
            return false;
        }
        return true;
    }

    private void behaviourMismatch(HttpResponse<String> response, String what) {
        behaviourMismatches.add(response.request().method() + " " + response.request().uri().getRawPath() + " → "
                + response.statusCode() + ": " + what);
    }
}
