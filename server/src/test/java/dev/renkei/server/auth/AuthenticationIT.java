package dev.renkei.server.auth;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in, lockout, session validity and the mailed password reset of seed 000's accounts. */
@MicronautTest(transactional = false)
class AuthenticationIT extends IntegrationTest {

    private static final String HOLDER_PASSWORD = "holder-password-1";

    private Http.Response signInRaw(String loginId, String password) {
        return http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", password));
    }

    @Test
    void signInWhenCredentialsRightThenSessionTokenThatWorksOnMe() {
        Http.Response response = signInRaw("admin1", PASSWORD);

        assertEquals(200, response.status(), response::toString);
        assertEquals("no-store", response.header("Cache-Control"));
        assertNotNull(response.header("X-Request-Id"));
        assertEquals("Bearer", response.str("token_type"));
        assertEquals(900, ((Number) response.at("expires_in")).intValue());
        assertEquals("admin1", response.str("account/login_id"));
        assertEquals(List.of("system_admin"), response.list("account/flags"));
        assertFalse(response.body().contains(PASSWORD));

        Http.Response me = http.get("/v1/me", response.str("access_token"));
        assertEquals(200, me.status(), me::toString);
        assertEquals("session", me.str("authenticated_by"));
        assertEquals(response.str("account/id"), me.str("account/id"));
        assertEquals(List.of("system_admin"), me.list("account/flags"));
        assertEquals(null, me.at("api_token_id"));
    }

