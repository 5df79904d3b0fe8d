package dev.renkei.server.token;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class ApiTokenLifecycleIT extends IntegrationTest {

    @Test
    void pickupWhenPendingThenSecretOnceAndExpiryFromValidityCopiedAtIssue() {
        String admin = admin();
        assertEquals(200, http.put("/v1/system-parameters", admin,
                Map.of("api_token_validity_days", 30, "api_token_pickup_window_hours", 48)).status());
        String holderId = createAccount(uniqueLoginId("holder"), "holder-password-1");
        String loginId = http.get("/v1/accounts/" + holderId, admin).str("login_id");
        String tokenId = issueToken(holderId);
        // A later change of the parameter never alters an issued token.
        http.put("/v1/system-parameters", admin, Map.of("api_token_validity_days", 7, "api_token_pickup_window_hours", 48));

        String session = signIn(loginId, "holder-password-1");
        Http.Response listed = http.get("/v1/me/api-tokens", session);
        assertEquals("pending_pickup", listed.str("items/0/status"));
        assertEquals(30, ((Number) listed.at("items/0/validity_days")).intValue());

        Http.Response picked = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
        assertEquals(200, picked.status(), picked::toString);
        assertEquals("no-store", picked.header("Cache-Control"));
        String secret = picked.str("secret");
        assertTrue(secret.matches("rnk_pat_[0-9A-Za-z]{38}"), secret);
        Instant pickedUpAt = Instant.parse(picked.str("token/picked_up_at"));
        assertEquals(pickedUpAt.plus(Duration.ofDays(30)), Instant.parse(picked.str("token/expires_at")));
        assertEquals(secret.substring(secret.length() - 4), picked.str("token/last_four"));

        Http.Response me = http.get("/v1/me", secret);
        assertEquals(200, me.status(), me::toString);
        assertEquals("api_token", me.str("authenticated_by"));
        assertEquals(tokenId, me.str("api_token_id"));

        Http.Response again = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
        assertEquals(409, again.status());
        assertEquals("already-picked-up", again.problem());
        assertNull(again.at("secret"));

        Http.Response afterwards = http.get("/v1/me/api-tokens", session);
        assertEquals("active", afterwards.str("items/0/status"));
        assertNotNull(afterwards.str("items/0/expires_at"));
        assertTrue(!afterwards.body().contains(secret), "the secret is never shown again");
    }

    @Test
    void useWhenTokenExpiredThenUnauthorizedWithChallenge() {
        String loginId = uniqueLoginId("expiring");
        String holderId = createAccount(loginId, "holder-password-1");
        String tokenId = issueToken(holderId);
        String session = signIn(loginId, "holder-password-1");
        String secret = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null).str("secret");

        clock.advance(Duration.ofDays(91));
        Http.Response refused = http.get("/v1/me", secret);
        assertEquals(401, refused.status());
        assertEquals("invalid-token", refused.problem());
        assertTrue(refused.header("WWW-Authenticate").contains("error=\"invalid_token\""), refused.header("WWW-Authenticate"));
        assertTrue(refused.str("detail").contains("expired"), refused::toString);
        assertNotNull(refused.str("request_id"));
    }

    @Test
    void useWhenTokenRevokedThenUnauthorized() {
        String loginId = uniqueLoginId("revoked");
        String holderId = createAccount(loginId, "holder-password-1");
        String tokenId = issueToken(holderId);
        String session = signIn(loginId, "holder-password-1");
        String secret = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null).str("secret");
        assertEquals(200, http.get("/v1/me", secret).status());

        Http.Response revoked = http.post("/v1/api-tokens/" + tokenId + "/revoke", admin(), null);
        assertEquals("revoked", revoked.str("status"));
        assertEquals("revoked_by_admin", revoked.str("revocation_reason"));

        Http.Response refused = http.get("/v1/me", secret);
        assertEquals(401, refused.status());
        assertTrue(refused.str("detail").contains("revoked"), refused::toString);
    }

    @Test
    void useWhenRevokedByAnotherInstanceWhileInConstantUseThenRefusedWithinCacheLifetime() throws Exception {
        String loginId = uniqueLoginId("busy");
        String holderId = createAccount(loginId, "holder-password-1");
        String tokenId = issueToken(holderId);
        String secret = pickUp(signIn(loginId, "holder-password-1"), tokenId);
        assertEquals(200, http.get("/v1/me", secret).status());

        // Another instance revokes: the row changes, this instance's cache is not told.
        try (var connection = connectToDatabase();
             var statement = connection.prepareStatement("UPDATE api_token SET revoked_at = now() WHERE id = ?")) {
            statement.setObject(1, java.util.UUID.fromString(tokenId));
            assertEquals(1, statement.executeUpdate());
        }
        // A batch program keeps calling every few seconds: each hit must not extend the cached answer.
        clock.advance(Duration.ofSeconds(3));
        http.get("/v1/me", secret);
        clock.advance(Duration.ofSeconds(3));
        Http.Response refused = http.get("/v1/me", secret);
        assertEquals(401, refused.status(), refused::toString);
        assertTrue(refused.str("detail").contains("revoked"), refused::toString);
    }

    @Test
    void useWhenTokenNeverPickedUpOrForgedThenUnauthorized() {
        String forged = "rnk_pat_" + "A".repeat(32) + "000000";
        Http.Response refused = http.get("/v1/me", forged);
        assertEquals(401, refused.status());
        assertEquals("invalid-token", refused.problem());
        assertTrue(refused.str("detail").contains("malformed"), "a wrong checksum is caught before any lookup");
    }

    @Test
    void pickupWhenDeadlinePassedThenGone() {
        String loginId = uniqueLoginId("late");
        String holderId = createAccount(loginId, "holder-password-1");
        String tokenId = issueToken(holderId);
        String session = signIn(loginId, "holder-password-1");

        clock.advance(Duration.ofDays(8)); // default pickup window: 168 hours
        Http.Response late = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
        assertEquals(410, late.status());
        assertEquals("pickup-expired", late.problem());
        assertEquals("pickup_expired", http.get("/v1/me/api-tokens", session).str("items/0/status"));
    }

    @Test
    void pickupWhenTwentyRaceThenExactlyOneSecret() throws Exception {
        String loginId = uniqueLoginId("racer");
        String holderId = createAccount(loginId, "holder-password-1");
        String tokenId = issueToken(holderId);
        String session = signIn(loginId, "holder-password-1");

        int racers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Callable<Http.Response> pickup = () -> {
                start.await();
                return http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
            };
            results.add(pool.submit(pickup));
        }
        start.countDown();
        int secrets = 0;
        int conflicts = 0;
        for (Future<Http.Response> result : results) {
            Http.Response response = result.get();
            if (response.status() == 200) {
                secrets++;
            } else if (response.status() == 409) {
                conflicts++;
            }
        }
        pool.shutdown();
        assertEquals(1, secrets);
        assertEquals(racers - 1, conflicts);
    }

    @Test
    void bulkIssueWhenPendingTokenExistsThenSupersededAndActiveKept() {
        String loginId = uniqueLoginId("reissue");
        String holderId = createAccount(loginId, "holder-password-1");
        String session = signIn(loginId, "holder-password-1");
        String first = issueToken(holderId);
        String secret = http.post("/v1/me/api-tokens/" + first + "/pickup", session, null).str("secret");
        String pending = issueToken(holderId);

        Http.Response third = http.post("/v1/api-tokens/bulk-issue", admin(), Map.of("account_ids", List.of(holderId)));
        assertEquals(pending, third.str("results/0/superseded_token_id"));
        assertEquals("revoked", http.get("/v1/api-tokens/" + pending, admin()).str("status"));
        assertEquals("superseded", http.get("/v1/api-tokens/" + pending, admin()).str("revocation_reason"));
        assertEquals(200, http.get("/v1/me", secret).status(), "the active token keeps working");
    }

    @Test
    void bulkIssueWhenRetriedWithIdempotencyKeyThenNothingIssuedTwice() {
        String holderId = createAccount(uniqueLoginId("idem"), "holder-password-1");
        String admin = admin();
        Map<String, Object> body = Map.of("account_ids", List.of(holderId));
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + holderId);

        Http.Response first = http.post("/v1/api-tokens/bulk-issue", admin, body, key);
        Http.Response retry = http.post("/v1/api-tokens/bulk-issue", admin, body, key);
        assertEquals(200, retry.status());
        assertEquals(first.str("results/0/token_id"), retry.str("results/0/token_id"));
        assertEquals(1, http.get("/v1/api-tokens?account_id=" + holderId, admin).list("items").size());

        Http.Response reused = http.post("/v1/api-tokens/bulk-issue", admin,
                Map.of("account_ids", List.of(holderId, holderId)), key);
        assertEquals(422, reused.status());
        assertEquals("idempotency-key-reused", reused.problem());
    }

    @Test
    void bulkIssueWhenAccountsIneligibleThenSkippedWithReasons() {
        String admin = admin();
        String temp = createAccount(uniqueLoginId("temp"), "holder-password-1", "temporary_use_prohibited");
        String locked = createAccount(uniqueLoginId("locked"), "holder-password-1");
        http.post("/v1/accounts/" + locked + "/lock", admin, null);
        String deleted = createAccount(uniqueLoginId("gone"), "holder-password-1");
        http.delete("/v1/accounts/" + deleted, admin);
        String unknown = "01900000-0000-7000-8000-000000000000";
        String ok = createAccount(uniqueLoginId("ok"), "holder-password-1");

        Http.Response response = http.post("/v1/api-tokens/bulk-issue", admin,
                Map.of("account_ids", List.of(temp, locked, deleted, unknown, ok, ok)));
        assertEquals(200, response.status(), response::toString);
        assertEquals(List.of("temporary_use_prohibited", "account_locked", "account_deleted", "account_not_found"),
                List.of(response.str("results/0/reason"), response.str("results/1/reason"),
                        response.str("results/2/reason"), response.str("results/3/reason")));
        assertEquals("issued", response.str("results/4/outcome"));
        assertEquals("duplicate_in_request", response.str("results/5/reason"));
        assertEquals(1, ((Number) response.at("issued_count")).intValue());
        assertEquals(5, ((Number) response.at("skipped_count")).intValue());
    }
}
