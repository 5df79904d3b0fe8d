package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.report.ReportsAndPhotosTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The photo tag catalogue: display order, photo counts, paging, and deleting a tag off its photos. */
@MicronautTest(transactional = false)
class SpotPhotoTagsIT extends ReportsAndPhotosTest {

    private static final String TAGS = "/v1/resources/spot-photo-tags";

    private List<String> allTagIds() {
        return ids(http.get(TAGS + "?limit=200", staticToken()).list("items"));
    }

    @Test
    void listSpotPhotoTagsWhenDemoCatalogueThenDisplayOrder() {
        Http.Response page = http.get(TAGS, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals("外観", page.str("items/0/name"));
        assertEquals("内観", page.str("items/1/name"));
        assertEquals("看板", page.str("items/2/name"));
        assertEquals("1", page.str("items/0/sort_order"));
        assertEquals("#43a047", page.str("items/0/color"));
    }

    @Test
    void listSpotPhotoTagsWhenPagedThenEveryTagOnceInDisplayOrder() {
        insertPhotoTag("ページ確認A", 50);
        insertPhotoTag("ページ確認B", 50);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(TAGS + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 20);

        assertEquals(allTagIds(), seen);
        assertEquals(seen.size(), new HashSet<>(seen).size());
        assertEquals((seen.size() + 2) / 3, pages);
    }

    @Test
    void listSpotPhotoTagsWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(TAGS + "?limit=1000", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void getSpotPhotoTagWhenCarriedByPhotosThenCountAndETag() {
        UUID tag = insertPhotoTag("数える", 60);
        UUID user = insertUser("伊藤 誠");
        UUID spot = insertSpot("新宿営業所");
        insertPhoto(spot, insertImage("image/jpeg").getKey(), user, Instant.now(), "一枚目", tag);
        insertPhoto(spot, insertImage("image/jpeg").getKey(), user, Instant.now(), "二枚目", tag);

        Http.Response found = http.get(TAGS + "/" + tag, staticToken());

        assertEquals(200, found.status(), found::toString);
        assertEquals("数える", found.str("name"));
        assertEquals("2", found.str("photo_count"));
        assertEquals("\"1\"", found.header("ETag"));
    }

    @Test
    void getSpotPhotoTagWhenUnknownThenNotFound() {
        Http.Response missing = http.get(TAGS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void deleteSpotPhotoTagWhenCarriedThenTakenOffPhotosWhichGetNewVersions() {
        UUID tag = insertPhotoTag("削除するタグ", 70);
        UUID kept = insertPhotoTag("残すタグ", 71);
        UUID user = insertUser("渡辺 純");
        UUID spot = insertSpot("池袋店");
        UUID photo = insertPhoto(spot, insertImage("image/png").getKey(), user, Instant.now(), "タグ付き", tag, kept);

        Http.Response deleted = http.send("DELETE", TAGS + "/" + tag, staticToken(), null, Map.of("If-Match", "\"1\""));

        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http.get(TAGS + "/" + tag, staticToken()).status());
        Http.Response photoNow = http.get("/v1/resources/spot-photos/" + photo, staticToken());
        assertEquals(200, photoNow.status());
        assertEquals(List.of(kept.toString()), photoNow.list("tag_ids"));
        assertEquals("\"2\"", photoNow.header("ETag"));
        assertEquals(0, http.get("/v1/resources/spot-photos?tag_id=" + tag, staticToken()).list("items").size());
    }

    @Test
    void deleteSpotPhotoTagWhenIfMatchIsStaleThenPreconditionFailedAndTagKept() {
        UUID tag = insertPhotoTag("古い版", 80);

        Http.Response refused = http.send("DELETE", TAGS + "/" + tag, staticToken(), null, Map.of("If-Match", "\"2\""));

        assertEquals(412, refused.status(), refused::toString);
        assertEquals("precondition-failed", refused.problem());
        assertEquals(200, http.get(TAGS + "/" + tag, staticToken()).status());
    }

    @Test
    void deleteSpotPhotoTagWhenUnknownThenNotFound() {
        Http.Response missing = http.delete(TAGS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
    }
}
