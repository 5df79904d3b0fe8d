package dev.renkei.server.resource.sorting;

import dev.renkei.server.resource.report.ReportsAndPhotosTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spot sorting structures and nodes: levels, tree filters, paging, and node updates with their rules. */
@MicronautTest(transactional = false)
class SpotSortingIT extends ReportsAndPhotosTest {

    private static final String DEFINITIONS = "/v1/resources/spot-sorting-definitions";
    private static final String NODES = "/v1/resources/spot-sorting-nodes";

    private String areas;
    private String teams;

    @BeforeAll
    void structures() {
        areas = rows("SELECT id FROM rs_sorting_definition WHERE name = '営業エリア'").get(0).get("id").toString();
        teams = rows("SELECT id FROM rs_sorting_definition WHERE name = '点検担当チーム'").get(0).get("id").toString();
    }

    /** A fresh area with two routes of its own, so that tests do not share nodes they change. */
    private List<String> newAreaWithRoutes(String areaName) {
        UUID area = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        exec("INSERT INTO rs_sorting_node (id, definition_id, parent_id, depth, name, sort_order, created_at, updated_at) "
                + "VALUES (?, ?, NULL, 0, ?, 90, now(), now())", area, UUID.fromString(areas), areaName);
        exec("INSERT INTO rs_sorting_node (id, definition_id, parent_id, depth, name, sort_order, created_at, updated_at) "
                + "VALUES (?, ?, ?, 1, 'ルートA', 1, now(), now()), (?, ?, ?, 1, 'ルートB', 2, now(), now())",
                first, UUID.fromString(areas), area, second, UUID.fromString(areas), area);
        return List.of(area.toString(), first.toString(), second.toString());
    }

