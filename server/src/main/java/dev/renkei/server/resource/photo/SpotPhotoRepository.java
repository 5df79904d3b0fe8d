package dev.renkei.server.resource.photo;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for spot photos and their metadata. */
@Singleton
public class SpotPhotoRepository {

    private static final String SELECT = "SELECT p.*, m.caption, "
            + "ARRAY(SELECT l.tag_id FROM rs_spot_photo_tag_link l JOIN rs_spot_photo_tag t ON t.id = l.tag_id "
            + "WHERE l.photo_id = p.id ORDER BY t.sort_order, t.id) AS tag_ids "
            + "FROM rs_spot_photo p LEFT JOIN rs_spot_photo_metadata m ON m.photo_id = p.id";

    /** The metadata row as stored; {@code custom} is the jsonb text. */
    public record MetadataRow(UUID photoId, @Nullable String caption, @Nullable String direction, @Nullable String note,
                              String customJson, long version, Instant updatedAt) {
    }

    private final Db db;

    public SpotPhotoRepository(Db db) {
        this.db = db;
    }

    /** Oldest shot first, keyset-paged on (taken_at, id). */
    public List<SpotPhoto> list(@Nullable UUID spotId, @Nullable UUID tagId, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (spotId != null) {
            sql.append(" AND p.spot_id = ?");
            args.add(spotId);
        }
        if (tagId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM rs_spot_photo_tag_link f WHERE f.photo_id = p.id AND f.tag_id = ?)");
            args.add(tagId);
        }
        if (after != null) {
            sql.append(" AND (p.taken_at, p.id) > (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY p.taken_at, p.id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, SpotPhotoRepository::map);
    }

    public Optional<SpotPhoto> find(UUID id) {
        return db.one(SELECT + " WHERE p.id = ?", s -> s.setObject(1, id), SpotPhotoRepository::map);
    }

    /** The photo's metadata; a photo recorded without any has empty metadata. Locks the photo row. */
    public Optional<MetadataRow> findMetadata(UUID photoId, boolean forUpdate) {
        return db.one("SELECT p.id, p.version, p.updated_at, m.caption, m.direction, m.note, "
                + "COALESCE(m.custom, '{}'::jsonb)::text AS custom FROM rs_spot_photo p "
                + "LEFT JOIN rs_spot_photo_metadata m ON m.photo_id = p.id WHERE p.id = ?"
                + (forUpdate ? " FOR UPDATE OF p" : ""), s -> s.setObject(1, photoId),
                r -> new MetadataRow(r.getObject("id", UUID.class), r.getString("caption"), r.getString("direction"),
                        r.getString("note"), r.getString("custom"), r.getLong("version"), instant(r, "updated_at")));
    }

    /** Increments the version when it still is {@code expected}; false when someone changed it first. */
    public boolean bumpVersion(UUID id, long expected, Instant now) {
        return db.update("UPDATE rs_spot_photo SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
            s.setLong(3, expected);
        }) == 1;
    }

    public void bumpVersions(List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        Array array = db.uuidArray(ids);
        db.update("UPDATE rs_spot_photo SET version = version + 1, updated_at = ? WHERE id = ANY (?)", s -> {
            s.setTimestamp(1, ts(now));
            s.setArray(2, array);
        });
    }

    public void saveMetadata(UUID photoId, @Nullable String caption, @Nullable String direction, @Nullable String note,
                             String customJson) {
        db.update("INSERT INTO rs_spot_photo_metadata (photo_id, caption, direction, note, custom) VALUES (?, ?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (photo_id) DO UPDATE SET caption = EXCLUDED.caption, direction = EXCLUDED.direction, "
                + "note = EXCLUDED.note, custom = EXCLUDED.custom", s -> {
            s.setObject(1, photoId);
            s.setString(2, caption);
            s.setString(3, direction);
            s.setString(4, note);
            s.setString(5, customJson);
        });
    }

    /** Deletes the photo (its metadata and tag links go with it) if it still has {@code expected} version. */
    public boolean delete(UUID id, long expected) {
        return db.update("DELETE FROM rs_spot_photo WHERE id = ? AND version = ?", s -> {
            s.setObject(1, id);
            s.setLong(2, expected);
        }) == 1;
    }

    static SpotPhoto map(ResultSet r) throws SQLException {
        return new SpotPhoto(r.getObject("id", UUID.class), r.getObject("spot_id", UUID.class),
                r.getObject("image_id", UUID.class), r.getObject("user_id", UUID.class), instant(r, "taken_at"),
                r.getString("caption"), uuids(r.getArray("tag_ids")), r.getLong("version"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    static List<UUID> uuids(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
    }
}
