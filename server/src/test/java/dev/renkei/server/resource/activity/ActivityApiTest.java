package dev.renkei.server.resource.activity;

import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.support.Http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the activity tests: rows of the other families (users, groups, statuses, spots) and of
 * the read-only activity tables, inserted by SQL, since stamps, positions and expenses have no
 * create operation. Every row is the test's own (random codes), so the demo data of the other
 * families never gets in the way.
 */
public abstract class ActivityApiTest extends ResourceApiTest {

    protected String user(String name) {
        return insert("INSERT INTO rs_user (id, employee_code, name, active, created_at, updated_at) "
                + "VALUES (?, ?, ?, true, now(), now()) RETURNING id", UUID.randomUUID(), code("E"), name);
    }

    protected String inactiveUser(String name) {
        return insert("INSERT INTO rs_user (id, employee_code, name, active, created_at, updated_at) "
                + "VALUES (?, ?, ?, false, now(), now()) RETURNING id", UUID.randomUUID(), code("E"), name);
    }

    protected String group(String name) {
        return insert("INSERT INTO rs_group (id, code, name, created_at, updated_at) VALUES (?, ?, ?, now(), now()) RETURNING id",
                UUID.randomUUID(), code("G"), name);
    }

    protected void join(String userId, String groupId) {
        insert("INSERT INTO rs_user_membership (id, user_id, group_id, created_at, updated_at) "
                + "VALUES (?, ?, ?, now(), now()) RETURNING id", UUID.randomUUID(), uuid(userId), uuid(groupId));
    }

    protected String status(String name) {
        return insert("INSERT INTO rs_status (id, code, name) VALUES (?, ?, ?) RETURNING id", UUID.randomUUID(), code("S"), name);
    }

    protected String spot(String name, double latitude, double longitude) {
        return insert("INSERT INTO rs_spot (id, code, name, latitude, longitude, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, now(), now()) RETURNING id", UUID.randomUUID(), code("C"), name, latitude, longitude);
    }

    /** A stamp at a position (or none when latitude is null), at a spot when spotId is not null. */
    protected String stamp(String userId, String statusId, String spotId, Instant at, Double latitude, Double longitude,
                           String comment) {
        return insert("INSERT INTO rs_stamp (id, user_id, status_id, spot_id, stamped_at, latitude, longitude, accuracy_meters, "
                        + "address, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                UUID.randomUUID(), uuid(userId), uuid(statusId), spotId == null ? null : uuid(spotId), Timestamp.from(at),
                latitude, longitude, latitude == null ? null : 10.0, latitude == null ? null : "東京都中央区銀座三丁目4番1号",
                comment, Timestamp.from(at.plusSeconds(2)));
    }

    protected String stamp(String userId, String statusId, Instant at) {
        return stamp(userId, statusId, null, at, 35.6717, 139.7650, null);
    }

    protected String position(String userId, Instant at, double latitude, double longitude) {
        return insert("INSERT INTO rs_position (id, user_id, recorded_at, latitude, longitude, accuracy_meters, speed_kmh, created_at) "
                + "VALUES (?, ?, ?, ?, ?, 15.0, 4.2, ?) RETURNING id", UUID.randomUUID(), uuid(userId), Timestamp.from(at),
                latitude, longitude, Timestamp.from(at.plusSeconds(2)));
    }

    protected String expense(String userId, LocalDate date, String spotId, String stampId, String scheduleId) {
        return insert("INSERT INTO rs_transportation_expense (id, user_id, expense_date, departure, arrival, means, amount, "
                        + "round_trip, purpose, spot_id, stamp_id, schedule_id, created_at) "
                        + "VALUES (?, ?, ?, '東京', '銀座', 'train', 360, true, '定期点検のため訪問', ?, ?, ?, now()) RETURNING id",
                UUID.randomUUID(), uuid(userId), date, spotId == null ? null : uuid(spotId),
                stampId == null ? null : uuid(stampId), scheduleId == null ? null : uuid(scheduleId));
    }

    protected String insert(String sql, Object... params) {
        return rows(sql, params).get(0).get("id").toString();
    }

    /** Every item of a list, page by page; fails on a repeated item. */
    protected List<Map<?, ?>> all(String path, int limit, String idField) {
        List<Map<?, ?>> items = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Http.Response page = http.get(url, staticToken());
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.list("items").size() <= limit);
            for (Object item : page.list("items")) {
                Map<?, ?> map = (Map<?, ?>) item;
                assertTrue(seen.add(map.get(idField)), () -> "repeated " + map.get(idField));
                items.add(map);
            }
            cursor = page.str("next_cursor");
            assertTrue(++pages < 1000, "paging does not end");
        } while (cursor != null);
        return items;
    }

    protected static String q(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    protected static UUID uuid(String id) {
        return UUID.fromString(id);
    }

    private static String code(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
