package dev.renkei.client.pact;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.FormPostBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.renkei.client.AuthenticationException;
import dev.renkei.client.OAuthTokens;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.authorization.api.AuthorizationJourneyApi;
import dev.renkei.client.authorization.model.AuthorizationJourney;
import dev.renkei.client.authorization.model.JourneyDecision;
import dev.renkei.client.authorization.model.JourneyDecisionValue;
import dev.renkei.client.authorization.model.JourneyLogin;
import dev.renkei.client.authorization.model.JourneyOutcome;
import dev.renkei.client.authorization.model.JourneyStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.renkei.client.pact.PactClients.CONSUMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OAuth 2 token endpoint (RFC 6749 §4.1.3 and §6, errors §5.2) and the JSON journey API, as
 * the Java client calls them. The demo partner program's credentials are the same on every
 * Renkei installation with demo data, so they are literal here; codes, verifiers, refresh tokens,
 * journey IDs, CSRF tokens and cookies differ per run and come from the provider states.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "renkei-authorization", pactVersion = PactSpecVersion.V3)
class AuthorizationPactTest {

    static final String CLIENT_ID = "rnk_ci_demokakeibo000000001";
    static final String CLIENT_SECRET = "rnk_cs_DemoKakeiboSecret0000000000000010555zg";
    static final String REDIRECT = "http://localhost:8081/callback";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    private static final String CODE = "jbdT_g39DnSrqZfdu3nfKsJw_sB_p0NFtw0i6g2770I";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String REFRESH = "rnk_rt_2Gm7Xq0Wc5Tn8Lv3Bz6Kp1Rf9Hd4Js7E2yRPNp";
    private static final String JOURNEY = "jrn_0197c8e05b797a3cb1d2e3f4";
    private static final String CSRF = "csrf-example-0123456789";
    private static final String COOKIE = "renkei_journey=journey-session-example";

