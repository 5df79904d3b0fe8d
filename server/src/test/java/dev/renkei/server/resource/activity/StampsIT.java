package dev.renkei.server.resource.activity;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class StampsIT extends ActivityApiTest {

    /** Far from any generated history, so only this test's stamps fall in its periods. */
    private static final Instant T0 = Instant.parse("2031-03-03T00:00:00Z");

    @Test
    void listStampsWhenPeriodGivenThenStampsFromInclusiveToExclusiveOldestFirst() {
        String user = user("佐藤 一郎");
        String status = status("訪問開始");
        String atFrom = stamp(user, status, T0);
        String inside = stamp(user, status, T0.plusSeconds(60));
        stamp(user, status, T0.minusNanos(1000));
        stamp(user, status, T0.plusSeconds(3600));

        Http.Response page = http.get("/v1/resources/stamps?from=" + q(T0) + "&to=" + q(T0.plusSeconds(3600)), staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(atFrom, inside), ids(page));
        assertNull(page.at("next_cursor"));
    }

    @Test
    void listStampsWhenNoPeriodThenTheLast30DaysUntilNow() {
        String user = user("鈴木 花子");
        String status = status("退勤");
        Instant now = clock.instant();
        String recent = stamp(user, status, now.minus(Duration.ofDays(1)));
        String edge = stamp(user, status, now.minus(Duration.ofDays(29)));
        stamp(user, status, now.minus(Duration.ofDays(31)));
        stamp(user, status, now.plus(Duration.ofHours(1)));

        Http.Response page = http.get("/v1/resources/stamps?user_id=" + user, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(edge, recent), ids(page));
    }

    @Test
    void listStampsWhenOnlyToGivenThenThe30DaysBeforeIt() {
        String user = user("高橋 次郎");
        String status = status("訪問終了");
        String inside = stamp(user, status, T0.minus(Duration.ofDays(29)));
        stamp(user, status, T0.minus(Duration.ofDays(31)));

        Http.Response page = http.get("/v1/resources/stamps?user_id=" + user + "&to=" + q(T0), staticToken());

        assertEquals(List.of(inside), ids(page));
    }

    @Test
    void listStampsWhenFilteredByUserSpotAndStatusThenOnlyMatching() {
        String alice = user("田中 美咲");
        String bob = user("伊藤 健");
        String arrive = status("到着");
        String leave = status("出発");
        String ginza = spot("銀座中央ビル", 35.671, 139.7665);
        String shinjuku = spot("新宿西口タワー", 35.6896, 139.7006);
        Instant t = T0.plus(Duration.ofDays(1));
        String match = stamp(alice, arrive, ginza, t, 35.671, 139.7665, null);
        stamp(bob, arrive, ginza, t.plusSeconds(1), 35.671, 139.7665, null);
        stamp(alice, leave, ginza, t.plusSeconds(2), 35.671, 139.7665, null);
        stamp(alice, arrive, shinjuku, t.plusSeconds(3), 35.6896, 139.7006, null);
        String range = "from=" + q(t) + "&to=" + q(t.plusSeconds(60));

        assertEquals(List.of(match), ids(http.get("/v1/resources/stamps?" + range + "&user_id=" + alice + "&spot_id=" + ginza
                + "&status_id=" + arrive, staticToken())));
        assertEquals(3, ids(http.get("/v1/resources/stamps?" + range + "&spot_id=" + ginza, staticToken())).size());
        assertEquals(3, ids(http.get("/v1/resources/stamps?" + range + "&status_id=" + arrive, staticToken())).size());
        assertEquals(3, ids(http.get("/v1/resources/stamps?" + range + "&user_id=" + alice, staticToken())).size());
    }

    @Test
    void listStampsWhenMoreThanOnePageThenEveryStampOnceInTimeThenIdOrder() {
        String user = user("山本 翔");
        String status = status("作業中");
        Instant t = T0.plus(Duration.ofDays(2));
        List<String[]> expected = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            // Pairs share a time: the cursor must order by id within the same time.
            Instant at = t.plusSeconds(i / 2);
            expected.add(new String[] {at.toString(), stamp(user, status, at)});
        }
        expected.sort(Comparator.<String[], Instant>comparing(e -> Instant.parse(e[0])).thenComparing(e -> e[1]));

        List<Map<?, ?>> items = all("/v1/resources/stamps?from=" + q(t) + "&to=" + q(t.plusSeconds(60)), 4, "id");

        assertEquals(expected.stream().map(e -> e[1]).toList(), items.stream().map(i -> i.get("id")).toList());
    }

    @Test
    void listStampsWhenCursorContinuedWithOtherFiltersThen400() {
        String user = user("中村 優");
        String status = status("休憩");
        Instant t = T0.plus(Duration.ofDays(3));
        stamp(user, status, t);
        stamp(user, status, t.plusSeconds(1));
        String range = "from=" + q(t) + "&to=" + q(t.plusSeconds(60));
        String cursor = http.get("/v1/resources/stamps?limit=1&" + range, staticToken()).str("next_cursor");

        Http.Response other = http.get("/v1/resources/stamps?limit=1&" + range + "&user_id=" + user + "&cursor=" + q(cursor),
                staticToken());

        assertEquals(400, other.status(), other::toString);
        assertEquals("validation-failed", other.problem());
        Http.Response garbage = http.get("/v1/resources/stamps?cursor=not-a-cursor", staticToken());
        assertEquals(400, garbage.status(), garbage::toString);
    }

    @Test
    void listStampsWhenParametersBreakTheRulesThen400() {
        assertEquals(400, http.get("/v1/resources/stamps?limit=201", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/stamps?limit=0", staticToken()).status());
        Http.Response reversed = http.get("/v1/resources/stamps?from=" + q(T0) + "&to=" + q(T0), staticToken());
        assertEquals(400, reversed.status(), reversed::toString);
        assertEquals("from", reversed.str("errors/0/pointer"));
        assertEquals(400, http.get("/v1/resources/stamps?from=yesterday", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/stamps?user_id=42", staticToken()).status());
        Http.Response distant = http.get("/v1/resources/stamps?from=" + q("+20000-01-01T00:00:00Z"), staticToken());
        assertEquals(400, distant.status(), distant::toString);
    }

    @Test
    void getStampWhenExistsThenEveryMemberWithTheNamesOfWhatItRefersTo() {
        String user = user("小林 直樹");
        String status = status("商談中");
        String spot = spot("丸の内センタービル", 35.6812, 139.7671);
        Instant at = T0.plus(Duration.ofDays(4));
        String id = stamp(user, status, spot, at, 35.6813, 139.7672, "見積書を提出");

        Http.Response stamp = http.get("/v1/resources/stamps/" + id, staticToken());

        assertEquals(200, stamp.status(), stamp::toString);
        assertEquals(id, stamp.str("id"));
        assertEquals(user, stamp.str("user_id"));
        assertEquals("小林 直樹", stamp.str("user_name"));
        assertEquals(at, Instant.parse(stamp.str("stamped_at")));
        assertEquals(status, stamp.str("status_id"));
        assertEquals("商談中", stamp.str("status_name"));
        assertEquals(spot, stamp.str("spot_id"));
        assertEquals("丸の内センタービル", stamp.str("spot_name"));
        assertEquals(35.6813, ((Number) stamp.at("location/latitude")).doubleValue());
        assertEquals(139.7672, ((Number) stamp.at("location/longitude")).doubleValue());
        assertEquals(10.0, ((Number) stamp.at("accuracy_meters")).doubleValue());
        assertEquals("見積書を提出", stamp.str("comment"));
        assertEquals(at.plusSeconds(2), Instant.parse(stamp.str("created_at")));
    }

    @Test
    void getStampWhenItHasNoPositionOrSpotThenThoseMembersAreAbsent() {
        String id = stamp(user("加藤 恵"), status("出勤"), null, T0.plus(Duration.ofDays(5)), null, null, null);

        Http.Response stamp = http.get("/v1/resources/stamps/" + id, staticToken());

        assertEquals(200, stamp.status(), stamp::toString);
        assertNull(stamp.at("location"));
        assertNull(stamp.at("spot_id"));
        assertNull(stamp.at("comment"));
    }

    @Test
    void getStampWhenUnknownThen404AndWhenNotAnIdThen400() {
        Http.Response missing = http.get("/v1/resources/stamps/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6a99", staticToken());
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
        assertEquals(400, http.get("/v1/resources/stamps/not-an-id", staticToken()).status());
    }

    private static List<String> ids(Http.Response page) {
        assertEquals(200, page.status(), page::toString);
        return page.list("items").stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList();
    }
}
