package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.report.ReportsAndPhotosTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images: the binary download with its real media type, validators and negotiation; the metadata list. */
@MicronautTest(transactional = false)
class ImagesIT extends ReportsAndPhotosTest {

    private static final String IMAGES = "/v1/resources/images";

    private final List<UUID> stored = new ArrayList<>();
    private Map.Entry<UUID, byte[]> jpeg;
    private Map.Entry<UUID, byte[]> png;

    @BeforeAll
    void images() {
        withoutGeneratedReportsAndPhotos();
        jpeg = insertImage("image/jpeg");
        png = insertImage("image/png");
        stored.add(jpeg.getKey());
        stored.add(png.getKey());
        for (int i = 0; i < 5; i++) {
            stored.add(insertImage(i % 2 == 0 ? "image/jpeg" : "image/png").getKey());
        }
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void downloadImageWhenJpegThenItsBytesWithTypeLengthETagAndCacheControl() throws IOException {
        HttpResponse<byte[]> download = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of());

        assertEquals(200, download.statusCode());
        assertEquals("image/jpeg", download.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(jpeg.getValue(), download.body());
        assertEquals(String.valueOf(jpeg.getValue().length), download.headers().firstValue("Content-Length").orElseThrow());
        String etag = download.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{16}\""), etag);
        assertEquals("private, max-age=86400", download.headers().firstValue("Cache-Control").orElseThrow());
        BufferedImage picture = decode(download.body());
        assertNotNull(picture, "not a decodable JPEG");
    }

    @Test
    void downloadImageWhenPngThenPngBytesThatDecode() throws IOException {
        HttpResponse<byte[]> download = getBytes(IMAGES + "/" + png.getKey(), Map.of("Accept", "image/png"));

        assertEquals(200, download.statusCode());
        assertEquals("image/png", download.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(png.getValue(), download.body());
        assertEquals((byte) 0x89, download.body()[0]);
        assertNotNull(decode(download.body()));
    }

    @Test
    void downloadImageWhenIfNoneMatchNamesItsETagThenNotModifiedWithoutBody() {
        String etag = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of()).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of("If-None-Match", etag));

        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void downloadImageWhenIfNoneMatchNamesAnotherETagThenFullDownload() {
        HttpResponse<byte[]> download = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of("If-None-Match", "\"0000000000000000\""));

        assertEquals(200, download.statusCode());
        assertArrayEquals(jpeg.getValue(), download.body());
    }

    @Test
    void downloadImageWhenAcceptNamesOnlyAnotherImageTypeThenNotAcceptable() {
        HttpResponse<byte[]> refused = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of("Accept", "image/png"));

        assertEquals(406, refused.statusCode());
        String body = new String(refused.body());
        assertTrue(body.contains("not-acceptable"), body);
        assertTrue(body.contains("image/jpeg"), body);
    }

    @Test
    void downloadImageWhenAcceptIsJsonOnlyThenNotAcceptable() {
        HttpResponse<byte[]> refused = getBytes(IMAGES + "/" + png.getKey(), Map.of("Accept", "application/json"));

        assertEquals(406, refused.statusCode());
    }

    @Test
    void downloadImageWhenAcceptRefusesTheTypeWithQualityZeroThenNotAcceptable() {
        HttpResponse<byte[]> refused = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of("Accept", "image/*, image/jpeg;q=0"));

        assertEquals(406, refused.statusCode());
    }

    @Test
    void downloadImageWhenAcceptIsImageWildcardThenOk() {
        HttpResponse<byte[]> download = getBytes(IMAGES + "/" + jpeg.getKey(), Map.of("Accept", "image/*"));

        assertEquals(200, download.statusCode());
        assertEquals("image/jpeg", download.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void downloadImageWhenUnknownThenNotFound() {
        Http.Response missing = http.get(IMAGES + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void downloadImageWhenIdIsNotUuidThenBadRequest() {
        Http.Response bad = http.get(IMAGES + "/photo.jpg", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void listImagesWhenPagedThenEveryImageOnceWithMetadataMatchingTheBytes() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(IMAGES + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(new HashSet<>(stored.stream().map(UUID::toString).toList()), new HashSet<>(seen));
        assertEquals(stored.size(), seen.size());
        assertEquals(3, pages);
    }

    @Test
    void listImagesThenMetadataDescribesTheDownload() throws Exception {
        Http.Response page = http.get(IMAGES + "?limit=200", staticToken());
        @SuppressWarnings("unchecked")
        Map<String, Object> info = page.list("items").stream().map(i -> (Map<String, Object>) i)
                .filter(i -> i.get("id").equals(png.getKey().toString())).findFirst().orElseThrow();

        assertEquals("image/png", info.get("content_type"));
        assertEquals(png.getValue().length, ((Number) info.get("size")).intValue());
        BufferedImage picture = decode(png.getValue());
        assertEquals(picture.getWidth(), ((Number) info.get("width")).intValue());
        assertEquals(picture.getHeight(), ((Number) info.get("height")).intValue());
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png.getValue())),
                info.get("sha256"));
    }

    @Test
    void listImagesWhenLimitIsZeroThenBadRequest() {
        Http.Response bad = http.get(IMAGES + "?limit=0", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }
}
