package dev.renkei.server.resource.organization;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for rs_user and rs_user_membership; a user is always read with its memberships. */
@Singleton
public class UserRepository {

    private static final String INSERT_USER = "INSERT INTO rs_user (id, employee_code, name, name_kana, email, phone, "
            + "role, active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_MEMBERSHIP = "INSERT INTO rs_user_membership (id, user_id, group_id, is_primary, "
            + "position, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Db db;

    public UserRepository(Db db) {
        this.db = db;
    }

    public Optional<OrgUser> find(UUID id) {
        return db.one("SELECT * FROM rs_user WHERE id = ?", s -> s.setObject(1, id), UserRepository::map)
                .map(u -> u.withMemberships(membershipsOf(u.id())));
    }

    /**
     * The user locked until the transaction ends. Every change of a user or of their memberships
     * takes this lock first, so "at most one primary membership" holds under concurrent calls.
     */
    public Optional<OrgUser> lock(UUID id) {
        return db.one("SELECT * FROM rs_user WHERE id = ? FOR UPDATE", s -> s.setObject(1, id), UserRepository::map)
                .map(u -> u.withMemberships(membershipsOf(u.id())));
    }

    public boolean employeeCodeTaken(String code, @Nullable UUID except) {
        return db.one("SELECT 1 FROM rs_user WHERE employee_code = ? AND id IS DISTINCT FROM ?", s -> {
            s.setString(1, code);
            s.setObject(2, except);
        }, r -> 1).isPresent();
    }

    /** Case-insensitive, as the unique index on lower(email). */
    public boolean emailTaken(String email, @Nullable UUID except) {
        return db.one("SELECT 1 FROM rs_user WHERE lower(email) = lower(?) AND id IS DISTINCT FROM ?", s -> {
            s.setString(1, email);
            s.setObject(2, except);
        }, r -> 1).isPresent();
    }

    /** Oldest first (ids are time-ordered), keyset-paged on the primary key. */
    public List<OrgUser> list(@Nullable UUID groupId, @Nullable Boolean active, @Nullable String q,
                              @Nullable Instant updatedSince, @Nullable UUID after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_user u WHERE true");
        List<Object> args = new ArrayList<>();
        if (groupId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_user_membership m WHERE m.user_id = u.id AND m.group_id = ?)");
            args.add(groupId);
        }
        if (active != null) {
            sql.append(" AND u.active = ?");
            args.add(active);
        }
        if (q != null) {
            sql.append(" AND (u.name ILIKE ? ESCAPE '\\' OR u.name_kana ILIKE ? ESCAPE '\\'"
                    + " OR u.employee_code ILIKE ? ESCAPE '\\' OR u.email ILIKE ? ESCAPE '\\')");
            String pattern = SqlStates.contains(q);
            for (int i = 0; i < 4; i++) {
                args.add(pattern);
            }
        }
        if (updatedSince != null) {
            sql.append(" AND u.updated_at >= ?");
            args.add(ts(updatedSince));
        }
        if (after != null) {
            sql.append(" AND u.id > ?");
            args.add(after);
        }
        sql.append(" ORDER BY u.id LIMIT ?");
        args.add(limit);
        List<OrgUser> users = db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, UserRepository::map);
        if (users.isEmpty()) {
            return users;
        }
        Map<UUID, List<OrgMembership>> memberships = membershipsOf(users.stream().map(OrgUser::id).toList());
        return users.stream().map(u -> u.withMemberships(memberships.getOrDefault(u.id(), List.of()))).toList();
    }

    public void insert(OrgUser u) {
        db.update(INSERT_USER, s -> bindUser(s, u));
    }

    public void insertAll(List<OrgUser> users) {
        db.batch(INSERT_USER, users, UserRepository::bindUser);
    }

    private static void bindUser(PreparedStatement s, OrgUser u) throws SQLException {
        s.setObject(1, u.id());
        s.setString(2, u.employeeCode());
        s.setString(3, u.name());
        s.setString(4, u.nameKana());
        s.setString(5, u.email());
        s.setString(6, u.phone());
        s.setString(7, u.role().code());
        s.setBoolean(8, u.active());
        s.setLong(9, u.version());
        s.setTimestamp(10, ts(u.createdAt()));
        s.setTimestamp(11, ts(u.updatedAt()));
    }

    /** Writes the new state over {@code expectedVersion}; false when someone else got there first. */
    public boolean update(OrgUser u, long expectedVersion) {
        return db.update("UPDATE rs_user SET employee_code = ?, name = ?, name_kana = ?, email = ?, phone = ?, role = ?, "
                + "active = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setString(1, u.employeeCode());
            s.setString(2, u.name());
            s.setString(3, u.nameKana());
            s.setString(4, u.email());
            s.setString(5, u.phone());
            s.setString(6, u.role().code());
            s.setBoolean(7, u.active());
            s.setTimestamp(8, ts(u.updatedAt()));
            s.setObject(9, u.id());
            s.setLong(10, expectedVersion);
        }) == 1;
    }

    /** A membership change is a change of the user's representation: a new version and updated_at. */
    public void touch(UUID userId, Instant now) {
        db.update("UPDATE rs_user SET version = version + 1, updated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, userId);
        });
    }

    public boolean delete(UUID id) {
        return db.update("DELETE FROM rs_user WHERE id = ?", s -> s.setObject(1, id)) == 1;
    }

    // Memberships

    public List<OrgMembership> membershipsOf(UUID userId) {
        return db.list("SELECT * FROM rs_user_membership WHERE user_id = ? ORDER BY id", s -> s.setObject(1, userId),
                UserRepository::mapMembership);
    }

    private Map<UUID, List<OrgMembership>> membershipsOf(Collection<UUID> userIds) {
        Map<UUID, List<OrgMembership>> byUser = new LinkedHashMap<>();
        db.list("SELECT * FROM rs_user_membership WHERE user_id = ANY (?) ORDER BY id",
                s -> s.setArray(1, db.uuidArray(userIds)), UserRepository::mapMembership)
                .forEach(m -> byUser.computeIfAbsent(m.userId(), k -> new ArrayList<>()).add(m));
        return byUser;
    }

    public Optional<OrgMembership> findMembership(UUID id) {
        return db.one("SELECT * FROM rs_user_membership WHERE id = ?", s -> s.setObject(1, id),
                UserRepository::mapMembership);
    }

    public void insertMembership(OrgMembership m) {
        db.update(INSERT_MEMBERSHIP, s -> bindMembership(s, m));
    }

    public void insertMemberships(List<OrgMembership> memberships) {
        db.batch(INSERT_MEMBERSHIP, memberships, UserRepository::bindMembership);
    }

    private static void bindMembership(PreparedStatement s, OrgMembership m) throws SQLException {
        s.setObject(1, m.id());
        s.setObject(2, m.userId());
        s.setObject(3, m.groupId());
        s.setBoolean(4, m.primary());
        s.setString(5, m.position());
        s.setLong(6, m.version());
        s.setTimestamp(7, ts(m.createdAt()));
        s.setTimestamp(8, ts(m.updatedAt()));
    }

    public boolean updateMembership(OrgMembership m, long expectedVersion) {
        return db.update("UPDATE rs_user_membership SET group_id = ?, is_primary = ?, position = ?, version = version + 1, "
                + "updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setObject(1, m.groupId());
            s.setBoolean(2, m.primary());
            s.setString(3, m.position());
            s.setTimestamp(4, ts(m.updatedAt()));
            s.setObject(5, m.id());
            s.setLong(6, expectedVersion);
        }) == 1;
    }

    /** Makes the user's primary membership, other than {@code keep}, a secondary one. */
    public void demotePrimary(UUID userId, @Nullable UUID keep, Instant now) {
        db.update("UPDATE rs_user_membership SET is_primary = false, version = version + 1, updated_at = ? "
                + "WHERE user_id = ? AND is_primary AND id IS DISTINCT FROM ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, userId);
            s.setObject(3, keep);
        });
    }

    public boolean deleteMembership(UUID id) {
        return db.update("DELETE FROM rs_user_membership WHERE id = ?", s -> s.setObject(1, id)) == 1;
    }

    static OrgUser map(ResultSet r) throws SQLException {
        return new OrgUser(r.getObject("id", UUID.class), r.getString("employee_code"), r.getString("name"),
                r.getString("name_kana"), r.getString("email"), r.getString("phone"), OrgUser.Role.of(r.getString("role")),
                r.getBoolean("active"), List.of(), r.getLong("version"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    static OrgMembership mapMembership(ResultSet r) throws SQLException {
        return new OrgMembership(r.getObject("id", UUID.class), r.getObject("user_id", UUID.class),
                r.getObject("group_id", UUID.class), r.getBoolean("is_primary"), r.getString("position"),
                r.getLong("version"), instant(r, "created_at"), instant(r, "updated_at"));
    }
}
