package dev.renkei.server.resource.spot;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL of spots and what hangs on them: contacts, staff, tags and tag links. */
@Singleton
public class SpotRepository {

    private static final String SPOT_COLUMNS = "s.id, s.code, s.name, s.name_kana, s.postal_code, s.prefecture, s.city, "
            + "s.street, s.building, s.latitude, s.longitude, s.phone, s.url, s.note, s.version, s.created_at, s.updated_at, "
            + "ARRAY(SELECT l.tag_id FROM rs_spot_tag_link l WHERE l.spot_id = s.id ORDER BY l.tag_id) AS tag_ids";

    private final Db db;

    public SpotRepository(Db db) {
        this.db = db;
    }

    /** Filters of the spot list; null means no filter. */
    public record Filter(@Nullable String text, @Nullable UUID tagId, @Nullable Instant updatedSince) {
    }

    /** Spots after {@code afterId} in id (= creation) order; {@code limit} rows at most. */
    public List<Spot> list(Filter filter, @Nullable UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(SPOT_COLUMNS).append(" FROM rs_spot s WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.text() != null) {
            sql.append(" AND (s.name ILIKE ? ESCAPE '\\' OR s.name_kana ILIKE ? ESCAPE '\\' OR s.code ILIKE ? ESCAPE '\\')");
            String pattern = "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.addAll(List.of(pattern, pattern, pattern));
        }
        if (filter.tagId() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_spot_tag_link t WHERE t.spot_id = s.id AND t.tag_id = ?)");
            params.add(filter.tagId());
        }
        if (filter.updatedSince() != null) {
            sql.append(" AND s.updated_at >= ?");
            params.add(ts(filter.updatedSince()));
        }
        if (afterId != null) {
            sql.append(" AND s.id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY s.id LIMIT ?");
        params.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
        }, SpotRepository::spot);
    }

    public Optional<Spot> find(UUID id) {
        return db.one("SELECT " + SPOT_COLUMNS + " FROM rs_spot s WHERE s.id = ?", s -> s.setObject(1, id), SpotRepository::spot);
    }

    public boolean exists(UUID id) {
        return db.one("SELECT 1 FROM rs_spot WHERE id = ?", s -> s.setObject(1, id), r -> true).isPresent();
    }

    public void insert(UUID id, Spot.Changes spot, Instant now) {
        Spot.Address address = spot.address() == null ? Spot.Address.EMPTY : spot.address();
        db.update("INSERT INTO rs_spot (id, code, name, name_kana, postal_code, prefecture, city, street, building, "
                + "latitude, longitude, phone, url, note, version, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", s -> {
            s.setObject(1, id);
            s.setString(2, spot.code());
            s.setString(3, spot.name());
            s.setString(4, spot.nameKana());
            s.setString(5, address.postalCode());
            s.setString(6, address.prefecture());
            s.setString(7, address.city());
            s.setString(8, address.street());
            s.setString(9, address.building());
            s.setObject(10, spot.latitude(), Types.DOUBLE);
            s.setObject(11, spot.longitude(), Types.DOUBLE);
            s.setString(12, spot.phone());
            s.setString(13, spot.url());
            s.setString(14, spot.note());
            s.setTimestamp(15, ts(now));
            s.setTimestamp(16, ts(now));
        });
    }

    /** Writes the full new state if the row is still at {@code version}; false when someone changed it first. */
    public boolean update(Spot next, long version) {
        return db.update("UPDATE rs_spot SET code = ?, name = ?, name_kana = ?, postal_code = ?, prefecture = ?, city = ?, "
                + "street = ?, building = ?, latitude = ?, longitude = ?, phone = ?, url = ?, note = ?, "
                + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setString(1, next.code());
            s.setString(2, next.name());
            s.setString(3, next.nameKana());
            s.setString(4, next.address().postalCode());
            s.setString(5, next.address().prefecture());
            s.setString(6, next.address().city());
            s.setString(7, next.address().street());
            s.setString(8, next.address().building());
            s.setObject(9, next.latitude(), Types.DOUBLE);
            s.setObject(10, next.longitude(), Types.DOUBLE);
            s.setString(11, next.phone());
            s.setString(12, next.url());
            s.setString(13, next.note());
            s.setTimestamp(14, ts(next.updatedAt()));
            s.setObject(15, next.id());
            s.setLong(16, version);
        }) == 1;
    }

    public int delete(UUID id, @Nullable Long version) {
        return db.update("DELETE FROM rs_spot WHERE id = ?" + (version == null ? "" : " AND version = ?"), s -> {
            s.setObject(1, id);
            if (version != null) {
                s.setLong(2, version);
            }
        });
    }

    public List<SpotContact> contacts(UUID spotId, @Nullable UUID afterId, int limit) {
        return db.list("SELECT id, spot_id, name, name_kana, department, title, phone, email, created_at FROM rs_spot_contact "
                + "WHERE spot_id = ? AND (?::uuid IS NULL OR id > ?) ORDER BY id LIMIT ?", s -> {
            s.setObject(1, spotId);
            s.setObject(2, afterId);
            s.setObject(3, afterId);
            s.setInt(4, limit);
        }, r -> new SpotContact(Db.uuid(r, "id"), Db.uuid(r, "spot_id"), r.getString("name"), r.getString("name_kana"),
                r.getString("department"), r.getString("title"), r.getString("phone"), r.getString("email"),
                instant(r, "created_at")));
    }

    /** Staff in charge, main first, then by user id (the keyset: role rank + user id). */
    public List<SpotStaff> staff(UUID spotId, @Nullable String afterKey, int limit) {
        return db.list("SELECT st.spot_id, st.user_id, u.name, st.role, st.assigned_at, "
                + "(CASE st.role WHEN 'main' THEN '0' ELSE '1' END) || st.user_id AS sort_key FROM rs_spot_staff st "
                + "JOIN rs_user u ON u.id = st.user_id WHERE st.spot_id = ? "
                + "AND (?::text IS NULL OR (CASE st.role WHEN 'main' THEN '0' ELSE '1' END) || st.user_id > ?) "
                + "ORDER BY sort_key LIMIT ?", s -> {
            s.setObject(1, spotId);
            s.setString(2, afterKey);
            s.setString(3, afterKey);
            s.setInt(4, limit);
        }, SpotRepository::staffRow);
    }

    public static String staffSortKey(SpotStaff staff) {
        return ("main".equals(staff.role()) ? "0" : "1") + staff.userId();
    }

    public Optional<SpotStaff> findStaff(UUID spotId, UUID userId) {
        return db.one("SELECT st.spot_id, st.user_id, u.name, st.role, st.assigned_at FROM rs_spot_staff st "
                + "JOIN rs_user u ON u.id = st.user_id WHERE st.spot_id = ? AND st.user_id = ?", s -> {
            s.setObject(1, spotId);
            s.setObject(2, userId);
        }, SpotRepository::staffRow);
    }

    /** Demotes the current main person in charge to sub, so that another can become main. */
    public void demoteMain(UUID spotId) {
        db.update("UPDATE rs_spot_staff SET role = 'sub' WHERE spot_id = ? AND role = 'main'", s -> s.setObject(1, spotId));
    }

    public void insertStaff(UUID spotId, UUID userId, String role, Instant now) {
        db.update("INSERT INTO rs_spot_staff (spot_id, user_id, role, assigned_at) VALUES (?, ?, ?, ?)", s -> {
            s.setObject(1, spotId);
            s.setObject(2, userId);
            s.setString(3, role);
            s.setTimestamp(4, ts(now));
        });
    }

    public int deleteStaff(UUID spotId, UUID userId) {
        return db.update("DELETE FROM rs_spot_staff WHERE spot_id = ? AND user_id = ?", s -> {
            s.setObject(1, spotId);
            s.setObject(2, userId);
        });
    }

    /** Whether the user exists and is active (only active users can be put in charge). */
    public boolean activeUserExists(UUID userId) {
        return db.one("SELECT 1 FROM rs_user WHERE id = ? AND active", s -> s.setObject(1, userId), r -> true).isPresent();
    }

    public List<SpotTag> tags(@Nullable String afterKey, int limit) {
        return db.list("SELECT id, name, color, sort_order FROM rs_spot_tag "
                + "WHERE (?::text IS NULL OR lpad(sort_order::text, 10, '0') || id > ?) "
                + "ORDER BY lpad(sort_order::text, 10, '0') || id LIMIT ?", s -> {
            s.setString(1, afterKey);
            s.setString(2, afterKey);
            s.setInt(3, limit);
        }, r -> new SpotTag(Db.uuid(r, "id"), r.getString("name"), r.getString("color"), r.getInt("sort_order")));
    }

    public static String tagSortKey(SpotTag tag) {
        return String.format("%010d", tag.sortOrder()) + tag.id();
    }

    public boolean tagExists(UUID tagId) {
        return db.one("SELECT 1 FROM rs_spot_tag WHERE id = ?", s -> s.setObject(1, tagId), r -> true).isPresent();
    }

    public Optional<SpotTag.Link> findLink(UUID id) {
        return db.one("SELECT id, spot_id, tag_id, version, created_at, updated_at FROM rs_spot_tag_link WHERE id = ?",
                s -> s.setObject(1, id), SpotRepository::link);
    }

    public void insertLink(SpotTag.Link link) {
        db.update("INSERT INTO rs_spot_tag_link (id, spot_id, tag_id, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)", s -> {
            s.setObject(1, link.id());
            s.setObject(2, link.spotId());
            s.setObject(3, link.tagId());
            s.setTimestamp(4, ts(link.createdAt()));
            s.setTimestamp(5, ts(link.updatedAt()));
        });
    }

    public boolean updateLink(UUID id, UUID tagId, long version, Instant now) {
        return db.update("UPDATE rs_spot_tag_link SET tag_id = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setObject(1, tagId);
            s.setTimestamp(2, ts(now));
            s.setObject(3, id);
            s.setLong(4, version);
        }) == 1;
    }

    public int deleteLink(UUID id, @Nullable Long version) {
        return db.update("DELETE FROM rs_spot_tag_link WHERE id = ?" + (version == null ? "" : " AND version = ?"), s -> {
            s.setObject(1, id);
            if (version != null) {
                s.setLong(2, version);
            }
        });
    }

    /** A link's change also changes its spot (tag_ids, updated_since exports). */
    public void touch(UUID spotId, Instant now) {
        db.update("UPDATE rs_spot SET version = version + 1, updated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, spotId);
        });
    }

    private static Spot spot(ResultSet r) throws SQLException {
        java.sql.Array tags = r.getArray("tag_ids");
        List<UUID> tagIds = tags == null ? List.of() : Arrays.asList((UUID[]) tags.getArray());
        return new Spot(Db.uuid(r, "id"), r.getString("code"), r.getString("name"), r.getString("name_kana"),
                new Spot.Address(r.getString("postal_code"), r.getString("prefecture"), r.getString("city"),
                        r.getString("street"), r.getString("building")),
                r.getObject("latitude", Double.class), r.getObject("longitude", Double.class), r.getString("phone"),
                r.getString("url"), r.getString("note"), List.copyOf(tagIds), r.getLong("version"),
                instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static SpotStaff staffRow(ResultSet r) throws SQLException {
        return new SpotStaff(Db.uuid(r, "spot_id"), Db.uuid(r, "user_id"), r.getString("name"), r.getString("role"),
                instant(r, "assigned_at"));
    }

    private static SpotTag.Link link(ResultSet r) throws SQLException {
        return new SpotTag.Link(Db.uuid(r, "id"), Db.uuid(r, "spot_id"), Db.uuid(r, "tag_id"), r.getLong("version"),
                instant(r, "created_at"), instant(r, "updated_at"));
    }
}
