package dev.renkei.server.shared;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a client sends, the answer is a 4xx RFC 9457 problem with the documented members,
 * never a 5xx and never a glimpse of the server's internals.
 */
@MicronautTest(transactional = false)
class ErrorHandlingIT extends IntegrationTest {

    private static final String SOME_ID = "01900000-0000-7000-8000-000000000000";
    // Java package names, exception class names and stack frames: none may reach a client.
    private static final Pattern INTERNALS = Pattern.compile(
            "(java\\.|javax\\.|jakarta\\.|io\\.micronaut|com\\.fasterxml|dev\\.renkei|org\\.postgresql|Exception|\\bat [a-z]+\\.)");

    /** One request a client might get wrong, and the answer it must get. */
    private record Case(String name, String method, String path, Object body, Map<String, String> headers,
                        int status, String problem) {
    }

    private String admin;
    /** A cursor of the accounts list (sort key: a login ID), to send to lists sorted by time. */
    private String accountsCursor;

    @BeforeAll
    void signInOnce() {
        http = new Http(server.getURI());
        admin = admin();
        accountsCursor = http.get("/v1/accounts?limit=1", admin).str("next_cursor");
    }

    private static Case json(String name, String method, String path, Object body, int status, String problem) {
        return new Case(name, method, path, body, Map.of(), status, problem);
    }

