package dev.renkei.server.oauth;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization endpoint (RFC 6749 §4.1.1, RFC 7636, RFC 9207) and pushed authorization
 * requests (RFC 9126): what starts a journey, what goes back to the program, and what must
 * never redirect.
 */
@MicronautTest(transactional = false)
class AuthorizeIT extends OAuthIntegrationTest {

    private static final String CHALLENGE = Pkce.create().challenge();

    /** A complete, valid authorization request of the demo program. */
    private static Map<String, String> valid() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", DEMO.id());
        query.put("redirect_uri", REDIRECT);
        query.put("scope", "accounts:read transactions:read");
        query.put("state", "xyz-state");
        query.put("code_challenge", CHALLENGE);
        query.put("code_challenge_method", "S256");
        return query;
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(base);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return changed;
    }

    private Http.Response authorize(Map<String, String> query) {
        String[] fields = query.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
        return http.get("/oauth2/authorize?" + form(fields), null);
    }

    /** 400 HTML page, never a Location: nothing may reach an unverified redirect URI. */
    private static void assertErrorPage(String error, Http.Response response) {
        assertEquals(400, response.status(), response::toString);
        assertNull(response.header("Location"), "an error page must not redirect");
        assertTrue(response.header("Content-Type").startsWith("text/html"), response.header("Content-Type"));
        assertEquals("no-store", response.header("Cache-Control"));
        assertTrue(response.body().contains("<code id=\"error\">" + error + "</code>"), response.body());
    }

    /** 302 back to the program with error, state and iss (RFC 6749 §4.1.2.1, RFC 9207). */
    private void assertErrorRedirect(String redirectUri, String error, String state, Http.Response response) {
        assertEquals(302, response.status(), response::toString);
        String location = response.header("Location");
        assertEquals(redirectUri, withoutQuery(location), location);
        assertEquals(error, query(location, "error"), location);
        assertTrue(query(location, "error_description") != null, location);
        assertEquals(state, query(location, "state"), location);
        assertEquals(issuer(), query(location, "iss"), location);
        assertNull(query(location, "code"), location);
    }

    private String issuer() {
        return http.get("/.well-known/oauth-authorization-server", null).str("issuer");
    }

    private long journeys() {
        return ((Number) rows("SELECT count(*) AS n FROM authorization_journey").get(0).get("n")).longValue();
    }

    private Http.Response push(Client client, String... fields) {
        return post("/oauth2/par", client, fields);
    }

    private Http.Response pushValid(Client client, String redirectUri, String state) {
        return push(client, "response_type", "code", "redirect_uri", redirectUri, "scope", "accounts:read",
                "state", state, "code_challenge", CHALLENGE, "code_challenge_method", "S256");
    }

    private Http.Response authorizeWithRequestUri(String clientId, String requestUri) {
        return http.get("/oauth2/authorize?" + form("client_id", clientId, "request_uri", requestUri), null);
    }

    // --- valid requests -------------------------------------------------------------------

    @Test
    void authorizeWhenValidThenRedirectToJourneyLoginAndJourneyStored() {
        Http.Response response = authorize(valid());

        assertEquals(302, response.status(), response::toString);
        assertEquals("no-store", response.header("Cache-Control"));
        String location = response.header("Location");
        assertTrue(location.matches("/consent/[A-Za-z0-9_-]{22,64}/login"), location);
        String journeyId = location.split("/")[2];
        List<Map<String, Object>> journey = rows("SELECT j.*, p.client_id FROM authorization_journey j "
                + "JOIN partner_program p ON p.id = j.program_id WHERE j.id = ?", journeyId);
        assertEquals(1, journey.size());
        assertEquals(DEMO.id(), journey.get(0).get("client_id"));
        assertEquals(REDIRECT, journey.get(0).get("redirect_uri"));
        assertEquals("xyz-state", journey.get(0).get("state"));
        assertEquals(CHALLENGE, journey.get(0).get("code_challenge"));
        assertEquals("login", journey.get(0).get("step"));
    }

    @Test
    void authorizeWhenSecondRegisteredRedirectUriThenAccepted() {
        Http.Response response = authorize(with(valid(), "redirect_uri", OTHER_REDIRECT));

        assertEquals(302, response.status(), response::toString);
        assertTrue(response.header("Location").startsWith("/consent/"), response.header("Location"));
    }

    // --- untrusted client or redirect URI: error page, never a redirect -------------------

    @Test
    void authorizeWhenUnknownClientIdThenErrorPage() {
        long before = journeys();

        assertErrorPage("invalid_client", authorize(with(valid(), "client_id", "rnk_ci_nosuchprogram0000001")));
        assertErrorPage("invalid_client", authorize(with(valid(), "client_id", null)));
        assertEquals(before, journeys());
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThenErrorPage() {
        assertErrorPage("invalid_request", authorize(with(valid(), "redirect_uri", "https://attacker.example/callback")));
        // Exact match only: no prefix, no trailing slash, no extra query.
        assertErrorPage("invalid_request", authorize(with(valid(), "redirect_uri", REDIRECT + "/")));
        assertErrorPage("invalid_request", authorize(with(valid(), "redirect_uri", REDIRECT + "?next=x")));
        assertErrorPage("invalid_request", authorize(with(valid(), "redirect_uri", "http://LOCALHOST:8081/callback")));
    }

    @Test
    void authorizeWhenRedirectUriMissingWithSeveralRegisteredThenErrorPage() {
        assertErrorPage("invalid_request", authorize(with(valid(), "redirect_uri", null)));
    }

    @Test
    void authorizeWhenRedirectUriMissingWithOneRegisteredThenErrorPageWithoutFallback() {
        // The contract: redirect_uri is required; Renkei does not fall back to a default URI.
        Program single = createProgram("confidential", List.of("https://single.example.com/cb"), BANK_SCOPES, false);

        assertErrorPage("invalid_request", authorize(with(with(valid(), "client_id", single.client().id()),
                "redirect_uri", null)));
    }

    @Test
    void authorizeWhenProgramDisabledThenErrorPage() {
        Program program = createConfidentialProgram();
        assertEquals(200, http.patch("/v1/partner-programs/" + program.programId(), admin(), Map.of("enabled", false)).status());

        assertErrorPage("invalid_client", authorize(with(valid(), "client_id", program.client().id())));
    }

    @Test
    void authorizeWhenErrorDescriptionHasMarkupThenEscaped() {
        Http.Response response = authorize(with(valid(), "client_id", "<script>alert(1)</script>"));

        assertErrorPage("invalid_client", response);
        assertTrue(!response.body().contains("<script>"), response.body());
    }

    // --- trusted client and redirect URI: errors go back to the program -------------------

    @Test
    void authorizeWhenResponseTypeUnsupportedThenErrorRedirectWithStateAndIss() {
        assertErrorRedirect(REDIRECT, "unsupported_response_type", "xyz-state",
                authorize(with(valid(), "response_type", "token")));
    }

    @Test
    void authorizeWhenResponseTypeMissingThenInvalidRequestRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state", authorize(with(valid(), "response_type", null)));
    }

    @Test
    void authorizeWhenCodeChallengeMissingThenInvalidRequestRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state", authorize(with(valid(), "code_challenge", null)));
    }

    @Test
    void authorizeWhenPlainMethodThenInvalidRequestRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state",
                authorize(with(valid(), "code_challenge_method", "plain")));
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state",
                authorize(with(valid(), "code_challenge_method", null)));
    }

    @Test
    void authorizeWhenChallengeMalformedThenInvalidRequestRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state", authorize(with(valid(), "code_challenge", "short")));
        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state",
                authorize(with(valid(), "code_challenge", CHALLENGE.substring(1) + "+")));
    }

    @Test
    void authorizeWhenScopeUnknownThenInvalidScopeRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_scope", "xyz-state",
                authorize(with(valid(), "scope", "accounts:read bank:everything")));
    }

    @Test
    void authorizeWhenScopeNotAllowedForProgramThenInvalidScopeRedirect() {
        // spots:read exists, but the demo program may only ask for the bank scopes.
        assertErrorRedirect(REDIRECT, "invalid_scope", "xyz-state", authorize(with(valid(), "scope", "spots:read")));
    }

    @Test
    void authorizeWhenScopeMissingOrEmptyThenInvalidScopeRedirect() {
        assertErrorRedirect(REDIRECT, "invalid_scope", "xyz-state", authorize(with(valid(), "scope", null)));
        assertErrorRedirect(REDIRECT, "invalid_scope", "xyz-state", authorize(with(valid(), "scope", " ")));
    }

    @Test
    void authorizeWhenStateMissingThenErrorRedirectWithoutState() {
        Http.Response response = authorize(with(with(valid(), "state", null), "response_type", "token"));

        assertErrorRedirect(REDIRECT, "unsupported_response_type", null, response);
        assertTrue(!response.header("Location").contains("state="), response.header("Location"));
    }

    @Test
    void authorizeWhenErrorRedirectThenNoJourneyStarted() {
        long before = journeys();

        authorize(with(valid(), "code_challenge_method", "plain"));
        authorize(with(valid(), "scope", "spots:read"));

        assertEquals(before, journeys());
    }

    @Test
    void authorizeWhenRequireParWithoutRequestUriThenInvalidRequestRedirect() {
        Program par = createProgram("confidential", List.of(REDIRECT), BANK_SCOPES, true);

        assertErrorRedirect(REDIRECT, "invalid_request", "xyz-state", authorize(with(valid(), "client_id", par.client().id())));
    }

    // --- pushed authorization requests (RFC 9126) -----------------------------------------

    @Test
    void parWhenValidThenCreatedWithRequestUriAndExpiresIn() {
        Http.Response pushed = pushValid(DEMO, REDIRECT, "par-state");

        assertEquals(201, pushed.status(), pushed::toString);
        assertEquals("no-store", pushed.header("Cache-Control"));
        assertTrue(pushed.str("request_uri").startsWith("urn:ietf:params:oauth:request_uri:"), pushed::toString);
        assertEquals(60, ((Number) pushed.at("expires_in")).intValue());
    }

    @Test
    void authorizeWhenRequestUriThenJourneyFromPushedParametersOnce() {
        String requestUri = pushValid(DEMO, OTHER_REDIRECT, "par-state").str("request_uri");

        Http.Response first = authorizeWithRequestUri(DEMO.id(), requestUri);
        assertEquals(302, first.status(), first::toString);
        String journeyId = first.header("Location").split("/")[2];
        Map<String, Object> journey = rows("SELECT * FROM authorization_journey WHERE id = ?", journeyId).get(0);
        assertEquals(OTHER_REDIRECT, journey.get("redirect_uri"));
        assertEquals("par-state", journey.get("state"));
        assertEquals(CHALLENGE, journey.get("code_challenge"));

        // Single use: the second use goes back to the pushed redirect URI (contract: invalid_request_uri).
        assertErrorRedirect(OTHER_REDIRECT, "invalid_request_uri", "par-state", authorizeWithRequestUri(DEMO.id(), requestUri));
    }

    @Test
    void authorizeWhenRequestUriWithOtherParametersThenPushedOnesWin() {
        String requestUri = pushValid(DEMO, REDIRECT, "pushed").str("request_uri");
        Map<String, String> query = with(with(valid(), "request_uri", requestUri), "state", "from-query");

        Http.Response response = authorize(with(query, "redirect_uri", OTHER_REDIRECT));

        assertEquals(302, response.status(), response::toString);
        Map<String, Object> journey = rows("SELECT * FROM authorization_journey WHERE id = ?",
                response.header("Location").split("/")[2]).get(0);
        assertEquals(REDIRECT, journey.get("redirect_uri"));
        assertEquals("pushed", journey.get("state"));
    }

    @Test
    void authorizeWhenRequestUriExpiredThenInvalidRequestUriRedirect() {
        String requestUri = pushValid(DEMO, REDIRECT, "late").str("request_uri");
        clock.advance(Duration.ofSeconds(61));

        assertErrorRedirect(REDIRECT, "invalid_request_uri", "late", authorizeWithRequestUri(DEMO.id(), requestUri));
    }

    @Test
    void authorizeWhenRequestUriOfAnotherClientThenErrorPage() {
        Program other = createConfidentialProgram();
        String requestUri = pushValid(DEMO, REDIRECT, "mine").str("request_uri");

        assertErrorPage("invalid_request_uri", authorizeWithRequestUri(other.client().id(), requestUri));
        // Nor did the attempt use it up: its own program still can.
        assertEquals(302, authorizeWithRequestUri(DEMO.id(), requestUri).status());
    }

    @Test
    void authorizeWhenRequestUriUnknownThenErrorPage() {
        assertErrorPage("invalid_request_uri",
                authorizeWithRequestUri(DEMO.id(), "urn:ietf:params:oauth:request_uri:nosuchrequest00000000000000000"));
    }

    @Test
    void authorizeWhenRequireParWithRequestUriThenJourney() {
        Program par = createProgram("confidential", List.of(REDIRECT), BANK_SCOPES, true);
        String requestUri = pushValid(par.client(), REDIRECT, "s").str("request_uri");

        Http.Response response = authorizeWithRequestUri(par.client().id(), requestUri);

        assertEquals(302, response.status(), response::toString);
        assertTrue(response.header("Location").startsWith("/consent/"), response.header("Location"));
    }

    @Test
    void parWhenPublicClientWithClientIdOnlyThenCreated() {
        Program pub = createProgram("public", List.of(REDIRECT), BANK_SCOPES, false);

        assertEquals(201, pushValid(pub.client(), REDIRECT, "s").status());
    }

    @Test
    void parWhenClientAuthenticationFailsThenInvalidClient() {
        assertInvalidClient(pushValid(new Client(DEMO.id(), "rnk_cs_wrongwrongwrongwrongwrongwrong000000"), REDIRECT, "s"));
        assertInvalidClient(pushValid(new Client("rnk_ci_nosuchprogram0000001", DEMO.secret()), REDIRECT, "s"));
        // A confidential program that sends no secret at all.
        assertInvalidClient(postForm("/oauth2/par", formHeaders(), "client_id", DEMO.id(), "response_type", "code",
                "redirect_uri", REDIRECT, "scope", "accounts:read", "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
    }

    @Test
    void parWhenRedirectUriUnregisteredOrMissingThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", pushValid(DEMO, "https://attacker.example/cb", "s"));
        assertOAuthError(400, "invalid_request", push(DEMO, "response_type", "code", "scope", "accounts:read",
                "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
    }

    @Test
    void parWhenScopeUnknownOrNotAllowedThenInvalidScope() {
        assertOAuthError(400, "invalid_scope", push(DEMO, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", "nope:read", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
        assertOAuthError(400, "invalid_scope", push(DEMO, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", "spots:read", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
    }

    @Test
    void parWhenPkceMissingOrPlainThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", push(DEMO, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", "accounts:read"));
        assertOAuthError(400, "invalid_request", push(DEMO, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", "accounts:read", "code_challenge", CHALLENGE, "code_challenge_method", "plain"));
    }

    @Test
    void parWhenResponseTypeNotCodeThenUnsupportedResponseType() {
        assertOAuthError(400, "unsupported_response_type", push(DEMO, "response_type", "token", "redirect_uri", REDIRECT,
                "scope", "accounts:read", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
    }
}
