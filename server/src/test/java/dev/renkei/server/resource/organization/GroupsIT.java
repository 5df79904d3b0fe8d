package dev.renkei.server.resource.organization;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Groups (グループ情報): the tree, paging, creates with Idempotency-Key, If-Match, and deletes refused while in use. */
@MicronautTest(transactional = false)
class GroupsIT extends OrganizationApiTest {

    // --- list ------------------------------------------------------------------------------

    @Test
    void listWhenDemoDataThenHeadOfficeWithDepartmentsBelowIt() {
        List<Map<?, ?>> groups = all(GROUPS, 200);

        List<Map<?, ?>> headOffice = groups.stream().filter(g -> "G-HQ".equals(g.get("code"))).toList();
        assertEquals(1, headOffice.size(), groups::toString);
        assertEquals("本社", headOffice.get(0).get("name"));
        assertNull(headOffice.get(0).get("parent_id"));
        List<String> departments = groups.stream().filter(g -> headOffice.get(0).get("id").equals(g.get("parent_id")))
                .map(g -> (String) g.get("name")).toList();
        assertEquals(List.of("営業1部", "営業2部", "サービス部"), departments);
    }

    @Test
    void listWhenParentIdThenOnlyDirectChildren() {
        String top = group(unique("支店"), null);
        String child = group("東京営業所", top);
        String grandchild = group("銀座チーム", child);

        Http.Response page = get(GROUPS + "?parent_id=" + top);

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(child), page.list("items").stream().map(i -> ((Map<?, ?>) i).get("id")).toList());
        assertEquals(List.of(grandchild), ids(all(GROUPS + "?parent_id=" + child, 10)));
    }

    @Test
    void listWhenQThenMatchesNameOrCodeCaseInsensitively() {
        String marker = unique("Qx");
        String byName = group("九州" + marker, null);
        Http.Response byCode = http.post(GROUPS, staticToken(), body("name", "沖縄", "code", marker.toUpperCase() + "-C"));
        assertEquals(201, byCode.status(), byCode::toString);

        List<Object> found = ids(all(GROUPS + "?q=" + query(marker.toLowerCase()), 50));

        assertEquals(List.of(byName, byCode.str("id")), found);
    }

    @Test
    void listWhenQHasWildcardsThenTakenLiterally() {
        group("100%達成チーム", null);

        assertEquals(1, all(GROUPS + "?q=" + query("100%"), 50).size());
        assertEquals(0, all(GROUPS + "?q=" + query("_%"), 50).size());
    }

    @Test
    void listWhenPagedThenEveryGroupExactlyOnceInCreationOrder() {
        for (int i = 0; i < 5; i++) {
            group("ページ" + i, null);
        }
        List<Object> inOnePage = ids(all(GROUPS, 200));

        List<Object> paged = ids(all(GROUPS, 2));

        assertTrue(inOnePage.size() >= 9, inOnePage::toString);
        assertEquals(inOnePage, paged);
        assertEquals(inOnePage.stream().map(Object::toString).sorted().toList(), paged);
    }

    @Test
    void listWhenLimitAbove200ThenValidationFailed() {
        Http.Response response = get(GROUPS + "?limit=201");

        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
    }

    @Test
    void listWhenCursorOfOtherFiltersThenBadRequest() {
        Http.Response first = get(GROUPS + "?limit=1");
        String cursor = first.str("next_cursor");
        assertNotNull(cursor, first::toString);

        Http.Response other = get(GROUPS + "?limit=1&q=" + query("部") + "&cursor=" + query(cursor));
        Http.Response garbage = get(GROUPS + "?cursor=not-a-cursor");

        assertEquals(400, other.status(), other::toString);
        assertEquals(400, garbage.status(), garbage::toString);
    }

    @Test
    void listWhenParentIdNotUuidThenBadRequest() {
        Http.Response response = get(GROUPS + "?parent_id=abc");

        assertEquals(400, response.status(), response::toString);
    }

    // --- create ----------------------------------------------------------------------------

    @Test
    void createWhenValidThenCreatedWithEtagAndLocation() {
        String parent = group(unique("本部"), null);
        String code = unique("G");

        Http.Response created = http.post(GROUPS, staticToken(),
                body("code", code, "name", "営業4部", "parent_id", parent, "sort_order", 4));

        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("/v1/resources/groups/" + id, created.header("Location"));
        assertEquals(code, created.str("code"));
        assertEquals(parent, created.str("parent_id"));
        assertEquals("4", created.str("sort_order"));
        assertEquals("1", created.str("version"));
        Http.Response read = get(GROUPS + "/" + id);
        assertEquals(200, read.status(), read::toString);
        assertEquals("\"1\"", read.header("ETag"));
        assertEquals(created.json(), read.json());
    }

    @Test
    void createWhenOnlyNameThenTopLevelWithDefaults() {
        Http.Response created = http.post(GROUPS, staticToken(), body("name", "新規事業室"));

        assertEquals(201, created.status(), created::toString);
        assertNull(created.at("parent_id"));
        assertNull(created.at("code"));
        assertEquals("0", created.str("sort_order"));
    }

    @Test
    void createWhenUnknownParentThenValidationFailedNamingIt() {
        Http.Response response = http.post(GROUPS, staticToken(), body("name", "孤児", "parent_id", UUID.randomUUID().toString()));

        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
        assertEquals("/parent_id", response.str("errors/0/pointer"));
    }

    @Test
    void createWhenCodeTakenThenAlreadyExists() {
        String code = unique("G");
        assertEquals(201, http.post(GROUPS, staticToken(), body("name", "一", "code", code)).status());

        Http.Response second = http.post(GROUPS, staticToken(), body("name", "二", "code", code));

        assertEquals(409, second.status(), second::toString);
        assertEquals("already-exists", second.problem());
    }

    @Test
    void createWhenBodyBreaksTheContractThenValidationFailed() {
        List<Map<String, Object>> bad = List.of(
                body("code", "G-1"),
                body("name", ""),
                body("name", "   "),
                body("name", "x".repeat(101)),
                body("name", "正しい", "code", "スペース 入り"),
                body("name", "正しい", "sort_order", -1),
                body("name", "正しい", "parent_id", "not-a-uuid"));
        for (Map<String, Object> body : bad) {
            Http.Response response = http.post(GROUPS, staticToken(), body);
            assertEquals(400, response.status(), () -> body + " -> " + response);
        }
    }

    @Test
    void createWhenNotJsonThenBadRequest() {
        Http.Response response = http.post(GROUPS, staticToken(), "{\"name\": ");

        assertEquals(400, response.status(), response::toString);
    }

    @Test
    void createWhenNotSentAsJsonThenUnsupportedMediaType() {
        Http.Response response = http.send("POST", GROUPS, staticToken(), "name=営業", Map.of("Content-Type", "text/plain"));

        assertEquals(415, response.status(), response::toString);
    }

    @Test
    void createWhenIdempotencyKeyRepeatedThenFirstAnswerReplayedAndOneGroup() {
        String key = UUID.randomUUID().toString();
        String name = unique("冪等");
        Map<String, Object> body = body("name", name);

        Http.Response first = http.post(GROUPS, staticToken(), body, idempotencyKey(key));
        Http.Response retry = http.post(GROUPS, staticToken(), body, idempotencyKey(key));

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.json(), retry.json());
        assertEquals(first.header("ETag"), retry.header("ETag"));
        assertEquals(1, rows("SELECT id FROM rs_group WHERE name = ?", name).size());
    }

    @Test
    void createWhenIdempotencyKeyReusedWithOtherBodyThenUnprocessable() {
        String key = UUID.randomUUID().toString();
        assertEquals(201, http.post(GROUPS, staticToken(), body("name", unique("A")), idempotencyKey(key)).status());

        Http.Response reused = http.post(GROUPS, staticToken(), body("name", unique("B")), idempotencyKey(key));

        assertEquals(422, reused.status(), reused::toString);
        assertEquals("idempotency-key-reused", reused.problem());
    }

    // --- get -------------------------------------------------------------------------------

    @Test
    void getWhenUnknownThenNotFound() {
        Http.Response response = get(GROUPS + "/" + UUID.randomUUID());

        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }

    @Test
    void getWhenIdNotUuidThenBadRequest() {
        Http.Response response = get(GROUPS + "/12345");

        assertEquals(400, response.status(), response::toString);
    }

    // --- update ----------------------------------------------------------------------------

    @Test
    void updateWhenIfMatchCurrentThenChangedAndVersionMovesOn() {
        String id = group("旧名", null);

        Http.Response updated = patch(GROUPS + "/" + id, body("name", "新名", "sort_order", 7), "\"1\"");

        assertEquals(200, updated.status(), updated::toString);
        assertEquals("新名", updated.str("name"));
        assertEquals("7", updated.str("sort_order"));
        assertEquals("2", updated.str("version"));
        assertEquals("\"2\"", updated.header("ETag"));
        assertEquals("\"2\"", get(GROUPS + "/" + id).header("ETag"));
    }

    @Test
    void updateWhenIfMatchStaleThenPreconditionFailedAndNothingChanged() {
        String id = group("変更前", null);
        assertEquals(200, patch(GROUPS + "/" + id, body("name", "一回目"), "\"1\"").status());

        Http.Response stale = patch(GROUPS + "/" + id, body("name", "二回目"), "\"1\"");

        assertEquals(412, stale.status(), stale::toString);
        assertEquals("precondition-failed", stale.problem());
        Http.Response read = get(GROUPS + "/" + id);
        assertEquals("一回目", read.str("name"));
        assertEquals("\"2\"", read.header("ETag"));
    }

    @Test
    void updateWhenIfMatchAbsentOrStarThenApplied() {
        String id = group("無条件", null);

        assertEquals(200, patch(GROUPS + "/" + id, body("sort_order", 3), null).status());
        Http.Response star = patch(GROUPS + "/" + id, body("sort_order", 5), "*");

        assertEquals(200, star.status(), star::toString);
        assertEquals("3", star.str("version"));
    }

    @Test
    void updateWhenNothingChangesThenSameVersion() {
        String id = group("そのまま", null);

        Http.Response same = patch(GROUPS + "/" + id, body("name", "そのまま"), "\"1\"");

        assertEquals(200, same.status(), same::toString);
        assertEquals("\"1\"", same.header("ETag"));
    }

    @Test
    void updateWhenMovedThenParentChangesAndEmptyParentMovesToTop() {
        String a = group("A部", null);
        String b = group("B部", null);
        String team = group("チーム", a);

        Http.Response moved = patch(GROUPS + "/" + team, body("parent_id", b), null);
        Http.Response top = patch(GROUPS + "/" + team, body("parent_id", ""), null);

        assertEquals(200, moved.status(), moved::toString);
        assertEquals(b, moved.str("parent_id"));
        assertEquals(200, top.status(), top::toString);
        assertNull(top.at("parent_id"));
    }

    @Test
    void updateWhenMovedBelowItselfOrItsDescendantThenValidationFailed() {
        String top = group("上位", null);
        String middle = group("中位", top);
        String bottom = group("下位", middle);

        Http.Response belowDescendant = patch(GROUPS + "/" + top, body("parent_id", bottom), null);
        Http.Response belowItself = patch(GROUPS + "/" + top, body("parent_id", top), null);

        assertEquals(400, belowDescendant.status(), belowDescendant::toString);
        assertEquals("/parent_id", belowDescendant.str("errors/0/pointer"));
        assertEquals(400, belowItself.status(), belowItself::toString);
        assertNull(get(GROUPS + "/" + top).at("parent_id"));
    }

    @Test
    void updateWhenUnknownParentThenValidationFailed() {
        String id = group("親なし", null);

        Http.Response response = patch(GROUPS + "/" + id, body("parent_id", UUID.randomUUID().toString()), null);

        assertEquals(400, response.status(), response::toString);
        assertEquals("/parent_id", response.str("errors/0/pointer"));
    }

    @Test
    void updateWhenCodeTakenThenAlreadyExistsAndEmptyCodeClears() {
        String code = unique("G");
        assertEquals(201, http.post(GROUPS, staticToken(), body("name", "先", "code", code)).status());
        String id = group("後", null);

        Http.Response taken = patch(GROUPS + "/" + id, body("code", code), null);
        Http.Response cleared = patch(GROUPS + "/" + id, body("code", ""), null);

        assertEquals(409, taken.status(), taken::toString);
        assertEquals("already-exists", taken.problem());
        assertEquals(200, cleared.status(), cleared::toString);
        assertNull(cleared.at("code"));
    }

    @Test
    void updateWhenBodyBreaksTheContractThenValidationFailed() {
        String id = group("検証", null);

        for (Map<String, Object> body : List.of(body("name", ""), body("name", " "), body("parent_id", "xyz"),
                body("sort_order", 100000), body("code", "a b"))) {
            Http.Response response = patch(GROUPS + "/" + id, body, null);
            assertEquals(400, response.status(), () -> body + " -> " + response);
        }
        assertEquals("1", get(GROUPS + "/" + id).str("version"));
    }

    @Test
    void updateWhenUnknownThenNotFound() {
        Http.Response response = patch(GROUPS + "/" + UUID.randomUUID(), body("name", "x"), null);

        assertEquals(404, response.status(), response::toString);
    }

    // --- delete ----------------------------------------------------------------------------

    @Test
    void deleteWhenUnusedThenGone() {
        String id = group("解散", null);

        Http.Response deleted = delete(GROUPS + "/" + id, "\"1\"");

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, get(GROUPS + "/" + id).status());
    }

    @Test
    void deleteWhenChildGroupsThenResourceInUseNamingThem() {
        String parent = group("親", null);
        group("子1", parent);
        group("子2", parent);

        Http.Response response = delete(GROUPS + "/" + parent, null);

        assertEquals(409, response.status(), response::toString);
        assertEquals("resource-in-use", response.problem());
        assertTrue(response.str("detail").contains("2 child groups"), response::toString);
        assertEquals(200, get(GROUPS + "/" + parent).status());
    }

    @Test
    void deleteWhenMembersThenResourceInUseNamingThem() {
        String id = group("所属あり", null);
        assertEquals(201, join(user("所属 太郎"), id, true).status());

        Http.Response response = delete(GROUPS + "/" + id, null);

        assertEquals(409, response.status(), response::toString);
        assertEquals("resource-in-use", response.problem());
        assertTrue(response.str("detail").contains("1 member;"), response::toString);
    }

    @Test
    void deleteWhenIfMatchStaleThenPreconditionFailedAndKept() {
        String id = group("残す", null);
        assertEquals(200, patch(GROUPS + "/" + id, body("name", "残す2"), null).status());

        Http.Response response = delete(GROUPS + "/" + id, "\"1\"");

        assertEquals(412, response.status(), response::toString);
        assertEquals(200, get(GROUPS + "/" + id).status());
    }

    @Test
    void deleteWhenUnknownThenNotFound() {
        Http.Response response = delete(GROUPS + "/" + UUID.randomUUID(), null);

        assertEquals(404, response.status(), response::toString);
        assertFalse(response.body().isEmpty());
    }
}
