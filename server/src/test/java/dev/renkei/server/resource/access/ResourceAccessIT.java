package dev.renkei.server.resource.access;

import dev.renkei.server.oauth.OAuthIntegrationTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Resource API's rules for every call, through HTTP with real OAuth access tokens and static
 * tokens: who may call, which scope each operation needs, and the published limits (5 calls per
 * second per token, the daily quota per program) with their headers.
 */
@MicronautTest(transactional = false)
class ResourceAccessIT extends OAuthIntegrationTest {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final String SPOTS = "/v1/resources/spots";

    /** A partner program an administrator registered with these scopes and quota. */
    private Client program(List<String> scopes, int dailyQuota) {
        Http.Response created = http.post("/v1/partner-programs", admin(), Map.of("name", "Field app", "company_name",
                "Test KK", "client_type", "confidential", "redirect_uris", List.of(REDIRECT), "allowed_scopes", scopes,
                "daily_quota", dailyQuota));
        assertEquals(201, created.status(), created::toString);
        return new Client(created.str("program/client_id"), created.str("client_secret"));
    }

    private String accessToken(Client client, List<String> scopes) {
        return tokensFor(client, permit(client, scopes, REDIRECT)).accessToken();
    }

    private String accessToken(List<String> scopes) {
        return accessToken(program(scopes, 100_000), scopes);
    }

    @Test
    void listSpotsWhenAccessTokenHasSpotsReadThenOkWithRateLimitFields() {
        Http.Response response = http.get(SPOTS + "?limit=5", accessToken(List.of("spots:read")));
        assertEquals(200, response.status(), response::toString);
        assertEquals(5, response.list("items").size());
        assertEquals("\"burst\";q=5;w=1, \"daily\";q=100000;w=86400", response.header("RateLimit-Policy"));
        assertEquals("\"burst\";r=4;t=1", response.header("RateLimit"));
    }

    @Test
    void createSpotWhenAccessTokenHasOnlySpotsReadThenInsufficientScope() {
        Http.Response response = http.post(SPOTS, accessToken(List.of("spots:read")), Map.of("name", "新規スポット"));
        assertEquals(403, response.status(), response::toString);
        assertEquals("https://renkei.dev/problems/insufficient-scope", response.str("type"));
        assertTrue(response.header("WWW-Authenticate").contains("error=\"insufficient_scope\", scope=\"spots:write\""));
        assertNotNull(response.header("RateLimit"), "errors carry the limits too");
        assertEquals(0, rows("SELECT 1 FROM rs_spot WHERE name = '新規スポット'").size(), "nothing was created");
    }