    private List<Case> cases() {
        Map<String, String> textPlain = Map.of("Content-Type", "text/plain");
        return List.of(
                // Unparseable or mistyped bodies.
                json("malformed JSON", "POST", "/v1/accounts", "{\"login_id\": ", 400, "malformed-request"),
                json("JSON array instead of an object", "POST", "/v1/accounts", "[1, 2]", 400, "malformed-request"),
                json("string where an array belongs", "POST", "/v1/api-tokens/bulk-issue",
                        "{\"account_ids\": \"" + SOME_ID + "\"}", 400, "malformed-request"),
                json("non-UUID in an id array", "POST", "/v1/accounts/bulk-delete",
                        "{\"account_ids\": [\"not-a-uuid\"]}", 400, "malformed-request"),
                json("string where an integer belongs", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": \"ninety\", \"api_token_pickup_window_hours\": 168}", 400, "malformed-request"),
                json("number where a string belongs", "POST", "/v1/mail-templates/api_token_issued/preview",
                        "{\"subject\": 42, \"body\": {\"nested\": true}}", 400, "malformed-request"),
                json("number where a string belongs, other members valid", "PUT", "/v1/mail-templates/api_token_issued",
                        "{\"subject\": 42, \"body\": \"Hello {{name}}\"}", 400, "malformed-request"),
                json("boolean where a string belongs", "POST", "/v1/accounts",
                        "{\"login_id\": true, \"name\": \"n\"}", 400, "malformed-request"),
                json("array where a string belongs", "PATCH", "/v1/accounts/" + SOME_ID, "{\"name\": [\"x\"]}", 400,
                        "malformed-request"),
                json("numeric string where an integer belongs", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": \"12\", \"api_token_pickup_window_hours\": 168}", 400, "malformed-request"),
                json("fraction where an integer belongs", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": 1.5, \"api_token_pickup_window_hours\": 168}", 400, "malformed-request"),
                json("boolean where an integer belongs", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": 90, \"api_token_pickup_window_hours\": true}", 400, "malformed-request"),
                json("integer beyond int32", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": 2147483648, \"api_token_pickup_window_hours\": 168}", 400, "malformed-request"),
                json("object where a string belongs", "POST", "/v1/accounts",
                        "{\"login_id\": {\"a\": 1}, \"name\": \"n\"}", 400, "malformed-request"),
                json("unknown enum value in the body", "POST", "/v1/accounts",
                        "{\"login_id\": \"enumcase\", \"name\": \"n\", \"flags\": [\"superuser\"]}", 400, null),
                json("null for a required member", "PUT", "/v1/system-parameters",
                        "{\"api_token_validity_days\": null, \"api_token_pickup_window_hours\": 168}", 400, "validation-failed"),
                json("empty object for a required list", "POST", "/v1/api-tokens/bulk-issue", "{}", 400, "validation-failed"),
                json("empty id list", "POST", "/v1/api-tokens/bulk-issue", "{\"account_ids\": []}", 400, "validation-failed"),
                json("empty body where one is required", "POST", "/v1/accounts", "", 400, null),
                json("no body at all where one is required", "PUT", "/v1/system-parameters", null, 400, null),
                // Query parameters.
                json("unknown token status", "GET", "/v1/api-tokens?status=bogus", null, 400, "validation-failed"),
                json("unknown own-token status", "GET", "/v1/me/api-tokens?status=bogus", null, 400, "validation-failed"),
                json("unknown audit action", "GET", "/v1/audit-events?action=bogus", null, 400, "validation-failed"),
                json("unknown account flag", "GET", "/v1/accounts?flag=bogus", null, 400, "validation-failed"),
                json("unknown account flag beside a known one", "GET", "/v1/accounts?flag=auditor&flag=bogus", null, 400,
                        "validation-failed"),
                json("non-date since", "GET", "/v1/audit-events?since=yesterday", null, 400, "malformed-request"),
                json("non-UUID account filter", "GET", "/v1/api-tokens?account_id=42", null, 400, "malformed-request"),
                json("limit above 200", "GET", "/v1/accounts?limit=201", null, 400, "validation-failed"),
                json("huge limit", "GET", "/v1/api-tokens?limit=1000000", null, 400, "validation-failed"),
                json("limit beyond int", "GET", "/v1/audit-events?limit=99999999999999", null, 400, "malformed-request"),
                json("negative limit", "GET", "/v1/accounts?limit=-1", null, 400, "validation-failed"),
                json("zero limit", "GET", "/v1/me/api-tokens?limit=0", null, 400, "validation-failed"),
                json("non-numeric limit", "GET", "/v1/accounts?limit=ten", null, 400, "malformed-request"),
                json("search text over 100 characters", "GET", "/v1/accounts?q=" + "x".repeat(101), null, 400, "validation-failed"),
                json("cursor over 512 characters", "GET", "/v1/accounts?cursor=" + "A".repeat(513), null, 400, "validation-failed"),
                json("audit target over 64 characters", "GET", "/v1/audit-events?target_id=" + "t".repeat(65), null, 400,
                        "validation-failed"),
                json("undecodable cursor", "GET", "/v1/accounts?cursor=%25%25%25", null, 400, "validation-failed"),
                json("cursor of another list", "GET", "/v1/api-tokens?cursor=" + accountsCursor, null, 400, "validation-failed"),
                json("cursor without a scope", "GET", "/v1/accounts?cursor=" + oldStyleCursor(), null, 400, "validation-failed"),
                json("audit cursor of another list", "GET", "/v1/audit-events?cursor=" + accountsCursor, null, 400, "validation-failed"),
                // Path parameters.
                json("non-UUID account id", "GET", "/v1/accounts/not-a-uuid", null, 400, "malformed-request"),
                json("non-UUID account id on delete", "DELETE", "/v1/accounts/123", null, 400, "malformed-request"),
                json("non-UUID token id", "POST", "/v1/api-tokens/xyz/revoke", null, 400, "malformed-request"),
                json("non-UUID own token id", "POST", "/v1/me/api-tokens/xyz/pickup", null, 400, "malformed-request"),
                json("unknown mail template id", "GET", "/v1/mail-templates/welcome", null, 400, "validation-failed"),
                json("non-UUID account id on update", "PATCH", "/v1/accounts/abc", "{\"name\": \"x\"}", 400, "malformed-request"),
                json("non-UUID account id on lock", "POST", "/v1/accounts/abc/lock", null, 400, "malformed-request"),
                json("non-UUID account id on unlock", "POST", "/v1/accounts/abc/unlock", null, 400, "malformed-request"),
                json("non-UUID token id on read", "GET", "/v1/api-tokens/abc", null, 400, "malformed-request"),
                json("non-UUID own token id on revoke", "POST", "/v1/me/api-tokens/abc/revoke", null, 400, "malformed-request"),
                // Headers.
                new Case("Idempotency-Key over 255 characters", "POST", "/v1/api-tokens/bulk-issue",
                        "{\"account_ids\": [\"" + SOME_ID + "\"]}", Map.of("Idempotency-Key", "k".repeat(256)), 400,
                        "validation-failed"),
                // Media types, methods and paths.
                new Case("text/plain body", "POST", "/v1/accounts", "login_id=x", textPlain, 415, "unsupported-media-type"),
                new Case("text/plain sign-in", "POST", "/v1/auth/sign-in", "admin1", textPlain, 415, "unsupported-media-type"),
                new Case("text/plain account update", "PATCH", "/v1/accounts/" + SOME_ID, "name=x", textPlain, 415,
                        "unsupported-media-type"),
                new Case("text/plain bulk issue", "POST", "/v1/api-tokens/bulk-issue", SOME_ID, textPlain, 415, "unsupported-media-type"),
                new Case("text/plain template", "PUT", "/v1/mail-templates/api_token_issued", "hello", textPlain, 415,
                        "unsupported-media-type"),
                new Case("text/plain preview", "POST", "/v1/mail-templates/api_token_issued/preview", "hello", textPlain, 415,
                        "unsupported-media-type"),
                new Case("XML body", "POST", "/v1/accounts/bulk-delete", "<ids/>", Map.of("Content-Type", "application/xml"), 415,
                        "unsupported-media-type"),
                json("unsupported method on a collection", "PUT", "/v1/accounts", "{}", 405, "method-not-allowed"),
                json("unsupported method on settings", "DELETE", "/v1/system-parameters", null, 405, "method-not-allowed"),
                json("unknown path", "GET", "/v1/no-such-thing", null, 404, "not-found"),
                json("unknown account", "GET", "/v1/accounts/" + SOME_ID, null, 404, "not-found"));
    }

