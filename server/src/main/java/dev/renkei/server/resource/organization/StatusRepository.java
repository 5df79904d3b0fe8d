package dev.renkei.server.resource.organization;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for rs_status and rs_action_type, both listed in display order (sort_order, then id). */
@Singleton
public class StatusRepository {

    private static final String INSERT_STATUS = "INSERT INTO rs_status (id, code, name, action_type_id, color, sort_order) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ACTION_TYPE = "INSERT INTO rs_action_type (id, code, name, sort_order) "
            + "VALUES (?, ?, ?, ?)";

    /** Where the previous page ended, in display order. */
    public record After(int sortOrder, UUID id) {
    }

    private final Db db;

    public StatusRepository(Db db) {
        this.db = db;
    }

    public Optional<OrgStatus> findStatus(UUID id) {
        return db.one("SELECT * FROM rs_status WHERE id = ?", s -> s.setObject(1, id), StatusRepository::mapStatus);
    }

    public List<OrgStatus> listStatuses(@Nullable UUID actionTypeId, @Nullable After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_status WHERE true");
        List<Object> args = new ArrayList<>();
        if (actionTypeId != null) {
            sql.append(" AND action_type_id = ?");
            args.add(actionTypeId);
        }
        page(sql, args, after, limit);
        return db.list(sql.toString(), s -> bind(s, args), StatusRepository::mapStatus);
    }

    public Optional<OrgActionType> findActionType(UUID id) {
        return db.one("SELECT * FROM rs_action_type WHERE id = ?", s -> s.setObject(1, id),
                StatusRepository::mapActionType);
    }

    public List<OrgActionType> listActionTypes(@Nullable After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_action_type WHERE true");
        List<Object> args = new ArrayList<>();
        page(sql, args, after, limit);
        return db.list(sql.toString(), s -> bind(s, args), StatusRepository::mapActionType);
    }

    public void insertActionTypes(List<OrgActionType> types) {
        db.batch(INSERT_ACTION_TYPE, types, (s, t) -> {
            s.setObject(1, t.id());
            s.setString(2, t.code());
            s.setString(3, t.name());
            s.setInt(4, t.sortOrder());
        });
    }

    public void insertStatuses(List<OrgStatus> statuses) {
        db.batch(INSERT_STATUS, statuses, (s, t) -> {
            s.setObject(1, t.id());
            s.setString(2, t.code());
            s.setString(3, t.name());
            s.setObject(4, t.actionTypeId(), Types.OTHER);
            s.setString(5, t.color());
            s.setInt(6, t.sortOrder());
        });
    }

    private static void page(StringBuilder sql, List<Object> args, @Nullable After after, int limit) {
        if (after != null) {
            sql.append(" AND (sort_order, id) > (?, ?)");
            args.add(after.sortOrder());
            args.add(after.id());
        }
        sql.append(" ORDER BY sort_order, id LIMIT ?");
        args.add(limit);
    }

    private static void bind(java.sql.PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
    }

    static OrgStatus mapStatus(ResultSet r) throws SQLException {
        return new OrgStatus(r.getObject("id", UUID.class), r.getString("code"), r.getString("name"),
                r.getObject("action_type_id", UUID.class), r.getString("color"), r.getInt("sort_order"));
    }

    static OrgActionType mapActionType(ResultSet r) throws SQLException {
        return new OrgActionType(r.getObject("id", UUID.class), r.getString("code"), r.getString("name"),
                r.getInt("sort_order"));
    }
}
