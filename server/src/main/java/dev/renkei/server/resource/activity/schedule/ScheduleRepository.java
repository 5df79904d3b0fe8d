package dev.renkei.server.resource.activity.schedule;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
import static dev.renkei.server.shared.db.Db.uuid;

/** SQL for schedules and their members. */
@Singleton
public class ScheduleRepository {

    /** The longest schedule the table allows (rs_schedule_period_check). */
    static final Duration MAX_LENGTH = Duration.ofDays(31);

    private static final String SELECT = "SELECT sc.*, sp.name AS spot_name FROM rs_schedule sc "
            + "LEFT JOIN rs_spot sp ON sp.id = sc.spot_id";
    private static final String SELECT_MEMBER = "SELECT m.*, u.name AS user_name FROM rs_schedule_member m "
            + "JOIN rs_user u ON u.id = m.user_id";

    private final Db db;

    public ScheduleRepository(Db db) {
        this.db = db;
    }

    /** Without members; {@code lock} takes the row lock every change of the schedule or its members waits on. */
    public Optional<Schedule> find(UUID id, boolean lock) {
        return db.one(SELECT + " WHERE sc.id = ?" + (lock ? " FOR UPDATE OF sc" : ""), s -> s.setObject(1, id),
                ScheduleRepository::map);
    }