    private Http.Response patch(String node, Object body, String ifMatch) {
        Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
        return http.send("PATCH", NODES + "/" + node, staticToken(), body, headers);
    }

    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return body;
    }

    // --- definitions -----------------------------------------------------------------------

    @Test
    void listSpotSortingDefinitionsWhenDemoDataThenStructuresWithNamedLevels() {
        Http.Response page = http.get(DEFINITIONS, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(2, page.list("items").size());
        Http.Response area = http.get(DEFINITIONS + "/" + areas, staticToken());
        assertEquals(200, area.status(), area::toString);
        assertEquals("\"1\"", area.header("ETag"));
        assertEquals("エリア", area.str("levels/0/name"));
        assertEquals("0", area.str("levels/0/depth"));
        assertEquals("ルート", area.str("levels/1/name"));
        assertEquals("1", area.str("levels/1/depth"));
    }

    @Test
    void listSpotSortingDefinitionsWhenPagedByOneThenBothOnce() {
        Http.Response first = http.get(DEFINITIONS + "?limit=1", staticToken());
        Http.Response second = http.get(DEFINITIONS + "?limit=1&cursor=" + first.str("next_cursor"), staticToken());

        assertEquals(200, second.status(), second::toString);
        assertNull(second.str("next_cursor"));
        assertEquals(new HashSet<>(List.of(areas, teams)),
                new HashSet<>(List.of(first.str("items/0/id"), second.str("items/0/id"))));
    }

    @Test
    void getSpotSortingDefinitionWhenUnknownThenNotFound() {
        Http.Response missing = http.get(DEFINITIONS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void listSpotSortingDefinitionsWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(DEFINITIONS + "?limit=201", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    // --- nodes -----------------------------------------------------------------------------

    @Test
    void listSpotSortingNodesWhenFilteredByParentThenItsChildrenWithLevelName() {
        String chuo = rows("SELECT id FROM rs_sorting_node WHERE name = '中央区'").get(0).get("id").toString();

        Http.Response page = http.get(NODES + "?parent_id=" + chuo, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(2, page.list("items").size());
        assertEquals("ルート", page.str("items/0/level_name"));
        assertEquals("1", page.str("items/0/depth"));
        assertEquals(chuo, page.str("items/0/parent_id"));
        assertEquals(areas, page.str("items/0/definition_id"));
    }

    @Test
    void listSpotSortingNodesWhenFilteredByDefinitionAndPagedThenEveryNodeOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(NODES + "?definition_id=" + teams + "&limit=4"
                    + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(6, seen.size());
        assertEquals(6, new HashSet<>(seen).size());
        assertEquals(2, pages);
    }

    @Test
    void listSpotSortingNodesWhenFilteredBySpotThenTheNodesItIsSortedInto() {
        UUID spot = insertSpot("有楽町ビル");
        List<String> area = newAreaWithRoutes("有楽町");
        assertEquals(200, patch(area.get(1), body("spot_ids", List.of(spot)), null).status());

        Http.Response page = http.get(NODES + "?spot_id=" + spot, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(List.of(area.get(1)), ids(page.list("items")));
    }

    @Test
    void listSpotSortingNodesWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(NODES + "?limit=300", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void getSpotSortingNodeWhenTopLevelThenNoParentAndETag() {
        List<String> area = newAreaWithRoutes("丸の内");

        Http.Response node = http.get(NODES + "/" + area.get(0), staticToken());

        assertEquals(200, node.status(), node::toString);
        assertEquals("\"1\"", node.header("ETag"));
        assertNull(node.at("parent_id"));
        assertEquals("エリア", node.str("level_name"));
        assertEquals(List.of(), node.list("spot_ids"));
    }

    @Test
    void getSpotSortingNodeWhenUnknownThenNotFound() {
        Http.Response missing = http.get(NODES + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
    }

    @Test
    void updateSpotSortingNodeWhenRenamedAndReorderedThenChangedWithNewVersion() {
        List<String> area = newAreaWithRoutes("日本橋");

        Http.Response updated = patch(area.get(1), body("name", "日本橋ルート北", "sort_order", 5), "\"1\"");

        assertEquals(200, updated.status(), updated::toString);
        assertEquals("\"2\"", updated.header("ETag"));
        assertEquals("日本橋ルート北", updated.str("name"));
        assertEquals("5", updated.str("sort_order"));
        assertEquals(area.get(0), updated.str("parent_id"));
        assertEquals(updated.body(), http.get(NODES + "/" + area.get(1), staticToken()).body());
    }

    @Test
    void updateSpotSortingNodeWhenNameTakenBySiblingThenConflictAndNothingChanged() {
        List<String> area = newAreaWithRoutes("京橋");

        Http.Response refused = patch(area.get(1), body("name", "ルートB", "sort_order", 9), null);

        assertEquals(409, refused.status(), refused::toString);
        assertEquals("already-exists", refused.problem());
        Http.Response node = http.get(NODES + "/" + area.get(1), staticToken());
        assertEquals("ルートA", node.str("name"));
        assertEquals("1", node.str("sort_order"));
    }

    @Test
    void updateSpotSortingNodeWhenMovedUnderAnotherAreaThenNewParent() {
        List<String> from = newAreaWithRoutes("八重洲");
        List<String> to = newAreaWithRoutes("築地");

        Http.Response moved = patch(from.get(2), body("parent_id", to.get(0), "name", "ルートC"), "\"1\"");

        assertEquals(200, moved.status(), moved::toString);
        assertEquals(to.get(0), moved.str("parent_id"));
        assertEquals(List.of(to.get(1), to.get(2), from.get(2)).stream().sorted().toList(),
                ids(http.get(NODES + "?parent_id=" + to.get(0), staticToken()).list("items")).stream().sorted().toList());
    }

    @Test
    void updateSpotSortingNodeWhenMovedWhereTheNameIsTakenThenConflict() {
        List<String> from = newAreaWithRoutes("月島");
        List<String> to = newAreaWithRoutes("勝どき");

        Http.Response refused = patch(from.get(1), body("parent_id", to.get(0)), null);

        assertEquals(409, refused.status(), refused::toString);
        assertEquals("already-exists", refused.problem());
    }

    @Test
    void updateSpotSortingNodeWhenTopLevelGetsParentThenBadRequest() {
        List<String> area = newAreaWithRoutes("人形町");
        List<String> other = newAreaWithRoutes("浜町");

        Http.Response bad = patch(area.get(0), body("parent_id", other.get(0)), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("/parent_id", bad.str("errors/0/pointer"));
    }

    @Test
    void updateSpotSortingNodeWhenParentOnWrongLevelOrUnknownThenBadRequest() {
        List<String> area = newAreaWithRoutes("茅場町");

        Http.Response sibling = patch(area.get(1), body("parent_id", area.get(2)), null);
        Http.Response unknown = patch(area.get(1), body("parent_id", UUID.randomUUID().toString()), null);
        String team = ids(http.get(NODES + "?definition_id=" + teams + "&limit=1", staticToken()).list("items")).get(0);
        Http.Response otherStructure = patch(area.get(1), body("parent_id", team), null);

        for (Http.Response bad : List.of(sibling, unknown, otherStructure)) {
            assertEquals(400, bad.status(), bad::toString);
            assertEquals("validation-failed", bad.problem());
            assertEquals("/parent_id", bad.str("errors/0/pointer"));
        }
        assertEquals(area.get(0), http.get(NODES + "/" + area.get(1), staticToken()).str("parent_id"));
    }

    @Test
    void updateSpotSortingNodeWhenSpotsAssignedThenReplacedInTheOrderSent() {
        List<String> area = newAreaWithRoutes("新川");
        UUID one = insertSpot("新川一丁目ビル");
        UUID two = insertSpot("新川二丁目ビル");
        UUID three = insertSpot("新川三丁目ビル");
        assertEquals(200, patch(area.get(1), body("spot_ids", List.of(one, two)), null).status());

        Http.Response replaced = patch(area.get(1), body("spot_ids", List.of(three, one)), "\"2\"");

        assertEquals(200, replaced.status(), replaced::toString);
        assertEquals(List.of(three.toString(), one.toString()), replaced.list("spot_ids"));
        assertEquals("\"3\"", replaced.header("ETag"));
        assertEquals(0, http.get(NODES + "?spot_id=" + two, staticToken()).list("items").size());
        Http.Response emptied = patch(area.get(1), body("spot_ids", List.of()), null);
        assertEquals(List.of(), emptied.list("spot_ids"));
    }

    @Test
    void updateSpotSortingNodeWhenSpotSortedIntoAnotherNodeOfTheStructureThenConflict() {
        List<String> area = newAreaWithRoutes("湊");
        UUID spot = insertSpot("湊倉庫");
        assertEquals(200, patch(area.get(1), body("spot_ids", List.of(spot)), null).status());

        Http.Response refused = patch(area.get(2), body("spot_ids", List.of(spot)), null);

        assertEquals(409, refused.status(), refused::toString);
        assertEquals("already-exists", refused.problem());
        assertTrue(refused.str("detail").contains(area.get(1)), refused::toString);
        assertEquals(List.of(), http.get(NODES + "/" + area.get(2), staticToken()).list("spot_ids"));
    }

    @Test
    void updateSpotSortingNodeWhenSpotInAnotherStructureThenAllowed() {
        List<String> area = newAreaWithRoutes("明石町");
        UUID spot = insertSpot("明石町クリニック");
        String team = ids(http.get(NODES + "?definition_id=" + teams + "&limit=1", staticToken()).list("items")).get(0);
        Http.Response current = http.get(NODES + "/" + team, staticToken());
        List<Object> teamSpots = new ArrayList<>(current.list("spot_ids"));
        teamSpots.add(spot.toString());
        assertEquals(200, patch(team, body("spot_ids", teamSpots), current.header("ETag")).status());

        Http.Response assigned = patch(area.get(1), body("spot_ids", List.of(spot)), null);

        assertEquals(200, assigned.status(), assigned::toString);
        assertEquals(2, http.get(NODES + "?spot_id=" + spot, staticToken()).list("items").size());
    }

    @Test
    void updateSpotSortingNodeWhenSpotsOnUpperLevelThenBadRequest() {
        List<String> area = newAreaWithRoutes("入船");
        UUID spot = insertSpot("入船ストア");

        Http.Response bad = patch(area.get(0), body("spot_ids", List.of(spot)), null);

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("/spot_ids", bad.str("errors/0/pointer"));
    }

    @Test
    void updateSpotSortingNodeWhenSpotUnknownOrTwiceThenBadRequestNamingIt() {
        List<String> area = newAreaWithRoutes("佃");
        UUID spot = insertSpot("佃マンション");

        Http.Response unknown = patch(area.get(1), body("spot_ids", List.of(spot, UUID.randomUUID())), null);
        Http.Response twice = patch(area.get(1), body("spot_ids", List.of(spot, spot)), null);

        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("/spot_ids/1", unknown.str("errors/0/pointer"));
        assertEquals(400, twice.status(), twice::toString);
        assertEquals("/spot_ids/1", twice.str("errors/0/pointer"));
        assertEquals(List.of(), http.get(NODES + "/" + area.get(1), staticToken()).list("spot_ids"));
    }

    @Test
    void updateSpotSortingNodeWhenIfMatchIsStaleThenPreconditionFailedAndNothingChanged() {
        List<String> area = newAreaWithRoutes("晴海");
        assertEquals(200, patch(area.get(1), body("sort_order", 3), "\"1\"").status());

        Http.Response refused = patch(area.get(1), body("name", "晴海ルート"), "\"1\"");

        assertEquals(412, refused.status(), refused::toString);
        assertEquals("precondition-failed", refused.problem());
        assertEquals("ルートA", http.get(NODES + "/" + area.get(1), staticToken()).str("name"));
    }

    @Test
    void updateSpotSortingNodeWhenValuesBreakTheContractThenBadRequest() {
        List<String> area = newAreaWithRoutes("豊海");

        Http.Response negative = patch(area.get(1), body("sort_order", -1), null);
        Http.Response blank = patch(area.get(1), body("name", "   "), null);
        Http.Response tooMany = patch(area.get(1), body("spot_ids", java.util.Collections.nCopies(501, UUID.randomUUID())), null);
        Http.Response notUuid = patch(area.get(1), "{\"spot_ids\": [\"spot-1\"]}", null);
        Http.Response nullSpot = patch(area.get(1), "{\"spot_ids\": [null]}", null);

        for (Http.Response bad : List.of(negative, blank, tooMany, notUuid, nullSpot)) {
            assertEquals(400, bad.status(), bad::toString);
        }
        assertEquals("/sort_order", negative.str("errors/0/pointer"));
        assertEquals("/name", blank.str("errors/0/pointer"));
    }

    @Test
    void updateSpotSortingNodeWhenUnknownThenNotFound() {
        Http.Response missing = patch(UUID.randomUUID().toString(), body("name", "どこにもない"), null);

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void updateSpotSortingNodeWhenNotSentAsJsonThenUnsupportedMediaType() {
        List<String> area = newAreaWithRoutes("東雲");

        Http.Response refused = http.send("PATCH", NODES + "/" + area.get(1), staticToken(), "name=x",
                Map.of("Content-Type", "text/plain"));

        assertEquals(415, refused.status(), refused::toString);
    }
}