    /** Well-formed base64 of a sort key and an id, but no list scope. */
    private static String oldStyleCursor() {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("admin1\n" + SOME_ID).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> requestWhenClientErrThenProblemWithoutInternals() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Http.Response response = http.send(c.method(), c.path(), admin, c.body(), c.headers());
            assertEquals(c.status(), response.status(), () -> c.name() + ": " + response);
            assertProblem(response);
            if (c.problem() != null) {
                assertEquals(c.problem(), response.problem(), () -> c.name() + ": " + response);
            } else {
                assertTrue(List.of("malformed-request", "validation-failed").contains(response.problem()), response::toString);
            }
        }));
    }

    @Test
    void requestWhenUnauthenticatedOnUnknownPathThenNotFound() {
        Http.Response response = http.get("/v1/no-such-thing", null);
        assertEquals(404, response.status(), response::toString);
        assertProblem(response);
        assertEquals("not-found", response.problem());
    }

    @Test
    void requestWhenBodyUrlOrHeaderTooLargeThenPayloadTooLargeNotInternalError() {
        String hugeBody = "{\"account_ids\": [\"" + "0".repeat(5 * 1024 * 1024) + "\"]}";
        List<Http.Response> responses = List.of(
                http.post("/v1/api-tokens/bulk-issue", admin, hugeBody),
                http.get("/v1/accounts?q=" + "x".repeat(20_000), admin),
                http.send("GET", "/v1/me", admin, null, Map.of("X-Padding", "y".repeat(20_000))));
        for (Http.Response response : responses) {
            assertEquals(413, response.status(), response::toString);
            assertProblem(response);
            assertEquals("payload-too-large", response.problem());
        }
    }

    @Test
    void authorizeWhenParameterBreaksItsBoundsThenErrorPageNotJson() {
        Http.Response response = http.send("GET", "/oauth2/authorize?response_type=code&client_id=" + "c".repeat(65)
                + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null, null, Map.of("Accept", "text/html"));
        assertEquals(400, response.status(), response::toString);
        assertTrue(response.header("Content-Type").startsWith("text/html"), response::toString);
        assertTrue(response.body().contains("invalid_request"), response::toString);
        assertNotNull(response.header("X-Request-Id"), response::toString);
        assertFalse(INTERNALS.matcher(response.body()).find(), () -> "internals leaked: " + response.body());
    }

    @Test
    void requestWhenAcceptExcludesJsonThenNotAcceptable() {
        Http.Response response = http.send("GET", "/v1/me", admin, null, Map.of("Accept", "text/html"));
        assertEquals(406, response.status(), response::toString);
        assertProblem(response);
        assertEquals("not-acceptable", response.problem());
    }

    @Test
    void requestWhenClientSendsRequestIdThenEchoedInHeaderAndProblem() {
        Http.Response response = http.send("GET", "/v1/accounts/not-a-uuid", admin, null, Map.of("X-Request-Id", "trace-123.abc"));
        assertEquals("trace-123.abc", response.header("X-Request-Id"));
        assertEquals("trace-123.abc", response.str("request_id"));
        Http.Response unsafe = http.send("GET", "/v1/me", admin, null, Map.of("X-Request-Id", "<script>"));
        assertFalse(unsafe.header("X-Request-Id").contains("<"), "an unsafe incoming id is replaced");
    }

    @Test
    void validationFailedWhenSeveralValuesBadThenEachNamedByPointer() {
        Http.Response response = http.post("/v1/accounts", admin,
                Map.of("login_id", "a b", "name", "", "mail", "nope", "password", "short"));
        assertEquals(400, response.status(), response::toString);
        assertEquals("validation-failed", response.problem());
        List<?> pointers = response.list("errors").stream().map(e -> ((Map<?, ?>) e).get("pointer")).toList();
        assertEquals(List.of("/login_id", "/mail", "/name", "/password"), pointers, response::toString);
    }

    private static void assertProblem(Http.Response response) {
        assertTrue(response.status() < 500, response::toString);
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"), response::toString);
        assertNotNull(response.str("type"), response::toString);
        assertTrue(response.str("type").startsWith("https://renkei.dev/problems/"), response::toString);
        assertNotNull(response.str("title"), response::toString);
        assertEquals(response.status(), ((Number) response.at("status")).intValue(), response::toString);
        assertNotNull(response.str("request_id"), response::toString);
        assertEquals(response.header("X-Request-Id"), response.str("request_id"), response::toString);
        assertFalse(INTERNALS.matcher(response.body()).find(), () -> "internals leaked: " + response.body());
    }
}
