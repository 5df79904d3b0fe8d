package dev.renkei.server.resource.photo;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;

/** SQL for images. Lists never read the bytes; only a download does. */
@Singleton
public class ImageRepository {

    private static final String COLUMNS = "id, content_type, width, height, size_bytes, sha256, created_at";

    /** An image with its bytes. */
    public record Content(StoredImage image, byte[] bytes) {
    }

    private final Db db;

    public ImageRepository(Db db) {
        this.db = db;
    }

    public List<StoredImage> list(@Nullable Cursor after, int limit) {
        return db.list("SELECT " + COLUMNS + " FROM rs_image WHERE (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?", s -> {
            UUID afterId = after == null ? null : after.id();
            s.setObject(1, afterId);
            s.setObject(2, afterId);
            s.setInt(3, limit);
        }, ImageRepository::map);
    }

    public Optional<Content> findContent(UUID id) {
        return db.one("SELECT " + COLUMNS + ", content FROM rs_image WHERE id = ?", s -> s.setObject(1, id),
                r -> new Content(map(r), r.getBytes("content")));
    }

    /** Deletes the image unless a report or another photo still shows it; true when it was deleted. */
    public boolean deleteIfUnused(UUID id) {
        return db.update("DELETE FROM rs_image i WHERE i.id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM rs_report_value v WHERE v.image_id = i.id) "
                + "AND NOT EXISTS (SELECT 1 FROM rs_spot_photo p WHERE p.image_id = i.id)", s -> s.setObject(1, id)) == 1;
    }

    static StoredImage map(ResultSet r) throws SQLException {
        return new StoredImage(r.getObject("id", UUID.class), r.getString("content_type"), r.getInt("width"),
                r.getInt("height"), r.getLong("size_bytes"), r.getBytes("sha256"), instant(r, "created_at"));
    }
}
