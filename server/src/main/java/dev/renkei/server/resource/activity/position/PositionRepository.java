package dev.renkei.server.resource.activity.position;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;
import static dev.renkei.server.shared.db.Db.uuid;

/** SQL for recorded positions and the latest position per user. */
@Singleton
public class PositionRepository {

    /**
     * One row per user with the user's latest stamp with a position and latest recorded
     * position: each a single backward step on the (user_id, time, id) index, whatever the volume.
     */
    private static final String LATEST = "SELECT u.id AS user_id, u.name AS user_name, "
            + "s.id AS stamp_id, s.stamped_at, s.latitude AS s_latitude, s.longitude AS s_longitude, "
            + "s.accuracy_meters AS s_accuracy, s.status_id, st.name AS status_name, s.spot_id, sp.name AS spot_name, "
            + "p.id AS position_id, p.recorded_at, p.latitude AS p_latitude, p.longitude AS p_longitude, "
            + "p.accuracy_meters AS p_accuracy "
            + "FROM rs_user u "
            + "LEFT JOIN LATERAL (SELECT * FROM rs_stamp x WHERE x.user_id = u.id AND x.latitude IS NOT NULL "
            + "ORDER BY x.stamped_at DESC, x.id DESC LIMIT 1) s ON true "
            + "LEFT JOIN rs_status st ON st.id = s.status_id "
            + "LEFT JOIN rs_spot sp ON sp.id = s.spot_id "
            + "LEFT JOIN LATERAL (SELECT * FROM rs_position y WHERE y.user_id = u.id "
            + "ORDER BY y.recorded_at DESC, y.id DESC LIMIT 1) p ON true "
            + "WHERE (s.id IS NOT NULL OR p.id IS NOT NULL)";

    private final Db db;

    public PositionRepository(Db db) {
        this.db = db;
    }

    public List<RecordedPosition> list(Instant from, Instant to, @Nullable UUID userId, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_position WHERE recorded_at >= ? AND recorded_at < ?");
        List<Object> args = new ArrayList<>(List.of(ts(from), ts(to)));
        if (userId != null) {
            sql.append(" AND user_id = ?");
            args.add(userId);
        }
        if (after != null) {
            sql.append(" AND (recorded_at, id) > (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY recorded_at, id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), bind(args), r -> new RecordedPosition(uuid(r, "id"), uuid(r, "user_id"),
                instant(r, "recorded_at"), r.getDouble("latitude"), r.getDouble("longitude"),
                r.getObject("accuracy_meters", Double.class), r.getObject("speed_kmh", Double.class)));
    }

    public boolean userExists(UUID userId) {
        return db.one("SELECT 1 FROM rs_user WHERE id = ?", s -> s.setObject(1, userId), r -> 1).isPresent();
    }

    public Optional<LatestPosition> latest(UUID userId) {
        return db.one(LATEST + " AND u.id = ?", s -> s.setObject(1, userId), PositionRepository::mapLatest);
    }

    /** Latest positions by user id; users without any position are skipped. */
    public List<LatestPosition> latest(@Nullable UUID groupId, @Nullable UUID userId, @Nullable UUID afterUser, int limit) {
        StringBuilder sql = new StringBuilder(LATEST);
        List<Object> args = new ArrayList<>();
        if (groupId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_user_membership m WHERE m.user_id = u.id AND m.group_id = ?)");
            args.add(groupId);
        }
        if (userId != null) {
            sql.append(" AND u.id = ?");
            args.add(userId);
        }
        if (afterUser != null) {
            sql.append(" AND u.id > ?");
            args.add(afterUser);
        }
        sql.append(" ORDER BY u.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), bind(args), PositionRepository::mapLatest);
    }

    private static Db.Binder bind(List<Object> args) {
        return s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        };
    }

    /** The newer of the two wins; on a tie the stamp, which says more (status, spot). */
    static LatestPosition mapLatest(ResultSet r) throws SQLException {
        Instant stampedAt = instant(r, "stamped_at");
        Instant recordedAt = instant(r, "recorded_at");
        UUID user = uuid(r, "user_id");
        String name = r.getString("user_name");
        if (stampedAt != null && (recordedAt == null || !stampedAt.isBefore(recordedAt))) {
            return new LatestPosition(user, name, LatestPosition.Source.STAMP, stampedAt, r.getDouble("s_latitude"),
                    r.getDouble("s_longitude"), r.getObject("s_accuracy", Double.class), uuid(r, "stamp_id"),
                    uuid(r, "status_id"), r.getString("status_name"), uuid(r, "spot_id"), r.getString("spot_name"), null);
        }
        return new LatestPosition(user, name, LatestPosition.Source.RECORDED, recordedAt, r.getDouble("p_latitude"),
                r.getDouble("p_longitude"), r.getObject("p_accuracy", Double.class), null, null, null, null, null,
                uuid(r, "position_id"));
    }
}
