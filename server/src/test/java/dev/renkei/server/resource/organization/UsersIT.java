package dev.renkei.server.resource.organization;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users (ユーザー情報): filters and paging, creates, If-Match updates, and deletes refused while referred to. */
@MicronautTest(transactional = false)
class UsersIT extends OrganizationApiTest {

    // --- list ------------------------------------------------------------------------------

    @Test
    void listWhenDemoDataThenEveryUserHasExactlyOnePrimaryGroup() {
        List<Map<?, ?>> users = all(USERS + "?q=" + query("@example.com"), 200);

        assertTrue(users.size() >= 12, users::toString);
        for (Map<?, ?> user : users) {
            List<?> memberships = (List<?>) user.get("memberships");
            List<?> primaries = memberships.stream().filter(m -> Boolean.TRUE.equals(((Map<?, ?>) m).get("primary"))).toList();
            Object code = user.get("employee_code");
            if (code != null && code.toString().matches("E1\\d{4}")) {
                assertEquals(1, primaries.size(), user::toString);
                assertEquals(((Map<?, ?>) primaries.get(0)).get("group_id"), user.get("primary_group_id"));
                assertNotNull(user.get("name_kana"), user::toString);
            }
        }
        assertTrue(users.stream().anyMatch(u -> "admin".equals(u.get("role"))), users::toString);
        assertTrue(users.stream().anyMatch(u -> "manager".equals(u.get("role"))), users::toString);
    }

    @Test
    void listWhenGroupIdThenOnlyItsMembersPrimaryOrNot() {
        String groupId = group(unique("フィルタ"), null);
        String other = group(unique("他"), null);
        String primaryMember = user("主所属 一郎");
        String secondaryMember = user("兼務 花子");
        String outsider = user("無関係 次郎");
        assertEquals(201, join(primaryMember, groupId, true).status());
        assertEquals(201, join(secondaryMember, other, true).status());
        assertEquals(201, join(secondaryMember, groupId, false).status());
        assertEquals(201, join(outsider, other, true).status());

        List<Object> members = ids(all(USERS + "?group_id=" + groupId, 50));

        assertEquals(List.of(primaryMember, secondaryMember), members);
    }

    @Test
    void listWhenActiveFilterThenOnlyThoseUsers() {
        String leaver = user("退職 三郎");
        assertEquals(200, patch(USERS + "/" + leaver, body("active", false), null).status());

        List<Object> inactive = ids(all(USERS + "?active=false", 200));
        List<Object> active = ids(all(USERS + "?active=true", 200));

        assertTrue(inactive.contains(leaver), inactive::toString);
        assertTrue(active.stream().noneMatch(inactive::contains));
        assertEquals(all(USERS, 200).size(), inactive.size() + active.size());
    }

    @Test
    void listWhenQThenMatchesNameKanaEmployeeCodeOrMail() {
        String marker = unique("qq");
        Http.Response created = http.post(USERS, staticToken(), body("name", "検索 四郎", "name_kana", "ケンサク シロウ",
                "employee_code", marker.toUpperCase(), "email", "shiro." + marker + "@Example.com"));
        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");

        for (String q : List.of("検索 四", "ケンサク", marker.toUpperCase(), "shiro." + marker + "@example")) {
            assertEquals(List.of(id), ids(all(USERS + "?q=" + query(q), 50)), q);
        }
    }

    @Test
    void listWhenUpdatedSinceThenOnlyUsersChangedSince() {
        String before = user("以前 五郎");
        clock.advance(Duration.ofHours(1));
        Instant since = clock.instant();
        String changed = user("以後 六郎");
        assertEquals(200, patch(USERS + "/" + before, body("phone", "090-0000-1111"), null).status());

        List<Object> found = ids(all(USERS + "?updated_since=" + query(since.toString()), 50));

        assertEquals(List.of(before, changed), found);
    }

    @Test
    void listWhenPagedThenEveryUserExactlyOnce() {
        List<Object> inOnePage = ids(all(USERS, 200));

        List<Object> paged = ids(all(USERS, 5));

        assertTrue(inOnePage.size() >= 12);
        assertEquals(inOnePage, paged);
    }

    @Test
    void listWhenLimitOutOfRangeThenValidationFailed() {
        for (String limit : List.of("201", "0", "-1")) {
            Http.Response response = get(USERS + "?limit=" + limit);
            assertEquals(400, response.status(), response::toString);
            assertEquals("validation-failed", response.problem());
        }
    }

