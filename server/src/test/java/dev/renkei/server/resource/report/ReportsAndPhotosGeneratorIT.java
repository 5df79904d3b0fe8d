package dev.renkei.server.resource.report;

import dev.renkei.server.resource.data.ResourceVolume;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order-400 generator: on its own branch's empty organisation it makes only the catalogues;
 * with users and spots it makes reports and photos at the asked volume, all consistent.
 */
@MicronautTest(transactional = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsAndPhotosGeneratorIT extends ReportsAndPhotosTest {

    private static final String[] CITIES = {"中央区", "港区", "新宿区", "渋谷区", "千代田区", "横浜市西区"};

    @Inject
    ReportsAndPhotosGenerator generator;
    @Inject
    TransactionOperations<Connection> tx;

    private long count(String table) {
        return ((Number) rows("SELECT count(*) AS n FROM " + table).get(0).get("n")).longValue();
    }

    @Test
    @Order(1)
    void generateWhenNoUsersOrSpotsThenOnlyTheCataloguesAndStructures() {
        if (count("rs_user") > 0) {
            // Another family's generator filled the organisation: this case no longer applies.
            return;
        }
        assertEquals(0, count("rs_report"));
        assertEquals(0, count("rs_spot_photo"));
        assertEquals(0, count("rs_image"));
        assertEquals(4, count("rs_report_definition"));
        assertEquals(8, count("rs_spot_photo_tag"));
        assertEquals(2, count("rs_sorting_definition"));
        assertEquals(0, count("rs_sorting_node_spot"));
    }

    @Test
    @Order(2)
    void generateWhenUsersAndSpotsThenConsistentReportsAndPhotosAtTheVolume() throws Exception {
        exec("TRUNCATE rs_sorting_node_spot, rs_sorting_node, rs_sorting_definition, rs_report_value, rs_report, "
                + "rs_report_field, rs_report_definition, rs_spot_photo_tag_link, rs_spot_photo_metadata, rs_spot_photo, "
                + "rs_spot_photo_tag, rs_image CASCADE");
        for (int i = 0; i < 12; i++) {
            insertUser("ユーザー" + i);
        }
        for (int i = 0; i < 60; i++) {
            String id = insertSpot("スポット" + i).toString();
            exec("UPDATE rs_spot SET city = ? WHERE id = ?::uuid", CITIES[i % CITIES.length], id);
        }
        Instant until = Instant.parse("2026-11-25T03:00:00Z");
        ResourceVolume volume = new ResourceVolume(12, 4, 60, 600, 1_200, 40, 80, 30, 14, until);

        tx.executeWrite(status -> {
            generator.generate(volume, new SplittableRandom(20261125L));
            return null;
        });

        assertEquals(80, count("rs_report"));
        assertEquals(30, count("rs_spot_photo"));
        assertEquals(30, count("rs_spot_photo_metadata"));
        assertTrue(count("rs_image") >= 30);
        // Every report within the history, on business hours in Japan.
        for (Map<String, Object> report : rows("SELECT submitted_at FROM rs_report")) {
            Instant at = ((java.sql.Timestamp) report.get("submitted_at")).toInstant();
            assertTrue(!at.isAfter(until) && at.isAfter(until.minus(Duration.ofDays(15))), at::toString);
            int hour = ZonedDateTime.ofInstant(at, ZoneId.of("Asia/Tokyo")).getHour();
            assertTrue(hour >= 9 && hour < 18, at::toString);
        }
        // Required fields are always filled.
        assertEquals(0, rows("SELECT r.id FROM rs_report r JOIN rs_report_field f ON f.definition_id = r.definition_id "
                + "WHERE f.required AND NOT EXISTS (SELECT 1 FROM rs_report_value v WHERE v.report_id = r.id "
                + "AND v.field_id = f.id)").size());
        // The retired form has no reports from the second half of the history.
        assertEquals(0, rows("SELECT r.id FROM rs_report r JOIN rs_report_definition d ON d.id = r.definition_id "
                + "WHERE NOT d.active AND r.submitted_at > ?", java.sql.Timestamp.from(until.minus(Duration.ofDays(7)))).size());
        // Every spot of the area structure is sorted into a route, none beyond the contract's 500.
        assertEquals(count("rs_spot"), rows("SELECT s.spot_id FROM rs_sorting_node_spot s JOIN rs_sorting_definition d "
                + "ON d.id = s.definition_id WHERE d.name = '営業エリア'").size());
        assertEquals(0, rows("SELECT node_id FROM rs_sorting_node_spot GROUP BY node_id HAVING count(*) > 500").size());
        assertEquals(0, rows("SELECT s.spot_id FROM rs_sorting_node_spot s JOIN rs_spot p ON p.id = s.spot_id "
                + "JOIN rs_sorting_node n ON n.id = s.node_id JOIN rs_sorting_node a ON a.id = n.parent_id "
                + "WHERE p.city = '中央区' AND a.name <> '中央区'").size());

        // Through the API: a report with an image field, and that image downloads as a real picture.
        Http.Response withImage = http.get("/v1/resources/reports?limit=200", staticToken());
        assertEquals(200, withImage.status(), withImage::toString);
        assertEquals(80, withImage.list("items").size());
        String imageId = null;
        for (Object report : withImage.list("items")) {
            for (Object value : (List<?>) ((Map<?, ?>) report).get("values")) {
                Object images = ((Map<?, ?>) value).get("image_ids");
                if (images != null) {
                    imageId = (String) ((List<?>) images).get(0);
                }
            }
        }
        assertNotNull(imageId, "no report with an image");
        HttpResponse<byte[]> download = getBytes("/v1/resources/images/" + imageId, Map.of());
        assertEquals(200, download.statusCode());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(download.body())));
        Http.Response photos = http.get("/v1/resources/spot-photos?limit=200", staticToken());
        assertEquals(30, photos.list("items").size());
        assertNotNull(photos.str("items/0/caption"));
    }

    @Test
    @Order(3)
    void generateWhenRunTwiceWithTheSameSeedThenTheSameReports() {
        List<Map<String, Object>> first = rows("SELECT id, definition_id, submitted_at FROM rs_report ORDER BY id");
        exec("TRUNCATE rs_sorting_node_spot, rs_sorting_node, rs_sorting_definition, rs_report_value, rs_report, "
                + "rs_report_field, rs_report_definition, rs_spot_photo_tag_link, rs_spot_photo_metadata, rs_spot_photo, "
                + "rs_spot_photo_tag, rs_image CASCADE");
        ResourceVolume volume = new ResourceVolume(12, 4, 60, 600, 1_200, 40, 80, 30, 14,
                Instant.parse("2026-11-25T03:00:00Z"));

        tx.executeWrite(status -> {
            generator.generate(volume, new SplittableRandom(20261125L));
            return null;
        });

        assertEquals(first, rows("SELECT id, definition_id, submitted_at FROM rs_report ORDER BY id"));
    }
}
