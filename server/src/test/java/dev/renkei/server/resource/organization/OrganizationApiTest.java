package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.support.Http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers of the organisation family's tests: small builders and a pager that checks for repeats. */
abstract class OrganizationApiTest extends ResourceApiTest {

    static final String GROUPS = "/v1/resources/groups";
    static final String USERS = "/v1/resources/users";
    static final String MEMBERSHIPS = "/v1/resources/user-memberships";

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    static Map<String, String> ifMatch(String etag) {
        return Map.of("If-Match", etag);
    }

    static Map<String, String> idempotencyKey(String key) {
        return Map.of("Idempotency-Key", key);
    }

    Http.Response patch(String path, Object body, String etag) {
        return http.send("PATCH", path, staticToken(), body, etag == null ? Map.of() : ifMatch(etag));
    }

    Http.Response delete(String path, String etag) {
        return http.send("DELETE", path, staticToken(), null, etag == null ? Map.of() : ifMatch(etag));
    }

    Http.Response get(String path) {
        return http.get(path, staticToken());
    }

    /** A new group (under {@code parentId} when given); returns its id. */
    String group(String name, String parentId) {
        Map<String, Object> body = body("name", name, "code", unique("G"));
        if (parentId != null) {
            body.put("parent_id", parentId);
        }
        Http.Response created = http.post(GROUPS, staticToken(), body);
        assertEquals(201, created.status(), created::toString);
        return created.str("id");
    }

    /** A new user without memberships; returns its id. */
    String user(String name) {
        Http.Response created = http.post(USERS, staticToken(), body("name", name, "employee_code", unique("E"),
                "email", unique("u") + "@example.com"));
        assertEquals(201, created.status(), created::toString);
        return created.str("id");
    }

    /** A new membership; returns the response (201 expected by the caller). */
    Http.Response join(String userId, String groupId, Boolean primary) {
        Map<String, Object> body = body("user_id", userId, "group_id", groupId);
        if (primary != null) {
            body.put("primary", primary);
        }
        return http.post(MEMBERSHIPS, staticToken(), body);
    }

    /** Every item of a list, page by page; fails on a repeated id or a page above the limit. */
    List<Map<?, ?>> all(String path, int limit) {
        List<Map<?, ?>> items = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + query(cursor));
            Http.Response page = get(url);
            assertEquals(200, page.status(), page::toString);
            List<?> pageItems = page.list("items");
            assertTrue(pageItems.size() <= limit, page::toString);
            for (Object item : pageItems) {
                Map<?, ?> map = (Map<?, ?>) item;
                assertTrue(seen.add(map.get("id")), () -> "repeated " + map.get("id"));
                items.add(map);
            }
            cursor = page.str("next_cursor");
            assertTrue(++pages < 1000, "endless paging");
        } while (cursor != null);
        return items;
    }

    static List<Object> ids(List<Map<?, ?>> items) {
        return items.stream().<Object>map(i -> i.get("id")).toList();
    }
}