    @Test
    void listWhenCursorUsedWithOtherFiltersThenBadRequest() {
        String cursor = get(USERS + "?limit=1").str("next_cursor");

        Http.Response response = get(USERS + "?limit=1&active=true&cursor=" + query(cursor));

        assertEquals(400, response.status(), response::toString);
    }

    @Test
    void listWhenBadFilterValuesThenBadRequest() {
        for (String filter : List.of("group_id=nope", "updated_since=yesterday", "q=")) {
            Http.Response response = get(USERS + "?" + filter);
            assertEquals(400, response.status(), () -> filter + " -> " + response);
        }
    }

    // --- create ----------------------------------------------------------------------------

    @Test
    void createWhenValidThenCreatedWithDefaultsEtagAndLocation() {
        String code = unique("E");

        Http.Response created = http.post(USERS, staticToken(), body("employee_code", code, "name", "新入 七子",
                "name_kana", "シンニュウ ナナコ", "email", code + "@example.com", "phone", "080-1234-5678"));

        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");
        assertEquals("/v1/resources/users/" + id, created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("member", created.str("role"));
        assertEquals(true, created.at("active"));
        assertEquals(List.of(), created.list("memberships"));
        assertNull(created.at("primary_group_id"));
        Http.Response read = get(USERS + "/" + id);
        assertEquals(created.json(), read.json());
        assertEquals("\"1\"", read.header("ETag"));
    }

    @Test
    void createWhenRoleAndInactiveGivenThenKept() {
        Http.Response created = http.post(USERS, staticToken(), body("name", "管理 八郎", "role", "manager", "active", false));

        assertEquals(201, created.status(), created::toString);
        assertEquals("manager", created.str("role"));
        assertEquals(false, created.at("active"));
    }

    @Test
    void createWhenMailTakenIgnoringCaseThenAlreadyExists() {
        String mail = unique("dup") + "@example.com";
        assertEquals(201, http.post(USERS, staticToken(), body("name", "先 一", "email", mail)).status());

        Http.Response second = http.post(USERS, staticToken(), body("name", "後 二", "email", mail.toUpperCase()));

        assertEquals(409, second.status(), second::toString);
        assertEquals("already-exists", second.problem());
    }

    @Test
    void createWhenEmployeeCodeTakenThenAlreadyExists() {
        String code = unique("E");
        assertEquals(201, http.post(USERS, staticToken(), body("name", "先 一", "employee_code", code)).status());

        Http.Response second = http.post(USERS, staticToken(), body("name", "後 二", "employee_code", code));

        assertEquals(409, second.status(), second::toString);
        assertEquals("already-exists", second.problem());
    }

    @Test
    void createWhenBodyBreaksTheContractThenValidationFailed() {
        for (Map<String, Object> body : List.of(body("email", "a@example.com"), body("name", ""), body("name", "  "),
                body("name", "x", "email", "not-a-mail"), body("name", "x", "phone", "03-xxxx"),
                body("name", "x", "role", "owner"), body("name", "x", "employee_code", "E 1"))) {
            Http.Response response = http.post(USERS, staticToken(), body);
            assertEquals(400, response.status(), () -> body + " -> " + response);
        }
    }

    @Test
    void createWhenIdempotencyKeyRepeatedThenOneUserAndSameAnswer() {
        String key = UUID.randomUUID().toString();
        String code = unique("E");
        Map<String, Object> body = body("name", "再送 九郎", "employee_code", code);

        Http.Response first = http.post(USERS, staticToken(), body, idempotencyKey(key));
        Http.Response retry = http.post(USERS, staticToken(), body, idempotencyKey(key));
        Http.Response reused = http.post(USERS, staticToken(), body("name", "別人", "employee_code", unique("E")),
                idempotencyKey(key));

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.json(), retry.json());
        assertEquals(1, rows("SELECT id FROM rs_user WHERE employee_code = ?", code).size());
        assertEquals(422, reused.status(), reused::toString);
        assertEquals("idempotency-key-reused", reused.problem());
    }

    // --- get -------------------------------------------------------------------------------

    @Test
    void getWhenUnknownThenNotFound() {
        Http.Response response = get(USERS + "/" + UUID.randomUUID());

        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }

    @Test
    void getWhenIdNotUuidThenBadRequest() {
        assertEquals(400, get(USERS + "/E10001").status());
    }

    // --- update ----------------------------------------------------------------------------

