package dev.renkei.server.audit;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for the append-only audit log. */
@Singleton
public class AuditRepository {

    private static final Argument<Map<String, Object>> DETAILS = Argument.mapOf(String.class, Object.class);

    private final Db db;
    private final ObjectMapper json;

    public AuditRepository(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void insertAll(Collection<AuditEvent> events) {
        db.batch("INSERT INTO audit_event (id, occurred_at, action, actor_id, actor_login_id, target_type, target_id, "
                + "request_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)", events, (s, e) -> {
            s.setObject(1, e.id());
            s.setTimestamp(2, ts(e.occurredAt()));
            s.setString(3, e.action().code());
            s.setObject(4, e.actorId());
            s.setString(5, e.actorLoginId());
            s.setString(6, e.targetType());
            s.setString(7, e.targetId());
            s.setString(8, e.requestId());
            s.setString(9, toJson(e.details()));
        });
    }

    /** Newest first, after the cursor; at most {@code limit} rows. */
    public List<AuditEvent> search(AuditQuery query, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.action() != null) {
            sql.append(" AND action = ?");
            args.add(query.action().code());
        }
        if (query.actorId() != null) {
            sql.append(" AND actor_id = ?");
            args.add(query.actorId());
        }
        if (query.targetId() != null) {
            sql.append(" AND target_id = ?");
            args.add(query.targetId());
        }
        if (query.since() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(ts(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(ts(query.until()));
        }
        if (after != null) {
            sql.append(" AND (occurred_at, id) < (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, this::map);
    }

    private AuditEvent map(ResultSet row) throws SQLException {
        return new AuditEvent(row.getObject("id", UUID.class), instant(row, "occurred_at"),
                AuditAction.fromCode(row.getString("action")), row.getObject("actor_id", UUID.class),
                row.getString("actor_login_id"), row.getString("target_type"), row.getString("target_id"),
                row.getString("request_id"), fromJson(row.getString("details")));
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return json.readValue(text, DETAILS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
