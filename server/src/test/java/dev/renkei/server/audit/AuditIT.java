package dev.renkei.server.audit;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail: every issuance, pickup, revocation and administrative change, and nothing secret. */
@MicronautTest(transactional = false)
class AuditIT extends IntegrationTest {

    private static final String HOLDER_PASSWORD = "holder-password-1";

    /** The newest event of an action about a target; fails unless there is exactly one. */
    private Map<?, ?> onlyEvent(String admin, String action, String targetId) {
        Http.Response response = http.get("/v1/audit-events?action=" + action + "&target_id=" + targetId, admin);
        assertEquals(200, response.status(), response::toString);
        assertEquals(1, response.list("items").size(), () -> action + " about " + targetId + ": " + response);
        return (Map<?, ?>) response.list("items").get(0);
    }

    private static void assertCausedBy(Map<?, ?> event, String actorId, String actorLoginId, Http.Response cause) {
        assertEquals(actorId, event.get("actor_id"), event::toString);
        assertEquals(actorLoginId, event.get("actor_login_id"), event::toString);
        assertEquals(cause.header("X-Request-Id"), event.get("request_id"), "the request that caused it");
        assertNotNull(event.get("occurred_at"));
    }

    @Test
    void auditWhenTokenLifecycleThenIssuedPickedUpRevokedEventsWithActorAndTarget() {
        String admin = admin();
        String adminId = http.get("/v1/me", admin).str("account/id");
        String loginId = uniqueLoginId("audited");
        String holderId = createAccount(loginId, HOLDER_PASSWORD);
        String session = signIn(loginId, HOLDER_PASSWORD);

        Http.Response issue = http.post("/v1/api-tokens/bulk-issue", admin, Map.of("account_ids", List.of(holderId)));
        String tokenId = issue.str("results/0/token_id");
        Map<?, ?> issued = onlyEvent(admin, "api_token_issued", tokenId);
        assertCausedBy(issued, adminId, "admin1", issue);
        assertEquals("api_token", issued.get("target_type"));
        Map<?, ?> details = (Map<?, ?>) issued.get("details");
        assertEquals(holderId, details.get("account_id"));
        assertEquals(90, ((Number) details.get("validity_days")).intValue());
        assertEquals(Instant.parse(issue.str("pickup_deadline")), Instant.parse((String) details.get("pickup_deadline")));

        Http.Response pickup = http.post("/v1/me/api-tokens/" + tokenId + "/pickup", session, null);
        assertCausedBy(onlyEvent(admin, "api_token_picked_up", tokenId), holderId, loginId, pickup);

        Http.Response revoke = http.post("/v1/me/api-tokens/" + tokenId + "/revoke", session, null);
        assertEquals(200, revoke.status(), revoke::toString);
        Map<?, ?> revoked = onlyEvent(admin, "api_token_revoked", tokenId);
        assertCausedBy(revoked, holderId, loginId, revoke);
        assertEquals("revoked_by_holder", ((Map<?, ?>) revoked.get("details")).get("reason"));

        // A repeated revocation changes nothing, so it records nothing.
        http.post("/v1/api-tokens/" + tokenId + "/revoke", admin, null);
        onlyEvent(admin, "api_token_revoked", tokenId);
    }