    @Test
    void updateWhenIfMatchCurrentThenChangedAndEmptyStringClears() {
        Http.Response created = http.post(USERS, staticToken(), body("name", "変更 十郎", "phone", "090-1111-2222",
                "name_kana", "ヘンコウ ジュウロウ"));
        String id = created.str("id");

        Http.Response updated = patch(USERS + "/" + id, body("role", "admin", "phone", "", "active", false), "\"1\"");

        assertEquals(200, updated.status(), updated::toString);
        assertEquals("admin", updated.str("role"));
        assertEquals(false, updated.at("active"));
        assertNull(updated.at("phone"));
        assertEquals("ヘンコウ ジュウロウ", updated.str("name_kana"));
        assertEquals("\"2\"", updated.header("ETag"));
        assertEquals(updated.json(), get(USERS + "/" + id).json());
    }

    @Test
    void updateWhenIfMatchStaleThenPreconditionFailedAndUnchanged() {
        String id = user("競合 一子");
        assertEquals(200, patch(USERS + "/" + id, body("name", "競合 二子"), "\"1\"").status());

        Http.Response stale = patch(USERS + "/" + id, body("name", "競合 三子"), "\"1\"");

        assertEquals(412, stale.status(), stale::toString);
        assertEquals("precondition-failed", stale.problem());
        assertEquals("競合 二子", get(USERS + "/" + id).str("name"));
    }

    @Test
    void updateWhenMailOrCodeOfAnotherUserThenAlreadyExists() {
        String mail = unique("taken") + "@example.com";
        String code = unique("E");
        assertEquals(201, http.post(USERS, staticToken(), body("name", "持主", "email", mail, "employee_code", code)).status());
        String id = user("希望者");

        Http.Response byMail = patch(USERS + "/" + id, body("email", mail.toUpperCase()), null);
        Http.Response byCode = patch(USERS + "/" + id, body("employee_code", code), null);

        assertEquals(409, byMail.status(), byMail::toString);
        assertEquals(409, byCode.status(), byCode::toString);
        assertEquals("already-exists", byCode.problem());
    }

    @Test
    void updateWhenBodyBreaksTheContractThenValidationFailed() {
        String id = user("検証 太郎");

        for (Map<String, Object> body : List.of(body("name", ""), body("email", "nope"), body("role", "boss"),
                body("phone", "abc"))) {
            Http.Response response = patch(USERS + "/" + id, body, null);
            assertEquals(400, response.status(), () -> body + " -> " + response);
        }
    }

    @Test
    void updateWhenUnknownThenNotFound() {
        assertEquals(404, patch(USERS + "/" + UUID.randomUUID(), body("name", "x"), null).status());
    }

    // --- delete ----------------------------------------------------------------------------

    @Test
    void deleteWhenUnreferencedThenGoneWithItsMemberships() {
        String id = user("削除 一郎");
        String groupId = group(unique("削除先"), null);
        assertEquals(201, join(id, groupId, true).status());
        String etag = get(USERS + "/" + id).header("ETag");

        Http.Response deleted = delete(USERS + "/" + id, etag);

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, get(USERS + "/" + id).status());
        assertEquals(0, rows("SELECT id FROM rs_user_membership WHERE user_id = ?::uuid", id).size());
        assertEquals(200, get(GROUPS + "/" + groupId).status());
    }

    @Test
    void deleteWhenInChargeOfSpotsThenResourceInUseSayingSo() {
        String id = user("担当 二郎");
        UUID spot = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        rows("INSERT INTO rs_spot (id, name, created_at, updated_at) VALUES (?, '銀座中央ビル', ?, ?) RETURNING id", spot, now, now);
        rows("INSERT INTO rs_spot_staff (spot_id, user_id, role, assigned_at) VALUES (?, ?::uuid, 'main', ?) RETURNING spot_id",
                spot, id, now);

        Http.Response response = delete(USERS + "/" + id, null);

        assertEquals(409, response.status(), response::toString);
        assertEquals("resource-in-use", response.problem());
        assertTrue(response.str("detail").contains("1 spot in their charge"), response::toString);
        assertEquals(200, get(USERS + "/" + id).status());
    }

    @Test
    void deleteWhenIfMatchStaleThenPreconditionFailedAndKept() {
        String id = user("残留 三郎");
        assertEquals(201, join(id, group(unique("所属"), null), true).status());

        Http.Response response = delete(USERS + "/" + id, "\"1\"");

        assertEquals(412, response.status(), response::toString);
        assertEquals(200, get(USERS + "/" + id).status());
    }

    @Test
    void deleteWhenUnknownThenNotFound() {
        assertEquals(404, delete(USERS + "/" + UUID.randomUUID(), null).status());
    }
}
