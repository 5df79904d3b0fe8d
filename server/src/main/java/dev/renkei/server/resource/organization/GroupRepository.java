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

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for rs_group. */
@Singleton
public class GroupRepository {

    private final Db db;

    public GroupRepository(Db db) {
        this.db = db;
    }

    public Optional<OrgGroup> find(UUID id) {
        return db.one("SELECT * FROM rs_group WHERE id = ?", s -> s.setObject(1, id), GroupRepository::map);
    }

    /** The row locked until the transaction ends, so a concurrent change waits instead of being lost. */
    public Optional<OrgGroup> lock(UUID id) {
        return db.one("SELECT * FROM rs_group WHERE id = ? FOR UPDATE", s -> s.setObject(1, id), GroupRepository::map);
    }

    public boolean exists(UUID id) {
        return db.one("SELECT 1 FROM rs_group WHERE id = ?", s -> s.setObject(1, id), r -> 1).isPresent();
    }

    public boolean codeTaken(String code, @Nullable UUID except) {
        return db.one("SELECT 1 FROM rs_group WHERE code = ? AND id IS DISTINCT FROM ?", s -> {
            s.setString(1, code);
            s.setObject(2, except);
        }, r -> 1).isPresent();
    }

    /** Oldest first (ids are time-ordered), keyset-paged on the primary key. */
    public List<OrgGroup> list(@Nullable UUID parentId, @Nullable String q, @Nullable UUID after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_group WHERE true");
        List<Object> args = new ArrayList<>();
        if (parentId != null) {
            sql.append(" AND parent_id = ?");
            args.add(parentId);
        }
        if (q != null) {
            sql.append(" AND (name ILIKE ? ESCAPE '\\' OR code ILIKE ? ESCAPE '\\')");
            String pattern = SqlStates.contains(q);
            args.add(pattern);
            args.add(pattern);
        }
        if (after != null) {
            sql.append(" AND id > ?");
            args.add(after);
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, GroupRepository::map);
    }

    /** True when {@code candidate} is {@code group} itself or lies below it in the tree. */
    public boolean isSelfOrDescendant(UUID candidate, UUID group) {
        // UNION (not UNION ALL) ends the walk even if a cycle ever slipped in.
        return db.one("""
                WITH RECURSIVE up(id, parent_id) AS (
                    SELECT id, parent_id FROM rs_group WHERE id = ?
                    UNION
                    SELECT g.id, g.parent_id FROM rs_group g JOIN up ON g.id = up.parent_id)
                SELECT 1 FROM up WHERE id = ?""", s -> {
            s.setObject(1, candidate);
            s.setObject(2, group);
        }, r -> 1).isPresent();
    }

    /**
     * Serialises moves within the tree for the rest of the transaction: two concurrent moves (A
     * below B, B below A) would each pass the cycle check on their own.
     */
    public void lockTree() {
        db.one("SELECT pg_advisory_xact_lock(hashtext('rs_group.tree'))", s -> { }, r -> 1);
    }

    public void insert(OrgGroup g) {
        db.update("INSERT INTO rs_group (id, code, name, parent_id, sort_order, version, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s -> bindInsert(s, g));
    }

    public void insertAll(List<OrgGroup> groups) {
        db.batch("INSERT INTO rs_group (id, code, name, parent_id, sort_order, version, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", groups, GroupRepository::bindInsert);
    }

    private static void bindInsert(java.sql.PreparedStatement s, OrgGroup g) throws SQLException {
        s.setObject(1, g.id());
        s.setString(2, g.code());
        s.setString(3, g.name());
        s.setObject(4, g.parentId(), Types.OTHER);
        s.setInt(5, g.sortOrder());
        s.setLong(6, g.version());
        s.setTimestamp(7, ts(g.createdAt()));
        s.setTimestamp(8, ts(g.updatedAt()));
    }

    /** Writes the new state over {@code expectedVersion}; false when someone else got there first. */
    public boolean update(OrgGroup g, long expectedVersion) {
        return db.update("UPDATE rs_group SET code = ?, name = ?, parent_id = ?, sort_order = ?, version = version + 1, "
                + "updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setString(1, g.code());
            s.setString(2, g.name());
            s.setObject(3, g.parentId(), Types.OTHER);
            s.setInt(4, g.sortOrder());
            s.setTimestamp(5, ts(g.updatedAt()));
            s.setObject(6, g.id());
            s.setLong(7, expectedVersion);
        }) == 1;
    }

    public boolean delete(UUID id) {
        return db.update("DELETE FROM rs_group WHERE id = ?", s -> s.setObject(1, id)) == 1;
    }

    static OrgGroup map(ResultSet r) throws SQLException {
        return new OrgGroup(r.getObject("id", UUID.class), r.getString("code"), r.getString("name"),
                r.getObject("parent_id", UUID.class), r.getInt("sort_order"), r.getLong("version"),
                instant(r, "created_at"), instant(r, "updated_at"));
    }
}