    @Test
    void auditWhenAccountAndParameterChangesThenOneEventEachWithActorAndTarget() {
        String userAdmin = signIn("useradmin1", PASSWORD);
        String userAdminId = http.get("/v1/me", userAdmin).str("account/id");
        String admin = admin();
        String adminId = http.get("/v1/me", admin).str("account/id");

        Http.Response create = http.post("/v1/accounts", userAdmin,
                Map.of("login_id", uniqueLoginId("audit"), "name", "Before", "password", HOLDER_PASSWORD, "flags", List.of("auditor")));
        String id = create.str("id");
        Map<?, ?> created = onlyEvent(admin, "account_created", id);
        assertCausedBy(created, userAdminId, "useradmin1", create);
        assertEquals("account", created.get("target_type"));

        Http.Response update = http.patch("/v1/accounts/" + id, userAdmin, Map.of("name", "After", "flags", List.of()));
        Map<?, ?> updated = onlyEvent(admin, "account_updated", id);
        assertCausedBy(updated, userAdminId, "useradmin1", update);
        Map<?, ?> changes = (Map<?, ?>) updated.get("details");
        assertEquals(Map.of("from", "Before", "to", "After"), changes.get("name"));
        assertEquals(Map.of("from", List.of("auditor"), "to", List.of()), changes.get("flags"));

        Http.Response lock = http.post("/v1/accounts/" + id + "/lock", userAdmin, null);
        assertCausedBy(onlyEvent(admin, "account_locked", id), userAdminId, "useradmin1", lock);
        Http.Response unlock = http.post("/v1/accounts/" + id + "/unlock", userAdmin, null);
        assertCausedBy(onlyEvent(admin, "account_unlocked", id), userAdminId, "useradmin1", unlock);
        Http.Response delete = http.delete("/v1/accounts/" + id, userAdmin);
        assertCausedBy(onlyEvent(admin, "account_deleted", id), userAdminId, "useradmin1", delete);

        Http.Response parameters = http.put("/v1/system-parameters", admin,
                Map.of("api_token_validity_days", 45, "api_token_pickup_window_hours", 72));
        Http.Response events = http.get("/v1/audit-events?action=system_parameters_changed&actor_id=" + adminId, admin);
        Map<?, ?> changed = (Map<?, ?>) events.list("items").get(0);
        assertCausedBy(changed, adminId, "admin1", parameters);
        assertEquals("system_parameters", changed.get("target_type"));
        assertNull(changed.get("target_id"));
        assertEquals(Map.of("from", 90, "to", 45), ((Map<?, ?>) changed.get("details")).get("api_token_validity_days"));
        http.put("/v1/system-parameters", admin, Map.of("api_token_validity_days", 90, "api_token_pickup_window_hours", 168));
    }

    @Test
    void listWhenFilteredByActionActorTargetAndTimeThenOnlyMatchingEvents() {
        String admin = admin();
        String userAdmin = signIn("useradmin1", PASSWORD);
        String userAdminId = http.get("/v1/me", userAdmin).str("account/id");
        Instant start = clock.instant();
        String early = createAccount(uniqueLoginId("early"), HOLDER_PASSWORD);
        clock.advance(Duration.ofHours(2));
        String late = http.post("/v1/accounts", userAdmin,
                Map.of("login_id", uniqueLoginId("late"), "name", "Late", "password", HOLDER_PASSWORD)).str("id");
        String middle = start.plus(Duration.ofHours(1)).toString();

        List<?> byActor = http.get("/v1/audit-events?limit=200&actor_id=" + userAdminId, admin).list("items");
        assertFalse(byActor.isEmpty());
        assertTrue(byActor.stream().allMatch(e -> userAdminId.equals(((Map<?, ?>) e).get("actor_id"))), byActor::toString);

        List<?> byAction = http.get("/v1/audit-events?limit=200&action=account_created", admin).list("items");
        assertTrue(byAction.stream().allMatch(e -> "account_created".equals(((Map<?, ?>) e).get("action"))));
        assertTrue(targets(byAction).containsAll(List.of(early, late)));

        assertEquals(List.of(late), targets(http.get("/v1/audit-events?action=account_created&since=" + middle, admin).list("items")));
        List<Object> beforeMiddle = targets(http.get("/v1/audit-events?limit=200&action=account_created&until=" + middle, admin)
                .list("items"));
        assertTrue(beforeMiddle.contains(early) && !beforeMiddle.contains(late), beforeMiddle::toString);
        assertEquals(List.of(early), targets(http.get("/v1/audit-events?target_id=" + early + "&action=account_created&since="
                + start + "&until=" + middle, admin).list("items")), "filters combine with AND");
        assertEquals(List.of(), http.get("/v1/audit-events?target_id=" + early + "&actor_id=" + userAdminId, admin).list("items"));

        Http.Response reversed = http.get("/v1/audit-events?since=" + middle + "&until=" + start, admin);
        assertEquals(400, reversed.status(), reversed::toString);
        assertEquals("validation-failed", reversed.problem());
        assertEquals(200, http.get("/v1/audit-events?since=" + start + "&until=" + start, admin).status(), "an empty window is fine");
    }