    @Test
    void signInWhenLoginUnknownOrPasswordWrongThenSameInvalidCredentials() {
        Http.Response unknown = signInRaw("nobody-" + System.nanoTime(), PASSWORD);
        Http.Response wrong = signInRaw("user2", "not-the-password");

        for (Http.Response response : List.of(unknown, wrong)) {
            assertEquals(401, response.status(), response::toString);
            assertEquals("invalid-credentials", response.problem());
            assertNotNull(response.header("WWW-Authenticate"), "RFC 9110: every 401 carries a challenge");
            assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response.header("WWW-Authenticate"));
            assertNotNull(response.header("X-Request-Id"));
        }
        assertEquals(unknown.str("detail"), wrong.str("detail"), "the answer does not tell which of the two was wrong");
    }

    @Test
    void signInWhenFiveConsecutiveFailuresThenLockedEvenWithRightPassword() {
        String loginId = uniqueLoginId("lockout");
        String accountId = createAccount(loginId, HOLDER_PASSWORD);
        // Four failures, then a success: the count starts again.
        for (int i = 0; i < 4; i++) {
            assertEquals(401, signInRaw(loginId, "wrong-" + i).status());
        }
        signIn(loginId, HOLDER_PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertEquals(401, signInRaw(loginId, "wrong-again-" + i).status());
        }
        assertEquals(200, signInRaw(loginId, HOLDER_PASSWORD).status(), "4 failures after a success do not lock");

        for (int i = 0; i < 5; i++) {
            Http.Response failure = signInRaw(loginId, "wrong-" + i);
            assertEquals(401, failure.status());
            assertEquals("invalid-credentials", failure.problem());
        }
        Http.Response locked = signInRaw(loginId, HOLDER_PASSWORD);
        assertEquals(403, locked.status(), locked::toString);
        assertEquals("account-locked", locked.problem());

        String admin = admin();
        Http.Response account = http.get("/v1/accounts/" + accountId, admin);
        assertEquals(true, account.at("locked"));
        assertNotNull(account.str("locked_at"));
        Http.Response events = http.get("/v1/audit-events?action=account_locked&target_id=" + accountId, admin);
        assertEquals(1, events.list("items").size(), events::toString);
        assertEquals(null, events.at("items/0/actor_id"), "an automatic lock has no actor");
        Http.Response failures = http.get("/v1/audit-events?action=sign_in_failed&target_id=" + accountId + "&limit=200", admin);
        assertEquals(4 + 4 + 5, failures.list("items").size(), "every failed attempt is audited");

        assertEquals(200, http.post("/v1/accounts/" + accountId + "/unlock", admin, null).status());
        assertEquals(200, signInRaw(loginId, HOLDER_PASSWORD).status(), "unlocking lets the holder in again");
    }

    @Test
    void signInWhenTemporaryUseProhibitedThenSignInProhibited() {
        Http.Response response = signInRaw("tempuser1", PASSWORD);
        assertEquals(403, response.status(), response::toString);
        assertEquals("sign-in-prohibited", response.problem());
        assertNotNull(response.header("X-Request-Id"));

        Http.Response wrongPassword = signInRaw("tempuser1", "not-the-password");
        assertEquals(401, wrongPassword.status(), "a wrong password never reveals the account's state");
    }

    @Test
    void signInWhenGeneralUseProhibitedThenOnlyOwnEndpoints() {
        String session = signIn("user1", PASSWORD);

        Http.Response me = http.get("/v1/me", session);
        assertEquals(200, me.status(), me::toString);
        assertEquals(List.of("general_use_prohibited"), me.list("account/flags"));
        assertEquals(200, http.get("/v1/me/api-tokens", session).status());

        Http.Response accounts = http.get("/v1/accounts", session);
        assertEquals(403, accounts.status(), accounts::toString);
        assertEquals("forbidden", accounts.problem());
        assertEquals(403, http.get("/v1/audit-events", session).status());
    }

    @Test
    void requestWhenJwtUnsignedWithAlgNoneThenInvalidToken() {
        String real = signIn("user2", PASSWORD);
        String[] parts = real.split("\\.");
        // Same claims, but the header says "none" and the signature is gone: the classic forgery.
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String forged = header + "." + parts[1] + ".";

        Http.Response response = http.get("/v1/me", forged);
        assertEquals(401, response.status(), response::toString);
        assertEquals("invalid-token", response.problem());
        assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""), response.header("WWW-Authenticate"));

        // A payload raised to system administrator under the real signature fails too.
        String original = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String payload = original.replaceFirst("\"roles\":\\[[^]]*]", "\"roles\":[\"system_admin\"]");
        assertFalse(payload.equals(original), original);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        Http.Response elevated = http.get("/v1/accounts", tampered);
        assertEquals(401, elevated.status(), elevated::toString);
        assertEquals("invalid-token", elevated.problem());
    }

    @Test
    void requestWhenNoOrGarbageTokenThenUnauthorizedWithChallenge() {
        Http.Response none = http.get("/v1/me", null);
        assertEquals(401, none.status());
        assertEquals("authentication-required", none.problem());
        assertEquals("Bearer realm=\"renkei\"", none.header("WWW-Authenticate"));
        assertNotNull(none.header("X-Request-Id"));

        Http.Response garbage = http.get("/v1/me", "not-a-token");
        assertEquals(401, garbage.status());
        assertEquals("invalid-token", garbage.problem());
        assertTrue(garbage.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void requestWhenSessionAccountLockedOrDeletedAfterSignInThenInvalidToken() {
        String lockedLogin = uniqueLoginId("laterlocked");
        String lockedId = createAccount(lockedLogin, HOLDER_PASSWORD);
        String deletedLogin = uniqueLoginId("laterdeleted");
        String deletedId = createAccount(deletedLogin, HOLDER_PASSWORD);
        String lockedSession = signIn(lockedLogin, HOLDER_PASSWORD);
        String deletedSession = signIn(deletedLogin, HOLDER_PASSWORD);
        assertEquals(200, http.get("/v1/me", lockedSession).status());
        assertEquals(200, http.get("/v1/me", deletedSession).status());

        String admin = admin();
        assertEquals(200, http.post("/v1/accounts/" + lockedId + "/lock", admin, null).status());
        assertEquals(204, http.delete("/v1/accounts/" + deletedId, admin).status());

        for (String session : List.of(lockedSession, deletedSession)) {
            Http.Response refused = http.get("/v1/me/api-tokens", session);
            assertEquals(401, refused.status(), refused::toString);
            assertEquals("invalid-token", refused.problem());
            assertTrue(refused.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        }
        Http.Response deletedSignIn = signInRaw(deletedLogin, HOLDER_PASSWORD);
        assertEquals(401, deletedSignIn.status(), "a deleted account answers like an unknown one");
        assertEquals("invalid-credentials", deletedSignIn.problem());
    }

    @Test
    void passwordResetWhenLinkUsedThenNewPasswordWorksAndOldDoesNot() {
        String loginId = uniqueLoginId("reset");
        String accountId = createAccount(loginId, HOLDER_PASSWORD);
        String mail = loginId + "@example.com";
        Http.Response reset = http.post("/v1/accounts/bulk-password-reset", admin(), Map.of("account_ids", List.of(accountId)));
        assertEquals("reset_mailed", reset.str("results/0/outcome"), reset::toString);

        String resetToken = resetTokenMailedTo(mail);
        assertEquals(401, signInRaw(loginId, HOLDER_PASSWORD).status(), "the old password stops working at once");

        String newPassword = "brand-new-password-2026";
        Http.Response completed = http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", resetToken, "new_password", newPassword));
        assertEquals(204, completed.status(), completed::toString);
        assertNotNull(completed.header("X-Request-Id"));

        assertEquals(200, signInRaw(loginId, newPassword).status());
        assertEquals(401, signInRaw(loginId, HOLDER_PASSWORD).status());

        Http.Response reused = http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", resetToken, "new_password", "yet-another-password"));
        assertEquals(410, reused.status(), reused::toString);
        assertEquals("reset-link-invalid", reused.problem());
        assertEquals(200, signInRaw(loginId, newPassword).status(), "a refused reuse changes nothing");
    }

    @Test
    void passwordResetWhenLinkExpiredUnknownOrMalformedThenGone() {
        String loginId = uniqueLoginId("expiredlink");
        String accountId = createAccount(loginId, HOLDER_PASSWORD);
        http.post("/v1/accounts/bulk-password-reset", admin(), Map.of("account_ids", List.of(accountId)));
        String resetToken = resetTokenMailedTo(loginId + "@example.com");

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Map<String, String> expired = Map.of("reset_token", resetToken, "new_password", "too-late-password");
        Map<String, String> unknown = Map.of("reset_token", "rnk_pwr_" + "A".repeat(32) + "000000", "new_password", "some-password-1");
        Map<String, String> malformed = Map.of("reset_token", "hello", "new_password", "some-password-1");
        for (Map<String, String> body : List.of(expired, unknown, malformed)) {
            Http.Response response = http.post("/v1/auth/password-reset", null, body);
            assertEquals(410, response.status(), response::toString);
            assertEquals("reset-link-invalid", response.problem());
        }
    }

    @Test
    void accountCreatedWithoutPasswordWhenSetupLinkUsedThenCanSignIn() {
        String loginId = uniqueLoginId("nopassword");
        Map<String, Object> body = new HashMap<>();
        body.put("login_id", loginId);
        body.put("name", "Setup Holder");
        body.put("mail", loginId + "@example.com");
        Http.Response created = http.post("/v1/accounts", admin(), body);
        assertEquals(201, created.status(), created::toString);

        String token = resetTokenMailedTo(loginId + "@example.com");
        assertEquals(204, http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", token, "new_password", "first-password-ever")).status());
        assertEquals(200, signInRaw(loginId, "first-password-ever").status());
    }

    @Test
    void passwordResetWhenBodyInvalidThenBadRequestOrUnsupportedMediaType() {
        Http.Response shortPassword = http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", "rnk_pwr_whatever", "new_password", "short"));
        assertEquals(400, shortPassword.status(), shortPassword::toString);
        assertEquals("validation-failed", shortPassword.problem());
        assertEquals("/new_password", shortPassword.str("errors/0/pointer"));

        Http.Response malformed = http.post("/v1/auth/password-reset", null, "{\"reset_token\": ");
        assertEquals(400, malformed.status());
        assertEquals("malformed-request", malformed.problem());

        Http.Response missing = http.post("/v1/auth/password-reset", null, Map.of("new_password", "long-enough-password"));
        assertEquals(400, missing.status());
        assertEquals("validation-failed", missing.problem());

        Http.Response text = http.post("/v1/auth/password-reset", null, "reset_token=x",
                Map.of("Content-Type", "text/plain"));
        assertEquals(415, text.status(), text::toString);
        assertEquals("unsupported-media-type", text.problem());
    }

    @Test
    void signInWhenBodyInvalidThenBadRequestOrUnsupportedMediaType() {
        Http.Response malformed = http.post("/v1/auth/sign-in", null, "{\"login_id\": \"admin1\", ");
        assertEquals(400, malformed.status());
        assertEquals("malformed-request", malformed.problem());

        Http.Response missing = http.post("/v1/auth/sign-in", null, Map.of("login_id", "admin1"));
        assertEquals(400, missing.status(), missing::toString);
        assertEquals("validation-failed", missing.problem());
        assertEquals("/password", missing.str("errors/0/pointer"));

        Http.Response text = http.post("/v1/auth/sign-in", null, "admin1:" + PASSWORD, Map.of("Content-Type", "text/plain"));
        assertEquals(415, text.status());
        assertEquals("unsupported-media-type", text.problem());
    }
}
