package dev.renkei.server.shared;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what (the contract's role table, seed 000's 権限): every role against every
 * operation, plus the rules that depend on whose account or token it is.
 */
@MicronautTest(transactional = false)
class RoleRulesIT extends IntegrationTest {

    private static final String SA = "system_admin";
    private static final String UA = "user_admin";
    private static final String AU = "auditor";
    private static final String PLAIN = "plain";
    private static final String GUP = "general_use_prohibited";

    private static final Set<String> ADMINS = Set.of(SA, UA);
    private static final Set<String> READERS = Set.of(SA, UA, AU);
    private static final Set<String> SETTINGS_READERS = Set.of(SA, AU);
    private static final Set<String> EVERYONE = Set.of(SA, UA, AU, PLAIN, GUP);

    /** One HTTP request, built fresh for each role so that changes never collide. */
    private record Call(String method, String path, Object body) {
    }

    private record Operation(String name, Set<String> allowed, int success, Supplier<Call> call) {
    }

    private final Map<String, String> sessions = new LinkedHashMap<>();
    private String adminSession;

    @BeforeAll
    void signInEveryRole() {
        http = new Http(server.getURI());
        adminSession = admin();
        sessions.put(SA, adminSession);
        sessions.put(UA, signIn("useradmin1", PASSWORD));
        sessions.put(AU, signIn("auditor1", PASSWORD));
        sessions.put(PLAIN, signIn("user2", PASSWORD));
        sessions.put(GUP, signIn("user1", PASSWORD));
    }

    private String freshAccount() {
        return createAccount(uniqueLoginId("target"), "target-password-1");
    }

    private String freshToken() {
        return issueToken(freshAccount());
    }

    private static Map<String, Object> ids(String id) {
        return Map.of("account_ids", List.of(id));
    }

    private String currentTemplateBody() {
        return http.get("/v1/mail-templates/api_token_issued", adminSession).str("body");
    }

    private List<Operation> operations() {
        return List.of(
                new Operation("list accounts", READERS, 200, () -> new Call("GET", "/v1/accounts", null)),
                new Operation("create account", ADMINS, 201, () -> {
                    Map<String, Object> body = new HashMap<>();
                    body.put("login_id", uniqueLoginId("role"));
                    body.put("name", "Role Test");
                    return new Call("POST", "/v1/accounts", body);
                }),
                new Operation("read account", READERS, 200, () -> new Call("GET", "/v1/accounts/" + freshAccount(), null)),
                new Operation("update account", ADMINS, 200,
                        () -> new Call("PATCH", "/v1/accounts/" + freshAccount(), Map.of("name", "Renamed"))),
                new Operation("delete account", ADMINS, 204, () -> new Call("DELETE", "/v1/accounts/" + freshAccount(), null)),
                new Operation("lock account", ADMINS, 200, () -> new Call("POST", "/v1/accounts/" + freshAccount() + "/lock", null)),
                new Operation("unlock account", ADMINS, 200, () -> new Call("POST", "/v1/accounts/" + freshAccount() + "/unlock", null)),
                new Operation("bulk delete", ADMINS, 200, () -> new Call("POST", "/v1/accounts/bulk-delete", ids(freshAccount()))),
                new Operation("bulk password reset", ADMINS, 200,
                        () -> new Call("POST", "/v1/accounts/bulk-password-reset", ids(freshAccount()))),
                new Operation("bulk issue", ADMINS, 200, () -> new Call("POST", "/v1/api-tokens/bulk-issue", ids(freshAccount()))),
                new Operation("list tokens", READERS, 200, () -> new Call("GET", "/v1/api-tokens", null)),
                new Operation("read token", READERS, 200, () -> new Call("GET", "/v1/api-tokens/" + freshToken(), null)),
                new Operation("revoke token", ADMINS, 200, () -> new Call("POST", "/v1/api-tokens/" + freshToken() + "/revoke", null)),
                new Operation("list audit events", READERS, 200, () -> new Call("GET", "/v1/audit-events", null)),
                new Operation("read system parameters", SETTINGS_READERS, 200, () -> new Call("GET", "/v1/system-parameters", null)),
                new Operation("change system parameters", Set.of(SA), 200, () -> new Call("PUT", "/v1/system-parameters",
                        Map.of("api_token_validity_days", 90, "api_token_pickup_window_hours", 168))),
                new Operation("list mail templates", SETTINGS_READERS, 200, () -> new Call("GET", "/v1/mail-templates", null)),
                new Operation("read mail template", SETTINGS_READERS, 200,
                        () -> new Call("GET", "/v1/mail-templates/api_token_issued", null)),
                new Operation("change mail template", Set.of(SA), 200, () -> new Call("PUT", "/v1/mail-templates/api_token_issued",
                        Map.of("subject", "【Renkei】 APIトークン発行のお知らせ", "body", currentTemplateBody()))),
                new Operation("preview mail template", SETTINGS_READERS, 200, () -> new Call("POST",
                        "/v1/mail-templates/password_reset/preview", Map.of("subject", "件名", "body", "{{name}} さま"))),
                new Operation("who am I", EVERYONE, 200, () -> new Call("GET", "/v1/me", null)),
                new Operation("list my tokens", EVERYONE, 200, () -> new Call("GET", "/v1/me/api-tokens", null)));
    }

