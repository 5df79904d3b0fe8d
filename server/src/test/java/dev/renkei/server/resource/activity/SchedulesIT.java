package dev.renkei.server.resource.activity;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class SchedulesIT extends ActivityApiTest {

    private static final String SCHEDULES = "/v1/resources/schedules";
    /** Each test plans in its own week of 2032, away from the generated calendar and from the other tests. */
    private static final Instant T0 = Instant.parse("2032-01-05T01:00:00Z");

    @Test
    void createScheduleWhenValidThen201WithMembersETagAndLocation() {
        String organizer = user("佐藤 一郎");
        String participant = user("鈴木 花子");
        String spot = spot("銀座中央ビル", 35.671, 139.7665);
        Map<String, Object> body = schedule("銀座中央ビル 定期点検", "2032-01-05T10:00:00+09:00", "2032-01-05T11:30:00+09:00");
        body.put("spot_id", spot);
        body.put("note", "点検報告書を持参");
        body.put("members", List.of(Map.of("user_id", organizer, "role", "organizer", "attendance", "accepted"),
                Map.of("user_id", participant)));

        Http.Response created = http.post(SCHEDULES, staticToken(), body);

        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals(SCHEDULES + "/" + id, created.header("Location"));
        assertEquals("銀座中央ビル 定期点検", created.str("title"));
        assertEquals(Instant.parse("2032-01-05T01:00:00Z"), Instant.parse(created.str("starts_at")));
        assertEquals(Instant.parse("2032-01-05T02:30:00Z"), Instant.parse(created.str("ends_at")));
        assertEquals(false, created.at("all_day"));
        assertEquals(spot, created.str("spot_id"));
        assertEquals("銀座中央ビル", created.str("spot_name"));
        assertEquals("点検報告書を持参", created.str("note"));
        assertEquals(1, ((Number) created.at("version")).intValue());
        assertEquals(organizer, created.str("members/0/user_id"));
        assertEquals("佐藤 一郎", created.str("members/0/user_name"));
        assertEquals("organizer", created.str("members/0/role"));
        assertEquals("accepted", created.str("members/0/attendance"));
        assertEquals("participant", created.str("members/1/role"));
        assertEquals("pending", created.str("members/1/attendance"));

        Http.Response read = http.get(SCHEDULES + "/" + id, staticToken());
        assertEquals(200, read.status(), read::toString);
        assertEquals("\"1\"", read.header("ETag"));
        assertEquals(created.json(), read.json());
    }

    @Test
    void createScheduleWhenPeriodBreaksTheRulesThen400NamingEndsAt() {
        for (String[] period : List.of(new String[] {"2032-01-05T10:00:00Z", "2032-01-05T09:00:00Z"},
                new String[] {"2032-01-05T10:00:00Z", "2032-01-05T10:00:00Z"},
                new String[] {"2032-01-05T10:00:00Z", "2032-02-05T10:00:01Z"})) {
            Http.Response refused = http.post(SCHEDULES, staticToken(), schedule("研修", period[0], period[1]));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals("validation-failed", refused.problem());
            assertEquals("/ends_at", refused.str("errors/0/pointer"));
        }
        assertEquals(0, rows("SELECT id FROM rs_schedule WHERE title = '研修'").size());
    }

    @Test
    void createScheduleWhenReferencesAreUnknownOrInactiveThen400NamingThem() {
        String member = user("高橋 次郎");
        Map<String, Object> unknownSpot = schedule("訪問", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        unknownSpot.put("spot_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99");
        assertPointer("/spot_id", http.post(SCHEDULES, staticToken(), unknownSpot));

        Map<String, Object> unknownUser = schedule("訪問", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        unknownUser.put("members", List.of(Map.of("user_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5b99")));
        assertPointer("/members/0/user_id", http.post(SCHEDULES, staticToken(), unknownUser));

        Map<String, Object> inactive = schedule("訪問", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        inactive.put("members", List.of(Map.of("user_id", member), Map.of("user_id", inactiveUser("退職 太郎"))));
        assertPointer("/members/1/user_id", http.post(SCHEDULES, staticToken(), inactive));

        Map<String, Object> twice = schedule("訪問", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        twice.put("members", List.of(Map.of("user_id", member), Map.of("user_id", member)));
        assertPointer("/members/1/user_id", http.post(SCHEDULES, staticToken(), twice));

        assertEquals(0, rows("SELECT id FROM rs_schedule WHERE title = '訪問'").size());
    }

    @Test
    void createScheduleWhenBodyIsBadThen400Or415() {
        assertEquals(400, http.post(SCHEDULES, staticToken(), Map.of("starts_at", "2032-01-06T01:00:00Z",
                "ends_at", "2032-01-06T02:00:00Z")).status());
        assertPointer("/title", http.post(SCHEDULES, staticToken(), schedule("   ", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z")));
        assertEquals(400, http.post(SCHEDULES, staticToken(), schedule("x", "tomorrow", "2032-01-06T02:00:00Z")).status());
        assertEquals(400, http.post(SCHEDULES, staticToken(), "{\"title\": ").status());
        Map<String, Object> badRole = schedule("x", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        badRole.put("members", List.of(Map.of("user_id", user("伊藤 健"), "role", "boss")));
        assertEquals(400, http.post(SCHEDULES, staticToken(), badRole).status());
        Map<String, Object> nullMember = schedule("x", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        List<Object> members = new ArrayList<>();
        members.add(null);
        nullMember.put("members", members);
        assertEquals(400, http.post(SCHEDULES, staticToken(), nullMember).status());
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Map.of("user_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5b99"));
        }
        Map<String, Object> tooMany = schedule("x", "2032-01-06T01:00:00Z", "2032-01-06T02:00:00Z");
        tooMany.put("members", many);
        assertEquals(400, http.post(SCHEDULES, staticToken(), tooMany).status());
        Http.Response text = http.send("POST", SCHEDULES, staticToken(), "title=x", Map.of("Content-Type", "text/plain"));
        assertEquals(415, text.status(), text::toString);
        assertEquals(0, rows("SELECT id FROM rs_schedule WHERE title = 'x'").size());
    }

    @Test
    void createScheduleWhenRetriedWithTheSameIdempotencyKeyThenTheFirstAnswerAndOneSchedule() {
        Map<String, Object> body = schedule("見積説明", "2032-01-07T01:00:00Z", "2032-01-07T02:00:00Z");
        Map<String, String> key = Map.of("Idempotency-Key", "activity-" + System.nanoTime());

        Http.Response first = http.post(SCHEDULES, staticToken(), body, key);
        // The same instant written in Japan time is the same request.
        Http.Response retry = http.post(SCHEDULES, staticToken(), schedule("見積説明", "2032-01-07T10:00:00+09:00",
                "2032-01-07T11:00:00+09:00"), key);

        assertEquals(201, first.status(), first::toString);
        assertEquals(201, retry.status(), retry::toString);
        assertEquals(first.str("id"), retry.str("id"));
        assertEquals("\"1\"", retry.header("ETag"));
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(1, rows("SELECT id FROM rs_schedule WHERE title = '見積説明'").size());

        Http.Response reused = http.post(SCHEDULES, staticToken(), schedule("別の予定", "2032-01-07T01:00:00Z",
                "2032-01-07T02:00:00Z"), key);
        assertEquals(422, reused.status(), reused::toString);
        assertEquals("idempotency-key-reused", reused.problem());
        assertEquals(0, rows("SELECT id FROM rs_schedule WHERE title = '別の予定'").size());
    }

    @Test
    void listSchedulesWhenPeriodGivenThenThoseOverlappingItByStart() {
        Instant from = T0.plus(Duration.ofDays(7));
        Instant to = from.plus(Duration.ofHours(8));
        String overlapsStart = create("前日からの出張", from.minus(Duration.ofDays(1)), from.plusSeconds(3600));
        String inside = create("打合せ", from.plusSeconds(7200), from.plusSeconds(9000));
        String overlapsEnd = create("夕方の点検", to.minusSeconds(600), to.plusSeconds(3600));
        create("前日に終わる予定", from.minus(Duration.ofDays(1)), from);
        create("翌日の予定", to, to.plusSeconds(3600));
        create("かなり前の予定", from.minus(Duration.ofDays(40)), from.minus(Duration.ofDays(39)));

        Http.Response page = http.get(SCHEDULES + "?from=" + q(from) + "&to=" + q(to), staticToken());

        assertEquals(List.of(overlapsStart, inside, overlapsEnd), ids(page));
    }

    @Test
    void listSchedulesWhenFilteredByMemberSpotOrUpdatedSinceThenOnlyMatchingWithTheirMembers() {
        Instant day = T0.plus(Duration.ofDays(14));
        String member = user("田中 美咲");
        String spot = spot("新宿西口タワー", 35.6896, 139.7006);
        Map<String, Object> withMember = schedule("面談", day.toString(), day.plusSeconds(1800).toString());
        withMember.put("members", List.of(Map.of("user_id", member)));
        String mine = http.post(SCHEDULES, staticToken(), withMember).str("id");
        Map<String, Object> atSpot = schedule("納品立会い", day.plusSeconds(60).toString(), day.plusSeconds(1800).toString());
        atSpot.put("spot_id", spot);
        String there = http.post(SCHEDULES, staticToken(), atSpot).str("id");
        String period = "from=" + q(day) + "&to=" + q(day.plusSeconds(3600));

        Http.Response byMember = http.get(SCHEDULES + "?" + period + "&user_id=" + member, staticToken());
        assertEquals(List.of(mine), ids(byMember));
        assertEquals(member, byMember.str("items/0/members/0/user_id"));
        assertEquals(List.of(there), ids(http.get(SCHEDULES + "?" + period + "&spot_id=" + spot, staticToken())));

        Instant before = clock.instant();
        Http.Response changed = http.patch(SCHEDULES + "/" + there, staticToken(), Map.of("note", "搬入口は裏側"));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals(List.of(there), ids(http.get(SCHEDULES + "?" + period + "&updated_since=" + q(before), staticToken())));
    }

    @Test
    void listSchedulesWhenMoreThanOnePageThenEachOnceByStartThenId() {
        Instant day = T0.plus(Duration.ofDays(21));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(create("巡回 " + i, day.plusSeconds(600L * i), day.plusSeconds(600L * i + 1800)));
        }

        List<Map<?, ?>> items = all(SCHEDULES + "?from=" + q(day) + "&to=" + q(day.plus(Duration.ofDays(1))), 3, "id");

        assertEquals(expected, items.stream().map(i -> i.get("id")).toList());
    }

    @Test
    void listSchedulesWhenParametersBreakTheRulesThen400() {
        assertEquals(400, http.get(SCHEDULES + "?limit=201", staticToken()).status());
        assertEquals(400, http.get(SCHEDULES + "?from=" + q(T0) + "&to=" + q(T0), staticToken()).status());
        assertEquals(400, http.get(SCHEDULES + "?spot_id=nope", staticToken()).status());
        assertEquals(400, http.get(SCHEDULES + "?cursor=nope", staticToken()).status());
    }

    @Test
    void updateScheduleWhenIfMatchIsCurrentThenChangedWithANewETag() {
        String spot = spot("丸の内センタービル", 35.6812, 139.7671);
        Map<String, Object> body = schedule("定期点検", "2032-02-02T01:00:00Z", "2032-02-02T02:00:00Z");
        body.put("spot_id", spot);
        body.put("note", "資料持参");
        String id = http.post(SCHEDULES, staticToken(), body).str("id");

        Http.Response moved = http.send("PATCH", SCHEDULES + "/" + id, staticToken(),
                Map.of("starts_at", "2032-02-03T10:00:00+09:00", "ends_at", "2032-02-03T11:00:00+09:00", "all_day", false),
                Map.of("If-Match", "\"1\""));

        assertEquals(200, moved.status(), moved::toString);
        assertEquals("\"2\"", moved.header("ETag"));
        assertEquals(Instant.parse("2032-02-03T01:00:00Z"), Instant.parse(moved.str("starts_at")));
        assertEquals("定期点検", moved.str("title"));
        assertEquals(spot, moved.str("spot_id"));
        assertEquals("資料持参", moved.str("note"));

        Http.Response cleared = http.send("PATCH", SCHEDULES + "/" + id, staticToken(), Map.of("spot_id", "", "note", ""),
                Map.of("If-Match", "*"));
        assertEquals(200, cleared.status(), cleared::toString);
        assertEquals("\"3\"", cleared.header("ETag"));
        assertNull(cleared.at("spot_id"));
        assertNull(cleared.at("note"));

        Http.Response unchanged = http.patch(SCHEDULES + "/" + id, staticToken(), Map.of("title", "定期点検"));
        assertEquals(200, unchanged.status(), unchanged::toString);
        assertEquals("\"3\"", unchanged.header("ETag"));
    }

    @Test
    void updateScheduleWhenIfMatchIsStaleThen412AndNothingChanged() {
        String id = create("商談", Instant.parse("2032-02-09T01:00:00Z"), Instant.parse("2032-02-09T02:00:00Z"));
        assertEquals(200, http.patch(SCHEDULES + "/" + id, staticToken(), Map.of("title", "商談（変更）")).status());

        Http.Response stale = http.send("PATCH", SCHEDULES + "/" + id, staticToken(), Map.of("title", "古い版からの変更"),
                Map.of("If-Match", "\"1\""));

        assertEquals(412, stale.status(), stale::toString);
        assertEquals("precondition-failed", stale.problem());
        Http.Response read = http.get(SCHEDULES + "/" + id, staticToken());
        assertEquals("商談（変更）", read.str("title"));
        assertEquals("\"2\"", read.header("ETag"));
    }

    @Test
    void updateScheduleWhenTheResultBreaksTheRulesThen400AndWhenUnknownThen404() {
        String id = create("見積作成", Instant.parse("2032-02-16T01:00:00Z"), Instant.parse("2032-02-16T02:00:00Z"));

        assertPointer("/ends_at", http.patch(SCHEDULES + "/" + id, staticToken(), Map.of("starts_at", "2032-02-16T03:00:00Z")));
        assertPointer("/spot_id", http.patch(SCHEDULES + "/" + id, staticToken(),
                Map.of("spot_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99")));
        assertEquals(400, http.patch(SCHEDULES + "/" + id, staticToken(), Map.of("spot_id", "somewhere")).status());
        assertEquals(400, http.patch(SCHEDULES + "/" + id, staticToken(), Map.of("title", "")).status());
        assertEquals("\"1\"", http.get(SCHEDULES + "/" + id, staticToken()).header("ETag"));

        Http.Response missing = http.patch(SCHEDULES + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6c99", staticToken(), Map.of("title", "x"));
        assertEquals(404, missing.status(), missing::toString);
        assertEquals(404, http.get(SCHEDULES + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6c99", staticToken()).status());
    }

    @Test
    void deleteScheduleWhenIfMatchIsStaleThen412ElseDeletedWithItsMembersAndExpensesKept() {
        String member = user("山本 翔");
        Map<String, Object> body = schedule("出張（大阪支店）", "2032-02-23T00:00:00Z", "2032-02-24T00:00:00Z");
        body.put("all_day", true);
        body.put("members", List.of(Map.of("user_id", member)));
        String id = http.post(SCHEDULES, staticToken(), body).str("id");
        String expense = expense(member, LocalDate.parse("2032-02-23"), null, null, id);

        Http.Response stale = http.send("DELETE", SCHEDULES + "/" + id, staticToken(), null, Map.of("If-Match", "\"7\""));
        assertEquals(412, stale.status(), stale::toString);
        assertEquals(200, http.get(SCHEDULES + "/" + id, staticToken()).status());

        Http.Response deleted = http.send("DELETE", SCHEDULES + "/" + id, staticToken(), null, Map.of("If-Match", "\"1\""));

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http.get(SCHEDULES + "/" + id, staticToken()).status());
        assertEquals(0, rows("SELECT 1 FROM rs_schedule_member WHERE schedule_id = ?", uuid(id)).size());
        Http.Response kept = http.get("/v1/resources/transportation-expenses/" + expense, staticToken());
        assertEquals(200, kept.status(), kept::toString);
        assertNull(kept.at("schedule_id"));
        assertEquals(404, http.delete(SCHEDULES + "/" + id, staticToken()).status());
    }

    @Test
    void addScheduleMemberWhenNewThen201AndTheScheduleGetsANewVersion() {
        String id = create("週次ミーティング", Instant.parse("2032-03-01T01:00:00Z"), Instant.parse("2032-03-01T02:00:00Z"));
        String member = user("中村 優");

        Http.Response added = http.post(SCHEDULES + "/" + id + "/members", staticToken(),
                Map.of("user_id", member, "role", "organizer"));

        assertEquals(201, added.status(), added::toString);
        assertEquals(SCHEDULES + "/" + id + "/members/" + member, added.header("Location"));
        assertEquals(id, added.str("schedule_id"));
        assertEquals("中村 優", added.str("user_name"));
        assertEquals("organizer", added.str("role"));
        assertEquals("pending", added.str("attendance"));
        Http.Response schedule = http.get(SCHEDULES + "/" + id, staticToken());
        assertEquals("\"2\"", schedule.header("ETag"));
        assertEquals(member, schedule.str("members/0/user_id"));
        Http.Response one = http.get(SCHEDULES + "/" + id + "/members/" + member, staticToken());
        assertEquals(200, one.status(), one::toString);
        assertEquals(added.json(), one.json());
    }

    @Test
    void addScheduleMemberWhenAlreadyAMemberThen409AndWhenUserUnknownOrInactiveThen400() {
        String member = user("小林 直樹");
        Map<String, Object> body = schedule("月次報告会", "2032-03-08T01:00:00Z", "2032-03-08T02:00:00Z");
        body.put("members", List.of(Map.of("user_id", member)));
        String id = http.post(SCHEDULES, staticToken(), body).str("id");
        String members = SCHEDULES + "/" + id + "/members";

        Http.Response again = http.post(members, staticToken(), Map.of("user_id", member));
        assertEquals(409, again.status(), again::toString);
        assertEquals("already-exists", again.problem());
        assertPointer("/user_id", http.post(members, staticToken(), Map.of("user_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5b99")));
        assertPointer("/user_id", http.post(members, staticToken(), Map.of("user_id", inactiveUser("休職 次郎"))));
        assertEquals(400, http.post(members, staticToken(), Map.of("role", "participant")).status());
        assertEquals(400, http.post(members, staticToken(), Map.of("user_id", member, "attendance", "maybe")).status());
        assertEquals(404, http.post(SCHEDULES + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6c99/members", staticToken(),
                Map.of("user_id", member)).status());
        assertEquals("\"1\"", http.get(SCHEDULES + "/" + id, staticToken()).header("ETag"));
    }

    @Test
    void addScheduleMemberWhenTheScheduleHas100MembersThen400() {
        List<Map<String, Object>> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Map.of("user_id", user("社員 " + i)));
        }
        Map<String, Object> body = schedule("全社総会", "2032-03-15T01:00:00Z", "2032-03-15T03:00:00Z");
        body.put("members", hundred);
        Http.Response created = http.post(SCHEDULES, staticToken(), body);
        assertEquals(201, created.status(), created::toString);
        assertEquals(100, created.list("members").size());

        Http.Response full = http.post(SCHEDULES + "/" + created.str("id") + "/members", staticToken(),
                Map.of("user_id", user("社員 100")));

        assertPointer("/user_id", full);
    }

    @Test
    void listScheduleMembersWhenMoreThanOnePageThenEachOnceInTheOrderAdded() {
        String id = create("安全衛生研修", Instant.parse("2032-03-22T01:00:00Z"), Instant.parse("2032-03-22T08:00:00Z"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String member = user("受講者 " + i);
            assertEquals(201, http.post(SCHEDULES + "/" + id + "/members", staticToken(), Map.of("user_id", member)).status());
            expected.add(member);
        }

        List<Map<?, ?>> items = all(SCHEDULES + "/" + id + "/members", 2, "user_id");

        assertEquals(expected, items.stream().map(i -> i.get("user_id")).toList());
        assertEquals(404, http.get(SCHEDULES + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6c99/members", staticToken()).status());
        assertEquals(400, http.get(SCHEDULES + "/" + id + "/members?limit=201", staticToken()).status());
    }

    @Test
    void updateScheduleMemberWhenAMemberThenRoleOrAnswerChangedAndWhenNotThen404() {
        String member = user("加藤 恵");
        Map<String, Object> body = schedule("新規提案", "2032-03-29T01:00:00Z", "2032-03-29T02:00:00Z");
        body.put("members", List.of(Map.of("user_id", member)));
        String id = http.post(SCHEDULES, staticToken(), body).str("id");
        String path = SCHEDULES + "/" + id + "/members/" + member;

        Http.Response answered = http.patch(path, staticToken(), Map.of("attendance", "declined"));

        assertEquals(200, answered.status(), answered::toString);
        assertEquals("declined", answered.str("attendance"));
        assertEquals("participant", answered.str("role"));
        assertNotEquals(answered.str("added_at"), answered.str("updated_at"));
        assertEquals("\"2\"", http.get(SCHEDULES + "/" + id, staticToken()).header("ETag"));
        Http.Response promoted = http.patch(path, staticToken(), Map.of("role", "organizer"));
        assertEquals("organizer", promoted.str("role"));
        assertEquals("declined", promoted.str("attendance"));
        assertEquals(400, http.patch(path, staticToken(), Map.of("role", "boss")).status());
        Http.Response stranger = http.patch(SCHEDULES + "/" + id + "/members/" + user("部外 者"), staticToken(),
                Map.of("attendance", "accepted"));
        assertEquals(404, stranger.status(), stranger::toString);
        assertEquals(404, http.get(SCHEDULES + "/" + id + "/members/" + user("部外 者2"), staticToken()).status());
    }

    @Test
    void removeScheduleMemberWhenAMemberThen204AndWhenNoLongerThen404() {
        String member = user("吉田 拓也");
        Map<String, Object> body = schedule("ご挨拶", "2032-04-05T01:00:00Z", "2032-04-05T02:00:00Z");
        body.put("members", List.of(Map.of("user_id", member)));
        String id = http.post(SCHEDULES, staticToken(), body).str("id");
        String path = SCHEDULES + "/" + id + "/members/" + member;

        Http.Response removed = http.delete(path, staticToken());

        assertEquals(204, removed.status(), removed::toString);
        Http.Response schedule = http.get(SCHEDULES + "/" + id, staticToken());
        assertEquals(0, schedule.list("members").size());
        assertEquals("\"2\"", schedule.header("ETag"));
        Http.Response again = http.delete(path, staticToken());
        assertEquals(404, again.status(), again::toString);
        assertEquals("not-found", again.problem());
    }

    @Test
    void deletingASpotOrUserStillReferredToFailsOnANamedCommentedConstraint() {
        String spot = spot("渋谷ヒカリエ", 35.659, 139.7036);
        String member = user("松本 彩");
        Map<String, Object> body = schedule("保守作業", "2032-04-12T01:00:00Z", "2032-04-12T02:00:00Z");
        body.put("spot_id", spot);
        body.put("members", List.of(Map.of("user_id", member)));
        assertEquals(201, http.post(SCHEDULES, staticToken(), body).status());
        String stamped = spot("渋谷マークシティ", 35.658, 139.6987);
        stamp(member, status("到着"), stamped, T0, 35.658, 139.6987, null);

        assertEquals("rs_schedule_spot_fk", violatedConstraint("DELETE FROM rs_spot WHERE id = '" + spot + "'"));
        assertEquals("rs_stamp_spot_fk", violatedConstraint("DELETE FROM rs_spot WHERE id = '" + stamped + "'"));
        assertEquals("rs_stamp_user_fk", violatedConstraint("DELETE FROM rs_user WHERE id = '" + member + "'"));
        Map<String, String> phrases = new HashMap<>();
        rows("SELECT c.conname, obj_description(c.oid, 'pg_constraint') AS phrase FROM pg_constraint c "
                + "WHERE c.contype = 'f' AND c.confrelid IN ('rs_spot'::regclass, 'rs_user'::regclass, 'rs_status'::regclass) "
                + "AND c.confdeltype = 'r'")
                .forEach(r -> phrases.put((String) r.get("conname"), (String) r.get("phrase")));
        assertEquals("schedules", phrases.get("rs_schedule_spot_fk"));
        assertEquals("stamps", phrases.get("rs_stamp_spot_fk"));
        assertEquals("schedule memberships", phrases.get("rs_schedule_member_user_fk"));
        assertEquals("transportation expenses", phrases.get("rs_expense_spot_fk"));
        for (String name : List.of("rs_stamp_user_fk", "rs_stamp_status_fk", "rs_position_user_fk", "rs_expense_user_fk")) {
            assertNotNull(phrases.get(name), name);
        }
    }

    private String violatedConstraint(String sql) {
        try (var connection = connectToDatabase(); var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
            throw new AssertionError("not refused: " + sql);
        } catch (java.sql.SQLException e) {
            assertEquals("23503", e.getSQLState(), e::getMessage);
            return ((org.postgresql.util.PSQLException) e).getServerErrorMessage().getConstraint();
        }
    }

    private String create(String title, Instant startsAt, Instant endsAt) {
        Http.Response created = http.post(SCHEDULES, staticToken(), schedule(title, startsAt.toString(), endsAt.toString()));
        assertEquals(201, created.status(), created::toString);
        return created.str("id");
    }

    private static Map<String, Object> schedule(String title, String startsAt, String endsAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("starts_at", startsAt);
        body.put("ends_at", endsAt);
        return body;
    }

    private static void assertPointer(String pointer, Http.Response response) {
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem(), response::toString);
        assertTrue(response.list("errors").stream().anyMatch(e -> pointer.equals(((Map<?, ?>) e).get("pointer"))),
                response::toString);
    }

    private static List<String> ids(Http.Response page) {
        assertEquals(200, page.status(), page::toString);
        return page.list("items").stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList();
    }
}
