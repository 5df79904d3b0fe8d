package dev.renkei.conformance;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.conformance.spec.ContractConformance;
import dev.renkei.conformance.spec.RecordingHttpClient;
import dev.renkei.conformance.support.Pkce;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every exchange of a set of flows that together call all operations of resources.yaml (spots
 * with their contacts and staff, spot tags and tag links, groups, users and memberships,
 * statuses and action types, report definitions and reports, images, spot photos with their
 * metadata, photo tags, spot sorting, stamps, recorded and latest positions, schedules with their
 * members, transportation expenses, and the two bank inquiries), with their success status and
 * every documented error status a client can provoke, validated against the contract: request
 * and response, or the response only for requests broken on purpose.
 *
 * <p>All calls are raw HTTP through the recording client, as a partner program makes them. The
 * tokens are obtained as a partner would obtain them, over HTTP only, through a client that is
 * not recorded (those exchanges belong to token-issuance.yaml and authorization.yaml, whose own
 * suites validate them):
 * <ul>
 *   <li>OAuth access tokens: admin1 registers a partner program with its {@code allowed_scopes}
 *       ({@code POST /v1/partner-programs}), then the demo customer shikuan01 runs the consent
 *       journey through its JSON API (authorize, login, services, PINs 1234 for the bank scopes,
 *       decision) and the program exchanges the code at the token endpoint. One program asks for
 *       every field-service scope, one for the two bank scopes.</li>
 *   <li>Static tokens: admin1 creates an account, bulk-issues it a token, and the holder signs in
 *       and picks the token up (an ordinary account: every field-service scope; an auditor's:
 *       reads only).</li>
 * </ul>
 * 403 {@code insufficient-scope} is provoked with the bank program's access token on every
 * field-service operation and with a static token on the bank inquiries (which never accept one).
 *
 * <p><b>Limits.</b> The contract allows 5 calls per second per token, and the flows below make
 * hundreds of calls with a handful of tokens. The server is therefore started with
 * {@code renkei.rate-limits.burst-calls=1000} (the daily quotas keep their defaults), and 429 is
 * proven on every operation with the daily quota instead: a partner program registered with
 * {@code daily_quota: 1} whose access token makes one successful call, after which every call of
 * that program, to any operation, is refused with 429 {@code quota-exceeded} (the quota is checked
 * before the scope, so the bank inquiries answer 429 too). The burst limit itself is covered by
 * the server's ResourceAccessIT.
 *
 * <p>The last test fails if any exchange broke the contract or a must-cover operation × status
 * was never exercised; the report goes to {@code target/conformance-report-resources.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourcesConformanceIT {

    private static final String PW = RenkeiServer.DEMO_PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String REDIRECT = "http://localhost:3000/callback";
    private static final String PIN = "1234";
    private static final String R = "/v1/resources/";
    /** Well-formed (prefix, 32 base62 characters, 6 of checksum) but issued to nobody. */
    private static final String UNKNOWN_TOKEN = "rnk_pat_" + "A".repeat(32) + "000000";
    private static final String STALE = "\"999999\"";

    /** Every field-service scope a partner program can be granted (Authorization API). */
    private static final List<String> FIELD_SCOPES = List.of("spots:read", "spots:write", "schedules:read",
            "schedules:write", "users:read", "users:write", "groups:read", "groups:write", "spot-photos:read",
            "spot-photos:write", "reports:read", "stamps:read", "positions:read", "images:read", "expenses:read",
            "statuses:read");
    private static final List<String> BANK_SCOPES = List.of("accounts:read", "transactions:read");

    /**
     * Documented pairs that no client can provoke, with the reason; every other documented
     * operation × status must be exercised.
     */
    private static final Map<String, String> EXCUSED = Map.of(
            "createSchedule 409", "its only conflict is idempotency-key-in-use, which needs a first request with the same key "
                    + "still running after the server's 10 s wait for it; no HTTP client can hold a create open that long "
                    + "(a schedule has no unique key, so already-exists cannot happen)");

    /** Answers that contradict the contract's prose (wrong status or error code), in order. */
    private final List<String> behaviourMismatches = new ArrayList<>();
    private final List<Integer> behaviourMarks = new ArrayList<>();

    private RenkeiServer server;
    private ContractConformance conformance;
    private RawHttp raw;
    private RawHttp unrecorded;

    private String adminSession;
    /** OAuth access token of shikuan01 with every field-service scope. */
    private String field;
    /** OAuth access token of shikuan01 with the two bank scopes only. */
    private String bank;
    /** OAuth access token of a program whose daily quota is 1 call. */
    private String quota;
    /** Static token of an ordinary account: every field-service scope. */
    private String staticToken;
    /** Static token of an auditor's account: field-service reads only. */
    private String auditorToken;

    /** One well-formed call of every operation, for the refusals every operation shares. */
    private final List<Sample> samples = new ArrayList<>();
    /** Operation ID → the oauth2 scope the contract declares for it. */
    private Map<String, String> scopes;

    @BeforeAll
    void start() throws Exception {
        server = RenkeiServer.start(Map.of("renkei.rate-limits.burst-calls", 1000));
        conformance = ContractConformance.load(specLocation(), ValidationErrorsWhitelist.create());
        scopes = oauthScopes(specLocation());
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        raw = new RawHttp(server.baseUri(), new RecordingHttpClient(plain, conformance));
        unrecorded = new RawHttp(server.baseUri(), plain);
        adminSession = signIn("admin1", PW);
        field = accessToken(program("Conformance field app", FIELD_SCOPES, null), FIELD_SCOPES);
        bank = accessToken(program("Conformance bank app", BANK_SCOPES, null), BANK_SCOPES);
        quota = accessToken(program("Conformance quota app", List.of("spots:read"), 1), List.of("spots:read"));
        staticToken = staticToken(List.of());
        auditorToken = staticToken(List.of("auditor"));
    }

    private static String specLocation() {
        String dir = System.getProperty("renkei.spec.dir");
        if (dir == null) {
            throw new IllegalStateException("Set -Drenkei.spec.dir to api-spec/src/main/resources/openapi (the pom does)");
        }
        Path spec = Path.of(dir, "resources.yaml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(spec), spec::toString);
        return spec.toString();
    }

    private static Map<String, String> oauthScopes(String location) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIParser().readLocation(location, null, options).getOpenAPI();
        Map<String, String> scopes = new LinkedHashMap<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> operation.getSecurity().stream()
                .filter(requirement -> requirement.containsKey("oauth2")).findFirst()
                .ifPresent(requirement -> scopes.put(operation.getOperationId(), String.join(" ", requirement.get("oauth2"))))));
        return scopes;
    }

    @AfterAll
    void stop() {
        try {
            if (conformance != null) {
                Path report = Path.of(System.getProperty("renkei.report.dir", "target"), "conformance-report-resources.md");
                ContractConformance.Totals totals = conformance.writeReport(report, "ResourcesConformanceIT",
                        EXCUSED, behaviourMismatches);
                System.out.println("Contract conformance (" + report + "):\n" + totals.describe());
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // ------------------------------------------------------------------ flows

    /** Proves the validator bites on this contract: bodies, undocumented members, statuses, media types. */
    @Test
    @Order(0)
    void validatorRejectsExchangesThatBreakTheContract() {
        HttpRequest spots = HttpRequest.newBuilder(server.baseUri().resolve(R + "spots")).header("Authorization", "Bearer x").GET().build();
        assertBites(spots, "", 200, "application/json", "{\"items\":[{\"id\":\"x\"}]}", "a spot without its required members");
        assertBites(spots, "", 200, "application/json", "{\"items\":[],\"secret\":1}", "a page with an undocumented member");
        assertBites(spots, "", 404, "application/problem+json", "{\"type\":\"https://renkei.dev/problems/not-found\","
                + "\"title\":\"t\",\"status\":404,\"request_id\":\"r\"}", "an undocumented status");
        assertBites(spots, "", 200, "text/csv", "id\n", "an undocumented media type");
        HttpRequest create = HttpRequest.newBuilder(server.baseUri().resolve(R + "spots")).header("Authorization", "Bearer x")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"a b\"}")).build();
        assertBites(create, "{\"code\":\"a b\"}", 201, "application/json", "{}", "a create without a name, with a code off its pattern");
    }

    private void assertBites(HttpRequest request, String requestBody, int status, String contentType, String body, String what) {
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of(contentType), "x-request-id", List.of("r")), (n, v) -> true);
        RecordingHttpClient.Exchange exchange = new RecordingHttpClient.Exchange(request,
                requestBody.getBytes(StandardCharsets.UTF_8), status, headers, body.getBytes(StandardCharsets.UTF_8));
        assertFalse(conformance.validate(exchange, true).isEmpty(), "the validator must reject " + what);
    }

    /** Spots, their customer contacts and their staff, with an OAuth access token. */
    @Test
    @Order(1)
    void spots() throws Exception {
        int mark = mark();
        String spots = R + "spots";
        JsonNode first = json(expect(200, null, raw.get(spots + "?limit=2").bearer(field).send()));
        assertEquals(2, first.path("items").size(), first::toString);
        expect(200, null, raw.get(spots + "?limit=2&cursor=" + enc(first.path("next_cursor").asText())).bearer(field).send());
        expect(200, null, raw.get(spots + "?q=" + enc("東京") + "&updated_since=" + enc("2020-01-01T00:00:00Z") + "&limit=200")
                .bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(spots + "?limit=201").bearer(field).send()));
        // "validation-failed: ... a cursor that this API did not return" (well-formed per the schema).
        expect(400, "validation-failed", raw.get(spots + "?cursor=not-a-cursor").bearer(field).send());

        // Create, with an Idempotency-Key: replay, and reuse with another body.
        String code = unique("CS");
        String key = "conformance-" + UUID.randomUUID();
        HttpResponse<String> created = expect(201, null, raw.post(spots).bearer(field).idempotencyKey(key).json(spot(code, "適合テスト銀座店")).send());
        String spotId = json(created).path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(spots + "/" + spotId), created.headers()::toString);
        String createdTag = created.headers().firstValue("ETag").orElse("");
        assertEquals(spotId, json(expect(201, null, raw.post(spots).bearer(field).idempotencyKey(key)
                .json(spot(code, "適合テスト銀座店")).send())).path("id").asText(), "a replay answers the first spot");
        expect(422, "idempotency-key-reused", raw.post(spots).bearer(field).idempotencyKey(key).json(spot(code, "別の店")).send());
        expect(409, "already-exists", raw.post(spots).bearer(field).json(spot(code, "同じコードの店")).send());
        bad("name missing", () -> expect(400, "validation-failed", raw.post(spots).bearer(field).json("{\"code\":\"X-1\"}").send()));
        bad("body is not JSON", () -> expect(400, "malformed-request", raw.post(spots).bearer(field).json("{\"name\":").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(spots).bearer(field).body("text/plain", "name=x").send()));
        String otherCode = unique("CS");
        String otherId = json(expect(201, null, raw.post(spots).bearer(field).json(spot(otherCode, "適合テスト京橋店")).send())).path("id").asText();

        // Read.
        String path = spots + "/" + spotId;
        HttpResponse<String> read = expect(200, null, raw.get(path).bearer(field).send());
        String etag = etag(read);
        assertEquals(createdTag, etag);
        expect(404, "not-found", raw.get(spots + "/" + UUID.randomUUID()).bearer(field).send());
        bad("spot ID not a UUID", () -> expect(400, "malformed-request", raw.get(spots + "/not-a-uuid").bearer(field).send()));

        // Update: If-Match, stale If-Match, a code taken by another spot.
        HttpResponse<String> updated = expect(200, null, raw.patch(path).bearer(field).ifMatch(etag)
                .json("{\"name\":\"適合テスト銀座本店\",\"phone\":\"03-1234-5678\"}").send());
        String current = etag(updated);
        assertNotEquals(etag, current);
        expect(412, "precondition-failed", raw.patch(path).bearer(field).ifMatch(etag).json("{\"name\":\"古い版から\"}").send());
        expect(409, "already-exists", raw.patch(path).bearer(field).ifMatch(current).json("{\"code\":\"" + otherCode + "\"}").send());
        expect(404, "not-found", raw.patch(spots + "/" + UUID.randomUUID()).bearer(field).json("{\"name\":\"無い\"}").send());
        bad("name empty", () -> expect(400, "validation-failed", raw.patch(path).bearer(field).json("{\"name\":\"\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path).bearer(field).body("text/plain", "name=x").send()));

        // Customer contacts of a demo spot that has some.
        String withContacts = null;
        for (JsonNode spot : json(expect(200, null, raw.get(spots + "?limit=50").bearer(field).send())).path("items")) {
            JsonNode contacts = json(expect(200, null, raw.get(spots + "/" + spot.path("id").asText() + "/contacts?limit=1").bearer(field).send()));
            if (!contacts.path("items").isEmpty()) {
                withContacts = spot.path("id").asText();
                break;
            }
        }
        assertTrue(withContacts != null, "a demo spot with customer contacts");
        expect(404, "not-found", raw.get(spots + "/" + UUID.randomUUID() + "/contacts").bearer(field).send());
        String contactsOf = spots + "/" + withContacts + "/contacts";
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(contactsOf + "?limit=201").bearer(field).send()));

        // Staff: add (main), again (409), an unknown user (400), remove, remove again (404).
        String userId = json(expect(200, null, raw.get(R + "users?active=true&limit=1").bearer(field).send())).path("items").path(0).path("id").asText();
        String staff = path + "/staff";
        String assign = "{\"user_id\":\"" + userId + "\",\"role\":\"main\"}";
        JsonNode assigned = json(expect(201, null, raw.post(staff).bearer(field).json(assign).send()));
        assertEquals("main", assigned.path("role").asText(), assigned::toString);
        expect(409, "already-exists", raw.post(staff).bearer(field).json(assign).send());
        expect(400, "validation-failed", raw.post(staff).bearer(field).json("{\"user_id\":\"" + UUID.randomUUID() + "\"}").send());
        expect(404, "not-found", raw.post(spots + "/" + UUID.randomUUID() + "/staff").bearer(field).json(assign).send());
        bad("user ID missing", () -> expect(400, "validation-failed", raw.post(staff).bearer(field).json("{\"role\":\"sub\"}").send()));
        // "validation-failed: the body or a parameter breaks a rule (range, pattern, length, unknown enum value...)".
        bad("role unknown", () -> expect(400, "validation-failed", raw.post(staff).bearer(field)
                .json("{\"user_id\":\"" + userId + "\",\"role\":\"chief\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(staff).bearer(field).body("text/plain", "x").send()));
        JsonNode staffPage = json(expect(200, null, raw.get(staff).bearer(field).send()));
        assertEquals(userId, staffPage.path("items").path(0).path("user_id").asText(), staffPage::toString);
        expect(404, "not-found", raw.get(spots + "/" + UUID.randomUUID() + "/staff").bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(staff + "?limit=201").bearer(field).send()));
        expect(204, null, raw.delete(staff + "/" + userId).bearer(field).send());
        expect(404, "not-found", raw.delete(staff + "/" + userId).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.delete(staff + "/not-a-uuid").bearer(field).send()));

        // Delete: stale If-Match, a spot photos refer to (409), then both new spots, then again (404).
        expect(412, "precondition-failed", raw.delete(path).bearer(field).ifMatch(etag).send());
        String photographed = json(expect(200, null, raw.get(R + "spot-photos?limit=1").bearer(field).send()))
                .path("items").path(0).path("spot_id").asText();
        expect(409, "resource-in-use", raw.delete(spots + "/" + photographed).bearer(field).send());
        expect(204, null, raw.delete(path).bearer(field).ifMatch(current).send());
        expect(204, null, raw.delete(spots + "/" + otherId).bearer(field).send());
        expect(404, "not-found", raw.delete(path).bearer(field).send());
        bad("spot ID not a UUID", () -> expect(400, "malformed-request", raw.delete(spots + "/not-a-uuid").bearer(field).send()));

        sample("listSpots", "GET", spots, null);
        sample("createSpot", "POST", spots, spot(unique("CS"), "見本"));
        sample("getSpot", "GET", spots + "/" + UUID.randomUUID(), null);
        sample("updateSpot", "PATCH", spots + "/" + UUID.randomUUID(), "{\"name\":\"見本\"}");
        sample("deleteSpot", "DELETE", spots + "/" + UUID.randomUUID(), null);
        sample("listSpotContacts", "GET", contactsOf, null);
        sample("listSpotStaff", "GET", spots + "/" + withContacts + "/staff", null);
        sample("addSpotStaff", "POST", spots + "/" + UUID.randomUUID() + "/staff", assign);
        sample("removeSpotStaff", "DELETE", spots + "/" + UUID.randomUUID() + "/staff/" + userId, null);
        assertConformant(mark);
    }

    /** Spot tags and the links between spots and tags, with a static token. */
    @Test
    @Order(2)
    void spotTagsAndLinks() throws Exception {
        int mark = mark();
        JsonNode tags = json(expect(200, null, raw.get(R + "spot-tags?limit=200").bearer(staticToken).send())).path("items");
        assertTrue(tags.size() >= 2, tags::toString);
        JsonNode page = json(expect(200, null, raw.get(R + "spot-tags?limit=1").bearer(staticToken).send()));
        expect(200, null, raw.get(R + "spot-tags?limit=1&cursor=" + enc(page.path("next_cursor").asText())).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "spot-tags?limit=201").bearer(staticToken).send()));
        String tag1 = tags.path(0).path("id").asText();
        String tag2 = tags.path(1).path("id").asText();
        String spotId = json(expect(201, null, raw.post(R + "spots").bearer(staticToken).json(spot(unique("CT"), "タグ付けテスト店")).send()))
                .path("id").asText();

        String links = R + "spot-tag-links";
        String key = "conformance-" + UUID.randomUUID();
        String link1Body = link(spotId, tag1);
        HttpResponse<String> created = expect(201, null, raw.post(links).bearer(staticToken).idempotencyKey(key).json(link1Body).send());
        String link1 = json(created).path("id").asText();
        String created1 = etag(created);
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(links + "/" + link1), created.headers()::toString);
        expect(201, null, raw.post(links).bearer(staticToken).idempotencyKey(key).json(link1Body).send());
        expect(422, "idempotency-key-reused", raw.post(links).bearer(staticToken).idempotencyKey(key).json(link(spotId, tag2)).send());
        expect(409, "already-exists", raw.post(links).bearer(staticToken).json(link1Body).send());
        expect(400, "validation-failed", raw.post(links).bearer(staticToken).json(link(spotId, UUID.randomUUID().toString())).send());
        bad("tag ID missing", () -> expect(400, "validation-failed", raw.post(links).bearer(staticToken)
                .json("{\"spot_id\":\"" + spotId + "\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(links).bearer(staticToken).body("text/plain", "x").send()));

        // Update link1 to tag2; a new link to tag1 then cannot move to tag2 as well (409).
        String path1 = links + "/" + link1;
        HttpResponse<String> moved = expect(200, null, raw.patch(path1).bearer(staticToken).ifMatch(created1).json(tagOnly(tag2)).send());
        String current1 = etag(moved);
        expect(412, "precondition-failed", raw.patch(path1).bearer(staticToken).ifMatch(created1).json(tagOnly(tag1)).send());
        HttpResponse<String> second = expect(201, null, raw.post(links).bearer(staticToken).json(link1Body).send());
        String link2 = json(second).path("id").asText();
        expect(409, "already-exists", raw.patch(links + "/" + link2).bearer(staticToken).ifMatch(etag(second)).json(tagOnly(tag2)).send());
        expect(404, "not-found", raw.patch(links + "/" + UUID.randomUUID()).bearer(staticToken).json(tagOnly(tag1)).send());
        bad("tag ID missing", () -> expect(400, "validation-failed", raw.patch(path1).bearer(staticToken).json("{}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path1).bearer(staticToken).body("text/plain", "x").send()));

        expect(412, "precondition-failed", raw.delete(path1).bearer(staticToken).ifMatch(created1).send());
        expect(204, null, raw.delete(path1).bearer(staticToken).ifMatch(current1).send());
        expect(204, null, raw.delete(links + "/" + link2).bearer(staticToken).send());
        expect(404, "not-found", raw.delete(path1).bearer(staticToken).send());
        bad("link ID not a UUID", () -> expect(400, "malformed-request", raw.delete(links + "/not-a-uuid").bearer(staticToken).send()));
        bad("link ID not a UUID", () -> expect(400, "malformed-request", raw.patch(links + "/not-a-uuid").bearer(staticToken).json(tagOnly(tag1)).send()));
        expect(204, null, raw.delete(R + "spots/" + spotId).bearer(staticToken).send());

        sample("listSpotTags", "GET", R + "spot-tags", null);
        sample("createSpotTagLink", "POST", links, link(spotId, tag1));
        sample("updateSpotTagLink", "PATCH", links + "/" + UUID.randomUUID(), tagOnly(tag1));
        sample("deleteSpotTagLink", "DELETE", links + "/" + UUID.randomUUID(), null);
        assertConformant(mark);
    }

    /** Groups: the tree, create, read, update (move), delete, with a static token. */
    @Test
    @Order(3)
    void groups() throws Exception {
        int mark = mark();
        String groups = R + "groups";
        JsonNode page = json(expect(200, null, raw.get(groups + "?limit=2").bearer(staticToken).send()));
        expect(200, null, raw.get(groups + "?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(staticToken).send());
        String root = page.path("items").path(0).path("id").asText();
        expect(200, null, raw.get(groups + "?parent_id=" + root + "&q=" + enc("部")).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(groups + "?limit=201").bearer(staticToken).send()));

        String code = unique("CG");
        String body = "{\"code\":\"" + code + "\",\"name\":\"適合テスト部\",\"sort_order\":10}";
        String key = "conformance-" + UUID.randomUUID();
        HttpResponse<String> created = expect(201, null, raw.post(groups).bearer(staticToken).idempotencyKey(key).json(body).send());
        String parent = json(created).path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(groups + "/" + parent), created.headers()::toString);
        assertEquals(parent, json(expect(201, null, raw.post(groups).bearer(staticToken).idempotencyKey(key).json(body).send())).path("id").asText());
        expect(422, "idempotency-key-reused", raw.post(groups).bearer(staticToken).idempotencyKey(key)
                .json(body.replace("適合テスト部", "別の部")).send());
        expect(409, "already-exists", raw.post(groups).bearer(staticToken).json(body).send());
        expect(400, "validation-failed", raw.post(groups).bearer(staticToken).json("{\"name\":\"迷子\",\"parent_id\":\"" + UUID.randomUUID() + "\"}").send());
        bad("name missing", () -> expect(400, "validation-failed", raw.post(groups).bearer(staticToken).json("{\"sort_order\":1}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(groups).bearer(staticToken).body("text/plain", "x").send()));
        String child = json(expect(201, null, raw.post(groups).bearer(staticToken)
                .json("{\"name\":\"適合テスト課\",\"parent_id\":\"" + parent + "\"}").send())).path("id").asText();
        String otherCode = unique("CG");
        String other = json(expect(201, null, raw.post(groups).bearer(staticToken)
                .json("{\"code\":\"" + otherCode + "\",\"name\":\"適合テスト室\"}").send())).path("id").asText();

        String path = groups + "/" + parent;
        String etag = etag(expect(200, null, raw.get(path).bearer(staticToken).send()));
        expect(404, "not-found", raw.get(groups + "/" + UUID.randomUUID()).bearer(staticToken).send());
        bad("group ID not a UUID", () -> expect(400, "malformed-request", raw.get(groups + "/not-a-uuid").bearer(staticToken).send()));

        String current = etag(expect(200, null, raw.patch(path).bearer(staticToken).ifMatch(etag).json("{\"name\":\"適合テスト本部\",\"sort_order\":11}").send()));
        expect(412, "precondition-failed", raw.patch(path).bearer(staticToken).ifMatch(etag).json("{\"name\":\"古い版\"}").send());
        expect(409, "already-exists", raw.patch(path).bearer(staticToken).json("{\"code\":\"" + otherCode + "\"}").send());
        // "A group cannot move below itself or one of its own descendants (400)."
        expect(400, "validation-failed", raw.patch(path).bearer(staticToken).json("{\"parent_id\":\"" + child + "\"}").send());
        expect(404, "not-found", raw.patch(groups + "/" + UUID.randomUUID()).bearer(staticToken).json("{\"name\":\"無い\"}").send());
        bad("sort order below 0", () -> expect(400, "validation-failed", raw.patch(path).bearer(staticToken).json("{\"sort_order\":-1}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path).bearer(staticToken).body("text/plain", "x").send()));

        expect(409, "resource-in-use", raw.delete(path).bearer(staticToken).send());
        expect(412, "precondition-failed", raw.delete(path).bearer(staticToken).ifMatch(etag).send());
        expect(204, null, raw.delete(groups + "/" + child).bearer(staticToken).send());
        expect(204, null, raw.delete(path).bearer(staticToken).ifMatch(current).send());
        expect(204, null, raw.delete(groups + "/" + other).bearer(staticToken).send());
        expect(404, "not-found", raw.delete(path).bearer(staticToken).send());
        bad("group ID not a UUID", () -> expect(400, "malformed-request", raw.delete(groups + "/not-a-uuid").bearer(staticToken).send()));

        sample("listGroups", "GET", groups, null);
        sample("createGroup", "POST", groups, "{\"name\":\"見本\"}");
        sample("getGroup", "GET", groups + "/" + UUID.randomUUID(), null);
        sample("updateGroup", "PATCH", groups + "/" + UUID.randomUUID(), "{\"name\":\"見本\"}");
        sample("deleteGroup", "DELETE", groups + "/" + UUID.randomUUID(), null);
        assertConformant(mark);
    }

    /** Users and their group memberships, with an OAuth access token. */
    @Test
    @Order(4)
    void usersAndMemberships() throws Exception {
        int mark = mark();
        String users = R + "users";
        JsonNode page = json(expect(200, null, raw.get(users + "?limit=2").bearer(field).send()));
        expect(200, null, raw.get(users + "?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(field).send());
        String someGroup = json(expect(200, null, raw.get(R + "groups?limit=1").bearer(field).send())).path("items").path(0).path("id").asText();
        expect(200, null, raw.get(users + "?group_id=" + someGroup + "&active=true&q=" + enc("田")
                + "&updated_since=" + enc("2020-01-01T00:00:00Z")).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(users + "?limit=201").bearer(field).send()));
        // A query parameter of the wrong type is malformed-request (common.yaml's problem types).
        bad("active neither true nor false", () -> expect(400, "malformed-request", raw.get(users + "?active=yes").bearer(field).send()));

        String code = unique("CU");
        String body = user(code, "適合 太郎");
        String key = "conformance-" + UUID.randomUUID();
        HttpResponse<String> created = expect(201, null, raw.post(users).bearer(field).idempotencyKey(key).json(body).send());
        String userId = json(created).path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(users + "/" + userId), created.headers()::toString);
        assertEquals(userId, json(expect(201, null, raw.post(users).bearer(field).idempotencyKey(key).json(body).send())).path("id").asText());
        expect(422, "idempotency-key-reused", raw.post(users).bearer(field).idempotencyKey(key).json(user(code, "適合 次郎")).send());
        expect(409, "already-exists", raw.post(users).bearer(field).json(body).send());
        bad("name missing", () -> expect(400, "validation-failed", raw.post(users).bearer(field).json("{\"employee_code\":\"X1\"}").send()));
        // "validation-failed: the body or a parameter breaks a rule (range, pattern, length, unknown enum value...)".
        bad("role unknown", () -> expect(400, "validation-failed", raw.post(users).bearer(field).json("{\"name\":\"役割不明\",\"role\":\"boss\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(users).bearer(field).body("text/plain", "x").send()));
        String otherCode = unique("CU");
        String otherId = json(expect(201, null, raw.post(users).bearer(field).json(user(otherCode, "適合 花子")).send())).path("id").asText();

        String path = users + "/" + userId;
        String etag = etag(expect(200, null, raw.get(path).bearer(field).send()));
        expect(404, "not-found", raw.get(users + "/" + UUID.randomUUID()).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.get(users + "/not-a-uuid").bearer(field).send()));

        String current = etag(expect(200, null, raw.patch(path).bearer(field).ifMatch(etag).json("{\"name_kana\":\"テキゴウ タロウ\",\"role\":\"manager\"}").send()));
        expect(412, "precondition-failed", raw.patch(path).bearer(field).ifMatch(etag).json("{\"name\":\"古い版\"}").send());
        expect(409, "already-exists", raw.patch(path).bearer(field).json("{\"employee_code\":\"" + otherCode + "\"}").send());
        expect(404, "not-found", raw.patch(users + "/" + UUID.randomUUID()).bearer(field).json("{\"name\":\"無い\"}").send());
        bad("role unknown", () -> expect(400, "validation-failed", raw.patch(path).bearer(field).json("{\"role\":\"boss\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path).bearer(field).body("text/plain", "x").send()));

        // Memberships, in two new groups.
        String groupA = json(expect(201, null, raw.post(R + "groups").bearer(field).json("{\"name\":\"所属テストA\"}").send())).path("id").asText();
        String groupB = json(expect(201, null, raw.post(R + "groups").bearer(field).json("{\"name\":\"所属テストB\"}").send())).path("id").asText();
        String memberships = R + "user-memberships";
        String inA = membership(userId, groupA, true);
        String mkey = "conformance-" + UUID.randomUUID();
        HttpResponse<String> joined = expect(201, null, raw.post(memberships).bearer(field).idempotencyKey(mkey).json(inA).send());
        String membershipA = json(joined).path("id").asText();
        String joinedTag = etag(joined);
        expect(201, null, raw.post(memberships).bearer(field).idempotencyKey(mkey).json(inA).send());
        expect(422, "idempotency-key-reused", raw.post(memberships).bearer(field).idempotencyKey(mkey).json(membership(userId, groupB, true)).send());
        expect(409, "already-exists", raw.post(memberships).bearer(field).json(inA).send());
        expect(400, "validation-failed", raw.post(memberships).bearer(field).json(membership(userId, UUID.randomUUID().toString(), false)).send());
        bad("group ID missing", () -> expect(400, "validation-failed", raw.post(memberships).bearer(field)
                .json("{\"user_id\":\"" + userId + "\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(memberships).bearer(field).body("text/plain", "x").send()));
        HttpResponse<String> joinedB = expect(201, null, raw.post(memberships).bearer(field).json(membership(userId, groupB, false)).send());
        String membershipB = json(joinedB).path("id").asText();

        String pathA = memberships + "/" + membershipA;
        String currentA = etag(expect(200, null, raw.patch(pathA).bearer(field).ifMatch(joinedTag).json("{\"position\":\"主任\"}").send()));
        expect(412, "precondition-failed", raw.patch(pathA).bearer(field).ifMatch(joinedTag).json("{\"position\":\"係長\"}").send());
        expect(409, "already-exists", raw.patch(memberships + "/" + membershipB).bearer(field).json("{\"group_id\":\"" + groupA + "\"}").send());
        expect(404, "not-found", raw.patch(memberships + "/" + UUID.randomUUID()).bearer(field).json("{\"position\":\"主任\"}").send());
        bad("position longer than 50", () -> expect(400, "validation-failed", raw.patch(pathA).bearer(field)
                .json("{\"position\":\"" + "x".repeat(51) + "\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(pathA).bearer(field).body("text/plain", "x").send()));
        bad("membership ID not a UUID", () -> expect(400, "malformed-request", raw.patch(memberships + "/not-a-uuid").bearer(field)
                .json("{\"position\":\"主任\"}").send()));
        assertEquals(2, json(expect(200, null, raw.get(path).bearer(field).send())).path("memberships").size());

        expect(412, "precondition-failed", raw.delete(pathA).bearer(field).ifMatch(joinedTag).send());
        expect(204, null, raw.delete(pathA).bearer(field).ifMatch(currentA).send());
        expect(404, "not-found", raw.delete(pathA).bearer(field).send());
        bad("membership ID not a UUID", () -> expect(400, "malformed-request", raw.delete(memberships + "/not-a-uuid").bearer(field).send()));
        // A group with a member is in use; so is a user in charge of a spot.
        expect(409, "resource-in-use", raw.delete(R + "groups/" + groupB).bearer(field).send());

        String aSpot = json(expect(200, null, raw.get(R + "spots?limit=1").bearer(field).send())).path("items").path(0).path("id").asText();
        expect(201, null, raw.post(R + "spots/" + aSpot + "/staff").bearer(field).json("{\"user_id\":\"" + otherId + "\",\"role\":\"sub\"}").send());
        expect(409, "resource-in-use", raw.delete(users + "/" + otherId).bearer(field).send());
        expect(204, null, raw.delete(R + "spots/" + aSpot + "/staff/" + otherId).bearer(field).send());
        expect(412, "precondition-failed", raw.delete(users + "/" + otherId).bearer(field).ifMatch(STALE).send());
        expect(204, null, raw.delete(users + "/" + otherId).bearer(field).send());
        String latest = etag(expect(200, null, raw.get(path).bearer(field).send()));
        expect(204, null, raw.delete(path).bearer(field).ifMatch(latest).send());
        expect(404, "not-found", raw.delete(path).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.delete(users + "/not-a-uuid").bearer(field).send()));
        expect(204, null, raw.delete(R + "groups/" + groupA).bearer(field).send());
        expect(204, null, raw.delete(R + "groups/" + groupB).bearer(field).send());

        sample("listUsers", "GET", users, null);
        sample("createUser", "POST", users, "{\"name\":\"見本\"}");
        sample("getUser", "GET", users + "/" + UUID.randomUUID(), null);
        sample("updateUser", "PATCH", users + "/" + UUID.randomUUID(), "{\"name\":\"見本\"}");
        sample("deleteUser", "DELETE", users + "/" + UUID.randomUUID(), null);
        sample("createUserMembership", "POST", memberships, membership(UUID.randomUUID().toString(), UUID.randomUUID().toString(), false));
        sample("updateUserMembership", "PATCH", memberships + "/" + UUID.randomUUID(), "{\"position\":\"主任\"}");
        sample("deleteUserMembership", "DELETE", memberships + "/" + UUID.randomUUID(), null);
        assertConformant(mark);
    }

    /** Statuses and action types, read only. */
    @Test
    @Order(5)
    void statusesAndActionTypes() throws Exception {
        int mark = mark();
        JsonNode types = json(expect(200, null, raw.get(R + "action-types?limit=2").bearer(field).send()));
        expect(200, null, raw.get(R + "action-types?limit=2&cursor=" + enc(types.path("next_cursor").asText())).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "action-types?limit=201").bearer(field).send()));
        String typeId = types.path("items").path(0).path("id").asText();
        expect(200, null, raw.get(R + "action-types/" + typeId).bearer(staticToken).send());
        expect(404, "not-found", raw.get(R + "action-types/" + UUID.randomUUID()).bearer(field).send());
        bad("action type ID not a UUID", () -> expect(400, "malformed-request", raw.get(R + "action-types/not-a-uuid").bearer(field).send()));

        JsonNode statuses = json(expect(200, null, raw.get(R + "statuses?limit=200").bearer(field).send()));
        expect(200, null, raw.get(R + "statuses?action_type_id=" + typeId).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "statuses?limit=201").bearer(field).send()));
        String statusId = statuses.path("items").path(0).path("id").asText();
        expect(200, null, raw.get(R + "statuses/" + statusId).bearer(field).send());
        expect(404, "not-found", raw.get(R + "statuses/" + UUID.randomUUID()).bearer(field).send());
        bad("status ID not a UUID", () -> expect(400, "malformed-request", raw.get(R + "statuses/not-a-uuid").bearer(field).send()));

        sample("listStatuses", "GET", R + "statuses", null);
        sample("getStatus", "GET", R + "statuses/" + statusId, null);
        sample("listActionTypes", "GET", R + "action-types", null);
        sample("getActionType", "GET", R + "action-types/" + typeId, null);
        assertConformant(mark);
    }

    /** Report definitions and reports, read only. */
    @Test
    @Order(6)
    void reports() throws Exception {
        int mark = mark();
        JsonNode definitions = json(expect(200, null, raw.get(R + "report-definitions?limit=1").bearer(field).send()));
        expect(200, null, raw.get(R + "report-definitions?active=true&limit=200").bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "report-definitions?limit=201").bearer(field).send()));
        String definitionId = definitions.path("items").path(0).path("id").asText();
        expect(200, null, raw.get(R + "report-definitions/" + definitionId).bearer(field).send());
        expect(404, "not-found", raw.get(R + "report-definitions/" + UUID.randomUUID()).bearer(field).send());
        bad("definition ID not a UUID", () -> expect(400, "malformed-request", raw.get(R + "report-definitions/not-a-uuid").bearer(field).send()));

        JsonNode reports = json(expect(200, null, raw.get(R + "reports?limit=2").bearer(field).send()));
        expect(200, null, raw.get(R + "reports?limit=2&cursor=" + enc(reports.path("next_cursor").asText())).bearer(field).send());
        JsonNode report = reports.path("items").path(0);
        expect(200, null, raw.get(R + "reports?definition_id=" + report.path("definition_id").asText() + "&user_id="
                + report.path("user_id").asText() + "&submitted_from=" + enc("2000-01-01T00:00:00+09:00")
                + "&submitted_to=" + enc("2100-01-01T00:00:00+09:00")).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "reports?limit=201").bearer(field).send()));
        String reportId = report.path("id").asText();
        expect(200, null, raw.get(R + "reports/" + reportId).bearer(field).send());
        expect(404, "not-found", raw.get(R + "reports/" + UUID.randomUUID()).bearer(field).send());
        bad("report ID not a UUID", () -> expect(400, "malformed-request", raw.get(R + "reports/not-a-uuid").bearer(field).send()));

        sample("listReportDefinitions", "GET", R + "report-definitions", null);
        sample("getReportDefinition", "GET", R + "report-definitions/" + definitionId, null);
        sample("listReports", "GET", R + "reports", null);
        sample("getReport", "GET", R + "reports/" + reportId, null);
        assertConformant(mark);
    }

    /** Image metadata and the image bytes, with conditional GET. */
    @Test
    @Order(7)
    void images() throws Exception {
        int mark = mark();
        JsonNode page = json(expect(200, null, raw.get(R + "images?limit=2").bearer(field).send()));
        expect(200, null, raw.get(R + "images?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(R + "images?limit=201").bearer(field).send()));
        JsonNode image = page.path("items").path(0);
        String path = R + "images/" + image.path("id").asText();
        HttpResponse<String> bytes = expect(200, null, raw.get(path).bearer(field).accept("image/jpeg, image/png").send());
        assertEquals(image.path("content_type").asText(), bytes.headers().firstValue("Content-Type").orElse(""));
        String etag = etag(bytes);
        expect(304, null, raw.get(path).bearer(field).accept("image/jpeg, image/png").header("If-None-Match", etag).send());
        expect(404, "not-found", raw.get(R + "images/" + UUID.randomUUID()).bearer(field).accept("image/jpeg, image/png, application/problem+json").send());
        bad("image ID not a UUID", () -> expect(400, "malformed-request", raw.get(R + "images/not-a-uuid").bearer(field)
                .accept("image/jpeg, image/png, application/problem+json").send()));

        sample("listImages", "GET", R + "images", null);
        samples.add(new Sample("downloadImage", "GET", path, null, "image/jpeg, image/png, application/problem+json"));
        assertConformant(mark);
    }

    /** Spot photos and their metadata, with a static token. */
    @Test
    @Order(8)
    void spotPhotos() throws Exception {
        int mark = mark();
        String photos = R + "spot-photos";
        JsonNode page = json(expect(200, null, raw.get(photos + "?limit=2").bearer(staticToken).send()));
        expect(200, null, raw.get(photos + "?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(staticToken).send());
        JsonNode photo = page.path("items").path(0);
        expect(200, null, raw.get(photos + "?spot_id=" + photo.path("spot_id").asText()).bearer(staticToken).send());
        String photoTag = json(expect(200, null, raw.get(R + "spot-photo-tags?limit=1").bearer(staticToken).send()))
                .path("items").path(0).path("id").asText();
        expect(200, null, raw.get(photos + "?tag_id=" + photoTag).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(photos + "?limit=201").bearer(staticToken).send()));

        String path = photos + "/" + photo.path("id").asText();
        String etag = etag(expect(200, null, raw.get(path).bearer(staticToken).send()));
        expect(404, "not-found", raw.get(photos + "/" + UUID.randomUUID()).bearer(staticToken).send());
        bad("photo ID not a UUID", () -> expect(400, "malformed-request", raw.get(photos + "/not-a-uuid").bearer(staticToken).send()));

        String metadata = path + "/metadata";
        assertEquals(etag, etag(expect(200, null, raw.get(metadata).bearer(staticToken).send())), "the metadata shares the photo's ETag");
        expect(404, "not-found", raw.get(photos + "/" + UUID.randomUUID() + "/metadata").bearer(staticToken).send());
        bad("photo ID not a UUID", () -> expect(400, "malformed-request", raw.get(photos + "/not-a-uuid/metadata").bearer(staticToken).send()));
        String update = "{\"caption\":\"適合テスト\",\"direction\":\"NE\",\"note\":\"北東から\",\"custom\":{\"weather\":\"晴れ\"}}";
        String current = etag(expect(200, null, raw.patch(metadata).bearer(staticToken).ifMatch(etag).json(update).send()));
        expect(412, "precondition-failed", raw.patch(metadata).bearer(staticToken).ifMatch(etag).json(update).send());
        expect(404, "not-found", raw.patch(photos + "/" + UUID.randomUUID() + "/metadata").bearer(staticToken).json(update).send());
        bad("direction unknown", () -> expect(400, "validation-failed", raw.patch(metadata).bearer(staticToken).json("{\"direction\":\"UP\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(metadata).bearer(staticToken).body("text/plain", "x").send()));

        expect(412, "precondition-failed", raw.delete(path).bearer(staticToken).ifMatch(etag).send());
        expect(204, null, raw.delete(path).bearer(staticToken).ifMatch(current).send());
        expect(404, "not-found", raw.delete(path).bearer(staticToken).send());
        bad("photo ID not a UUID", () -> expect(400, "malformed-request", raw.delete(photos + "/not-a-uuid").bearer(staticToken).send()));

        String other = page.path("items").path(1).path("id").asText();
        sample("listSpotPhotos", "GET", photos, null);
        sample("getSpotPhoto", "GET", photos + "/" + other, null);
        sample("deleteSpotPhoto", "DELETE", photos + "/" + UUID.randomUUID(), null);
        sample("getSpotPhotoMetadata", "GET", photos + "/" + other + "/metadata", null);
        sample("updateSpotPhotoMetadata", "PATCH", photos + "/" + UUID.randomUUID() + "/metadata", "{\"caption\":\"見本\"}");
        assertConformant(mark);
    }

    /** The tags photos carry: read and delete. */
    @Test
    @Order(9)
    void spotPhotoTags() throws Exception {
        int mark = mark();
        String tags = R + "spot-photo-tags";
        JsonNode page = json(expect(200, null, raw.get(tags + "?limit=1").bearer(field).send()));
        expect(200, null, raw.get(tags + "?limit=1&cursor=" + enc(page.path("next_cursor").asText())).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(tags + "?limit=201").bearer(field).send()));
        String path = tags + "/" + page.path("items").path(0).path("id").asText();
        String etag = etag(expect(200, null, raw.get(path).bearer(field).send()));
        expect(404, "not-found", raw.get(tags + "/" + UUID.randomUUID()).bearer(field).send());
        bad("photo tag ID not a UUID", () -> expect(400, "malformed-request", raw.get(tags + "/not-a-uuid").bearer(field).send()));
        expect(412, "precondition-failed", raw.delete(path).bearer(field).ifMatch(STALE).send());
        expect(204, null, raw.delete(path).bearer(field).ifMatch(etag).send());
        expect(404, "not-found", raw.delete(path).bearer(field).send());
        bad("photo tag ID not a UUID", () -> expect(400, "malformed-request", raw.delete(tags + "/not-a-uuid").bearer(field).send()));

        sample("listSpotPhotoTags", "GET", tags, null);
        sample("getSpotPhotoTag", "GET", tags + "/" + UUID.randomUUID(), null);
        sample("deleteSpotPhotoTag", "DELETE", tags + "/" + UUID.randomUUID(), null);
        assertConformant(mark);
    }

    /** Sorting structures and their nodes. */
    @Test
    @Order(10)
    void spotSorting() throws Exception {
        int mark = mark();
        String definitions = R + "spot-sorting-definitions";
        JsonNode defs = json(expect(200, null, raw.get(definitions + "?limit=1").bearer(field).send()));
        expect(200, null, raw.get(definitions + "?limit=1&cursor=" + enc(defs.path("next_cursor").asText())).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(definitions + "?limit=201").bearer(field).send()));
        String definitionId = defs.path("items").path(0).path("id").asText();
        expect(200, null, raw.get(definitions + "/" + definitionId).bearer(staticToken).send());
        expect(404, "not-found", raw.get(definitions + "/" + UUID.randomUUID()).bearer(field).send());
        bad("definition ID not a UUID", () -> expect(400, "malformed-request", raw.get(definitions + "/not-a-uuid").bearer(field).send()));

        String nodes = R + "spot-sorting-nodes";
        JsonNode all = json(expect(200, null, raw.get(nodes + "?definition_id=" + definitionId + "&limit=200").bearer(field).send()));
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(nodes + "?limit=201").bearer(field).send()));
        // Two siblings below one parent: one of them cannot take the other's name.
        JsonNode first = null;
        JsonNode sibling = null;
        Map<String, JsonNode> byParent = new LinkedHashMap<>();
        for (JsonNode node : all.path("items")) {
            String parent = node.path("parent_id").asText("");
            if (byParent.containsKey(parent)) {
                first = byParent.get(parent);
                sibling = node;
                break;
            }
            byParent.put(parent, node);
        }
        assertTrue(first != null, all::toString);
        String parentId = first.path("parent_id").asText("");
        expect(200, null, raw.get(nodes + (parentId.isEmpty() ? "?definition_id=" + definitionId : "?parent_id=" + parentId)).bearer(field).send());
        JsonNode assigned = null;
        for (JsonNode node : all.path("items")) {
            if (!node.path("spot_ids").isEmpty()) {
                assigned = node;
                break;
            }
        }
        if (assigned != null) {
            expect(200, null, raw.get(nodes + "?spot_id=" + assigned.path("spot_ids").path(0).asText()).bearer(staticToken).send());
        }
        String path = nodes + "/" + first.path("id").asText();
        String etag = etag(expect(200, null, raw.get(path).bearer(field).send()));
        expect(404, "not-found", raw.get(nodes + "/" + UUID.randomUUID()).bearer(field).send());
        bad("node ID not a UUID", () -> expect(400, "malformed-request", raw.get(nodes + "/not-a-uuid").bearer(field).send()));

        String rename = "{\"name\":\"" + first.path("name").asText() + "（適合）\",\"sort_order\":" + first.path("sort_order").asInt() + "}";
        String current = etag(expect(200, null, raw.patch(path).bearer(field).ifMatch(etag).json(rename).send()));
        assertNotEquals(etag, current);
        expect(412, "precondition-failed", raw.patch(path).bearer(field).ifMatch(etag).json(rename).send());
        expect(409, "already-exists", raw.patch(path).bearer(field).ifMatch(current)
                .json("{\"name\":" + JSON.writeValueAsString(sibling.path("name").asText()) + "}").send());
        expect(404, "not-found", raw.patch(nodes + "/" + UUID.randomUUID()).bearer(field).json(rename).send());
        bad("name empty", () -> expect(400, "validation-failed", raw.patch(path).bearer(field).json("{\"name\":\"\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path).bearer(field).body("text/plain", "x").send()));

        sample("listSpotSortingDefinitions", "GET", definitions, null);
        sample("getSpotSortingDefinition", "GET", definitions + "/" + definitionId, null);
        sample("listSpotSortingNodes", "GET", nodes, null);
        sample("getSpotSortingNode", "GET", path, null);
        sample("updateSpotSortingNode", "PATCH", nodes + "/" + UUID.randomUUID(), "{\"sort_order\":1}");
        assertConformant(mark);
    }

    /** The two bank inquiries, with shikuan01's access token for its consented accounts. */
    @Test
    @Order(11)
    void bankInquiries() throws Exception {
        int mark = mark();
        String accounts = R + "bank/accounts";
        JsonNode page = json(expect(200, null, raw.get(accounts).bearer(bank).send()));
        assertEquals(4, page.path("items").size(), page::toString);
        JsonNode one = json(expect(200, null, raw.get(accounts + "?limit=1").bearer(bank).send()));
        expect(200, null, raw.get(accounts + "?limit=1&cursor=" + enc(one.path("next_cursor").asText())).bearer(bank).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(accounts + "?limit=201").bearer(bank).send()));

        String accountId = page.path("items").path(0).path("id").asText();
        String path = accounts + "/" + accountId;
        expect(200, null, raw.get(path).bearer(bank).send());
        expect(404, "not-found", raw.get(accounts + "/" + UUID.randomUUID()).bearer(bank).send());
        bad("account ID not a UUID", () -> expect(400, "malformed-request", raw.get(accounts + "/2000002").bearer(bank).send()));

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        JsonNode newest = json(expect(200, null, raw.get(path + "/transactions?limit=2").bearer(bank).send()));
        expect(200, null, raw.get(path + "/transactions?limit=2&cursor=" + enc(newest.path("next_cursor").asText())).bearer(bank).send());
        expect(200, null, raw.get(path + "/transactions?from=" + today.minusMonths(6) + "&to=" + today + "&order=oldest_first&limit=200")
                .bearer(bank).send());
        // "A range longer than one year, or from after to, is refused with 400 validation-failed" (well-formed).
        expect(400, "validation-failed", raw.get(path + "/transactions?from=" + today + "&to=" + today.minusDays(1)).bearer(bank).send());
        expect(400, "validation-failed", raw.get(path + "/transactions?from=" + today.minusYears(2) + "&to=" + today).bearer(bank).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(path + "/transactions?limit=201").bearer(bank).send()));
        bad("order unknown", () -> expect(400, "validation-failed", raw.get(path + "/transactions?order=random").bearer(bank).send()));
        expect(404, "not-found", raw.get(accounts + "/" + UUID.randomUUID() + "/transactions").bearer(bank).send());

        sample("listBankAccounts", "GET", accounts, null);
        sample("getBankAccount", "GET", path, null);
        sample("listBankTransactions", "GET", path + "/transactions", null);
        assertConformant(mark);
    }

    /** The stamp history, recorded and latest positions, and transportation expenses: read only. */
    @Test
    @Order(12)
    void stampsPositionsAndExpenses() throws Exception {
        int mark = mark();
        String stamps = R + "stamps";
        JsonNode page = json(expect(200, null, raw.get(stamps + "?limit=2").bearer(staticToken).send()));
        expect(200, null, raw.get(stamps + "?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(staticToken).send());
        JsonNode stamp = page.path("items").path(0);
        // Instant prints its seconds even when they are zero; OffsetDateTime drops them, which is not RFC 3339.
        java.time.Instant now = java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String since = enc(now.minus(java.time.Duration.ofDays(60)).toString());
        String until = enc(now.plus(java.time.Duration.ofDays(1)).toString());
        expect(200, null, raw.get(stamps + "?from=" + since + "&to=" + until + "&user_id=" + stamp.path("user_id").asText()
                + "&status_id=" + stamp.path("status_id").asText() + "&limit=200").bearer(field).send());
        if (stamp.has("spot_id")) {
            expect(200, null, raw.get(stamps + "?spot_id=" + stamp.path("spot_id").asText()).bearer(field).send());
        }
        // "from must be before to" (well-formed).
        expect(400, "validation-failed", raw.get(stamps + "?from=" + until + "&to=" + since).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(stamps + "?limit=201").bearer(staticToken).send()));
        String stampId = stamp.path("id").asText();
        expect(200, null, raw.get(stamps + "/" + stampId).bearer(staticToken).send());
        expect(404, "not-found", raw.get(stamps + "/" + UUID.randomUUID()).bearer(staticToken).send());
        bad("stamp ID not a UUID", () -> expect(400, "malformed-request", raw.get(stamps + "/not-a-uuid").bearer(staticToken).send()));

        String positions = R + "positions";
        JsonNode recorded = json(expect(200, null, raw.get(positions + "?limit=2").bearer(field).send()));
        expect(200, null, raw.get(positions + "?limit=2&cursor=" + enc(recorded.path("next_cursor").asText())).bearer(field).send());
        expect(200, null, raw.get(positions + "?from=" + since + "&to=" + until + "&user_id="
                + recorded.path("items").path(0).path("user_id").asText()).bearer(staticToken).send());
        expect(400, "validation-failed", raw.get(positions + "?from=" + until + "&to=" + since).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(positions + "?limit=201").bearer(field).send()));

        String latest = R + "latest-positions";
        JsonNode latestPage = json(expect(200, null, raw.get(latest + "?limit=2").bearer(field).send()));
        expect(200, null, raw.get(latest + "?limit=2&cursor=" + enc(latestPage.path("next_cursor").asText())).bearer(field).send());
        String seen = latestPage.path("items").path(0).path("user_id").asText();
        String someGroup = json(expect(200, null, raw.get(R + "groups?limit=1").bearer(field).send())).path("items").path(0).path("id").asText();
        expect(200, null, raw.get(latest + "?group_id=" + someGroup).bearer(staticToken).send());
        expect(200, null, raw.get(latest + "?user_id=" + seen).bearer(staticToken).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(latest + "?limit=201").bearer(field).send()));
        expect(200, null, raw.get(latest + "/" + seen).bearer(field).send());
        expect(404, "not-found", raw.get(latest + "/" + UUID.randomUUID()).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.get(latest + "/not-a-uuid").bearer(field).send()));

        String expenses = R + "transportation-expenses";
        JsonNode expensePage = json(expect(200, null, raw.get(expenses + "?limit=2").bearer(staticToken).send()));
        expect(200, null, raw.get(expenses + "?limit=2&cursor=" + enc(expensePage.path("next_cursor").asText())).bearer(staticToken).send());
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        JsonNode expense = expensePage.path("items").path(0);
        expect(200, null, raw.get(expenses + "?from=" + today.minusDays(60) + "&to=" + today + "&user_id="
                + expense.path("user_id").asText()).bearer(field).send());
        // "from must not be after to" (well-formed).
        expect(400, "validation-failed", raw.get(expenses + "?from=" + today + "&to=" + today.minusDays(1)).bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(expenses + "?limit=201").bearer(field).send()));
        String expenseId = expense.path("id").asText();
        expect(200, null, raw.get(expenses + "/" + expenseId).bearer(field).send());
        expect(404, "not-found", raw.get(expenses + "/" + UUID.randomUUID()).bearer(field).send());
        bad("expense ID not a UUID", () -> expect(400, "malformed-request", raw.get(expenses + "/not-a-uuid").bearer(field).send()));

        sample("listStamps", "GET", stamps, null);
        sample("getStamp", "GET", stamps + "/" + stampId, null);
        sample("listRecordedPositions", "GET", positions, null);
        sample("listLatestPositions", "GET", latest, null);
        sample("getLatestPosition", "GET", latest + "/" + seen, null);
        sample("listTransportationExpenses", "GET", expenses, null);
        sample("getTransportationExpense", "GET", expenses + "/" + expenseId, null);
        assertConformant(mark);
    }

    /** Schedules and their members, with an OAuth access token. */
    @Test
    @Order(13)
    void schedulesAndMembers() throws Exception {
        int mark = mark();
        String schedules = R + "schedules";
        JsonNode page = json(expect(200, null, raw.get(schedules + "?limit=2").bearer(field).send()));
        expect(200, null, raw.get(schedules + "?limit=2&cursor=" + enc(page.path("next_cursor").asText())).bearer(field).send());
        String from = "2030-01-06T09:00:00+09:00";
        String to = "2030-01-06T10:00:00+09:00";
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(schedules + "?limit=201").bearer(field).send()));
        // "from must be before to" (well-formed).
        expect(400, "validation-failed", raw.get(schedules + "?from=" + enc(to) + "&to=" + enc(from)).bearer(field).send());

        JsonNode users = json(expect(200, null, raw.get(R + "users?active=true&limit=3").bearer(field).send())).path("items");
        String organizer = users.path(0).path("id").asText();
        String participant = users.path(1).path("id").asText();
        String guest = users.path(2).path("id").asText();
        String spotId = json(expect(200, null, raw.get(R + "spots?limit=1").bearer(field).send())).path("items").path(0).path("id").asText();
        String body = "{\"title\":\"適合テスト商談\",\"starts_at\":\"" + from + "\",\"ends_at\":\"" + to + "\",\"spot_id\":\"" + spotId
                + "\",\"note\":\"持参物なし\",\"members\":[{\"user_id\":\"" + organizer + "\",\"role\":\"organizer\",\"attendance\":\"accepted\"},"
                + "{\"user_id\":\"" + participant + "\"}]}";
        String key = "conformance-" + UUID.randomUUID();
        HttpResponse<String> created = expect(201, null, raw.post(schedules).bearer(field).idempotencyKey(key).json(body).send());
        String scheduleId = json(created).path("id").asText();
        String createdTag = etag(created);
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith(schedules + "/" + scheduleId), created.headers()::toString);
        assertEquals(scheduleId, json(expect(201, null, raw.post(schedules).bearer(field).idempotencyKey(key).json(body).send())).path("id").asText());
        expect(422, "idempotency-key-reused", raw.post(schedules).bearer(field).idempotencyKey(key)
                .json(body.replace("適合テスト商談", "別の商談")).send());
        // "ends_at must be after starts_at" (well-formed).
        expect(400, "validation-failed", raw.post(schedules).bearer(field).json("{\"title\":\"逆転\",\"starts_at\":\"" + to
                + "\",\"ends_at\":\"" + from + "\"}").send());
        expect(400, "validation-failed", raw.post(schedules).bearer(field).json("{\"title\":\"迷子\",\"starts_at\":\"" + from
                + "\",\"ends_at\":\"" + to + "\",\"spot_id\":\"" + UUID.randomUUID() + "\"}").send());
        bad("title missing", () -> expect(400, "validation-failed", raw.post(schedules).bearer(field)
                .json("{\"starts_at\":\"" + from + "\",\"ends_at\":\"" + to + "\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(schedules).bearer(field).body("text/plain", "x").send()));
        expect(200, null, raw.get(schedules + "?from=" + enc(from) + "&to=" + enc(to) + "&user_id=" + organizer + "&spot_id=" + spotId
                + "&updated_since=" + enc("2020-01-01T00:00:00Z")).bearer(staticToken).send());

        String path = schedules + "/" + scheduleId;
        assertEquals(createdTag, etag(expect(200, null, raw.get(path).bearer(field).send())));
        expect(404, "not-found", raw.get(schedules + "/" + UUID.randomUUID()).bearer(field).send());
        bad("schedule ID not a UUID", () -> expect(400, "malformed-request", raw.get(schedules + "/not-a-uuid").bearer(field).send()));

        String current = etag(expect(200, null, raw.patch(path).bearer(field).ifMatch(createdTag)
                .json("{\"title\":\"適合テスト商談（変更）\",\"all_day\":false}").send()));
        expect(412, "precondition-failed", raw.patch(path).bearer(field).ifMatch(createdTag).json("{\"title\":\"古い版\"}").send());
        expect(404, "not-found", raw.patch(schedules + "/" + UUID.randomUUID()).bearer(field).json("{\"title\":\"無い\"}").send());
        bad("title empty", () -> expect(400, "validation-failed", raw.patch(path).bearer(field).json("{\"title\":\"\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(path).bearer(field).body("text/plain", "x").send()));

        // Members: list, add, get, update, remove.
        String members = path + "/members";
        JsonNode memberPage = json(expect(200, null, raw.get(members + "?limit=1").bearer(field).send()));
        expect(200, null, raw.get(members + "?limit=1&cursor=" + enc(memberPage.path("next_cursor").asText())).bearer(field).send());
        expect(404, "not-found", raw.get(schedules + "/" + UUID.randomUUID() + "/members").bearer(field).send());
        bad("limit above 200", () -> expect(400, "validation-failed", raw.get(members + "?limit=201").bearer(field).send()));
        String add = "{\"user_id\":\"" + guest + "\",\"role\":\"participant\",\"attendance\":\"tentative\"}";
        HttpResponse<String> added = expect(201, null, raw.post(members).bearer(field).json(add).send());
        assertEquals(guest, json(added).path("user_id").asText());
        expect(409, "already-exists", raw.post(members).bearer(field).json(add).send());
        expect(400, "validation-failed", raw.post(members).bearer(field).json("{\"user_id\":\"" + UUID.randomUUID() + "\"}").send());
        expect(404, "not-found", raw.post(schedules + "/" + UUID.randomUUID() + "/members").bearer(field).json(add).send());
        bad("user ID missing", () -> expect(400, "validation-failed", raw.post(members).bearer(field).json("{\"role\":\"participant\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.post(members).bearer(field).body("text/plain", "x").send()));
        String member = members + "/" + guest;
        expect(200, null, raw.get(member).bearer(field).send());
        expect(404, "not-found", raw.get(members + "/" + UUID.randomUUID()).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.get(members + "/not-a-uuid").bearer(field).send()));
        JsonNode answered = json(expect(200, null, raw.patch(member).bearer(field).json("{\"attendance\":\"accepted\"}").send()));
        assertEquals("accepted", answered.path("attendance").asText(), answered::toString);
        expect(404, "not-found", raw.patch(members + "/" + UUID.randomUUID()).bearer(field).json("{\"attendance\":\"declined\"}").send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.patch(members + "/not-a-uuid").bearer(field)
                .json("{\"attendance\":\"declined\"}").send()));
        // "validation-failed: the body or a parameter breaks a rule (range, pattern, length, unknown enum value...)".
        bad("attendance unknown", () -> expect(400, "validation-failed", raw.patch(member).bearer(field).json("{\"attendance\":\"maybe\"}").send()));
        bad("wrong media type", () -> expect(415, "unsupported-media-type", raw.patch(member).bearer(field).body("text/plain", "x").send()));
        expect(204, null, raw.delete(member).bearer(field).send());
        expect(404, "not-found", raw.delete(member).bearer(field).send());
        bad("user ID not a UUID", () -> expect(400, "malformed-request", raw.delete(members + "/not-a-uuid").bearer(field).send()));

        // Member changes moved the version on: the ETag read after the update is stale now.
        expect(412, "precondition-failed", raw.delete(path).bearer(field).ifMatch(current).send());
        String latest = etag(expect(200, null, raw.get(path).bearer(field).send()));
        expect(204, null, raw.delete(path).bearer(field).ifMatch(latest).send());
        expect(404, "not-found", raw.delete(path).bearer(field).send());
        bad("schedule ID not a UUID", () -> expect(400, "malformed-request", raw.delete(schedules + "/not-a-uuid").bearer(field).send()));

        String anyMember = "{\"user_id\":\"" + guest + "\"}";
        sample("listSchedules", "GET", schedules, null);
        sample("createSchedule", "POST", schedules, "{\"title\":\"見本\",\"starts_at\":\"" + from + "\",\"ends_at\":\"" + to + "\"}");
        sample("getSchedule", "GET", schedules + "/" + UUID.randomUUID(), null);
        sample("updateSchedule", "PATCH", schedules + "/" + UUID.randomUUID(), "{\"title\":\"見本\"}");
        sample("deleteSchedule", "DELETE", schedules + "/" + UUID.randomUUID(), null);
        sample("listScheduleMembers", "GET", schedules + "/" + UUID.randomUUID() + "/members", null);
        sample("addScheduleMember", "POST", schedules + "/" + UUID.randomUUID() + "/members", anyMember);
        sample("getScheduleMember", "GET", schedules + "/" + UUID.randomUUID() + "/members/" + guest, null);
        sample("updateScheduleMember", "PATCH", schedules + "/" + UUID.randomUUID() + "/members/" + guest, "{\"attendance\":\"accepted\"}");
        sample("removeScheduleMember", "DELETE", schedules + "/" + UUID.randomUUID() + "/members/" + guest, null);
        assertConformant(mark);
    }

    /**
     * What every operation answers the same way: 401 without a token and with an unknown one, 403
     * for a token without the operation's scope, 406 for an Accept without JSON.
     */
    @Test
    @Order(20)
    void refusalsEveryOperationShares() throws Exception {
        int mark = mark();
        assertEquals(conformance.operations().stream().map(ContractConformance.Op::id).collect(Collectors.toSet()),
                samples.stream().map(Sample::operationId).collect(Collectors.toSet()), "one sample per operation");
        for (Sample sample : samples) {
            bad("no credentials", () -> expect(401, "authentication-required", sample.request(raw).send()));
            expect(401, "invalid-token", sample.request(raw).bearer(UNKNOWN_TOKEN).send());
            boolean bankInquiry = sample.path().startsWith(R + "bank/");
            // The bank program's token has no field-service scope; a static token never opens the bank inquiries.
            HttpResponse<String> refused = expect(403, "insufficient-scope", sample.request(raw).bearer(bankInquiry ? staticToken : bank).send());
            // "WWW-Authenticate names the scope needed": the oauth2 scope the contract declares for the operation.
            String challenge = refused.headers().firstValue("WWW-Authenticate").orElse("");
            if (!challenge.contains("error=\"insufficient_scope\"") || !challenge.contains("scope=\"" + scopes.get(sample.operationId()) + "\"")) {
                behaviourMismatch(refused, "WWW-Authenticate should name the scope " + scopes.get(sample.operationId()) + ": '" + challenge + "'");
            }
            bad("Accept without JSON", () -> expect(406, "not-acceptable", sample.request(raw).bearer(bankInquiry ? bank : field)
                    .accept("text/csv").send()));
        }
        // An auditor's static token reads and never writes.
        expect(200, null, raw.get(R + "spots?limit=1").bearer(auditorToken).send());
        expect(403, "insufficient-scope", raw.post(R + "spots").bearer(auditorToken).json(spot(unique("CA"), "監査者のスポット")).send());
        assertConformant(mark);
    }

    /**
     * 429 on every operation: the quota program's daily quota of one call is used by the first
     * call; every further call of that program is refused, whatever the operation.
     */
    @Test
    @Order(30)
    void quotaExceededOnEveryOperation() throws Exception {
        int mark = mark();
        HttpResponse<String> last = expect(200, null, raw.get(R + "spots?limit=1").bearer(quota).send());
        assertTrue(last.headers().firstValue("RateLimit-Policy").orElse("").contains("\"daily\";q=1;"), last.headers()::toString);
        for (Sample sample : samples) {
            HttpResponse<String> refused = expect(429, "quota-exceeded", sample.request(raw).bearer(quota).send());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.headers()::toString);
        }
        assertConformant(mark);
    }

    @Test
    @Order(100)
    void everyDocumentedStatusExercisedAndEveryExchangeConformant() {
        assertEquals(69, conformance.operations().size(), "the contract's operation count changed: update the flows");
        String failure = conformance.coverageFailures(EXCUSED.keySet(), behaviourMismatches);
        if (!failure.isEmpty()) {
            fail(failure);
        }
    }

    // ------------------------------------------------------------------ fixtures (not recorded)

    /** A partner program registered by admin1; returns {client_id, client_secret}. */
    private String[] program(String name, List<String> scopes, Integer dailyQuota) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("company_name", "Conformance K.K.");
        body.put("client_type", "confidential");
        body.put("redirect_uris", List.of(REDIRECT));
        body.put("allowed_scopes", scopes);
        if (dailyQuota != null) {
            body.put("daily_quota", dailyQuota);
        }
        HttpResponse<String> created = unrecorded.post("/v1/partner-programs").bearer(adminSession).json(JSON.writeValueAsString(body)).send();
        assertEquals(201, created.statusCode(), created::body);
        JsonNode program = JSON.readTree(created.body());
        return new String[] {program.path("program").path("client_id").asText(), program.path("client_secret").asText()};
    }

    /**
     * The consent journey as shikuan01 for {@code scopes} (PINs registered when a bank scope is
     * asked for), then the code exchange: the program's access token.
     */
    private String accessToken(String[] client, List<String> scopes) throws Exception {
        Pkce pkce = new Pkce();
        HttpResponse<String> started = unrecorded.get("/oauth2/authorize?response_type=code&client_id=" + enc(client[0])
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(String.join(" ", scopes)) + "&state=conformance"
                + "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256").accept("text/html").send();
        String location = started.headers().firstValue("Location").orElse("");
        Matcher m = Pattern.compile("/consent/([A-Za-z0-9_-]+)/login$").matcher(location);
        assertTrue(m.find(), () -> started.statusCode() + " Location: " + location + " " + started.body());
        String journey = "/v1/authorization-journeys/" + m.group(1);
        String csrf = fixture(unrecorded.get(journey).send()).path("csrf_token").asText();
        HttpResponse<String> loggedIn = unrecorded.post(journey + "/login").csrf(csrf)
                .json("{\"login_id\":\"shikuan01\",\"password\":\"" + PW + "\"}").send();
        JsonNode step = fixture(loggedIn);
        String cookie = loggedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("renkei_journey="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError(loggedIn.headers().toString()));
        csrf = step.path("csrf_token").asText();
        if ("select_services".equals(step.path("step").asText())) {
            // A program asking for a single scope skips this step.
            step = fixture(unrecorded.post(journey + "/services").cookie(cookie).csrf(csrf)
                    .json(JSON.writeValueAsString(Map.of("scopes", scopes))).send());
        }
        if ("register_pins".equals(step.path("step").asText())) {
            List<Map<String, String>> entries = new ArrayList<>();
            step.path("accounts").forEach(a -> entries.add(Map.of("account_id", a.path("account_id").asText(), "pin", PIN)));
            fixture(unrecorded.post(journey + "/pins").cookie(cookie).csrf(csrf).json(JSON.writeValueAsString(Map.of("entries", entries))).send());
            step = fixture(unrecorded.post(journey + "/pins/confirm").cookie(cookie).csrf(csrf).send());
        }
        assertEquals("consent", step.path("step").asText(), step::toString);
        String redirectTo = fixture(unrecorded.post(journey + "/decision").cookie(cookie).csrf(csrf)
                .json("{\"decision\":\"permit\"}").send()).path("redirect_to").asText();
        String code = query(URI.create(redirectTo)).get("code");
        JsonNode tokens = fixture(unrecorded.post("/oauth2/token").basic(client[0], client[1]).form("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier).send());
        return tokens.path("access_token").asText();
    }

    /** A static token: admin1 creates an account and issues it a token; the holder picks it up. */
    private String staticToken(List<String> flags) throws Exception {
        String login = "conformance-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "holder-password-2026";
        JsonNode account = fixture(unrecorded.post("/v1/accounts").bearer(adminSession).json(JSON.writeValueAsString(Map.of(
                "login_id", login, "name", "Holder " + login, "mail", login + "@example.com", "password", password, "flags", flags))).send());
        JsonNode issued = fixture(unrecorded.post("/v1/api-tokens/bulk-issue").bearer(adminSession)
                .json(JSON.writeValueAsString(Map.of("account_ids", List.of(account.path("id").asText())))).send());
        String tokenId = issued.path("results").path(0).path("token_id").asText();
        assertFalse(tokenId.isEmpty(), issued::toString);
        String session = signIn(login, password);
        return fixture(unrecorded.post("/v1/me/api-tokens/" + tokenId + "/pickup").bearer(session).send()).path("secret").asText();
    }

    private String signIn(String loginId, String password) throws Exception {
        return fixture(unrecorded.post("/v1/auth/sign-in").json("{\"login_id\":\"" + loginId + "\",\"password\":\"" + password + "\"}")
                .send()).path("access_token").asText();
    }

    private static JsonNode fixture(HttpResponse<String> response) throws IOException {
        assertTrue(response.statusCode() / 100 == 2, () -> response.request().method() + " " + response.request().uri()
                + " → " + response.statusCode() + ": " + response.body());
        return json(response);
    }

    // ------------------------------------------------------------------ helpers

    private record Sample(String operationId, String method, String path, String body, String accept) {

        RawHttp.Req request(RawHttp raw) {
            RawHttp.Req request = raw.request(method, path);
            if (accept != null) {
                request.accept(accept);
            }
            return body == null ? request : request.json(body);
        }
    }

    private void sample(String operationId, String method, String path, String body) {
        samples.add(new Sample(operationId, method, path, body, null));
    }

    private static String spot(String code, String name) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"name_kana\":\"テキゴウテスト\","
                + "\"address\":{\"postal_code\":\"104-0061\",\"prefecture\":\"東京都\",\"city\":\"中央区\",\"street\":\"銀座三丁目4番1号\"},"
                + "\"location\":{\"latitude\":35.671,\"longitude\":139.7665},\"phone\":\"03-0000-0000\"}";
    }

    private static String link(String spotId, String tagId) {
        return "{\"spot_id\":\"" + spotId + "\",\"tag_id\":\"" + tagId + "\"}";
    }

    private static String tagOnly(String tagId) {
        return "{\"tag_id\":\"" + tagId + "\"}";
    }

    private static String user(String code, String name) {
        return "{\"employee_code\":\"" + code + "\",\"name\":\"" + name + "\",\"email\":\"" + code.toLowerCase()
                + "@example.com\",\"role\":\"member\",\"active\":true}";
    }

    private static String membership(String userId, String groupId, boolean primary) {
        return "{\"user_id\":\"" + userId + "\",\"group_id\":\"" + groupId + "\",\"primary\":" + primary + "}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: "
                + response.request().method() + " " + response.request().uri() + " → " + response.statusCode()));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body() == null || response.body().isEmpty() ? "{}" : response.body());
    }

    private int mark() {
        behaviourMarks.add(behaviourMismatches.size());
        return conformance.mark();
    }

    private void assertConformant(int mark) {
        int behaviourMark = behaviourMarks.remove(behaviourMarks.size() - 1);
        List<String> problems = new ArrayList<>(conformance.problemsSince(mark));
        problems.addAll(behaviourMismatches.subList(behaviourMark, behaviourMismatches.size()));
        assertTrue(problems.isEmpty(), () -> "Contract mismatches:\n  " + String.join("\n  ", problems));
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Runs a request that is broken on purpose: only its response is validated. */
    private void bad(String why, Call call) {
        conformance.badRequest(why, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Expects {@code status} and, when {@code code} is given, that problem type (its slug). A
     * different answer is recorded as a behaviour mismatch and the flow goes on.
     */
    private HttpResponse<String> expect(int status, String code, HttpResponse<String> response) {
        rateLimitFields(response);
        if (response.statusCode() != status) {
            behaviourMismatch(response, "expected " + status + (code == null ? "" : " " + code) + ", got "
                    + response.statusCode() + ": " + response.body());
            return response;
        }
        if (code == null) {
            return response;
        }
        try {
            String actual = JSON.readTree(response.body()).path("type").asText().replaceAll("^.*/", "");
            if (!code.equals(actual)) {
                behaviourMismatch(response, "expected " + status + " " + code + ", got " + response.body());
            }
        } catch (IOException e) {
            behaviourMismatch(response, "not a JSON problem body: " + response.body());
        }
        return response;
    }

    /**
     * "Every response, successful or not, carries the rate-limit fields": every answer to a call
     * whose token was accepted (a 401 has no token to count against, and the contract's 401
     * declares no such fields).
     */
    private void rateLimitFields(HttpResponse<String> response) {
        if (response.statusCode() == 401 || !response.request().uri().getRawPath().startsWith(R)) {
            return;
        }
        if (response.headers().firstValue("RateLimit-Policy").isEmpty() || response.headers().firstValue("RateLimit").isEmpty()) {
            behaviourMismatch(response, "no RateLimit-Policy and RateLimit fields: " + response.headers().map().keySet());
        }
    }

    private void behaviourMismatch(HttpResponse<String> response, String what) {
        String query = response.request().uri().getRawQuery();
        behaviourMismatches.add(response.request().method() + " " + response.request().uri().getRawPath()
                + (query == null ? "" : "?" + query) + " → " + response.statusCode() + ": " + what);
    }
}
