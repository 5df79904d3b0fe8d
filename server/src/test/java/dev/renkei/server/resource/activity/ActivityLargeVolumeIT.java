package dev.renkei.server.resource.activity;

import dev.renkei.server.resource.activity.data.ActivityDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark volume (a million stamps): how long generation takes, and that the list queries
 * stay fast on it. Minutes long, so only on demand: {@code -Drenkei.activity.large=true}.
 */
@MicronautTest(transactional = false)
@EnabledIfSystemProperty(named = "renkei.activity.large", matches = "true")
class ActivityLargeVolumeIT extends ActivityApiTest {

    @Inject
    ActivityDataGenerator generator;

    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void generateWhenLargeVolumeThenWithinMinutesAndEveryListAnswersQuickly() {
        rows("WITH u AS (INSERT INTO rs_user (id, employee_code, name, active, created_at, updated_at) "
                + "SELECT gen_random_uuid(), 'L' || i, '社員 ' || i, true, now(), now() FROM generate_series(1, 500) i RETURNING id) "
                + "SELECT count(*) FROM u");
        rows("WITH s AS (INSERT INTO rs_status (id, code, name, sort_order) SELECT gen_random_uuid(), 'L' || i, "
                + "(ARRAY['出勤','移動中','訪問開始','商談中','訪問終了','退勤'])[i], i FROM generate_series(1, 6) i RETURNING id) "
                + "SELECT count(*) FROM s");
        rows("WITH s AS (INSERT INTO rs_spot (id, code, name, prefecture, city, street, latitude, longitude, created_at, updated_at) "
                + "SELECT gen_random_uuid(), 'L' || i, 'スポット ' || i, '東京都', '中央区', '銀座' || (i % 8 + 1) || '丁目', "
                + "35.6 + random() * 0.2, 139.6 + random() * 0.3, now(), now() FROM generate_series(1, 100000) i RETURNING id) "
                + "SELECT count(*) FROM s");
        ResourceVolume volume = ResourceVolume.large(clock.instant());

        long started = System.nanoTime();
        tx.executeWrite(status -> {
            generator.generate(volume, new SplittableRandom(20261125L));
            return null;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("LARGE generation took " + took.toMillis() + " ms");
        assertEquals(volume.stamps(), ((Number) rows("SELECT count(*) AS n FROM rs_stamp").get(0).get("n")).intValue());
        assertTrue(took.compareTo(Duration.ofMinutes(5)) < 0, "took " + took);
        try (Connection c = connectToDatabase(); var s = c.createStatement()) {
            s.execute("ANALYZE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }

        Map<?, ?> someStamp = (Map<?, ?>) http.get("/v1/resources/stamps?limit=1", staticToken()).list("items").get(0);
        String user = someStamp.get("user_id").toString();
        String status = someStamp.get("status_id").toString();
        String spot = rows("SELECT spot_id FROM rs_stamp WHERE spot_id IS NOT NULL LIMIT 1").get(0).get("spot_id").toString();
        Instant from = volume.until().minus(Duration.ofDays(90));
        String period = "from=" + q(from) + "&to=" + q(volume.until());
        timed("stamps, 90 days, first page", () -> http.get("/v1/resources/stamps?limit=200&" + period, staticToken()));
        String deep = cursorOfPage("/v1/resources/stamps?limit=200&" + period, 250);
        timed("stamps, 90 days, page 251 (50,000 deep)", () -> http.get("/v1/resources/stamps?limit=200&" + period
                + "&cursor=" + q(deep), staticToken()));
        timed("stamps of a user", () -> http.get("/v1/resources/stamps?limit=200&" + period + "&user_id=" + user, staticToken()));
        timed("stamps at a spot", () -> http.get("/v1/resources/stamps?limit=200&" + period + "&spot_id=" + spot, staticToken()));
        timed("stamps of a status", () -> http.get("/v1/resources/stamps?limit=200&" + period + "&status_id=" + status, staticToken()));
        timed("stamps of a user at a status", () -> http.get("/v1/resources/stamps?limit=200&" + period + "&user_id=" + user
                + "&status_id=" + status, staticToken()));
        timed("positions, 90 days", () -> http.get("/v1/resources/positions?limit=200&" + period, staticToken()));
        timed("positions of a user", () -> http.get("/v1/resources/positions?limit=200&" + period + "&user_id=" + user, staticToken()));
        timed("latest positions, 200 users", () -> http.get("/v1/resources/latest-positions?limit=200", staticToken()));
        timed("latest position of a user", () -> http.get("/v1/resources/latest-positions/" + user, staticToken()));
        timed("schedules of a week", () -> http.get("/v1/resources/schedules?limit=200&from=" + q(volume.until().minus(Duration.ofDays(7)))
                + "&to=" + q(volume.until()), staticToken()));
        timed("schedules of a user", () -> http.get("/v1/resources/schedules?limit=200&user_id=" + user, staticToken()));
        timed("expenses", () -> http.get("/v1/resources/transportation-expenses?limit=200", staticToken()));
        timed("expenses of a user", () -> http.get("/v1/resources/transportation-expenses?limit=200&user_id=" + user, staticToken()));
    }

    /** The next_cursor after {@code pages} pages. */
    private String cursorOfPage(String path, int pages) {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            cursor = http.get(path + (cursor == null ? "" : "&cursor=" + q(cursor)), staticToken()).str("next_cursor");
        }
        return cursor;
    }

    private void timed(String what, Supplier<Http.Response> call) {
        call.get();
        long started = System.nanoTime();
        Http.Response response = call.get();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, response.status(), response::toString);
        System.out.println("LARGE " + what + ": " + millis + " ms"
                + (response.at("items") == null ? "" : ", " + response.list("items").size() + " items"));
        assertTrue(millis < 1000, what + " took " + millis + " ms");
    }
}
