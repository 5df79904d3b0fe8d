package dev.renkei.server.resource.spot;

import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spots, contacts, staff, tags and tag links through HTTP on PostgreSQL with the demo data. */
@MicronautTest(transactional = false)
class SpotsIT extends ResourceApiTest {

    private static final String SPOTS = "/v1/resources/spots";

    private Http.Response create(Map<String, Object> body, Map<String, String> headers) {
        return http.post(SPOTS, staticToken(), body, headers);
    }

    private Map<String, Object> ginza(String code) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "銀座中央ビル");
        body.put("name_kana", "ギンザチュウオウビル");
        body.put("address", Map.of("postal_code", "104-0061", "prefecture", "東京都", "city", "中央区", "street", "銀座三丁目4番1号"));
        body.put("location", Map.of("latitude", 35.671, "longitude", 139.7665));
        return body;
    }

    @Test
    void createSpotWhenValidThenCreatedWithLocationAndEtagAndReadable() {
        Http.Response created = create(ginza("T-0001"), Map.of());
        assertEquals(201, created.status(), created::toString);
        String id = created.str("id");
        assertEquals("/v1/resources/spots/" + id, created.header("Location"));
        assertEquals("\"1\"", created.header("ETag"));
        Http.Response read = http.get(SPOTS + "/" + id, staticToken());
        assertEquals(200, read.status());
        assertEquals("銀座中央ビル", read.str("name"));
        assertEquals("中央区", read.str("address/city"));
        assertEquals(35.671, ((Number) read.at("location/latitude")).doubleValue());
        assertEquals("\"1\"", read.header("ETag"));
        assertNotNull(read.header("RateLimit"));
    }

    @Test
    void createSpotWhenIdempotencyKeyRepeatedThenSameSpotOnceAndOtherBodyRefused() {
        Map<String, String> key = Map.of("Idempotency-Key", "import-" + System.nanoTime());
        Http.Response first = create(ginza("T-0002"), key);
        Http.Response replay = create(ginza("T-0002"), key);
        assertEquals(201, replay.status(), replay::toString);
        assertEquals(first.str("id"), replay.str("id"));
        assertEquals(1, rows("SELECT 1 FROM rs_spot WHERE code = 'T-0002'").size());
        Http.Response other = create(ginza("T-0003"), key);
        assertEquals(422, other.status(), other::toString);
        assertEquals("https://renkei.dev/problems/idempotency-key-reused", other.str("type"));
    }

    @Test
    void createSpotWhenCodeTakenOrBodyInvalidThenClearErrors() {
        assertEquals(201, create(ginza("T-0004"), Map.of()).status());
        Http.Response taken = create(ginza("T-0004"), Map.of());
        assertEquals(409, taken.status(), taken::toString);
        assertEquals("https://renkei.dev/problems/already-exists", taken.str("type"));

        Map<String, Object> invalid = ginza("bad code!");
        invalid.put("name", "");
        invalid.put("location", Map.of("latitude", 91, "longitude", 139.7));
        Http.Response refused = create(invalid, Map.of());
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("https://renkei.dev/problems/validation-failed", refused.str("type"));
        assertTrue(refused.list("errors").size() >= 3, refused::toString);

        Http.Response malformed = http.post(SPOTS, staticToken(), "{\"name\": ");
        assertEquals(400, malformed.status(), malformed::toString);
    }

    @Test
    void updateSpotWhenIfMatchCurrentThenChangedAndStaleEtagThenPreconditionFailed() {
        Http.Response created = create(ginza("T-0005"), Map.of());
        String id = created.str("id");
        Http.Response updated = http.send("PATCH", SPOTS + "/" + id, staticToken(), Map.of("name", "銀座中央ビル 本館", "note", ""),
                Map.of("If-Match", "\"1\""));
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("銀座中央ビル 本館", updated.str("name"));
        assertEquals("ギンザチュウオウビル", updated.str("name_kana"), "members not sent are kept");
        assertEquals("\"2\"", updated.header("ETag"));

        Http.Response stale = http.send("PATCH", SPOTS + "/" + id, staticToken(), Map.of("name", "上書き"),
                Map.of("If-Match", "\"1\""));
        assertEquals(412, stale.status(), stale::toString);
        assertEquals("https://renkei.dev/problems/precondition-failed", stale.str("type"));
        assertEquals("銀座中央ビル 本館", http.get(SPOTS + "/" + id, staticToken()).str("name"), "nothing changed");

        Http.Response halfLocation = http.patch(SPOTS + "/" + id, staticToken(), Map.of("location", Map.of("latitude", 35.0)));
        assertEquals(400, halfLocation.status(), halfLocation::toString);
    }

    @Test
    void deleteSpotWhenIfMatchStaleThenKeptAndCurrentThenGone() {
        String id = create(ginza("T-0006"), Map.of()).str("id");
        Http.Response stale = http.send("DELETE", SPOTS + "/" + id, staticToken(), null, Map.of("If-Match", "\"7\""));
        assertEquals(412, stale.status(), stale::toString);
        Http.Response deleted = http.send("DELETE", SPOTS + "/" + id, staticToken(), null, Map.of("If-Match", "\"1\""));
        assertEquals(204, deleted.status(), deleted::toString);
        assertEquals(404, http.get(SPOTS + "/" + id, staticToken()).status());
        assertEquals(404, http.delete(SPOTS + "/" + id, staticToken()).status());
    }

    @Test
    void getSpotWhenUnknownOrNotUuidThenNotFoundOrBadRequest() {
        Http.Response unknown = http.get(SPOTS + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99", staticToken());
        assertEquals(404, unknown.status());
        assertEquals("https://renkei.dev/problems/not-found", unknown.str("type"));
        assertEquals(400, http.get(SPOTS + "/not-a-uuid", staticToken()).status());
    }

    @Test
    void listSpotsWhenPagingWhileOthersInsertAndDeleteThenEverySurvivorSeenExactlyOnce() {
        Set<String> before = new HashSet<>();
        for (Map<String, Object> row : rows("SELECT id::text AS id FROM rs_spot")) {
            before.add((String) row.get("id"));
        }
        assertTrue(before.size() > 50, "demo spots exist: " + before.size());
        for (int i = 0; i < 420 - before.size(); i++) {
            Map<String, Object> body = new HashMap<>();
            body.put("name", "追加スポット" + i);
            assertEquals(201, http.post(SPOTS, staticToken(), body).status());
        }
        before.clear();
        for (Map<String, Object> row : rows("SELECT id::text AS id FROM rs_spot")) {
            before.add((String) row.get("id"));
        }
        List<String> seen = new ArrayList<>();
        Set<String> deleted = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(SPOTS + "?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.list("items").size() <= 200);
            page.list("items").forEach(item -> seen.add((String) ((Map<?, ?>) item).get("id")));
            cursor = page.str("next_cursor");
            pages++;
            // Between pages: a new spot arrives and one not yet served disappears.
            assertEquals(201, http.post(SPOTS, staticToken(), Map.of("name", "途中追加" + pages)).status());
            String victim = before.stream().filter(id -> !seen.contains(id) && !deleted.contains(id)).findFirst().orElse(null);
            if (victim != null) {
                assertEquals(204, http.delete(SPOTS + "/" + victim, staticToken()).status());
                deleted.add(victim);
            }
        } while (cursor != null && pages < 20);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no spot served twice");
        Set<String> survivors = new HashSet<>(before);
        survivors.removeAll(deleted);
        assertTrue(seen.containsAll(survivors), "every spot that existed throughout was served");
        assertTrue(pages >= 3);
    }

    @Test
    void listSpotsWhenFilteredThenOnlyMatchesAndCursorBoundToFilters() {
        create(ginza("T-0007"), Map.of());
        Http.Response found = http.get(SPOTS + "?q=t-0007", staticToken());
        assertEquals(1, found.list("items").size(), found::toString);
        Http.Response firstPage = http.get(SPOTS + "?limit=2", staticToken());
        Http.Response otherFilters = http.get(SPOTS + "?limit=2&q=ビル&cursor=" + firstPage.str("next_cursor"), staticToken());
        assertEquals(400, otherFilters.status(), otherFilters::toString);
        Http.Response percent = http.get(SPOTS + "?q=%25", staticToken());
        assertEquals(0, percent.list("items").size(), "a % in q is a character, not a wildcard");
    }

    @Test
    void tagsAndLinksWhenLinkedMovedAndUnlinkedThenSpotShowsItsTags() {
        String spotId = create(ginza("T-0008"), Map.of()).str("id");
        List<?> tags = http.get("/v1/resources/spot-tags", staticToken()).list("items");
        assertTrue(tags.size() >= 2);
        String first = (String) ((Map<?, ?>) tags.get(0)).get("id");
        String second = (String) ((Map<?, ?>) tags.get(1)).get("id");

        Http.Response linked = http.post("/v1/resources/spot-tag-links", staticToken(), Map.of("spot_id", spotId, "tag_id", first));
        assertEquals(201, linked.status(), linked::toString);
        assertEquals(List.of(first), http.get(SPOTS + "/" + spotId, staticToken()).list("tag_ids"));
        Http.Response again = http.post("/v1/resources/spot-tag-links", staticToken(), Map.of("spot_id", spotId, "tag_id", first));
        assertEquals(409, again.status());
        Http.Response unknownTag = http.post("/v1/resources/spot-tag-links", staticToken(),
                Map.of("spot_id", spotId, "tag_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99"));
        assertEquals(400, unknownTag.status(), unknownTag::toString);

        String linkId = linked.str("id");
        Http.Response moved = http.send("PATCH", "/v1/resources/spot-tag-links/" + linkId, staticToken(), Map.of("tag_id", second),
                Map.of("If-Match", linked.header("ETag")));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals(List.of(second), http.get(SPOTS + "/" + spotId, staticToken()).list("tag_ids"));
        Http.Response stale = http.send("DELETE", "/v1/resources/spot-tag-links/" + linkId, staticToken(), null,
                Map.of("If-Match", linked.header("ETag")));
        assertEquals(412, stale.status());
        assertEquals(204, http.delete("/v1/resources/spot-tag-links/" + linkId, staticToken()).status());
        assertEquals(List.of(), http.get(SPOTS + "/" + spotId, staticToken()).list("tag_ids"));
        Http.Response filtered = http.get(SPOTS + "?tag_id=" + first + "&limit=200", staticToken());
        assertFalse(filtered.list("items").stream().anyMatch(i -> spotId.equals(((Map<?, ?>) i).get("id"))));
    }

    @Test
    void staffWhenUserAddedAsMainThenPreviousMainBecomesSubAndRemovable() {
        String spotId = create(ginza("T-0009"), Map.of()).str("id");
        String alice = insertUser("担当 一郎");
        String bob = insertUser("担当 二郎");
        assertEquals(201, http.post(SPOTS + "/" + spotId + "/staff", staticToken(), Map.of("user_id", alice, "role", "main")).status());
        Http.Response second = http.post(SPOTS + "/" + spotId + "/staff", staticToken(), Map.of("user_id", bob, "role", "main"));
        assertEquals(201, second.status(), second::toString);
        List<?> staff = http.get(SPOTS + "/" + spotId + "/staff", staticToken()).list("items");
        assertEquals(2, staff.size());
        assertEquals(bob, ((Map<?, ?>) staff.get(0)).get("user_id"), "main first");
        assertEquals("sub", ((Map<?, ?>) staff.get(1)).get("role"));
        assertEquals(409, http.post(SPOTS + "/" + spotId + "/staff", staticToken(), Map.of("user_id", bob)).status());
        Http.Response unknown = http.post(SPOTS + "/" + spotId + "/staff", staticToken(),
                Map.of("user_id", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99"));
        assertEquals(400, unknown.status());
        assertEquals(204, http.delete(SPOTS + "/" + spotId + "/staff/" + alice, staticToken()).status());
        assertEquals(404, http.delete(SPOTS + "/" + spotId + "/staff/" + alice, staticToken()).status());
        Http.Response contacts = http.get(SPOTS + "/" + spotId + "/contacts", staticToken());
        assertEquals(200, contacts.status());
        assertEquals(404, http.get(SPOTS + "/0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99/contacts", staticToken()).status());
    }

    @Test
    void listContactsWhenDemoSpotHasContactsThenTheyAreServed() {
        Object spotId = rows("SELECT spot_id FROM rs_spot_contact LIMIT 1").get(0).get("spot_id");
        Http.Response contacts = http.get(SPOTS + "/" + spotId + "/contacts", staticToken());
        assertEquals(200, contacts.status());
        assertFalse(contacts.list("items").isEmpty());
        assertNull(contacts.str("next_cursor"));
    }

    private String insertUser(String name) {
        return rows("INSERT INTO rs_user (id, name, created_at, updated_at) VALUES (gen_random_uuid(), ?, now(), now()) "
                + "RETURNING id::text AS id", name).get(0).get("id").toString();
    }
}