    @Test
    void callWhenSixthWithinOneSecondThenTooManyRequestsUntilTheWindowEnds() {
        String token = accessToken(List.of("spots:read"));
        clock.freeze();
        for (int call = 1; call <= 5; call++) {
            Http.Response ok = http.get(SPOTS + "?limit=1", token);
            assertEquals(200, ok.status(), ok::toString);
            assertEquals("\"burst\";r=" + (5 - call) + ";t=1", ok.header("RateLimit"));
        }
        Http.Response refused = http.get(SPOTS + "?limit=1", token);
        assertEquals(429, refused.status(), refused::toString);
        assertEquals("https://renkei.dev/problems/quota-exceeded", refused.str("type"));
        assertEquals("1", refused.header("Retry-After"));
        assertEquals("\"burst\";r=0;t=1", refused.header("RateLimit"));
        assertEquals("\"burst\";q=5;w=1, \"daily\";q=100000;w=86400", refused.header("RateLimit-Policy"));
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));

        String otherToken = accessToken(List.of("spots:read"));
        assertEquals(200, http.get(SPOTS + "?limit=1", otherToken).status(), "the limit is per token");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, http.get(SPOTS + "?limit=1", token).status(), "a new second, five new calls");
    }

    @Test
    void callWhenDailyQuotaUsedUpThenTooManyRequestsUntilMidnightJapanTime() {
        Client client = program(List.of("spots:read"), 3);
        ZonedDateTime evening = LocalDate.now(JST).plusDays(1).atTime(23, 55).atZone(JST);
        clock.freezeAt(evening.toInstant());
        String token = accessToken(client, List.of("spots:read"));
        for (int call = 1; call <= 3; call++) {
            Http.Response ok = http.get(SPOTS + "?limit=1", token);
            assertEquals(200, ok.status(), ok::toString);
            assertTrue(ok.header("RateLimit-Policy").contains("\"daily\";q=3;w=86400"), ok::toString);
        }
        assertEquals("\"daily\";r=0;t=300", http.get(SPOTS + "?limit=1", token).header("RateLimit"),
                "a call refused by the quota reports the daily policy");
        clock.advance(Duration.ofSeconds(2));
        Http.Response refused = http.get(SPOTS + "?limit=1", token);
        assertEquals(429, refused.status(), refused::toString);
        assertEquals("298", refused.header("Retry-After"), "until 00:00 JST");
        assertTrue(refused.str("detail").contains("daily quota of 3 calls"), refused::toString);

        String sameProgramOtherToken = tokensFor(client, permit(client, List.of("spots:read"), REDIRECT)).accessToken();
        assertEquals(429, http.get(SPOTS + "?limit=1", sameProgramOtherToken).status(), "the quota is per program");

        clock.advance(Duration.ofSeconds(298));
        assertEquals(200, http.get(SPOTS + "?limit=1", sameProgramOtherToken).status(), "a new day in Japan");
    }

    @Test
    void callWhenRefusedByQuotaThenItDoesNotCountAgainstTheBurst() {
        Client client = program(List.of("spots:read"), 1);
        String token = accessToken(client, List.of("spots:read"));
        clock.freeze();
        assertEquals(200, http.get(SPOTS + "?limit=1", token).status());
        for (int call = 0; call < 6; call++) {
            Http.Response refused = http.get(SPOTS + "?limit=1", token);
            assertEquals(429, refused.status());
            assertTrue(refused.header("RateLimit").startsWith("\"daily\";r=0"), refused::toString);
        }
    }

    @Test
    void callWhenConsentRevokedThenAccessTokenRefused() {
        Client client = program(List.of("spots:read"), 100_000);
        Grant grant = permit(client, List.of("spots:read"), REDIRECT);
        String token = tokensFor(client, grant).accessToken();
        assertEquals(200, http.get(SPOTS + "?limit=1", token).status());
        fixtures.revokeConsent(grant.consentId());
        Http.Response refused = http.get(SPOTS + "?limit=1", token);
        assertEquals(401, refused.status(), refused::toString);
        assertTrue(refused.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void callWhenSessionTokenThenRefusedAndAccessTokenNotAcceptedOutsideResources() {
        Http.Response session = http.get(SPOTS, admin());
        assertEquals(401, session.status(), session::toString);
        assertEquals("https://renkei.dev/problems/invalid-token", session.str("type"));

        Http.Response admin = http.get("/v1/me", accessToken(List.of("spots:read")));
        assertEquals(401, admin.status(), "an access token is no way into the administration API");
    }

    @Test
    void callWhenStaticTokenOfAuditorThenReadsButNeverWrites() {
        String loginId = uniqueLoginId("audit");
        String accountId = createAccount(loginId, "auditor-password-1", "auditor");
        String token = pickUp(signIn(loginId, "auditor-password-1"), issueToken(accountId));
        Http.Response read = http.get(SPOTS + "?limit=1", token);
        assertEquals(200, read.status(), read::toString);
        assertTrue(read.header("RateLimit-Policy").contains("\"daily\";q=100000"));
        Http.Response write = http.post(SPOTS, token, Map.of("name", "監査者のスポット"));
        assertEquals(403, write.status(), write::toString);
        assertEquals("https://renkei.dev/problems/insufficient-scope", write.str("type"));
    }

    @Test
    void bankInquiryWhenStaticTokenThenInsufficientScope() {
        String loginId = uniqueLoginId("batch");
        String accountId = createAccount(loginId, "batch-password-2026");
        String token = pickUp(signIn(loginId, "batch-password-2026"), issueToken(accountId));
        Http.Response response = http.get("/v1/resources/bank/accounts", token);
        assertEquals(403, response.status(), response::toString);
        assertTrue(response.header("WWW-Authenticate").contains("scope=\"accounts:read\""));
    }

    @Test
    void callWhenNoTokenThenUnauthorizedWithoutLimits() {
        Http.Response response = http.get(SPOTS, null);
        assertEquals(401, response.status());
        assertEquals("https://renkei.dev/problems/authentication-required", response.str("type"));
        assertNull(response.header("RateLimit"), "no token, nothing to count against");
    }

    @Test
    void callWhenSchemeInAnotherCaseOrCookiesSentThenSameCaller() {
        String token = accessToken(List.of("spots:read"));
        clock.freeze();
        assertEquals(200, http.get(SPOTS + "?limit=1", token).status(), "warms the credential caches");

        // RFC 9110 §11.1: the scheme is case-insensitive.
        Http.Response lowercase = http.send("GET", SPOTS + "?limit=1", null, null, Map.of("Authorization", "bearer " + token));
        assertEquals(200, lowercase.status(), lowercase::toString);
        assertEquals("\"burst\";r=3;t=1", lowercase.header("RateLimit"), "counted against the same token");

        Http.Response withCookie = http.send("GET", SPOTS + "?limit=1", token, null, Map.of("Cookie", "theme=dark"));
        assertEquals(200, withCookie.status(), withCookie::toString);
        assertEquals("\"burst\";r=2;t=1", withCookie.header("RateLimit"));

        Http.Response emptyToken = http.send("GET", SPOTS, null, null, Map.of("Authorization", "Bearer "));
        assertEquals(401, emptyToken.status(), emptyToken::toString);
    }

    @Test
    void callWhenApiRootWithoutTokenThenUnauthorized() {
        Http.Response response = http.get("/v1/resources", null);
        assertEquals(401, response.status(), response::toString);
        assertEquals("https://renkei.dev/problems/authentication-required", response.str("type"));
    }

    @Test
    void callWhenOtherMediaTypesThen406And415() {
        String token = accessToken(List.of("spots:read", "spots:write"));
        Http.Response csv = http.send("GET", SPOTS, token, null, Map.of("Accept", "text/csv"));
        assertEquals(406, csv.status(), csv::toString);
        assertEquals("https://renkei.dev/problems/not-acceptable", csv.str("type"));
        Http.Response text = http.send("POST", SPOTS, token, "name=x", Map.of("Content-Type", "text/plain"));
        assertEquals(415, text.status(), text::toString);
        assertEquals("https://renkei.dev/problems/unsupported-media-type", text.str("type"));
    }

    @Test
    void listWhenLimitAbove200ThenValidationFailed() {
        Http.Response response = http.get(SPOTS + "?limit=201", accessToken(List.of("spots:read")));
        assertEquals(400, response.status(), response::toString);
        assertEquals("https://renkei.dev/problems/validation-failed", response.str("type"));
    }
}