    @TestFactory
    Stream<DynamicTest> operationWhenRoleAllowedThenSuccessElseForbidden() {
        return operations().stream().flatMap(operation -> sessions.keySet().stream().map(role ->
                DynamicTest.dynamicTest(role + " → " + operation.name(), () -> {
                    Call call = operation.call().get();
                    Http.Response response = http.send(call.method(), call.path(), sessions.get(role), call.body(), Map.of());
                    if (operation.allowed().contains(role)) {
                        assertEquals(operation.success(), response.status(), () -> role + " " + operation.name() + ": " + response);
                    } else {
                        assertEquals(403, response.status(), () -> role + " " + operation.name() + ": " + response);
                        assertEquals("forbidden", response.problem());
                        assertNotNull(response.header("X-Request-Id"));
                    }
                })));
    }

    /** Every operation but sign-in and password reset needs credentials; none takes a bad one. */
    @TestFactory
    Stream<DynamicTest> operationWhenNoOrBadCredentialsThenUnauthorizedWithChallenge() {
        String someId = "01900000-0000-7000-8000-000000000001";
        List<Call> calls = List.of(
                new Call("GET", "/v1/accounts", null), new Call("POST", "/v1/accounts", Map.of("login_id", "x", "name", "x")),
                new Call("GET", "/v1/accounts/" + someId, null), new Call("PATCH", "/v1/accounts/" + someId, Map.of("name", "x")),
                new Call("DELETE", "/v1/accounts/" + someId, null), new Call("POST", "/v1/accounts/" + someId + "/lock", null),
                new Call("POST", "/v1/accounts/" + someId + "/unlock", null),
                new Call("POST", "/v1/accounts/bulk-delete", ids(someId)), new Call("POST", "/v1/accounts/bulk-password-reset", ids(someId)),
                new Call("POST", "/v1/api-tokens/bulk-issue", ids(someId)), new Call("GET", "/v1/api-tokens", null),
                new Call("GET", "/v1/api-tokens/" + someId, null), new Call("POST", "/v1/api-tokens/" + someId + "/revoke", null),
                new Call("GET", "/v1/audit-events", null), new Call("GET", "/v1/system-parameters", null),
                new Call("PUT", "/v1/system-parameters", Map.of("api_token_validity_days", 1, "api_token_pickup_window_hours", 1)),
                new Call("GET", "/v1/mail-templates", null), new Call("GET", "/v1/mail-templates/api_token_issued", null),
                new Call("PUT", "/v1/mail-templates/api_token_issued", Map.of("subject", "s", "body", "b")),
                new Call("POST", "/v1/mail-templates/api_token_issued/preview", Map.of("subject", "s", "body", "b")),
                new Call("GET", "/v1/me", null), new Call("GET", "/v1/me/api-tokens", null),
                new Call("POST", "/v1/me/api-tokens/" + someId + "/pickup", null),
                new Call("POST", "/v1/me/api-tokens/" + someId + "/revoke", null));
        return calls.stream().flatMap(call -> Stream.of(
                DynamicTest.dynamicTest("anonymous " + call.method() + " " + call.path(), () -> {
                    Http.Response response = http.send(call.method(), call.path(), null, call.body(), Map.of());
                    assertEquals(401, response.status(), response::toString);
                    assertEquals("authentication-required", response.problem());
                    assertEquals("Bearer realm=\"renkei\"", response.header("WWW-Authenticate"));
                    assertNotNull(response.header("X-Request-Id"));
                }),
                DynamicTest.dynamicTest("bad token " + call.method() + " " + call.path(), () -> {
                    Http.Response response = http.send(call.method(), call.path(), "rnk_pat_" + "x".repeat(38), call.body(), Map.of());
                    assertEquals(401, response.status(), response::toString);
                    assertEquals("invalid-token", response.problem());
                    assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""), response::toString);
                })));
    }

    @Test
    void userAdminWhenGrantingOrTouchingSystemAdminThenForbidden() {
        String userAdmin = sessions.get(UA);
        String admin1 = http.get("/v1/me", adminSession).str("account/id");
        String target = freshAccount();

        Map<String, Object> create = new HashMap<>();
        create.put("login_id", uniqueLoginId("escalate"));
        create.put("name", "Escalation");
        create.put("flags", List.of("system_admin"));
        List<Http.Response> refused = List.of(
                http.post("/v1/accounts", userAdmin, create),
                http.patch("/v1/accounts/" + target, userAdmin, Map.of("flags", List.of("system_admin"))),
                http.patch("/v1/accounts/" + admin1, userAdmin, Map.of("name", "Hijacked")),
                http.patch("/v1/accounts/" + admin1, userAdmin, Map.of("flags", List.of("user_admin"))),
                http.post("/v1/accounts/" + admin1 + "/lock", userAdmin, null),
                http.delete("/v1/accounts/" + admin1, userAdmin));
        for (Http.Response response : refused) {
            assertEquals(403, response.status(), response::toString);
            assertEquals("forbidden", response.problem());
        }
        Http.Response admin1Now = http.get("/v1/accounts/" + admin1, adminSession);
        assertEquals("システム管理者", admin1Now.str("name"));
        assertEquals(List.of("system_admin"), admin1Now.list("flags"));
        assertEquals(false, admin1Now.at("locked"));
        assertEquals(List.of(), http.get("/v1/accounts/" + target, adminSession).list("flags"));

        // What a user administrator may do: other flags, and system_admin by a system administrator.
        assertEquals(200, http.patch("/v1/accounts/" + target, userAdmin, Map.of("flags", List.of("auditor"))).status());
        assertEquals(200, http.patch("/v1/accounts/" + target, adminSession, Map.of("flags", List.of("system_admin"))).status());
        assertEquals(403, http.patch("/v1/accounts/" + target, userAdmin, Map.of("flags", List.of())).status(),
                "nor may a user administrator remove the flag");
    }

    @Test
    void apiTokenWhenAccountBecomesTemporaryUseProhibitedThenRefusedUntilCleared() {
        String tempuser1 = accountIdOf("tempuser1");
        assertEquals(200, http.patch("/v1/accounts/" + tempuser1, adminSession, Map.of("flags", List.of())).status());
        String tokenId = issueToken(tempuser1);
        String secret = pickUp(signIn("tempuser1", PASSWORD), tokenId);
        assertEquals(200, http.get("/v1/me", secret).status());

        assertEquals(200, http.patch("/v1/accounts/" + tempuser1, adminSession,
                Map.of("flags", List.of("temporary_use_prohibited"))).status());
        Http.Response refused = http.get("/v1/me", secret);
        assertEquals(401, refused.status(), refused::toString);
        assertEquals("invalid-token", refused.problem());
        assertTrue(refused.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        assertEquals("active", http.get("/v1/api-tokens/" + tokenId, adminSession).str("status"), "refused, not revoked");

        assertEquals(200, http.patch("/v1/accounts/" + tempuser1, adminSession, Map.of("flags", List.of())).status());
        assertEquals(200, http.get("/v1/me", secret).status(), "the token works again once the flag is cleared");
    }

    @Test
    void apiTokenWhenAccountLockedThenRefusedUntilUnlocked() {
        String loginId = uniqueLoginId("lockedtoken");
        String accountId = createAccount(loginId, "holder-password-1");
        String secret = pickUp(signIn(loginId, "holder-password-1"), issueToken(accountId));

        http.post("/v1/accounts/" + accountId + "/lock", adminSession, null);
        Http.Response refused = http.get("/v1/me", secret);
        assertEquals(401, refused.status());
        assertEquals("invalid-token", refused.problem());
        http.post("/v1/accounts/" + accountId + "/unlock", adminSession, null);
        assertEquals(200, http.get("/v1/me", secret).status());
    }

    @Test
    void apiTokenWhenGeneralUseProhibitedThenWorksOnMe() {
        String user1 = accountIdOf("user1");
        String secret = pickUp(sessions.get(GUP), issueToken(user1));

        Http.Response me = http.get("/v1/me", secret);
        assertEquals(200, me.status(), me::toString);
        assertEquals("api_token", me.str("authenticated_by"));
        assertEquals("user1", me.str("account/login_id"));
        assertEquals(200, http.get("/v1/me/api-tokens", secret).status());
        assertEquals(403, http.get("/v1/accounts", secret).status(), "user1 has no administrative role");
    }

    @Test
    void apiTokenWhenHolderIsAdministratorThenActsWithTheRoles() {
        String useradmin1 = accountIdOf("useradmin1");
        String secret = pickUp(sessions.get(UA), issueToken(useradmin1));
        assertEquals(200, http.get("/v1/accounts", secret).status());
        assertEquals(403, http.get("/v1/system-parameters", secret).status());
    }

    @Test
    void holderWhenTokenBelongsToAnotherAccountThenNotFound() {
        String user1Token = issueToken(accountIdOf("user1"));
        String user2 = sessions.get(PLAIN);

        Http.Response revoke = http.post("/v1/me/api-tokens/" + user1Token + "/revoke", user2, null);
        assertEquals(404, revoke.status(), revoke::toString);
        assertEquals("not-found", revoke.problem());
        Http.Response pickup = http.post("/v1/me/api-tokens/" + user1Token + "/pickup", user2, null);
        assertEquals(404, pickup.status(), pickup::toString);
        assertEquals("not-found", pickup.problem());
        assertEquals("pending_pickup", http.get("/v1/api-tokens/" + user1Token, adminSession).str("status"), "untouched");
    }
}
