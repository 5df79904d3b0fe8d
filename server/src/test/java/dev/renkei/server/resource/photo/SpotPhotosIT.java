package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.report.ReportsAndPhotosTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spot photos and their metadata: lists and filters, delete with its image, metadata updates with If-Match. */
@MicronautTest(transactional = false)
class SpotPhotosIT extends ReportsAndPhotosTest {

    private static final String PHOTOS = "/v1/resources/spot-photos";

    private UUID user;
    private UUID ginza;
    private UUID shibuya;
    private UUID exterior;
    private UUID signboard;
    private final List<UUID> ginzaPhotos = new ArrayList<>();
    private final Instant base = Instant.parse("2026-11-10T01:00:00Z");

    @BeforeAll
    void photos() {
        user = insertUser("高橋 健");
        ginza = insertSpot("銀座中央ビル");
        shibuya = insertSpot("渋谷センター");
        exterior = insertPhotoTag("テスト外観", 101);
        signboard = insertPhotoTag("テスト看板", 102);
        for (int i = 0; i < 5; i++) {
            UUID[] tags = i == 1 ? new UUID[] {signboard, exterior} : i == 3 ? new UUID[] {signboard} : new UUID[0];
            ginzaPhotos.add(insertPhoto(ginza, insertImage("image/jpeg").getKey(), user, base.plus(Duration.ofMinutes(i)),
                    "銀座 " + i, tags));
        }
        insertPhoto(shibuya, insertImage("image/png").getKey(), user, base.minus(Duration.ofDays(1)), "渋谷");
    }

