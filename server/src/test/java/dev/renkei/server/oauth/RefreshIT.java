package dev.renkei.server.oauth;

import com.nimbusds.jwt.SignedJWT;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refresh_token grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2),
 * including the contract's 10-second grace window.
 */
@MicronautTest(transactional = false)
class RefreshIT extends OAuthIntegrationTest {

    @Test
    void refreshWhenValidThenNewTokensAndPresentedOneRefused() {
        Tokens first = demoTokens();

        Tokens second = tokens(refresh(DEMO, first.refreshToken()));

        assertEquals("no-store", second.response().header("Cache-Control"));
        assertEquals("no-cache", second.response().header("Pragma"));
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertNotEquals(first.accessToken(), second.accessToken());
        assertEquals("accounts:read transactions:read", second.scope());
        assertTrue(active(DEMO, second.accessToken()));
        assertTrue(active(DEMO, second.refreshToken()));
        assertFalse(active(DEMO, first.refreshToken()), "a rotated refresh token is no longer active");

        Tokens third = tokens(refresh(DEMO, second.refreshToken()));
        assertNotEquals(second.refreshToken(), third.refreshToken());
        assertTrue(active(DEMO, third.refreshToken()));
    }

    @Test
    void refreshWhenRotatedTokenReusedWithinGraceThenInvalidGrantAndFamilySurvives() {
        Tokens first = demoTokens();
        Tokens second = tokens(refresh(DEMO, first.refreshToken()));
        clock.advance(Duration.ofSeconds(5));

        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));

        assertTrue(active(DEMO, second.accessToken()));
        assertTrue(active(DEMO, second.refreshToken()));
        assertEquals(200, refresh(DEMO, second.refreshToken()).status(), "the newest refresh token still works");
    }

    @Test
    void refreshWhenRotatedTokenReusedAfterGraceThenWholeFamilyRevokedAndAudited() {
        Tokens first = demoTokens();
        Tokens second = tokens(refresh(DEMO, first.refreshToken()));
        clock.advance(Duration.ofSeconds(11));

        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));

        assertFalse(active(DEMO, second.refreshToken()), "the newest refresh token dies with its family");
        assertFalse(active(DEMO, second.accessToken()), "so do the family's access tokens");
        assertFalse(active(DEMO, first.accessToken()));
        assertOAuthError(400, "invalid_grant", refresh(DEMO, second.refreshToken()));

        String consentId = claim(first.accessToken(), "consent_id");
        Http.Response events = http.get("/v1/audit-events?action=refresh_token_reuse_detected&target_id=" + consentId, admin());
        assertEquals(200, events.status(), events::toString);
        assertEquals(1, events.list("items").size(), events::toString);
        // The consent itself stays: only the program must authorize again.
        assertEquals(null, rows("SELECT revoked_at FROM consent WHERE id = ?::uuid", consentId).get(0).get("revoked_at"));
    }

    @Test
    void refreshWhenOlderRotatedTokenReusedWithinGraceThenFamilyRevoked() {
        // The grace covers only the token replaced by the family's latest refresh.
        Tokens first = demoTokens();
        Tokens second = tokens(refresh(DEMO, first.refreshToken()));
        Tokens third = tokens(refresh(DEMO, second.refreshToken()));

        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));

        assertFalse(active(DEMO, third.refreshToken()));
        assertFalse(active(DEMO, third.accessToken()));
    }

    @Test
    void refreshWhenReuseDetectedThenOtherFamiliesOfSameConsentProgramUntouched() {
        Tokens unrelated = demoTokensOf("user1");
        Tokens first = demoTokens();
        refresh(DEMO, first.refreshToken());
        clock.advance(Duration.ofSeconds(11));

        refresh(DEMO, first.refreshToken());

        assertTrue(active(DEMO, unrelated.accessToken()));
        assertEquals(200, refresh(DEMO, unrelated.refreshToken()).status());
    }

    @Test
    void refreshWhenTwentyConcurrentWithOneTokenThenExactlyOneSucceedsAndItsTokensWork() throws Exception {
        Tokens first = demoTokens();
        int parallel = 20;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                Callable<Http.Response> call = () -> {
                    start.await();
                    return refresh(DEMO, first.refreshToken());
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get());
            }

            List<Http.Response> winners = responses.stream().filter(r -> r.status() == 200).toList();
            assertEquals(1, winners.size(), () -> "statuses: " + responses.stream().map(Http.Response::status).toList());
            for (Http.Response response : responses) {
                if (response.status() != 200) {
                    assertOAuthError(400, "invalid_grant", response);
                }
            }
            Tokens winner = tokens(winners.get(0));
            assertTrue(active(DEMO, winner.accessToken()), "the losers were within the grace: the family survives");
            assertTrue(active(DEMO, winner.refreshToken()));
            assertEquals(200, refresh(DEMO, winner.refreshToken()).status());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refreshWhenScopeNarrowedThenAccessTokenNarrowedAndGrantKept() throws Exception {
        Tokens first = demoTokens();

        Tokens narrowed = tokens(refresh(DEMO, first.refreshToken(), "accounts:read"));

        assertEquals("accounts:read", narrowed.scope());
        assertEquals("accounts:read", claim(narrowed.accessToken(), "scope"));
        // RFC 6749 §6: the new refresh token keeps the scope of the grant; omitted scope = all granted.
        Tokens full = tokens(refresh(DEMO, narrowed.refreshToken()));
        assertEquals("accounts:read transactions:read", full.scope());
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScopeAndTokenKept() {
        Program program = createProgram("confidential", List.of(REDIRECT), List.of("accounts:read", "transactions:read",
                "spots:read"), false);
        Tokens first = tokensFor(program.client(), permit(program.client(), List.of("accounts:read"), REDIRECT));

        assertOAuthError(400, "invalid_scope", refresh(program.client(), first.refreshToken(), "accounts:read spots:read"));
        assertOAuthError(400, "invalid_scope", refresh(program.client(), first.refreshToken(), "nope:read"));

        assertEquals(200, refresh(program.client(), first.refreshToken()).status(), "a refused request rotates nothing");
    }

    @Test
    void refreshWhenScopeNoLongerAllowedThenDropped() {
        Program program = createConfidentialProgram();
        Tokens first = tokensFor(program.client(), permit(program.client()));
        assertEquals(200, http.patch("/v1/partner-programs/" + program.programId(), admin(),
                Map.of("allowed_scopes", List.of("accounts:read"))).status());

        Tokens second = tokens(refresh(program.client(), first.refreshToken()));

        assertEquals("accounts:read", second.scope());
    }

    @Test
    void refreshWhenConsentRevokedThenInvalidGrant() {
        Tokens first = demoTokens();
        fixtures.revokeConsent(UUID.fromString(claim(first.accessToken(), "consent_id")));

        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));
        assertFalse(active(DEMO, first.accessToken()));
        assertFalse(active(DEMO, first.refreshToken()));
    }

    @Test
    void refreshWhenTokenOfAnotherClientThenInvalidGrantAndTokenKept() {
        Program other = createConfidentialProgram();
        Tokens first = demoTokens();

        assertOAuthError(400, "invalid_grant", refresh(other.client(), first.refreshToken()));

        assertEquals(200, refresh(DEMO, first.refreshToken()).status());
    }

    @Test
    void refreshWhenUnknownOrMalformedTokenThenInvalidGrant() {
        assertOAuthError(400, "invalid_grant", refresh(DEMO, "rnk_rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000"));
        assertOAuthError(400, "invalid_grant", refresh(DEMO, "not-a-refresh-token"));
    }

    @Test
    void refreshWhenAccessTokenPresentedThenInvalidRequest() {
        // A JWT breaks the contract's 128-character limit of refresh_token: malformed, not merely unknown.
        assertOAuthError(400, "invalid_request", refresh(DEMO, demoTokens().accessToken()));
    }

    @Test
    void refreshWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "refresh_token"));
    }

    @Test
    void refreshWhenRefreshTokenExpiredThenInvalidGrant() {
        Tokens first = demoTokens();
        clock.advance(Duration.ofDays(30).plusSeconds(1));

        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));
    }

    private static String claim(String jwt, String name) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim(name);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
