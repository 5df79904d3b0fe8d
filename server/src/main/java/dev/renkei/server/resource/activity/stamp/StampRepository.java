package dev.renkei.server.resource.activity.stamp;

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

/** SQL for the stamp history. */
@Singleton
public class StampRepository {

    private static final String SELECT = "SELECT s.*, u.name AS user_name, st.name AS status_name, sp.name AS spot_name "
            + "FROM rs_stamp s JOIN rs_user u ON u.id = s.user_id JOIN rs_status st ON st.id = s.status_id "
            + "LEFT JOIN rs_spot sp ON sp.id = s.spot_id";

    private final Db db;

    public StampRepository(Db db) {
        this.db = db;
    }

    public Optional<Stamp> find(UUID id) {
        return db.one(SELECT + " WHERE s.id = ?", s -> s.setObject(1, id), StampRepository::map);
    }

    /** Stamps in [from, to) by (stamped_at, id): each filter has an index ending in those columns. */
    public List<Stamp> list(Instant from, Instant to, @Nullable UUID userId, @Nullable UUID spotId,
                            @Nullable UUID statusId, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE s.stamped_at >= ? AND s.stamped_at < ?");
        List<Object> args = new ArrayList<>(List.of(ts(from), ts(to)));
        if (userId != null) {
            sql.append(" AND s.user_id = ?");
            args.add(userId);
        }
        if (spotId != null) {
            sql.append(" AND s.spot_id = ?");
            args.add(spotId);
        }
        if (statusId != null) {
            sql.append(" AND s.status_id = ?");
            args.add(statusId);
        }
        if (after != null) {
            sql.append(" AND (s.stamped_at, s.id) > (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY s.stamped_at, s.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, StampRepository::map);
    }

    static Stamp map(ResultSet r) throws SQLException {
        return new Stamp(uuid(r, "id"), uuid(r, "user_id"), r.getString("user_name"), instant(r, "stamped_at"),
                uuid(r, "status_id"), r.getString("status_name"), uuid(r, "spot_id"), r.getString("spot_name"),
                r.getObject("latitude", Double.class), r.getObject("longitude", Double.class),
                r.getObject("accuracy_meters", Double.class), r.getString("address"), r.getString("comment"),
                instant(r, "created_at"));
    }
}
