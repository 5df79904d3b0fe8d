package dev.renkei.server.resource.activity;

import dev.renkei.server.resource.activity.data.ActivityDataGenerator;
import dev.renkei.server.resource.data.ResourceVolume;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class ActivityDataGeneratorIT extends ActivityApiTest {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @Inject
    ActivityDataGenerator generator;

    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void generateWhenDemoVolumeThenWorkingDaysOfTheActiveUsersAtTheirSpotsAndACalendar() {
        for (int i = 0; i < 11; i++) {
            user("生成 " + i);
        }
        String inactive = inactiveUser("退職 太郎");
        for (String name : List.of("出勤", "移動中", "訪問開始", "商談中", "訪問終了", "退勤")) {
            insert("INSERT INTO rs_status (id, code, name, sort_order) VALUES (gen_random_uuid(), ?, ?, ?) RETURNING id",
                    "gen-" + name, name, List.of("出勤", "移動中", "訪問開始", "商談中", "訪問終了", "退勤").indexOf(name));
        }
        for (int i = 0; i < 60; i++) {
            spot("生成スポット " + i, 35.6 + i * 0.003, 139.6 + i * 0.004);
        }
        long stampsBefore = count("rs_stamp");
        long positionsBefore = count("rs_position");
        long schedulesBefore = count("rs_schedule");
        long expensesBefore = count("rs_transportation_expense");
        Instant until = clock.instant();
        ResourceVolume volume = ResourceVolume.demo(until);
        Instant generatedFrom = until.minus(Duration.ofDays(volume.days() + 1));

        tx.executeWrite(status -> {
            generator.generate(volume, new SplittableRandom(7));
            return null;
        });

        assertEquals(volume.stamps(), count("rs_stamp") - stampsBefore);
        assertEquals(volume.positions(), count("rs_position") - positionsBefore);
        assertEquals(volume.schedules(), count("rs_schedule") - schedulesBefore);
        long expenses = count("rs_transportation_expense") - expensesBefore;
        assertTrue(expenses >= volume.stamps() / 20 - 1 && expenses <= volume.stamps() / 20, "expenses: " + expenses);
        List<Map<String, Object>> stamps = rows("SELECT s.stamped_at, s.user_id, s.spot_id, st.name FROM rs_stamp s "
                + "JOIN rs_status st ON st.id = s.status_id WHERE s.stamped_at >= ?", Timestamp.from(generatedFrom));
        assertTrue(stamps.size() >= volume.stamps());
        for (Map<String, Object> stamp : stamps) {
            ZonedDateTime at = ((Timestamp) stamp.get("stamped_at")).toInstant().atZone(JAPAN);
            assertTrue(at.toInstant().isBefore(until), () -> "after generation: " + at);
            assertTrue(at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY, at::toString);
            assertTrue(!at.toLocalTime().isBefore(LocalTime.of(8, 30)) && at.toLocalTime().isBefore(LocalTime.of(19, 1)),
                    at::toString);
            assertTrue(!inactive.equals(stamp.get("user_id").toString()), "a stamp of an inactive user");
        }
        assertTrue(stamps.stream().anyMatch(s -> s.get("spot_id") != null), "no stamp at a spot");
        assertTrue(stamps.stream().anyMatch(s -> "出勤".equals(s.get("name"))), "nobody clocked in");
        assertEquals(List.of(), rows("SELECT s.id FROM rs_schedule s WHERE (SELECT count(*) FROM rs_schedule_member m "
                + "WHERE m.schedule_id = s.id AND m.role = 'organizer') <> 1"));
        assertEquals(List.of(), rows("SELECT id FROM rs_transportation_expense WHERE amount <= 0 OR departure = arrival"));
        assertEquals(List.of(), rows("SELECT id FROM rs_position WHERE latitude NOT BETWEEN 35.3 AND 36.0 "
                + "OR longitude NOT BETWEEN 139.3 AND 140.2"));

        // The generated history is what the API serves.
        String someone = stamps.get(0).get("user_id").toString();
        assertEquals(200, http.get("/v1/resources/latest-positions/" + someone, staticToken()).status());
    }

    private long count(String table) {
        return ((Number) rows("SELECT count(*) AS n FROM " + table).get(0).get("n")).longValue();
    }
}
