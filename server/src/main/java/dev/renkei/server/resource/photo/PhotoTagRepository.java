package dev.renkei.server.resource.photo;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for the photo tag catalogue. */
@Singleton
public class PhotoTagRepository {

    private static final String SELECT = "SELECT t.*, "
            + "(SELECT count(*) FROM rs_spot_photo_tag_link l WHERE l.tag_id = t.id) AS photo_count FROM rs_spot_photo_tag t";

    private final Db db;

    public PhotoTagRepository(Db db) {
        this.db = db;
    }

    /** In display order, keyset-paged on (sort_order, id). */
    public List<PhotoTag> list(@Nullable Integer afterSortOrder, @Nullable UUID afterId, int limit) {
        String where = afterId == null ? "" : " WHERE (t.sort_order, t.id) > (?, ?)";
        return db.list(SELECT + where + " ORDER BY t.sort_order, t.id LIMIT ?", s -> {
            int i = 1;
            if (afterId != null) {
                s.setInt(i++, afterSortOrder);
                s.setObject(i++, afterId);
            }
            s.setInt(i, limit);
        }, PhotoTagRepository::map);
    }

    public Optional<PhotoTag> find(UUID id) {
        return db.one(SELECT + " WHERE t.id = ?", s -> s.setObject(1, id), PhotoTagRepository::map);
    }

    /** The photos carrying the tag, locked so that none is deleted or retagged meanwhile. */
    public List<UUID> photosCarrying(UUID tagId) {
        return db.list("SELECT p.id FROM rs_spot_photo p JOIN rs_spot_photo_tag_link l ON l.photo_id = p.id "
                + "WHERE l.tag_id = ? ORDER BY p.id FOR UPDATE OF p", s -> s.setObject(1, tagId), r -> r.getObject(1, UUID.class));
    }

    /** Deletes the tag and its links to photos if the tag still has {@code expected} version. */
    public boolean delete(UUID id, long expected) {
        return db.update("DELETE FROM rs_spot_photo_tag WHERE id = ? AND version = ?", s -> {
            s.setObject(1, id);
            s.setLong(2, expected);
        }) == 1;
    }

    static PhotoTag map(ResultSet r) throws SQLException {
        return new PhotoTag(r.getObject("id", UUID.class), r.getString("name"), r.getString("color"), r.getInt("sort_order"),
                r.getLong("photo_count"), r.getLong("version"));
    }
}
