package dev.renkei.server.program;

import dev.renkei.server.oauth.OAuthIntegrationTest;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partner-program administration: registration, validation, paging, changes, secrets and roles. */
@MicronautTest(transactional = false)
class PartnerProgramsIT extends OAuthIntegrationTest {

    private static final String PROGRAMS = "/v1/partner-programs";

    private static Map<String, Object> definition(String clientType) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "マネーノート " + UUID.randomUUID().toString().substring(0, 6));
        body.put("company_name", "株式会社サンプルフィンテック");
        body.put("client_type", clientType);
        body.put("redirect_uris", List.of("https://moneynote.example.com/oauth/callback", "http://localhost:3000/cb",
                "http://127.0.0.1:3000/cb"));
        body.put("allowed_scopes", List.of("accounts:read", "transactions:read"));
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> changed = new HashMap<>(base);
        changed.put(name, value);
        return changed;
    }

    private void assertValidationFailed(Map<String, Object> body) {
        Http.Response response = http.post(PROGRAMS, admin(), body);
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem(), response::toString);
    }

    // --- registration ----------------------------------------------------------------------

    @Test
    void createWhenConfidentialThenSecretShownOnceAndNeverAgain() {
        Http.Response created = http.post(PROGRAMS, admin(), definition("confidential"));

        assertEquals(201, created.status(), created::toString);
        assertEquals("no-store", created.header("Cache-Control"));
        String id = created.str("program/id");
        assertTrue(created.header("Location").endsWith(PROGRAMS + "/" + id), created.header("Location"));
        String secret = created.str("client_secret");
        assertTrue(secret.matches("rnk_cs_[0-9A-Za-z]{38}"), secret);
        assertTrue(created.str("program/client_id").startsWith("rnk_ci_"), created::toString);
        assertEquals("confidential", created.str("program/client_type"));
        assertEquals(100000, ((Number) created.at("program/daily_quota")).intValue());
        assertEquals(false, created.at("program/require_par"));
        assertEquals(true, created.at("program/enabled"));

        Http.Response read = http.get(PROGRAMS + "/" + id, admin());
        assertEquals(200, read.status(), read::toString);
        assertFalse(read.body().contains(secret), "the secret is never shown again");
        assertFalse(read.body().contains("client_secret"));
        assertFalse(http.get(PROGRAMS + "?limit=200", admin()).body().contains(secret));
        // The secret works at once.
        assertEquals(200, introspectAs(new Client(created.str("program/client_id"), secret)));
    }

    @Test
    void createWhenPublicThenNoSecret() {
        Http.Response created = http.post(PROGRAMS, admin(), definition("public"));

        assertEquals(201, created.status(), created::toString);
        assertEquals("public", created.str("program/client_type"));
        assertNull(created.at("client_secret"));
    }

    @Test
    void createWhenClientIdsThenUniquePerProgram() {
        String a = http.post(PROGRAMS, admin(), definition("confidential")).str("program/client_id");
        String b = http.post(PROGRAMS, admin(), definition("confidential")).str("program/client_id");

        assertNotEquals(a, b);
    }

    @Test
    void createWhenHttpRedirectOnNonLoopbackHostThenValidationFailed() {
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("http://moneynote.example.com/cb")));
        // The contract allows plain http on localhost and 127.0.0.1 only.
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("http://[::1]:3000/cb")));
    }

    @Test
    void createWhenRedirectUriHasFragmentThenValidationFailed() {
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("https://moneynote.example.com/cb#top")));
    }

    @Test
    void createWhenRedirectUriRelativeOrWildcardThenValidationFailed() {
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("/oauth/callback")));
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("https://*.example.com/cb")));
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of("https://example.com/cb/*")));
    }

    @Test
    void createWhenUnknownScopeThenBadRequestAndNothingStored() {
        long before = programCount();

        Http.Response response = http.post(PROGRAMS, admin(),
                with(definition("confidential"), "allowed_scopes", List.of("accounts:read", "bank:everything")));

        // The contract names validation-failed; the shared error processor still answers an unknown
        // enum value inside a JSON body as malformed-request (reported, shared/error is not ours).
        assertEquals(400, response.status(), response::toString);
        assertTrue(response.body().contains("bank:everything"), response::toString);
        assertEquals(before, programCount());
    }

    @Test
    void createWhenListsEmptyOrMissingThenValidationFailed() {
        assertValidationFailed(with(definition("confidential"), "redirect_uris", List.of()));
        assertValidationFailed(with(definition("confidential"), "allowed_scopes", List.of()));
        Map<String, Object> noUris = definition("confidential");
        noUris.remove("redirect_uris");
        assertValidationFailed(noUris);
    }

    @Test
    void createWhenTooManyRedirectUrisOrQuotaOutOfRangeThenValidationFailed() {
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add("https://moneynote.example.com/cb" + i);
        }
        assertValidationFailed(with(definition("confidential"), "redirect_uris", eleven));
        assertValidationFailed(with(definition("confidential"), "daily_quota", 0));
        assertValidationFailed(with(definition("confidential"), "daily_quota", 100_000_001));
    }

    @Test
    void createWhenRejectedThenNothingStored() {
        long before = programCount();

        http.post(PROGRAMS, admin(), with(definition("confidential"), "redirect_uris", List.of("http://evil.example/cb")));

        assertEquals(before, programCount());
    }

    // --- reading and paging ----------------------------------------------------------------

    @Test
    void getWhenUnknownThenNotFound() {
        Http.Response response = http.get(PROGRAMS + "/" + UUID.randomUUID(), admin());

        assertEquals(404, response.status(), response::toString);
        assertEquals("not-found", response.problem());
    }

    @Test
    void listWhenPagedThenEveryProgramOnceNewestFirst() {
        String admin = admin();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(http.post(PROGRAMS, admin, definition("confidential")).str("program/id"));
        }

        List<String> seen = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(PROGRAMS + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.list("items").size() <= 2);
            page.list("items").forEach(i -> seen.add((String) ((Map<?, ?>) i).get("id")));
            page.list("items").forEach(i -> clientIds.add((String) ((Map<?, ?>) i).get("client_id")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 100);

        assertEquals(seen.size(), new HashSet<>(seen).size(), "no program twice");
        assertTrue(seen.containsAll(created));
        // Newest first: the five just created lead, in reverse order of creation.
        List<String> reversed = new ArrayList<>(created);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, seen.subList(0, 5));
        assertEquals(DemoPrograms.CLIENT_ID, clientIds.get(clientIds.size() - 1), "the demo program, registered first, comes last");
    }

    @Test
    void listWhenFilteredByEnabledThenOnlyThose() {
        String admin = admin();
        String disabled = http.post(PROGRAMS, admin, definition("confidential")).str("program/id");
        http.patch(PROGRAMS + "/" + disabled, admin, Map.of("enabled", false));

        List<?> off = http.get(PROGRAMS + "?enabled=false&limit=200", admin).list("items");
        List<?> on = http.get(PROGRAMS + "?enabled=true&limit=200", admin).list("items");

        assertTrue(off.stream().allMatch(i -> Boolean.FALSE.equals(((Map<?, ?>) i).get("enabled"))));
        assertTrue(off.stream().anyMatch(i -> disabled.equals(((Map<?, ?>) i).get("id"))));
        assertTrue(on.stream().noneMatch(i -> disabled.equals(((Map<?, ?>) i).get("id"))));
    }

    @Test
    void listWhenLimitOutOfRangeThenBadRequest() {
        assertEquals(400, http.get(PROGRAMS + "?limit=201", admin()).status());
        assertEquals(400, http.get(PROGRAMS + "?limit=0", admin()).status());
    }

    // --- changes -----------------------------------------------------------------------------

    @Test
    void patchWhenFieldsGivenThenOnlyThoseChange() {
        Http.Response created = http.post(PROGRAMS, admin(), definition("confidential"));
        String id = created.str("program/id");

        Http.Response patched = http.patch(PROGRAMS + "/" + id, admin(), Map.of("name", "マネーノート Plus",
                "redirect_uris", List.of("https://plus.example.com/cb"), "daily_quota", 200000, "require_par", true));

        assertEquals(200, patched.status(), patched::toString);
        assertEquals("マネーノート Plus", patched.str("name"));
        assertEquals(List.of("https://plus.example.com/cb"), patched.at("redirect_uris"));
        assertEquals(200000, ((Number) patched.at("daily_quota")).intValue());
        assertEquals(true, patched.at("require_par"));
        assertEquals(created.str("program/company_name"), patched.str("company_name"));
        assertEquals(created.at("program/allowed_scopes"), patched.at("allowed_scopes"));
        assertEquals(created.str("program/client_id"), patched.str("client_id"));
        assertEquals(patched.json(), http.get(PROGRAMS + "/" + id, admin()).json());
    }

    @Test
    void patchWhenInvalidRedirectUriOrScopeThenValidationFailedAndUnchanged() {
        String id = http.post(PROGRAMS, admin(), definition("confidential")).str("program/id");
        Object before = http.get(PROGRAMS + "/" + id, admin()).json();

        Http.Response badUri = http.patch(PROGRAMS + "/" + id, admin(), Map.of("redirect_uris", List.of("http://evil.example/cb")));
        Http.Response badScope = http.patch(PROGRAMS + "/" + id, admin(), Map.of("allowed_scopes", List.of()));

        assertEquals(400, badUri.status(), badUri::toString);
        assertEquals("validation-failed", badUri.problem());
        assertEquals(400, badScope.status(), badScope::toString);
        assertEquals(before, http.get(PROGRAMS + "/" + id, admin()).json());
    }

    @Test
    void patchWhenUnknownProgramThenNotFound() {
        assertEquals(404, http.patch(PROGRAMS + "/" + UUID.randomUUID(), admin(), Map.of("name", "x")).status());
    }

    @Test
    void deleteWhenProgramExistsThenNoContentThenNotFound() {
        Http.Response created = http.post(PROGRAMS, admin(), definition("confidential"));
        String id = created.str("program/id");
        Client client = new Client(created.str("program/client_id"), created.str("client_secret"));

        assertEquals(204, http.delete(PROGRAMS + "/" + id, admin()).status());

        assertEquals(404, http.get(PROGRAMS + "/" + id, admin()).status());
        assertEquals(404, http.delete(PROGRAMS + "/" + id, admin()).status());
        assertEquals(404, http.patch(PROGRAMS + "/" + id, admin(), Map.of("enabled", true)).status(), "no way back");
        assertEquals(404, http.post(PROGRAMS + "/" + id + "/secret", admin(), null).status());
        assertTrue(http.get(PROGRAMS + "?limit=200", admin()).list("items").stream()
                .noneMatch(i -> id.equals(((Map<?, ?>) i).get("id"))));
        assertEquals(401, introspectAs(client), "a deleted program cannot authenticate");
    }

    // --- secret rotation -------------------------------------------------------------------

    @Test
    void rotateSecretWhenConfidentialThenOldSecretRefusedAndNewWorks() {
        Http.Response created = http.post(PROGRAMS, admin(), definition("confidential"));
        String id = created.str("program/id");
        Client old = new Client(created.str("program/client_id"), created.str("client_secret"));
        assertEquals(200, introspectAs(old));

        Http.Response rotated = http.post(PROGRAMS + "/" + id + "/secret", admin(), null);

        assertEquals(200, rotated.status(), rotated::toString);
        assertEquals("no-store", rotated.header("Cache-Control"));
        String secret = rotated.str("client_secret");
        assertTrue(secret.matches("rnk_cs_[0-9A-Za-z]{38}"), secret);
        assertNotEquals(old.secret(), secret);
        assertTrue(rotated.str("program/secret_rotated_at") != null, rotated::toString);
        Client fresh = new Client(old.id(), secret);
        assertInvalidClient(token(old, "grant_type", "refresh_token", "refresh_token", "rnk_rt_x"));
        assertEquals(401, introspectAs(old));
        assertEquals(200, introspectAs(fresh));
        // At the token endpoint the new secret passes client authentication (the grant itself is bogus).
        assertOAuthError(400, "invalid_grant", token(fresh, "grant_type", "refresh_token", "refresh_token", "rnk_rt_x"));
    }

    @Test
    void rotateSecretWhenTokensIssuedThenTokensUnaffected() {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));

        String secret = http.post(PROGRAMS + "/" + program.programId() + "/secret", admin(), null).str("client_secret");

        Client fresh = new Client(program.client().id(), secret);
        assertTrue(active(fresh, tokens.accessToken()));
        assertEquals(200, refresh(fresh, tokens.refreshToken()).status());
    }

    @Test
    void rotateSecretWhenPublicThenConflict() {
        String id = http.post(PROGRAMS, admin(), definition("public")).str("program/id");

        Http.Response response = http.post(PROGRAMS + "/" + id + "/secret", admin(), null);

        assertEquals(409, response.status(), response::toString);
        assertEquals("public-client-has-no-secret", response.problem());
    }

    // --- roles --------------------------------------------------------------------------------

    @Test
    void programsWhenAuditorThenReadsButCannotChange() {
        String id = http.post(PROGRAMS, admin(), definition("confidential")).str("program/id");
        String auditor = signIn("auditor1", PASSWORD);

        assertEquals(200, http.get(PROGRAMS, auditor).status());
        assertEquals(200, http.get(PROGRAMS + "/" + id, auditor).status());
        assertForbidden(http.post(PROGRAMS, auditor, definition("confidential")));
        assertForbidden(http.patch(PROGRAMS + "/" + id, auditor, Map.of("enabled", false)));
        assertForbidden(http.post(PROGRAMS + "/" + id + "/secret", auditor, null));
        assertForbidden(http.delete(PROGRAMS + "/" + id, auditor));
        assertEquals(true, http.get(PROGRAMS + "/" + id, admin()).at("enabled"));
    }

    @Test
    void programsWhenUserAdminThenManages() {
        String userAdmin = signIn("useradmin1", PASSWORD);

        Http.Response created = http.post(PROGRAMS, userAdmin, definition("confidential"));
        assertEquals(201, created.status(), created::toString);
        String id = created.str("program/id");
        assertEquals(200, http.patch(PROGRAMS + "/" + id, userAdmin, Map.of("daily_quota", 5)).status());
        assertEquals(200, http.post(PROGRAMS + "/" + id + "/secret", userAdmin, null).status());
        assertEquals(204, http.delete(PROGRAMS + "/" + id, userAdmin).status());
    }

    @Test
    void programsWhenCustomerOrAnonymousThenRefused() {
        String id = http.post(PROGRAMS, admin(), definition("confidential")).str("program/id");
        String customer = signIn("user2", PASSWORD);

        assertForbidden(http.get(PROGRAMS, customer));
        assertForbidden(http.get(PROGRAMS + "/" + id, customer));
        assertForbidden(http.post(PROGRAMS, customer, definition("confidential")));
        assertForbidden(http.patch(PROGRAMS + "/" + id, customer, Map.of("enabled", false)));
        assertForbidden(http.post(PROGRAMS + "/" + id + "/secret", customer, null));
        assertForbidden(http.delete(PROGRAMS + "/" + id, customer));
        assertEquals(401, http.get(PROGRAMS, null).status());
    }

    @Test
    void programChangesWhenMadeThenAudited() {
        String admin = admin();
        String id = http.post(PROGRAMS, admin, definition("confidential")).str("program/id");
        http.patch(PROGRAMS + "/" + id, admin, Map.of("daily_quota", 7));
        http.post(PROGRAMS + "/" + id + "/secret", admin, null);
        http.delete(PROGRAMS + "/" + id, admin);

        Http.Response updated = http.get("/v1/audit-events?action=partner_program_updated&target_id=" + id, admin);
        assertEquals(java.util.Set.of("daily_quota"), ((Map<?, ?>) updated.at("items/0/details")).keySet(),
                "the changed fields, and only those");
        assertEquals("100000", updated.str("items/0/details/daily_quota/from"));
        assertEquals("7", updated.str("items/0/details/daily_quota/to"));
        for (String action : List.of("partner_program_created", "partner_program_updated", "partner_program_secret_rotated",
                "partner_program_deleted")) {
            Http.Response events = http.get("/v1/audit-events?action=" + action + "&target_id=" + id, admin);
            assertEquals(1, events.list("items").size(), () -> action + ": " + events);
            assertFalse(events.body().contains("rnk_cs_"), "no secret in the audit trail");
        }
    }

    private static void assertForbidden(Http.Response response) {
        assertEquals(403, response.status(), response::toString);
        assertEquals("forbidden", response.problem());
    }

    /** Status of an introspection call authenticated as {@code client}: 200 when its credentials pass. */
    private int introspectAs(Client client) {
        return introspect(client, "garbage").status();
    }

    private long programCount() {
        return ((Number) rows("SELECT count(*) AS n FROM partner_program").get(0).get("n")).longValue();
    }
}