    private UUID photoAtShibuya(String caption) {
        return insertPhoto(shibuya, insertImage("image/jpeg").getKey(), user, Instant.now(), caption);
    }

    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return body;
    }

    private Http.Response patchMetadata(UUID photo, Object body, String ifMatch) {
        Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return http.send("PATCH", PHOTOS + "/" + photo + "/metadata", staticToken(), body, headers);
    }

    // --- photos ----------------------------------------------------------------------------

    @Test
    void listSpotPhotosWhenFilteredBySpotThenItsPhotosOldestShotFirst() {
        Http.Response page = http.get(PHOTOS + "?spot_id=" + ginza, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(ginzaPhotos.stream().map(UUID::toString).toList(), ids(page.list("items")));
        assertEquals("銀座 0", page.str("items/0/caption"));
        assertEquals(ginza.toString(), page.str("items/0/spot_id"));
    }

    @Test
    void listSpotPhotosWhenFilteredByTagThenOnlyPhotosCarryingIt() {
        Http.Response page = http.get(PHOTOS + "?tag_id=" + signboard, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(ginzaPhotos.get(1).toString(), ginzaPhotos.get(3).toString()), ids(page.list("items")));
        // Tags come in display order, whatever order they were attached in.
        assertEquals(List.of(exterior.toString(), signboard.toString()), page.list("items/0/tag_ids"));
    }

    @Test
    void listSpotPhotosWhenPagedAcrossPagesThenNoRepeatsOrMisses() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(PHOTOS + "?spot_id=" + ginza + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(3, pages);
        assertEquals(ginzaPhotos.stream().map(UUID::toString).toList(), seen);
    }

    @Test
    void listSpotPhotosWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(PHOTOS + "?limit=500", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void listSpotPhotosWhenSpotIdIsNotUuidThenBadRequest() {
        Http.Response bad = http.get(PHOTOS + "?spot_id=ginza", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void getSpotPhotoWhenExistsThenPhotoWithImageTagsAndETag() {
        Http.Response photo = http.get(PHOTOS + "/" + ginzaPhotos.get(1), staticToken());

        assertEquals(200, photo.status(), photo::toString);
        assertEquals("\"1\"", photo.header("ETag"));
        assertEquals(user.toString(), photo.str("user_id"));
        assertEquals("2026-11-10T01:01:00Z", photo.str("taken_at"));
        assertEquals(2, photo.list("tag_ids").size());
        Http.Response image = http.get("/v1/resources/images/" + photo.str("image_id"), staticToken());
        assertEquals(200, image.status());
    }

    @Test
    void getSpotPhotoWhenUnknownThenNotFound() {
        Http.Response missing = http.get(PHOTOS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void deleteSpotPhotoWhenImageUnusedThenPhotoMetadataAndImageGone() {
        UUID photo = photoAtShibuya("削除用");
        String image = http.get(PHOTOS + "/" + photo, staticToken()).str("image_id");

        Http.Response deleted = http.send("DELETE", PHOTOS + "/" + photo, staticToken(), null, Map.of("If-Match", "\"1\""));

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http.get(PHOTOS + "/" + photo, staticToken()).status());
        assertEquals(404, http.get(PHOTOS + "/" + photo + "/metadata", staticToken()).status());
        assertEquals(404, http.get("/v1/resources/images/" + image, staticToken()).status());
        assertEquals(0, rows("SELECT 1 FROM rs_spot_photo_metadata WHERE photo_id = ?", photo).size());
    }

    @Test
    void deleteSpotPhotoWhenAReportShowsItsImageThenImageKept() {
        UUID photo = photoAtShibuya("報告書にも使用");
        UUID image = UUID.fromString(http.get(PHOTOS + "/" + photo, staticToken()).str("image_id"));
        UUID report = insertReport((UUID) rows("SELECT id FROM rs_report_definition WHERE name = '営業日報'").get(0).get("id"),
                user, shibuya, Instant.now());
        UUID field = (UUID) rows("SELECT id FROM rs_report_field WHERE label = '現場写真'").get(0).get("id");
        insertImageValue(report, field, 0, image);

        Http.Response deleted = http.delete(PHOTOS + "/" + photo, staticToken());

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http.get(PHOTOS + "/" + photo, staticToken()).status());
        assertEquals(200, http.get("/v1/resources/images/" + image, staticToken()).status());
        assertEquals(List.of(image.toString()),
                http.get("/v1/resources/reports/" + report, staticToken()).list("values/0/image_ids"));
    }

    @Test
    void deleteSpotPhotoWhenIfMatchIsStaleThenPreconditionFailedAndPhotoKept() {
        UUID photo = photoAtShibuya("版違い");

        Http.Response refused = http.send("DELETE", PHOTOS + "/" + photo, staticToken(), null, Map.of("If-Match", "\"7\""));

        assertEquals(412, refused.status(), refused::toString);
        assertEquals("precondition-failed", refused.problem());
        assertEquals(200, http.get(PHOTOS + "/" + photo, staticToken()).status());
    }

    @Test
    void deleteSpotPhotoWhenIfMatchIsStarThenDeleted() {
        UUID photo = photoAtShibuya("任意版");

        Http.Response deleted = http.send("DELETE", PHOTOS + "/" + photo, staticToken(), null, Map.of("If-Match", "*"));

        assertEquals(204, deleted.status(), deleted::toString);
    }

    @Test
    void deleteSpotPhotoWhenUnknownThenNotFound() {
        Http.Response missing = http.delete(PHOTOS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    // --- metadata --------------------------------------------------------------------------

    @Test
    void getSpotPhotoMetadataWhenRecordedThenItsFieldsAndThePhotosETag() {
        Http.Response metadata = http.get(PHOTOS + "/" + ginzaPhotos.get(0) + "/metadata", staticToken());

        assertEquals(200, metadata.status(), metadata::toString);
        assertEquals("\"1\"", metadata.header("ETag"));
        assertEquals(ginzaPhotos.get(0).toString(), metadata.str("photo_id"));
        assertEquals("銀座 0", metadata.str("caption"));
        assertEquals("N", metadata.str("direction"));
        assertEquals("最初のメモ", metadata.str("note"));
        assertEquals(Map.of("天候", "晴れ"), metadata.at("custom"));
    }

    @Test
    void getSpotPhotoMetadataWhenUnknownPhotoThenNotFound() {
        Http.Response missing = http.get(PHOTOS + "/" + UUID.randomUUID() + "/metadata", staticToken());

        assertEquals(404, missing.status(), missing::toString);
    }

    @Test
    void updateSpotPhotoMetadataWhenIfMatchIsCurrentThenChangedAndPhotoVersionUp() {
        UUID photo = photoAtShibuya("更新前");

        Http.Response updated = patchMetadata(photo, body("caption", "正面入口（改装後）", "direction", "E",
                "custom", Map.of("天候", "曇り", "担当", "高橋")), "\"1\"");

        assertEquals(200, updated.status(), updated::toString);
        assertEquals("\"2\"", updated.header("ETag"));
        assertEquals("正面入口（改装後）", updated.str("caption"));
        assertEquals("E", updated.str("direction"));
        assertEquals("最初のメモ", updated.str("note"));
        assertEquals(Map.of("天候", "曇り", "担当", "高橋"), updated.at("custom"));
        Http.Response photoNow = http.get(PHOTOS + "/" + photo, staticToken());
        assertEquals("\"2\"", photoNow.header("ETag"));
        assertEquals("正面入口（改装後）", photoNow.str("caption"));
        assertEquals(updated.body(), http.get(PHOTOS + "/" + photo + "/metadata", staticToken()).body());
    }

    @Test
    void updateSpotPhotoMetadataWhenEmptyStringsThenThoseMembersCleared() {
        UUID photo = photoAtShibuya("消去前");

        Http.Response updated = patchMetadata(photo, body("note", "", "direction", "", "custom", Map.of()), null);

        assertEquals(200, updated.status(), updated::toString);
        assertNull(updated.at("note"));
        assertNull(updated.at("direction"));
        assertEquals("消去前", updated.str("caption"));
        assertEquals(Map.of(), updated.at("custom"));
    }

    @Test
    void updateSpotPhotoMetadataWhenIfMatchIsStaleThenPreconditionFailedAndNothingChanged() {
        UUID photo = photoAtShibuya("競合");
        assertEquals(200, patchMetadata(photo, body("note", "先に更新"), "\"1\"").status());

        Http.Response refused = patchMetadata(photo, body("note", "後から更新"), "\"1\"");

        assertEquals(412, refused.status(), refused::toString);
        assertEquals("precondition-failed", refused.problem());
        Http.Response metadata = http.get(PHOTOS + "/" + photo + "/metadata", staticToken());
        assertEquals("先に更新", metadata.str("note"));
        assertEquals("\"2\"", metadata.header("ETag"));
    }

    @Test
    void updateSpotPhotoMetadataWhenDirectionUnknownThenBadRequest() {
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), body("direction", "NORTH"), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
        assertEquals("/direction", bad.str("errors/0/pointer"));
    }

    @Test
    void updateSpotPhotoMetadataWhenCaptionTooLongThenBadRequest() {
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), body("caption", "長".repeat(201)), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("/caption", bad.str("errors/0/pointer"));
    }

    @Test
    void updateSpotPhotoMetadataWhenMoreThan50CustomFieldsThenBadRequest() {
        Map<String, String> custom = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            custom.put("項目" + i, "値");
        }
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), body("custom", custom), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void updateSpotPhotoMetadataWhenCustomNameBlankThenBadRequest() {
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), body("custom", Map.of(" ", "値")), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void updateSpotPhotoMetadataWhenCustomValueNullThenBadRequest() {
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), "{\"custom\": {\"天候\": null}}", null);

        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.body().contains("custom"), bad::toString);
    }

    @Test
    void updateSpotPhotoMetadataWhenBodyIsNotJsonThenBadRequest() {
        Http.Response bad = patchMetadata(ginzaPhotos.get(4), "{caption:", null);

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void updateSpotPhotoMetadataWhenNotSentAsJsonThenUnsupportedMediaType() {
        Http.Response refused = http.send("PATCH", PHOTOS + "/" + ginzaPhotos.get(4) + "/metadata", staticToken(),
                "caption=x", Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertEquals(415, refused.status(), refused::toString);
    }

    @Test
    void updateSpotPhotoMetadataWhenUnknownPhotoThenNotFound() {
        Http.Response missing = patchMetadata(UUID.randomUUID(), body("note", "x"), null);

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }
}
