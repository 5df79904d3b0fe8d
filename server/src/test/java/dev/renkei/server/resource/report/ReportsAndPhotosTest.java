package dev.renkei.server.resource.report;

import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.resource.photo.TinyImages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Base of the reports-and-photos tests: small SQL builders for the rows these read-mostly
 * families cannot get through the API (users and spots come from other families, reports and
 * photos from the app), and a raw binary GET for image downloads.
 */
public abstract class ReportsAndPhotosTest extends ResourceApiTest {

    private static final HttpClient BINARY = HttpClient.newHttpClient();
    private final SplittableRandom random = new SplittableRandom(7);

    /** Runs one statement on this class's database; {@code Instant} parameters become timestamps. */
    protected int exec(String sql, Object... params) {
        try (Connection connection = connectToDatabase(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                statement.setObject(i + 1, p instanceof Instant instant ? Timestamp.from(instant) : p);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes the demo data's reports, photos and images, which the generator makes once users
     * and spots exist: classes that count what they inserted start from none. Definitions, photo
     * tags and sorting structures stay.
     */
    protected void withoutGeneratedReportsAndPhotos() {
        exec("TRUNCATE rs_report_value, rs_report, rs_spot_photo_tag_link, rs_spot_photo_metadata, rs_spot_photo, "
                + "rs_image CASCADE");
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected UUID insertUser(String name) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_user (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)", id, name, now(), now());
        return id;
    }

    protected UUID insertSpot(String name) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_spot (id, name, prefecture, city, created_at, updated_at) VALUES (?, ?, '東京都', '中央区', ?, ?)",
                id, name, now(), now());
        return id;
    }

    /** A stored image of a real picture; answers its ID and bytes. */
    protected Map.Entry<UUID, byte[]> insertImage(String contentType) {
        TinyImages.Encoded image = contentType.equals("image/png") ? TinyImages.png(random) : TinyImages.jpeg(random);
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_image (id, content_type, width, height, size_bytes, sha256, content, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, image.contentType(), image.width(), image.height(),
                (long) image.bytes().length, TinyImages.sha256(image.bytes()), image.bytes(), now());
        return Map.entry(id, image.bytes());
    }

    protected UUID insertPhoto(UUID spot, UUID image, UUID user, Instant takenAt, String caption, UUID... tags) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_spot_photo (id, spot_id, image_id, user_id, taken_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, spot, image, user, takenAt, takenAt, takenAt);
        exec("INSERT INTO rs_spot_photo_metadata (photo_id, caption, direction, note, custom) "
                + "VALUES (?, ?, 'N', '最初のメモ', '{\"天候\": \"晴れ\"}'::jsonb)", id, caption);
        for (UUID tag : tags) {
            exec("INSERT INTO rs_spot_photo_tag_link (photo_id, tag_id) VALUES (?, ?)", id, tag);
        }
        return id;
    }

    protected UUID insertPhotoTag(String name, int sortOrder) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_spot_photo_tag (id, name, color, sort_order) VALUES (?, ?, '#123456', ?)", id, name, sortOrder);
        return id;
    }

    /** The demo definition's field IDs by label. */
    protected UUID fieldOf(String definitionName, String label) {
        return (UUID) rows("SELECT f.id FROM rs_report_field f JOIN rs_report_definition d ON d.id = f.definition_id "
                + "WHERE d.name = ? AND f.label = ?", definitionName, label).get(0).get("id");
    }

    protected UUID definitionNamed(String name) {
        return (UUID) rows("SELECT id FROM rs_report_definition WHERE name = ?", name).get(0).get("id");
    }

    protected UUID insertReport(UUID definition, UUID user, UUID spot, Instant submittedAt) {
        UUID id = UUID.randomUUID();
        exec("INSERT INTO rs_report (id, definition_id, user_id, spot_id, submitted_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", id, definition, user, spot, submittedAt, submittedAt, submittedAt);
        return id;
    }

    protected void insertImageValue(UUID report, UUID field, int ordinal, UUID image) {
        exec("INSERT INTO rs_report_value (report_id, field_id, ordinal, image_id) VALUES (?, ?, ?, ?)",
                report, field, ordinal, image);
    }

    /** A GET whose body stays bytes, with extra request headers. */
    protected HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURI() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + staticToken());
        headers.forEach(request::header);
        try {
            return BINARY.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static List<String> ids(List<?> items) {
        return items.stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList();
    }
}
