package dev.renkei.server.account;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** アカウント管理 of seed 000 over HTTP: search, create, read, update, delete, lock and the bulk actions. */
@MicronautTest(transactional = false)
class AccountsIT extends IntegrationTest {

    private static final String UNKNOWN_ID = "01900000-0000-7000-8000-0000000000aa";
    private static final String HOLDER_PASSWORD = "holder-password-1";

    /** A run-unique lowercase prefix, so each test finds only its own accounts. */
    private static String prefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private Http.Response create(String admin, Map<String, Object> body) {
        return http.post("/v1/accounts", admin, body);
    }

    private static Map<String, Object> account(String loginId, String name, String mail, List<String> flags) {
        Map<String, Object> body = new HashMap<>();
        body.put("login_id", loginId);
        body.put("name", name);
        if (mail != null) {
            body.put("mail", mail);
        }
        body.put("flags", flags);
        body.put("password", HOLDER_PASSWORD);
        return body;
    }

    private static List<String> loginIds(Http.Response page) {
        return page.list("items").stream().map(i -> (String) ((Map<?, ?>) i).get("login_id")).toList();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void listWhenSearchTextThenMatchesLoginIdNameOrMailIgnoringCase() {
        String admin = admin();
        String p = prefix();
        create(admin, account(p + "byloginid", "Someone", "someone." + p + "@example.com", List.of()));
        create(admin, account(p + "x1", "Kana " + p.toUpperCase() + "NAME", "x1@example.com", List.of()));
        create(admin, account(p + "x2", "Other", "mail" + p + "box@example.org", List.of()));
        create(admin, account("unrelated" + p.substring(1), "Nobody", "nobody@example.com", List.of()));

        Http.Response byLogin = http.get("/v1/accounts?q=" + encode(p + "BYLOGIN"), admin);
        assertEquals(200, byLogin.status(), byLogin::toString);
        assertEquals(List.of(p + "byloginid"), loginIds(byLogin));

        assertEquals(List.of(p + "x1"), loginIds(http.get("/v1/accounts?q=" + encode(p + "name"), admin)));
        assertEquals(List.of(p + "x2"), loginIds(http.get("/v1/accounts?q=" + encode("mail" + p.toUpperCase()), admin)));
        assertEquals(List.of(p + "byloginid", p + "x1", p + "x2"),
                loginIds(http.get("/v1/accounts?q=" + p, admin)), "sorted by login ID");
        // LIKE wildcards in the search text are literal.
        assertEquals(List.of(), loginIds(http.get("/v1/accounts?q=" + encode(p + "%"), admin)));
        assertEquals(List.of(), loginIds(http.get("/v1/accounts?q=" + encode(p.substring(0, 3) + "_" + p.substring(4)), admin)));
    }

    @Test
    void listWhenFlagAndLockFiltersThenAnyOfFlagsAndLockState() {
        String admin = admin();
        String p = prefix();
        String auditor = create(admin, account(p + "aud", "A", null, List.of("auditor"))).str("id");
        create(admin, account(p + "uad", "U", null, List.of("user_admin", "general_use_prohibited")));
        create(admin, account(p + "gen", "G", null, List.of("general_use_prohibited")));
        create(admin, account(p + "plain", "P", null, List.of()));
        http.post("/v1/accounts/" + auditor + "/lock", admin, null);

        assertEquals(List.of(p + "aud", p + "uad"),
                loginIds(http.get("/v1/accounts?q=" + p + "&flag=auditor&flag=user_admin", admin)));
        assertEquals(List.of(p + "gen", p + "uad"),
                loginIds(http.get("/v1/accounts?q=" + p + "&flag=general_use_prohibited", admin)));
        assertEquals(List.of(p + "aud"), loginIds(http.get("/v1/accounts?q=" + p + "&locked=true", admin)));
        assertEquals(List.of(p + "gen", p + "plain", p + "uad"), loginIds(http.get("/v1/accounts?q=" + p + "&locked=false", admin)));
        assertEquals(List.of(), loginIds(http.get("/v1/accounts?q=" + p + "&flag=auditor&locked=false", admin)), "filters AND");
        // Among the demo accounts: exactly the three administrative ones.
        Set<String> demo = Set.of("admin1", "useradmin1", "auditor1", "user1", "gaibuser001", "user2", "tempuser1");
        assertEquals(List.of("admin1", "auditor1", "useradmin1"),
                loginIds(http.get("/v1/accounts?limit=200&flag=system_admin&flag=user_admin&flag=auditor", admin))
                        .stream().filter(demo::contains).toList());
    }

    @Test
    void listWhenPagedWhileAccountsAreCreatedAndDeletedThenEachAccountOnce() {
        String admin = admin();
        String p = prefix();
        List<String> originals = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (String suffix : List.of("b", "d", "f", "h", "j", "l", "n")) {
            ids.put(p + suffix, create(admin, account(p + suffix, "Page " + suffix, null, List.of())).str("id"));
            originals.add(p + suffix);
        }

        List<String> seen = new ArrayList<>();
        Set<String> expected = new HashSet<>(originals);
        String cursor = null;
        int page = 0;
        do {
            Http.Response response = http.get("/v1/accounts?q=" + p + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertEquals(200, response.status(), response::toString);
            assertTrue(response.list("items").size() <= 2);
            seen.addAll(loginIds(response));
            cursor = response.str("next_cursor");
            String last = seen.get(seen.size() - 1);
            if (page == 0) {
                // Behind the cursor: must not appear. Ahead of it: must appear once.
                create(admin, account(p + "a", "Behind", null, List.of()));
                create(admin, account(p + "m", "Ahead", null, List.of()));
                expected.add(p + "m");
                // Deleted before its page is served: must not appear.
                assertEquals(204, http.delete("/v1/accounts/" + ids.get(p + "j"), admin).status());
                expected.remove(p + "j");
            }
            if (page == 1) {
                assertEquals(p + "h", last);
                create(admin, account(p + "z", "Tail", null, List.of()));
                expected.add(p + "z");
            }
            page++;
        } while (cursor != null && page < 20);

        assertNull(cursor, "the last page has no next_cursor");
        assertEquals(new HashSet<>(seen).size(), seen.size(), () -> "duplicates: " + seen);
        assertEquals(expected, new HashSet<>(seen), () -> "seen: " + seen);
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(String::compareTo);
        assertEquals(sorted, seen, "sorted by login ID across pages");
    }

    @Test
    void listWhenLimitOrCursorInvalidThenBadRequest() {
        String admin = admin();
        Http.Response tooMany = http.get("/v1/accounts?limit=201", admin);
        assertEquals(400, tooMany.status());
        assertEquals("validation-failed", tooMany.problem());
        assertEquals("limit", tooMany.str("errors/0/pointer"));
        assertEquals(200, http.get("/v1/accounts?limit=200", admin).status());

        Http.Response badCursor = http.get("/v1/accounts?cursor=bm90LWEtY3Vyc29y", admin);
        assertEquals(400, badCursor.status(), badCursor::toString);
        assertEquals("validation-failed", badCursor.problem());
        assertEquals("cursor", badCursor.str("errors/0/pointer"));

        String cursor = http.get("/v1/accounts?limit=1", admin).str("next_cursor");
        assertNotNull(cursor);
        assertEquals(200, http.get("/v1/accounts?limit=1&cursor=" + cursor, admin).status());
        Http.Response otherFilters = http.get("/v1/accounts?limit=1&flag=auditor&cursor=" + cursor, admin);
        assertEquals(400, otherFilters.status(), "a cursor continues only the list it came from");
    }

    @Test
    void createWhenValidThenCreatedWithLocationAndNoPassword() {
        String admin = admin();
        String loginId = uniqueLoginId("created");
        Http.Response created = create(admin, account(loginId, "新規 ユーザ", loginId + "@example.com", List.of("general_use_prohibited")));

        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");
        assertEquals("/v1/accounts/" + id, created.header("Location"));
        assertNotNull(created.header("X-Request-Id"));
        assertEquals(loginId, created.str("login_id"));
        assertEquals("新規 ユーザ", created.str("name"));
        assertEquals(List.of("general_use_prohibited"), created.list("flags"));
        assertEquals(false, created.at("locked"));
        assertEquals(false, created.at("deleted"));
        assertFalse(created.body().contains(HOLDER_PASSWORD), "the password is never returned");
        assertFalse(created.body().contains("password"), created::toString);

        Http.Response fetched = http.get(created.header("Location"), admin);
        assertEquals(200, fetched.status());
        assertEquals(created.json(), fetched.json());
        assertEquals(200, http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", HOLDER_PASSWORD)).status());
    }

    @Test
    void createWhenLoginIdTakenThenConflict() {
        String admin = admin();
        Http.Response taken = create(admin, account("user2", "Impostor", null, List.of()));
        assertEquals(409, taken.status(), taken::toString);
        assertEquals("login-id-taken", taken.problem());

        // A deleted account frees its login ID.
        String loginId = uniqueLoginId("reused");
        String first = create(admin, account(loginId, "First", null, List.of())).str("id");
        assertEquals(409, create(admin, account(loginId, "Second", null, List.of())).status());
        http.delete("/v1/accounts/" + first, admin);
        assertEquals(201, create(admin, account(loginId, "Second", null, List.of())).status());
    }

    @Test
    void createWhenValuesBreakRulesThenValidationFailedWithPointers() {
        String admin = admin();
        Map<Map<String, Object>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(account("bad login", "N", null, List.of()), "/login_id");
        cases.put(account("ab", "N", null, List.of()), "/login_id");
        cases.put(account("x".repeat(65), "N", null, List.of()), "/login_id");
        Map<String, Object> shortPassword = account(uniqueLoginId("pw"), "N", null, List.of());
        shortPassword.put("password", "elevenchars");
        cases.put(shortPassword, "/password");
        cases.put(account(uniqueLoginId("mail"), "N", "not-a-mail-address", List.of()), "/mail");
        cases.put(account(uniqueLoginId("name"), "", null, List.of()), "/name");
        Map<String, Object> noName = account(uniqueLoginId("noname"), "N", null, List.of());
        noName.remove("name");
        cases.put(noName, "/name");

        cases.forEach((body, pointer) -> {
            Http.Response response = create(admin, body);
            assertEquals(400, response.status(), () -> body + ": " + response);
            assertEquals("validation-failed", response.problem());
            assertEquals(pointer, response.str("errors/0/pointer"), response::toString);
            String loginId = (String) body.get("login_id");
            // q matches substrings ("ab" is in many random ids): compare login IDs exactly.
            assertTrue(http.get("/v1/accounts?q=" + encode(loginId) + "&limit=200", admin).list("items").stream()
                    .noneMatch(a -> loginId.equalsIgnoreCase((String) ((Map<?, ?>) a).get("login_id"))), "nothing was created");
        });
    }

    @Test
    void getWhenUnknownOrNotUuidThenNotFoundOrBadRequest() {
        String admin = admin();
        Http.Response unknown = http.get("/v1/accounts/" + UNKNOWN_ID, admin);
        assertEquals(404, unknown.status());
        assertEquals("not-found", unknown.problem());
        assertNotNull(unknown.header("X-Request-Id"));

        Http.Response notUuid = http.get("/v1/accounts/user1", admin);
        assertEquals(400, notUuid.status());
        assertEquals("malformed-request", notUuid.problem());
    }

    @Test
    void patchWhenFieldsGivenThenOnlyThoseChange() {
        String admin = admin();
        String loginId = uniqueLoginId("patched");
        String id = create(admin, account(loginId, "Before", loginId + "@example.com", List.of("auditor"))).str("id");

        Http.Response renamed = http.patch("/v1/accounts/" + id, admin, Map.of("name", "After"));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("After", renamed.str("name"));
        assertEquals(loginId + "@example.com", renamed.str("mail"));
        assertEquals(List.of("auditor"), renamed.list("flags"));

        Http.Response reflagged = http.patch("/v1/accounts/" + id, admin,
                Map.of("mail", "new-" + loginId + "@example.org", "flags", List.of("general_use_prohibited")));
        assertEquals(200, reflagged.status());
        assertEquals("After", reflagged.str("name"));
        assertEquals("new-" + loginId + "@example.org", reflagged.str("mail"));
        assertEquals(List.of("general_use_prohibited"), reflagged.list("flags"), "flags replace the whole set");
        assertEquals(loginId, reflagged.str("login_id"));
        assertEquals(reflagged.json(), http.get("/v1/accounts/" + id, admin).json());

        Http.Response badMail = http.patch("/v1/accounts/" + id, admin, Map.of("mail", "nope"));
        assertEquals(400, badMail.status());
        assertEquals("/mail", badMail.str("errors/0/pointer"));
    }

    @Test
    void patchWhenAccountUnknownOrDeletedThenNotFound() {
        String admin = admin();
        assertEquals(404, http.patch("/v1/accounts/" + UNKNOWN_ID, admin, Map.of("name", "X")).status());
        String id = createAccount(uniqueLoginId("deletedpatch"), HOLDER_PASSWORD);
        http.delete("/v1/accounts/" + id, admin);
        Http.Response deleted = http.patch("/v1/accounts/" + id, admin, Map.of("name", "X"));
        assertEquals(404, deleted.status());
        assertEquals("not-found", deleted.problem());
    }

    @Test
    void deleteWhenAccountHasTokensThenGoneFromListsAndTokensRevoked() {
        String admin = admin();
        String loginId = uniqueLoginId("deleted");
        String id = createAccount(loginId, HOLDER_PASSWORD);
        String activeToken = issueToken(id);
        String secret = pickUp(signIn(loginId, HOLDER_PASSWORD), activeToken);
        String pendingToken = issueToken(id);
        assertEquals(200, http.get("/v1/me", secret).status());

        Http.Response deleted = http.delete("/v1/accounts/" + id, admin);
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals("", deleted.body());
        assertNotNull(deleted.header("X-Request-Id"));

        Http.Response read = http.get("/v1/accounts/" + id, admin);
        assertEquals(200, read.status(), "a deleted account can still be read by id");
        assertEquals(true, read.at("deleted"));
        assertEquals(List.of(), loginIds(http.get("/v1/accounts?q=" + loginId, admin)));
        for (String token : List.of(activeToken, pendingToken)) {
            Http.Response t = http.get("/v1/api-tokens/" + token, admin);
            assertEquals("revoked", t.str("status"));
            assertEquals("account_deleted", t.str("revocation_reason"));
        }
        assertEquals(401, http.get("/v1/me", secret).status());

        Http.Response again = http.delete("/v1/accounts/" + id, admin);
        assertEquals(404, again.status());
        assertEquals("not-found", again.problem());
        assertEquals(404, http.delete("/v1/accounts/" + UNKNOWN_ID, admin).status());
    }

    @Test
    void deleteWhenOwnAccountThenConflict() {
        Http.Response me = http.get("/v1/me", admin());
        Http.Response self = http.delete("/v1/accounts/" + me.str("account/id"), admin());
        assertEquals(409, self.status(), self::toString);
        assertEquals("cannot-delete-self", self.problem());
        assertEquals(false, http.get("/v1/accounts/" + me.str("account/id"), admin()).at("deleted"));
    }

    @Test
    void lockWhenLockedThenNoSignInUntilUnlocked() {
        String admin = admin();
        String loginId = uniqueLoginId("locked");
        String id = createAccount(loginId, HOLDER_PASSWORD);

        Http.Response locked = http.post("/v1/accounts/" + id + "/lock", admin, null);
        assertEquals(200, locked.status(), locked::toString);
        assertEquals(true, locked.at("locked"));
        assertNotNull(locked.str("locked_at"));
        Http.Response lockedAgain = http.post("/v1/accounts/" + id + "/lock", admin, null);
        assertEquals(200, lockedAgain.status());
        assertEquals(locked.str("locked_at"), lockedAgain.str("locked_at"), "locking a locked account changes nothing");
        Http.Response refused = http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", HOLDER_PASSWORD));
        assertEquals("account-locked", refused.problem());

        Http.Response unlocked = http.post("/v1/accounts/" + id + "/unlock", admin, null);
        assertEquals(200, unlocked.status());
        assertEquals(false, unlocked.at("locked"));
        assertNull(unlocked.at("locked_at"));
        assertEquals(200, http.post("/v1/auth/sign-in", null, Map.of("login_id", loginId, "password", HOLDER_PASSWORD)).status());
        assertEquals(200, http.post("/v1/accounts/" + id + "/unlock", admin, null).status(), "unlocking an unlocked account is fine");
    }

    @Test
    void lockWhenAccountUnknownOrDeletedThenNotFound() {
        String admin = admin();
        assertEquals(404, http.post("/v1/accounts/" + UNKNOWN_ID + "/lock", admin, null).status());
        assertEquals(404, http.post("/v1/accounts/" + UNKNOWN_ID + "/unlock", admin, null).status());
        String id = createAccount(uniqueLoginId("deletedlock"), HOLDER_PASSWORD);
        http.delete("/v1/accounts/" + id, admin);
        Http.Response deleted = http.post("/v1/accounts/" + id + "/lock", admin, null);
        assertEquals(404, deleted.status());
        assertEquals("not-found", deleted.problem());
    }

    @Test
    void bulkDeleteWhenMixedIdsThenOneResultPerDistinctIdInOrder() {
        String admin = admin();
        String self = http.get("/v1/me", admin).str("account/id");
        String a = createAccount(uniqueLoginId("bulkdel"), HOLDER_PASSWORD);
        String b = createAccount(uniqueLoginId("bulkdel"), HOLDER_PASSWORD);
        String gone = createAccount(uniqueLoginId("bulkdel"), HOLDER_PASSWORD);
        http.delete("/v1/accounts/" + gone, admin);
        String token = issueToken(b);

        Http.Response response = http.post("/v1/accounts/bulk-delete", admin,
                Map.of("account_ids", List.of(a, UNKNOWN_ID, gone, self, a, b)));
        assertEquals(200, response.status(), response::toString);
        List<?> results = response.list("results");
        assertEquals(5, results.size(), "duplicates are processed once");
        assertEquals(List.of(a, UNKNOWN_ID, gone, self, b),
                results.stream().map(r -> ((Map<?, ?>) r).get("account_id")).toList());
        assertEquals(List.of("deleted", "skipped", "skipped", "skipped", "deleted"),
                results.stream().map(r -> ((Map<?, ?>) r).get("outcome")).toList());
        assertEquals("account_not_found", response.str("results/1/reason"));
        assertEquals("already_deleted", response.str("results/2/reason"));
        assertEquals("cannot_delete_self", response.str("results/3/reason"));
        assertNull(response.at("results/0/reason"));
        assertEquals(2, ((Number) response.at("succeeded_count")).intValue());
        assertEquals(3, ((Number) response.at("skipped_count")).intValue());

        assertEquals(true, http.get("/v1/accounts/" + a, admin).at("deleted"));
        assertEquals(false, http.get("/v1/accounts/" + self, admin).at("deleted"));
        assertEquals("account_deleted", http.get("/v1/api-tokens/" + token, admin).str("revocation_reason"));
    }

    @Test
    void bulkPasswordResetWhenMixedIdsThenMailedOrSkippedWithReason() {
        String admin = admin();
        String withMailLogin = uniqueLoginId("bulkreset");
        String withMail = createAccount(withMailLogin, HOLDER_PASSWORD);
        Map<String, Object> noMailBody = account(uniqueLoginId("nomail"), "No Mail", null, List.of());
        String noMail = create(admin, noMailBody).str("id");
        String gone = createAccount(uniqueLoginId("bulkreset"), HOLDER_PASSWORD);
        http.delete("/v1/accounts/" + gone, admin);

        Http.Response response = http.post("/v1/accounts/bulk-password-reset", admin,
                Map.of("account_ids", List.of(withMail, noMail, UNKNOWN_ID, gone, withMail)));
        assertEquals(200, response.status(), response::toString);
        assertEquals(4, response.list("results").size());
        assertEquals("reset_mailed", response.str("results/0/outcome"));
        assertEquals("skipped", response.str("results/1/outcome"));
        assertEquals("no_mail_address", response.str("results/1/reason"));
        assertEquals("account_not_found", response.str("results/2/reason"));
        assertEquals("already_deleted", response.str("results/3/reason"));
        assertEquals(1, ((Number) response.at("succeeded_count")).intValue());
        assertEquals(3, ((Number) response.at("skipped_count")).intValue());

        assertEquals(1, outboxMailsTo(withMailLogin + "@example.com").size(), "one mail despite the repeated id");
        assertEquals(401, http.post("/v1/auth/sign-in", null,
                Map.of("login_id", withMailLogin, "password", HOLDER_PASSWORD)).status(), "the old password stops working");
        assertEquals(200, http.post("/v1/auth/sign-in", null,
                Map.of("login_id", noMailBody.get("login_id"), "password", HOLDER_PASSWORD)).status(), "a skipped account keeps it");
    }

    @Test
    void bulkActionsWhenUserAdminSelectsSystemAdminThenThatAccountSkippedNotPermitted() {
        String systemAdmin = accountIdOf("admin1");
        String holder = createAccount(uniqueLoginId("bulkperm"), HOLDER_PASSWORD);
        String userAdmin = signIn("useradmin1", PASSWORD);

        Http.Response reset = http.post("/v1/accounts/bulk-password-reset", userAdmin,
                Map.of("account_ids", List.of(systemAdmin, holder)));
        assertEquals(200, reset.status(), reset::toString);
        assertEquals("not_permitted", reset.str("results/0/reason"));
        assertEquals("reset_mailed", reset.str("results/1/outcome"));

        Http.Response delete = http.post("/v1/accounts/bulk-delete", userAdmin,
                Map.of("account_ids", List.of(systemAdmin, holder)));
        assertEquals("not_permitted", delete.str("results/0/reason"));
        assertEquals("deleted", delete.str("results/1/outcome"));
        assertEquals(200, http.post("/v1/auth/sign-in", null, Map.of("login_id", "admin1", "password", PASSWORD)).status(),
                "the system administrator keeps its password and account");
    }

    @Test
    void bulkActionsWhenIdListEmptyOrNotUuidsThenBadRequest() {
        String admin = admin();
        for (String path : List.of("/v1/accounts/bulk-delete", "/v1/accounts/bulk-password-reset")) {
            Http.Response empty = http.post(path, admin, Map.of("account_ids", List.of()));
            assertEquals(400, empty.status(), empty::toString);
            assertEquals("validation-failed", empty.problem());
            assertEquals(400, http.post(path, admin, Map.of("account_ids", List.of("user1"))).status());
            assertEquals(415, http.post(path, admin, "x", Map.of("Content-Type", "text/plain")).status());
        }
    }
}
