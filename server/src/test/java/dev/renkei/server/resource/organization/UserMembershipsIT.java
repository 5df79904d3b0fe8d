package dev.renkei.server.resource.organization;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Group memberships (ユーザー所属情報): create, update, delete — read through the user, whose
 * version moves with them — and the rule of at most one primary group per user.
 */
@MicronautTest(transactional = false)
class UserMembershipsIT extends OrganizationApiTest {

    private List<Map<?, ?>> membershipsOf(String userId) {
        Http.Response user = get(USERS + "/" + userId);
        assertEquals(200, user.status(), user::toString);
        return user.list("memberships").stream().<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
    }

    private Map<?, ?> membership(String userId, String membershipId) {
        return membershipsOf(userId).stream().filter(m -> membershipId.equals(m.get("id"))).findFirst().orElseThrow();
    }

    private long primaries(String userId) {
        return membershipsOf(userId).stream().filter(m -> Boolean.TRUE.equals(m.get("primary"))).count();
    }

    // --- create ----------------------------------------------------------------------------

    @Test
    void createWhenFirstMembershipThenPrimaryByDefaultAndUserVersionMovesOn() {
        String userId = user("初所属 一郎");
        String groupId = group(unique("営業"), null);

        Http.Response created = http.post(MEMBERSHIPS, staticToken(),
                body("user_id", userId, "group_id", groupId, "position", "主任"));

        assertEquals(201, created.status(), created::toString);
        assertEquals(true, created.at("primary"));
        assertEquals("主任", created.str("position"));
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals(MEMBERSHIPS + "/" + created.str("id"), created.header("Location"));
        Http.Response user = get(USERS + "/" + userId);
        assertEquals(groupId, user.str("primary_group_id"));
        assertEquals(created.json(), user.at("memberships/0"));
        assertEquals("\"2\"", user.header("ETag"));
    }

    @Test
    void createWhenPrimaryAbsentAndUserHasPrimaryThenSecondary() {
        String userId = user("兼務 二郎");
        String first = group(unique("本務"), null);
        String second = group(unique("兼務"), null);
        assertEquals(201, join(userId, first, null).status());

        Http.Response created = join(userId, second, null);

        assertEquals(201, created.status(), created::toString);
        assertEquals(false, created.at("primary"));
        assertEquals(first, get(USERS + "/" + userId).str("primary_group_id"));
    }

    @Test
    void createWhenPrimaryTrueThenPreviousPrimaryDemoted() {
        String userId = user("異動 三郎");
        String oldGroup = group(unique("旧"), null);
        String newGroup = group(unique("新"), null);
        String oldMembership = join(userId, oldGroup, true).str("id");

        Http.Response created = join(userId, newGroup, true);

        assertEquals(201, created.status(), created::toString);
        assertEquals(1, primaries(userId));
        assertEquals(newGroup, get(USERS + "/" + userId).str("primary_group_id"));
        Map<?, ?> demoted = membership(userId, oldMembership);
        assertEquals(false, demoted.get("primary"));
        assertEquals(2, ((Number) demoted.get("version")).intValue());
    }

    @Test
    void createWhenPrimaryFalseOnFirstMembershipThenUserHasNoPrimary() {
        String userId = user("非主 四郎");

        Http.Response created = join(userId, group(unique("補助"), null), false);

        assertEquals(201, created.status(), created::toString);
        assertNull(get(USERS + "/" + userId).at("primary_group_id"));
    }

    @Test
    void createWhenUnknownUserOrGroupThenValidationFailedNamingIt() {
        String userId = user("不明 五郎");
        String groupId = group(unique("実在"), null);

        Http.Response noUser = join(UUID.randomUUID().toString(), groupId, null);
        Http.Response noGroup = join(userId, UUID.randomUUID().toString(), null);

        assertEquals(400, noUser.status(), noUser::toString);
        assertEquals("/user_id", noUser.str("errors/0/pointer"));
        assertEquals(400, noGroup.status(), noGroup::toString);
        assertEquals("/group_id", noGroup.str("errors/0/pointer"));
        assertEquals(List.of(), membershipsOf(userId));
    }

    @Test
    void createWhenAlreadyMemberThenAlreadyExists() {
        String userId = user("重複 六郎");
        String groupId = group(unique("重複"), null);
        assertEquals(201, join(userId, groupId, true).status());

        Http.Response again = join(userId, groupId, false);

        assertEquals(409, again.status(), again::toString);
        assertEquals("already-exists", again.problem());
        assertEquals(1, membershipsOf(userId).size());
    }

    @Test
    void createWhenBodyBreaksTheContractThenValidationFailed() {
        String userId = user("検証 七郎");
        String groupId = group(unique("検証"), null);

        for (Map<String, Object> body : List.of(body("user_id", userId), body("group_id", groupId),
                body("user_id", "u1", "group_id", groupId), body("user_id", userId, "group_id", groupId, "position", "x".repeat(51)))) {
            Http.Response response = http.post(MEMBERSHIPS, staticToken(), body);
            assertEquals(400, response.status(), () -> body + " -> " + response);
        }
    }

