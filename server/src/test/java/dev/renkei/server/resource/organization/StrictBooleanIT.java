package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.ResourceApiTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A JSON boolean is true or false: anything else is refused, never read as false. */
@MicronautTest(transactional = false)
class StrictBooleanIT extends ResourceApiTest {

    @Test
    void updateUserWhenActiveIsAStringThenBadRequestAndUserUnchanged() {
        Http.Response users = http.get("/v1/resources/users?active=true&limit=1", staticToken());
        String id = (String) ((Map<?, ?>) users.list("items").get(0)).get("id");
        Http.Response refused = http.patch("/v1/resources/users/" + id, staticToken(), Map.of("active", "yes"));
        assertEquals(400, refused.status(), refused::toString);
        assertEquals(true, http.get("/v1/resources/users/" + id, staticToken()).at("active"), "nothing changed");
        Http.Response number = http.patch("/v1/resources/users/" + id, staticToken(), Map.of("active", 0));
        assertEquals(400, number.status(), number::toString);
        Http.Response ok = http.patch("/v1/resources/users/" + id, staticToken(), Map.of("active", false));
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(false, ok.at("active"));
    }

    @Test
    void updateUserWhenRoleIsNotADocumentedValueThenValidationFailedNamingTheMember() {
        Http.Response users = http.get("/v1/resources/users?limit=1", staticToken());
        String id = (String) ((Map<?, ?>) users.list("items").get(0)).get("id");
        Http.Response refused = http.patch("/v1/resources/users/" + id, staticToken(), Map.of("role", "boss"));
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("https://renkei.dev/problems/validation-failed", refused.str("type"), refused::toString);
        assertEquals("/role", refused.str("errors/0/pointer"), refused::toString);
        assertEquals("must be one of: member, manager, admin", refused.str("errors/0/reason"), refused::toString);
    }

    @Test
    void listUsersWhenActiveFilterIsNotABooleanThenBadRequest() {
        Http.Response refused = http.get("/v1/resources/users?active=perhaps", staticToken());
        assertEquals(400, refused.status(), refused::toString);
    }
}