    private static PactDslJsonBody tokens() {
        return (PactDslJsonBody) new PactDslJsonBody()
                .stringMatcher("access_token", "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
                .stringValue("token_type", "Bearer")
                .integerType("expires_in", 600)
                .stringMatcher("refresh_token", "rnk_rt_[0-9A-Za-z]{38}", "rnk_rt_9Hd4Js7E2yRPNp2Gm7Xq0Wc5Tn8Lv3Bz6Kp1Rf")
                .stringType("scope", "accounts:read");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact codeExchange(PactDslWithProvider builder) {
        return builder.given("an authorization code was issued to the demo program")
                .uponReceiving("the code exchange of a confidential program")
                .method("POST").path("/oauth2/token")
                .matchHeader("Content-Type", "application/x-www-form-urlencoded.*", "application/x-www-form-urlencoded")
                .headers("Authorization", BASIC)
                .body(new FormPostBuilder()
                        .stringValue("grant_type", "authorization_code")
                        .stringMatcher("code", "[A-Za-z0-9_-]{20,128}", CODE)
                        .stringValue("redirect_uri", REDIRECT)
                        .stringMatcher("code_verifier", "[A-Za-z0-9._~-]{43,128}", VERIFIER))
                .willRespondWith()
                .status(200)
                .matchHeader("Cache-Control", ".*no-store.*", "no-store")
                .body(tokens())
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact refresh(PactDslWithProvider builder) {
        return builder.given("a consent with a valid refresh token exists")
                .uponReceiving("a refresh of the tokens of a consent")
                .method("POST").path("/oauth2/token")
                .matchHeader("Content-Type", "application/x-www-form-urlencoded.*", "application/x-www-form-urlencoded")
                .headers("Authorization", BASIC)
                .body(new FormPostBuilder()
                        .stringValue("grant_type", "refresh_token")
                        .stringMatcher("refresh_token", "rnk_rt_[0-9A-Za-z]{38}", REFRESH))
                .willRespondWith()
                .status(200)
                .matchHeader("Cache-Control", ".*no-store.*", "no-store")
                .body(tokens())
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact refreshWithUnknownToken(PactDslWithProvider builder) {
        return builder.given("no consent holds this refresh token")
                .uponReceiving("a refresh with a refresh token that does not work")
                .method("POST").path("/oauth2/token")
                .matchHeader("Content-Type", "application/x-www-form-urlencoded.*", "application/x-www-form-urlencoded")
                .headers("Authorization", BASIC)
                .body(new FormPostBuilder()
                        .stringValue("grant_type", "refresh_token")
                        .stringValue("refresh_token", "rnk_rt_" + "0".repeat(32) + "000000"))
                .willRespondWith()
                .status(400)
                .body(new PactDslJsonBody()
                        .stringValue("error", "invalid_grant")
                        .stringType("error_description", "The refresh token is not valid."))
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact journeySteps(PactDslWithProvider builder) {
        String path = "/v1/authorization-journeys/${journeyId}";
        String example = "/v1/authorization-journeys/" + JOURNEY;
        return builder.given("a journey for the demo program is at its login step")
                .uponReceiving("the journey page reads its journey")
                .method("GET")
                .pathFromProviderState(path, example)
                .willRespondWith()
                .status(200)
                .matchHeader("Cache-Control", ".*no-store.*", "no-store")
                .body(new PactDslJsonBody()
                        .stringType("id", JOURNEY)
                        .stringValue("step", "login")
                        .stringType("csrf_token", CSRF)
                        .minArrayLike("requested_scopes", 1, PactDslJsonRootValue.stringType("accounts:read"), 1)
                        .stringMatcher("expires_at", PactClients.RFC3339, "2026-12-06T10:10:00Z"))
                .given("a journey for the demo program is at its login step")
                .uponReceiving("the customer logs in to the journey")
                .method("POST")
                .pathFromProviderState(path + "/login", example + "/login")
                .headerFromProviderState("X-CSRF-Token", "${csrfToken}", CSRF)
                .body(new PactDslJsonBody().stringValue("login_id", "shikuan01").stringValue("password", "renkei-demo-2026"))
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .willRespondWith()
                .status(200)
                .matchHeader("Set-Cookie", "(.*, )?renkei_journey=.+", COOKIE + "; Path=/; HttpOnly")
                .body(new PactDslJsonBody()
                        .stringMatcher("step", "select_services|register_pins|consent", "consent")
                        .stringType("csrf_token", CSRF + "-2"))
                .given("a logged-in journey for the demo program is at its consent step")
                .uponReceiving("the customer permits the program")
                .method("POST")
                .pathFromProviderState(path + "/decision", example + "/decision")
                .headerFromProviderState("X-CSRF-Token", "${csrfToken}", CSRF)
                .headerFromProviderState("Cookie", "${cookie}", COOKIE)
                .body(new PactDslJsonBody().stringValue("decision", "permit"))
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .willRespondWith()
                .status(200)
                .body(new PactDslJsonBody()
                        .stringMatcher("redirect_to", "http://localhost:8081/callback\\?code=[A-Za-z0-9_-]+.*",
                                REDIRECT + "?code=" + CODE + "&iss=http%3A%2F%2Flocalhost%3A8080"))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "codeExchange")
    void codeExchangeGivesRotatableTokens(MockServer mockServer) {
        OAuthTokens tokens = RenkeiClient.exchangeAuthorizationCode(URI.create(mockServer.getUrl()), CLIENT_ID, CLIENT_SECRET,
                CODE, REDIRECT, VERIFIER);

        assertTrue(tokens.refreshToken().startsWith("rnk_rt_"));
        assertEquals("accounts:read", tokens.scope());
    }

    @Test
    @PactTestFor(pactMethod = "refresh")
    void refreshRotatesAndTellsTheListener(MockServer mockServer) {
        List<OAuthTokens> persisted = new ArrayList<>();
        RenkeiClient client = RenkeiClient.builder().baseUrl(URI.create(mockServer.getUrl()))
                .oauth(CLIENT_ID, CLIENT_SECRET, "eyJ.old.token", REFRESH, persisted::add).build();

        OAuthTokens renewed = client.refreshOAuthTokens();

        assertNotEquals(REFRESH, renewed.refreshToken());
        assertEquals(List.of(renewed), persisted);
    }

    @Test
    @PactTestFor(pactMethod = "refreshWithUnknownToken")
    void refreshWithADeadTokenIsAnAuthenticationException(MockServer mockServer) {
        RenkeiClient client = RenkeiClient.builder().baseUrl(URI.create(mockServer.getUrl()))
                .oauth(CLIENT_ID, CLIENT_SECRET, "eyJ.old.token", "rnk_rt_" + "0".repeat(32) + "000000", null).build();

        AuthenticationException e = assertThrows(AuthenticationException.class, client::refreshOAuthTokens);

        assertEquals(400, e.status());
        assertEquals("invalid_grant", e.type());
    }

    @Test
    @PactTestFor(pactMethod = "journeySteps")
    void journeyFromLoginToPermit(MockServer mockServer) {
        RenkeiClient client = PactClients.facade(mockServer, null);
        AuthorizationJourneyApi journeys = client.api(AuthorizationJourneyApi.class);

        AuthorizationJourney journey = client.call(() -> journeys.getAuthorizationJourney(JOURNEY));
        assertEquals(JourneyStep.LOGIN, journey.getStep());
        AuthorizationJourney next = client.call(() -> journeys.logInToJourney(JOURNEY, journey.getCsrfToken(),
                new JourneyLogin().loginId("shikuan01").password("renkei-demo-2026")));
        assertEquals(JourneyStep.CONSENT, next.getStep());
        JourneyOutcome outcome = client.call(() -> journeys.decideAuthorizationJourney(JOURNEY, CSRF,
                new JourneyDecision().decision(JourneyDecisionValue.PERMIT), Map.of("Cookie", COOKIE)));

        assertTrue(outcome.getRedirectTo().toString().startsWith(REDIRECT + "?code="), outcome::toString);
    }
}
