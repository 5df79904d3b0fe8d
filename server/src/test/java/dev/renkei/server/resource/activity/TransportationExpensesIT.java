package dev.renkei.server.resource.activity;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@MicronautTest(transactional = false)
class TransportationExpensesIT extends ActivityApiTest {

    private static final LocalDate D0 = LocalDate.parse("2031-06-02");

    @Test
    void listTransportationExpensesWhenDatesGivenThenBothInclusiveByDate() {
        String user = user("佐藤 一郎");
        String second = expense(user, D0.plusDays(2), null, null, null);
        String first = expense(user, D0, null, null, null);
        expense(user, D0.minusDays(1), null, null, null);
        expense(user, D0.plusDays(3), null, null, null);

        Http.Response page = http.get("/v1/resources/transportation-expenses?from=" + D0 + "&to=" + D0.plusDays(2)
                + "&user_id=" + user, staticToken());

        assertEquals(List.of(first, second), ids(page));
    }

    @Test
    void listTransportationExpensesWhenFilteredByUserAndPagedThenEachOfTheUsersOnce() {
        String user = user("鈴木 花子");
        String other = user("高橋 次郎");
        List<String[]> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LocalDate date = D0.plusDays(10 + i / 3);
            expected.add(new String[] {date.toString(), expense(user, date, null, null, null)});
            expense(other, date, null, null, null);
        }
        expected.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));

        List<Map<?, ?>> items = all("/v1/resources/transportation-expenses?user_id=" + user, 3, "id");

        assertEquals(expected.stream().map(e -> e[1]).toList(), items.stream().map(i -> i.get("id")).toList());
    }

    @Test
    void listTransportationExpensesWhenParametersBreakTheRulesThen400() {
        Http.Response reversed = http.get("/v1/resources/transportation-expenses?from=" + D0 + "&to=" + D0.minusDays(1), staticToken());
        assertEquals(400, reversed.status(), reversed::toString);
        assertEquals("validation-failed", reversed.problem());
        assertEquals(400, http.get("/v1/resources/transportation-expenses?limit=201", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/transportation-expenses?from=2031-13-01", staticToken()).status());
        assertEquals(400, http.get("/v1/resources/transportation-expenses?from=" + q("+99999-01-01"), staticToken()).status());
        assertEquals(400, http.get("/v1/resources/transportation-expenses?cursor=bad", staticToken()).status());
    }

    @Test
    void getTransportationExpenseWhenExistsThenEveryMember() {
        String user = user("田中 美咲");
        String spot = spot("銀座中央ビル", 35.671, 139.7665);
        LocalDate day = D0.plusDays(100);
        String stamp = stamp(user, status("到着"), spot, day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC), 35.671,
                139.7665, null);
        String id = expense(user, day, spot, stamp, null);

        Http.Response expense = http.get("/v1/resources/transportation-expenses/" + id, staticToken());

        assertEquals(200, expense.status(), expense::toString);
        assertEquals(user, expense.str("user_id"));
        assertEquals("田中 美咲", expense.str("user_name"));
        assertEquals(day.toString(), expense.str("date"));
        assertEquals("東京", expense.str("departure"));
        assertEquals("銀座", expense.str("arrival"));
        assertEquals("train", expense.str("means"));
        assertEquals(360, ((Number) expense.at("amount")).intValue());
        assertEquals(true, expense.at("round_trip"));
        assertEquals(spot, expense.str("spot_id"));
        assertEquals("銀座中央ビル", expense.str("spot_name"));
        assertEquals(stamp, expense.str("stamp_id"));
        assertNull(expense.at("schedule_id"));
    }

    @Test
    void getTransportationExpenseWhenUnknownThen404() {
        Http.Response missing = http.get("/v1/resources/transportation-expenses/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f6e99", staticToken());
        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    private static List<String> ids(Http.Response page) {
        assertEquals(200, page.status(), page::toString);
        return page.list("items").stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList();
    }
}