    /** Schedules overlapping [from, to) by (starts_at, id), without members. */
    public List<Schedule> list(@Nullable Instant from, @Nullable Instant to, @Nullable UUID userId, @Nullable UUID spotId,
                               @Nullable Instant updatedSince, @Nullable Instant afterStart, @Nullable UUID afterId,
                               int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            // The second bound follows from the 31-day limit and turns the scan into an index range.
            sql.append(" AND sc.ends_at > ? AND sc.starts_at > ?");
            args.add(ts(from));
            args.add(ts(from.minus(MAX_LENGTH)));
        }
        if (to != null) {
            sql.append(" AND sc.starts_at < ?");
            args.add(ts(to));
        }
        if (userId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_schedule_member m WHERE m.schedule_id = sc.id AND m.user_id = ?)");
            args.add(userId);
        }
        if (spotId != null) {
            sql.append(" AND sc.spot_id = ?");
            args.add(spotId);
        }
        if (updatedSince != null) {
            sql.append(" AND sc.updated_at >= ?");
            args.add(ts(updatedSince));
        }
        if (afterStart != null) {
            sql.append(" AND (sc.starts_at, sc.id) > (?, ?)");
            args.add(ts(afterStart));
            args.add(afterId);
        }
        sql.append(" ORDER BY sc.starts_at, sc.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), bind(args), ScheduleRepository::map);
    }

    public void insert(Schedule s) {
        db.update("INSERT INTO rs_schedule (id, title, starts_at, ends_at, all_day, spot_id, note, version, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", st -> {
            st.setObject(1, s.id());
            st.setString(2, s.title());
            st.setTimestamp(3, ts(s.startsAt()));
            st.setTimestamp(4, ts(s.endsAt()));
            st.setBoolean(5, s.allDay());
            st.setObject(6, s.spotId());
            st.setString(7, s.note());
            st.setLong(8, s.version());
            st.setTimestamp(9, ts(s.createdAt()));
            st.setTimestamp(10, ts(s.updatedAt()));
        });
    }

    /** Writes the new values over {@code expectedVersion}; false when someone changed the row since. */
    public boolean update(Schedule s, long expectedVersion) {
        return db.update("UPDATE rs_schedule SET title = ?, starts_at = ?, ends_at = ?, all_day = ?, spot_id = ?, note = ?, "
                + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?", st -> {
            st.setString(1, s.title());
            st.setTimestamp(2, ts(s.startsAt()));
            st.setTimestamp(3, ts(s.endsAt()));
            st.setBoolean(4, s.allDay());
            st.setObject(5, s.spotId());
            st.setString(6, s.note());
            st.setTimestamp(7, ts(s.updatedAt()));
            st.setObject(8, s.id());
            st.setLong(9, expectedVersion);
        }) == 1;
    }

    /** A change of the members is a change of the schedule: new version, new ETag. */
    public void touch(UUID id, Instant now) {
        db.update("UPDATE rs_schedule SET version = version + 1, updated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
        });
    }

    public void delete(UUID id) {
        db.update("DELETE FROM rs_schedule WHERE id = ?", s -> s.setObject(1, id));
    }

    /** True when the spot exists; it then stays until this transaction ends (no concurrent delete). */
    public boolean lockSpot(UUID spotId) {
        return db.one("SELECT 1 FROM rs_spot WHERE id = ? FOR KEY SHARE", s -> s.setObject(1, spotId), r -> 1).isPresent();
    }

    /** The user's active flag, empty when there is no such user; the user then stays until this transaction ends. */
    public Optional<Boolean> lockUser(UUID userId) {
        return db.one("SELECT active FROM rs_user WHERE id = ? FOR KEY SHARE", s -> s.setObject(1, userId),
                r -> r.getBoolean(1));
    }

    /** The members of several schedules, each list in the order they were added. */
    public Map<UUID, List<ScheduleMember>> membersOf(Collection<UUID> scheduleIds) {
        Map<UUID, List<ScheduleMember>> out = new LinkedHashMap<>();
        if (scheduleIds.isEmpty()) {
            return out;
        }
        db.list(SELECT_MEMBER + " WHERE m.schedule_id = ANY (?) ORDER BY m.schedule_id, m.seq",
                s -> s.setArray(1, db.uuidArray(scheduleIds)), ScheduleRepository::mapMember)
                .forEach(m -> out.computeIfAbsent(m.scheduleId(), k -> new ArrayList<>()).add(m));
        return out;
    }

    public List<ScheduleMember> members(UUID scheduleId, @Nullable Long afterSeq, int limit) {
        StringBuilder sql = new StringBuilder(SELECT_MEMBER).append(" WHERE m.schedule_id = ?");
        List<Object> args = new ArrayList<>(List.of(scheduleId));
        if (afterSeq != null) {
            sql.append(" AND m.seq > ?");
            args.add(afterSeq);
        }
        sql.append(" ORDER BY m.seq LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), bind(args), ScheduleRepository::mapMember);
    }

    public Optional<ScheduleMember> findMember(UUID scheduleId, UUID userId) {
        return db.one(SELECT_MEMBER + " WHERE m.schedule_id = ? AND m.user_id = ?", s -> {
            s.setObject(1, scheduleId);
            s.setObject(2, userId);
        }, ScheduleRepository::mapMember);
    }

    public int countMembers(UUID scheduleId) {
        return db.one("SELECT count(*) FROM rs_schedule_member WHERE schedule_id = ?", s -> s.setObject(1, scheduleId),
                r -> r.getInt(1)).orElse(0);
    }

    public void insertMembers(Collection<ScheduleMember> members) {
        db.batch("INSERT INTO rs_schedule_member (schedule_id, user_id, role, attendance, added_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", members, (s, m) -> {
            s.setObject(1, m.scheduleId());
            s.setObject(2, m.userId());
            s.setString(3, m.role().code());
            s.setString(4, m.attendance().code());
            s.setTimestamp(5, ts(m.addedAt()));
            s.setTimestamp(6, ts(m.updatedAt()));
        });
    }

    public void updateMember(ScheduleMember m) {
        db.update("UPDATE rs_schedule_member SET role = ?, attendance = ?, updated_at = ? WHERE schedule_id = ? AND user_id = ?",
                s -> {
                    s.setString(1, m.role().code());
                    s.setString(2, m.attendance().code());
                    s.setTimestamp(3, ts(m.updatedAt()));
                    s.setObject(4, m.scheduleId());
                    s.setObject(5, m.userId());
                });
    }

    public boolean deleteMember(UUID scheduleId, UUID userId) {
        return db.update("DELETE FROM rs_schedule_member WHERE schedule_id = ? AND user_id = ?", s -> {
            s.setObject(1, scheduleId);
            s.setObject(2, userId);
        }) == 1;
    }

    private static Db.Binder bind(List<Object> args) {
        return s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        };
    }

    static Schedule map(ResultSet r) throws SQLException {
        return new Schedule(uuid(r, "id"), r.getString("title"), instant(r, "starts_at"), instant(r, "ends_at"),
                r.getBoolean("all_day"), uuid(r, "spot_id"), r.getString("spot_name"), r.getString("note"), List.of(),
                r.getLong("version"), instant(r, "created_at"), instant(r, "updated_at"));
    }

    static ScheduleMember mapMember(ResultSet r) throws SQLException {
        return new ScheduleMember(uuid(r, "schedule_id"), uuid(r, "user_id"), r.getString("user_name"),
                MemberRole.ofCode(r.getString("role")), Attendance.ofCode(r.getString("attendance")),
                instant(r, "added_at"), instant(r, "updated_at"), r.getLong("seq"));
    }
}
