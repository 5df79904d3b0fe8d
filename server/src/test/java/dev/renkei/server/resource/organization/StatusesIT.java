package dev.renkei.server.resource.organization;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statuses (ステータス情報) and action types (行動種別情報): read only, in display order. */
@MicronautTest(transactional = false)
class StatusesIT extends OrganizationApiTest {

    private static final String STATUSES = "/v1/resources/statuses";
    private static final String ACTION_TYPES = "/v1/resources/action-types";

    private static int sortOrder(Map<?, ?> item) {
        return ((Number) item.get("sort_order")).intValue();
    }

    private Map<?, ?> actionType(String code) {
        return all(ACTION_TYPES, 200).stream().filter(t -> code.equals(t.get("code"))).findFirst().orElseThrow();
    }

    // --- statuses --------------------------------------------------------------------------

    @Test
    void listStatusesWhenDemoDataThenFieldDayInDisplayOrderWithColors() {
        List<Map<?, ?>> statuses = all(STATUSES, 200);

        List<Object> names = statuses.stream().<Object>map(s -> s.get("name")).toList();
        assertTrue(names.containsAll(List.of("出発", "到着", "訪問開始", "訪問終了", "休憩開始", "休憩終了", "帰社")),
                names::toString);
        assertTrue(names.indexOf("出発") < names.indexOf("到着") && names.indexOf("訪問開始") < names.indexOf("帰社"));
        assertEquals(statuses.stream().sorted(Comparator.comparingInt(StatusesIT::sortOrder)).toList(), statuses);
        for (Map<?, ?> status : statuses) {
            assertTrue(((String) status.get("color")).matches("#[0-9a-f]{6}"), status::toString);
        }
    }

    @Test
    void listStatusesWhenEveryActionTypeIdThenStatusesReferenceExistingActionTypes() {
        List<Object> typeIds = ids(all(ACTION_TYPES, 200));

        for (Map<?, ?> status : all(STATUSES, 200)) {
            Object typeId = status.get("action_type_id");
            assertTrue(typeId == null || typeIds.contains(typeId), status::toString);
        }
    }

    @Test
    void listStatusesWhenActionTypeIdThenOnlyItsStatuses() {
        Object visit = actionType("visit").get("id");

        List<Map<?, ?>> statuses = all(STATUSES + "?action_type_id=" + visit, 50);

        assertEquals(List.of("訪問開始", "訪問終了"), statuses.stream().map(s -> s.get("name")).toList());
        assertEquals(List.of(), all(STATUSES + "?action_type_id=" + UUID.randomUUID(), 50));
    }

    @Test
    void listStatusesWhenPagedThenEveryStatusOnceInDisplayOrder() {
        List<Object> inOnePage = ids(all(STATUSES, 200));

        List<Object> paged = ids(all(STATUSES, 3));

        assertTrue(inOnePage.size() > 3);
        assertEquals(inOnePage, paged);
    }

    @Test
    void listStatusesWhenLimitAbove200OrBadCursorThenBadRequest() {
        Http.Response tooMany = get(STATUSES + "?limit=201");
        String cursor = get(STATUSES + "?limit=1").str("next_cursor");
        Http.Response otherFilter = get(STATUSES + "?limit=1&action_type_id=" + UUID.randomUUID() + "&cursor=" + query(cursor));
        Http.Response otherList = get(ACTION_TYPES + "?cursor=" + query(cursor));
        Http.Response garbage = get(STATUSES + "?cursor=bm9wZQ");

        assertEquals(400, tooMany.status(), tooMany::toString);
        assertEquals("validation-failed", tooMany.problem());
        assertEquals(400, otherFilter.status(), otherFilter::toString);
        assertEquals(400, otherList.status(), otherList::toString);
        assertEquals(400, garbage.status(), garbage::toString);
    }

    @Test
    void getStatusWhenKnownThenItWithItsActionType() {
        Map<?, ?> listed = all(STATUSES, 200).stream().filter(s -> "depart".equals(s.get("code"))).findFirst().orElseThrow();

        Http.Response status = get(STATUSES + "/" + listed.get("id"));

        assertEquals(200, status.status(), status::toString);
        assertEquals(listed, status.json());
        assertEquals("出発", status.str("name"));
        assertEquals(actionType("travel").get("id"), status.at("action_type_id"));
    }

    @Test
    void getStatusWhenOfNoActionTypeThenActionTypeAbsent() {
        Map<?, ?> listed = all(STATUSES, 200).stream().filter(s -> "work_start".equals(s.get("code"))).findFirst()
                .orElseThrow();

        Http.Response status = get(STATUSES + "/" + listed.get("id"));

        assertEquals(200, status.status(), status::toString);
        assertNull(status.at("action_type_id"));
    }

    @Test
    void getStatusWhenUnknownOrNotUuidThenNotFoundOrBadRequest() {
        Http.Response unknown = get(STATUSES + "/" + UUID.randomUUID());
        Http.Response notUuid = get(STATUSES + "/depart");

        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("not-found", unknown.problem());
        assertEquals(400, notUuid.status(), notUuid::toString);
    }

    // --- action types ----------------------------------------------------------------------

    @Test
    void listActionTypesWhenDemoDataThenVisitTravelBreakOfficeInDisplayOrder() {
        List<Map<?, ?>> types = all(ACTION_TYPES, 200);

        List<Object> names = types.stream().<Object>map(t -> t.get("name")).toList();
        assertEquals(List.of("訪問", "移動", "休憩", "事務作業"), names.subList(0, 4));
        assertEquals(types.stream().sorted(Comparator.comparingInt(StatusesIT::sortOrder)).toList(), types);
    }

    @Test
    void listActionTypesWhenPagedThenEveryTypeOnce() {
        assertEquals(ids(all(ACTION_TYPES, 200)), ids(all(ACTION_TYPES, 1)));
    }

    @Test
    void listActionTypesWhenLimitAbove200ThenValidationFailed() {
        Http.Response response = get(ACTION_TYPES + "?limit=500");

        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
    }

    @Test
    void getActionTypeWhenKnownThenIt() {
        Map<?, ?> visit = actionType("visit");

        Http.Response type = get(ACTION_TYPES + "/" + visit.get("id"));

        assertEquals(200, type.status(), type::toString);
        assertEquals(visit, type.json());
        assertNotNull(type.header("X-Request-Id"));
    }

    @Test
    void getActionTypeWhenUnknownOrNotUuidThenNotFoundOrBadRequest() {
        assertEquals(404, get(ACTION_TYPES + "/" + UUID.randomUUID()).status());
        assertEquals(400, get(ACTION_TYPES + "/visit").status());
    }
}
