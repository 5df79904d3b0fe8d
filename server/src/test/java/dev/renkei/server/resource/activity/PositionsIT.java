package dev.renkei.server.resource.activity;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@MicronautTest(transactional = false)
class PositionsIT extends ActivityApiTest {

    private static final Instant T0 = Instant.parse("2031-05-12T00:00:00Z");

    @Test
    void listRecordedPositionsWhenPeriodAndUserGivenThenOnlyThoseOldestFirst() {
        String user = user("佐藤 一郎");
        String other = user("鈴木 花子");
        String first = position(user, T0, 35.68, 139.76);
        String second = position(user, T0.plusSeconds(600), 35.69, 139.77);
        position(other, T0.plusSeconds(300), 35.70, 139.78);
        position(user, T0.plusSeconds(3600), 35.70, 139.78);

        Http.Response page = http.get("/v1/resources/positions?user_id=" + user + "&from=" + q(T0) + "&to="
                + q(T0.plusSeconds(3600)), staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(first, second), ids(page, "id"));
        assertEquals(35.69, ((Number) page.at("items/1/location/latitude")).doubleValue());
        assertEquals(139.77, ((Number) page.at("items/1/location/longitude")).doubleValue());
        assertEquals(15.0, ((Number) page.at("items/1/accuracy_meters")).doubleValue());
        assertEquals(4.2, ((Number) page.at("items/1/speed_kmh")).doubleValue());
        assertEquals(T0.plusSeconds(600), Instant.parse(page.str("items/1/recorded_at")));
    }

    @Test
    void listRecordedPositionsWhenNoPeriodThenTheLast30Days() {
        String user = user("高橋 次郎");
        Instant now = clock.instant();
        String recent = position(user, now.minus(Duration.ofHours(2)), 35.68, 139.76);
        position(user, now.minus(Duration.ofDays(40)), 35.68, 139.76);

        assertEquals(List.of(recent), ids(http.get("/v1/resources/positions?user_id=" + user, staticToken()), "id"));
    }

    @Test
    void listRecordedPositionsWhenMoreThanOnePageThenEachOnceInOrder() {
        String user = user("田中 美咲");
        Instant t = T0.plus(Duration.ofDays(1));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(position(user, t.plusSeconds(i * 60L), 35.68 + i * 0.001, 139.76));
        }

        List<Map<?, ?>> items = all("/v1/resources/positions?from=" + q(t) + "&to=" + q(t.plusSeconds(3600)), 3, "id");

        assertEquals(expected, items.stream().map(i -> i.get("id")).toList());
    }

    @Test
    void listRecordedPositionsWhenParametersBreakTheRulesThen400() {
        assertEquals(400, http.get("/v1/resources/positions?limit=201", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/positions?from=" + q(T0) + "&to=" + q(T0.minusSeconds(1)), staticToken()).status());
        assertEquals(400, http.get("/v1/resources/positions?cursor=abc", staticToken()).status());
    }

    @Test
    void getLatestPositionWhenTheStampIsNewerThenTheStampWithStatusAndSpot() {
        String user = user("伊藤 健");
        String status = status("訪問開始");
        String spot = spot("銀座中央ビル", 35.671, 139.7665);
        position(user, T0.plusSeconds(10), 35.60, 139.70);
        String stamp = stamp(user, status, spot, T0.plusSeconds(20), 35.671, 139.7665, null);
        // A stamp without a position says nothing about where the user is.
        stamp(user, status, null, T0.plusSeconds(30), null, null, null);

        Http.Response latest = http.get("/v1/resources/latest-positions/" + user, staticToken());

        assertEquals(200, latest.status(), latest::toString);
        assertEquals("stamp", latest.str("source"));
        assertEquals(stamp, latest.str("stamp_id"));
        assertEquals(T0.plusSeconds(20), Instant.parse(latest.str("located_at")));
        assertEquals("訪問開始", latest.str("status_name"));
        assertEquals(spot, latest.str("spot_id"));
        assertEquals("銀座中央ビル", latest.str("spot_name"));
        assertEquals("伊藤 健", latest.str("user_name"));
        assertEquals(35.671, ((Number) latest.at("location/latitude")).doubleValue());
        assertNull(latest.at("position_id"));
    }

    @Test
    void getLatestPositionWhenTheRecordedPositionIsNewerThenThatPosition() {
        String user = user("山本 翔");
        stamp(user, status("出勤"), T0);
        String position = position(user, T0.plusSeconds(900), 35.7295, 139.7109);

        Http.Response latest = http.get("/v1/resources/latest-positions/" + user, staticToken());

        assertEquals(200, latest.status(), latest::toString);
        assertEquals("recorded", latest.str("source"));
        assertEquals(position, latest.str("position_id"));
        assertEquals(35.7295, ((Number) latest.at("location/latitude")).doubleValue());
        assertNull(latest.at("stamp_id"));
        assertNull(latest.at("status_id"));
    }

    @Test
    void getLatestPositionWhenUserHasNoneOrIsUnknownThen404() {
        Http.Response none = http.get("/v1/resources/latest-positions/" + user("中村 優"), staticToken());
        assertEquals(404, none.status(), none::toString);
        assertEquals("not-found", none.problem());
        Http.Response unknown = http.get("/v1/resources/latest-positions/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5b99", staticToken());
        assertEquals(404, unknown.status(), unknown::toString);
    }

    @Test
    void listLatestPositionsWhenFilteredByGroupThenOneEntryPerMemberWithAPositionByUserId() {
        String group = group("東京第一営業部");
        String status = status("移動中");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String member = user("営業 " + i);
            join(member, group);
            members.add(member);
            position(member, T0.plusSeconds(i), 35.68, 139.76);
            stamp(member, status, T0.plusSeconds(100 + i));
        }
        String silent = user("位置なし 太郎");
        join(silent, group);
        String outsider = user("他部署 花子");
        position(outsider, T0, 35.68, 139.76);

        List<Map<?, ?>> items = all("/v1/resources/latest-positions?group_id=" + group, 2, "user_id");

        assertEquals(members.stream().sorted().toList(), items.stream().map(i -> i.get("user_id")).toList());
        items.forEach(i -> assertEquals("stamp", i.get("source")));
        Http.Response one = http.get("/v1/resources/latest-positions?user_id=" + outsider, staticToken());
        assertEquals(List.of(outsider), ids(one, "user_id"));
        assertEquals("recorded", one.str("items/0/source"));
        assertEquals(400, http.get("/v1/resources/latest-positions?limit=201", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/latest-positions?group_id=x", staticToken()).status());
    }

    private static List<String> ids(Http.Response page, String field) {
        assertEquals(200, page.status(), page::toString);
        return page.list("items").stream().map(i -> (String) ((Map<?, ?>) i).get(field)).toList();
    }
}