    @Test
    void createWhenIdempotencyKeyRepeatedThenReplayedAndOtherBodyRefused() {
        String userId = user("再送 八郎");
        String groupId = group(unique("再送"), null);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body("user_id", userId, "group_id", groupId);

        Http.Response first = http.post(MEMBERSHIPS, staticToken(), body, idempotencyKey(key));
        Http.Response retry = http.post(MEMBERSHIPS, staticToken(), body, idempotencyKey(key));
        Http.Response reused = http.post(MEMBERSHIPS, staticToken(), body("user_id", userId, "group_id",
                group(unique("別"), null)), idempotencyKey(key));

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.json(), retry.json());
        assertEquals(1, membershipsOf(userId).size());
        assertEquals(422, reused.status(), reused::toString);
    }

    // --- update ----------------------------------------------------------------------------

    @Test
    void updateWhenMadePrimaryThenPreviousDemotedAndUserFollows() {
        String userId = user("昇格 九郎");
        String main = group(unique("主"), null);
        String sub = group(unique("副"), null);
        assertEquals(201, join(userId, main, true).status());
        Http.Response secondary = join(userId, sub, false);

        Http.Response updated = patch(MEMBERSHIPS + "/" + secondary.str("id"), body("primary", true, "position", "課長"),
                secondary.header("ETag"));

        assertEquals(200, updated.status(), updated::toString);
        assertEquals(true, updated.at("primary"));
        assertEquals("課長", updated.str("position"));
        assertEquals("\"2\"", updated.header("ETag"));
        assertEquals(1, primaries(userId));
        assertEquals(sub, get(USERS + "/" + userId).str("primary_group_id"));
    }

    @Test
    void updateWhenPrimaryFalseThenUserWithoutPrimaryAndEmptyPositionClears() {
        String userId = user("降格 十郎");
        Http.Response membership = http.post(MEMBERSHIPS, staticToken(), body("user_id", userId, "group_id",
                group(unique("降格"), null), "primary", true, "position", "部長"));

        Http.Response updated = patch(MEMBERSHIPS + "/" + membership.str("id"), body("primary", false, "position", ""), null);

        assertEquals(200, updated.status(), updated::toString);
        assertEquals(false, updated.at("primary"));
        assertNull(updated.at("position"));
        assertNull(get(USERS + "/" + userId).at("primary_group_id"));
    }

    @Test
    void updateWhenGroupChangedThenMovedElseRefused() {
        String userId = user("転籍 一子");
        String from = group(unique("元"), null);
        String to = group(unique("先"), null);
        String taken = group(unique("既存"), null);
        String membershipId = join(userId, from, true).str("id");
        assertEquals(201, join(userId, taken, false).status());

        Http.Response moved = patch(MEMBERSHIPS + "/" + membershipId, body("group_id", to), null);
        Http.Response toTaken = patch(MEMBERSHIPS + "/" + membershipId, body("group_id", taken), null);
        Http.Response toUnknown = patch(MEMBERSHIPS + "/" + membershipId, body("group_id", UUID.randomUUID().toString()), null);

        assertEquals(200, moved.status(), moved::toString);
        assertEquals(to, moved.str("group_id"));
        assertEquals(to, get(USERS + "/" + userId).str("primary_group_id"));
        assertEquals(409, toTaken.status(), toTaken::toString);
        assertEquals("already-exists", toTaken.problem());
        assertEquals(400, toUnknown.status(), toUnknown::toString);
        assertEquals("/group_id", toUnknown.str("errors/0/pointer"));
    }

    @Test
    void updateWhenIfMatchStaleThenPreconditionFailedAndUnchanged() {
        String userId = user("競合 二子");
        Http.Response membership = join(userId, group(unique("競合"), null), true);
        String id = membership.str("id");
        assertEquals(200, patch(MEMBERSHIPS + "/" + id, body("position", "主任"), membership.header("ETag")).status());

        Http.Response stale = patch(MEMBERSHIPS + "/" + id, body("position", "係長"), membership.header("ETag"));

        assertEquals(412, stale.status(), stale::toString);
        assertEquals("precondition-failed", stale.problem());
        assertEquals("主任", membership(userId, id).get("position"));
    }

    @Test
    void updateWhenUnknownThenNotFound() {
        Http.Response response = patch(MEMBERSHIPS + "/" + UUID.randomUUID(), body("primary", true), null);

        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }

    @Test
    void updateWhenMembershipChangedThenUserEtagOfBeforeNoLongerMatches() {
        String userId = user("版数 三子");
        String userEtag = get(USERS + "/" + userId).header("ETag");
        assertEquals(201, join(userId, group(unique("版数"), null), true).status());

        Http.Response stale = patch(USERS + "/" + userId, body("name", "版数 四子"), userEtag);

        assertEquals(412, stale.status(), stale::toString);
    }

    // --- delete ----------------------------------------------------------------------------

    @Test
    void deleteWhenExistsThenGoneFromUserAndUserVersionMovesOn() {
        String userId = user("脱退 四郎");
        String groupId = group(unique("脱退"), null);
        Http.Response membership = join(userId, groupId, true);
        String before = get(USERS + "/" + userId).header("ETag");

        Http.Response deleted = delete(MEMBERSHIPS + "/" + membership.str("id"), membership.header("ETag"));

        assertEquals(204, deleted.status(), deleted::toString);
        Http.Response user = get(USERS + "/" + userId);
        assertEquals(List.of(), user.list("memberships"));
        assertNull(user.at("primary_group_id"));
        assertNotEquals(before, user.header("ETag"));
        assertEquals(204, delete(GROUPS + "/" + groupId, null).status());
    }

    @Test
    void deleteWhenIfMatchStaleThenPreconditionFailedAndKept() {
        String userId = user("保持 五郎");
        String id = join(userId, group(unique("保持"), null), true).str("id");
        assertEquals(200, patch(MEMBERSHIPS + "/" + id, body("position", "主任"), null).status());

        Http.Response response = delete(MEMBERSHIPS + "/" + id, "\"1\"");

        assertEquals(412, response.status(), response::toString);
        assertEquals(1, membershipsOf(userId).size());
    }

    @Test
    void deleteWhenUnknownThenNotFound() {
        assertEquals(404, delete(MEMBERSHIPS + "/" + UUID.randomUUID(), null).status());
    }
}