    @Test
    void listWhenPagedWhileEventsAreRecordedThenNewestFirstWithoutDuplicatesOrGaps() {
        String admin = admin();
        for (int i = 0; i < 4; i++) {
            createAccount(uniqueLoginId("paged"), HOLDER_PASSWORD);
        }
        List<Object> all = ids(http.get("/v1/audit-events?limit=200", admin).list("items"));
        assertTrue(all.size() > 8 && all.size() < 200, "enough events for several pages, all on one page of 200");

        List<Object> walked = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get("/v1/audit-events?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertEquals(200, page.status(), page::toString);
            walked.addAll(ids(page.list("items")));
            page.list("items").forEach(e -> times.add(Instant.parse((String) ((Map<?, ?>) e).get("occurred_at"))));
            cursor = page.str("next_cursor");
            if (pages++ == 0) {
                // Newer than the first page: it must not show up further down the list.
                createAccount(uniqueLoginId("meanwhile"), HOLDER_PASSWORD);
            }
        } while (cursor != null && pages < 200);

        assertEquals(all, walked, "the walk sees exactly the events that existed when it began, in order");
        assertEquals(walked.size(), new HashSet<>(walked).size());
        for (int i = 1; i < times.size(); i++) {
            assertFalse(times.get(i).isAfter(times.get(i - 1)), "newest first");
        }
    }

    @Test
    void listWhenAnySecretWasHandledThenNoEventContainsIt() {
        String admin = admin();
        String loginId = uniqueLoginId("secrets");
        String creationPassword = "creation-password-" + System.nanoTime();
        String holderId = createAccount(loginId, creationPassword);
        String wrongPassword = "wrong-password-" + System.nanoTime();
        http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", wrongPassword));
        String secret = pickUp(signIn(loginId, creationPassword), issueToken(holderId));
        http.get("/v1/me", secret);
        http.post("/v1/accounts/bulk-password-reset", admin, Map.of("account_ids", List.of(holderId)));
        String resetToken = resetTokenMailedTo(loginId + "@example.com");
        String newPassword = "new-password-" + System.nanoTime();
        assertEquals(204, http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", resetToken, "new_password", newPassword)).status());
        signIn(loginId, newPassword);

        StringBuilder everything = new StringBuilder();
        String cursor = null;
        do {
            Http.Response page = http.get("/v1/audit-events?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            everything.append(page.body());
            cursor = page.str("next_cursor");
        } while (cursor != null);
        String trail = everything.toString();

        assertTrue(trail.contains("password_reset_completed") && trail.contains("api_token_picked_up"), "the events exist");
        for (String value : List.of(secret, secret.substring(8), resetToken, resetToken.substring(8), creationPassword,
                wrongPassword, newPassword, PASSWORD)) {
            assertFalse(trail.contains(value), "the audit trail contains a secret");
        }
        assertFalse(trail.contains("rnk_pat_") || trail.contains("rnk_pwr_"), "no token of either kind");
    }

    @Test
    void listWhenCallerNotAdministratorOrAuditorThenForbidden() {
        for (String loginId : List.of("user2", "user1")) {
            Http.Response response = http.get("/v1/audit-events", signIn(loginId, PASSWORD));
            assertEquals(403, response.status(), response::toString);
            assertEquals("forbidden", response.problem());
        }
        assertEquals(200, http.get("/v1/audit-events", signIn("auditor1", PASSWORD)).status());
        Http.Response anonymous = http.get("/v1/audit-events", null);
        assertEquals(401, anonymous.status());
        assertEquals("authentication-required", anonymous.problem());
    }

    private static List<Object> targets(List<?> events) {
        return events.stream().map(e -> (Object) ((Map<?, ?>) e).get("target_id")).toList();
    }

    private static List<Object> ids(List<?> events) {
        return events.stream().map(e -> (Object) ((Map<?, ?>) e).get("id")).toList();
    }
}
