package dev.renkei.conformance;

import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.conformance.negative.NegativeReport;
import dev.renkei.conformance.negative.NegativeRun;
import dev.renkei.conformance.negative.NegativeRun.Caller;
import dev.renkei.conformance.negative.NegativeRun.Op;
import dev.renkei.conformance.spec.ContractConformance;
import dev.renkei.conformance.spec.RecordingHttpClient;
import dev.renkei.conformance.support.Pkce;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Negative inputs generated from every request schema and parameter of the three contracts
 * (token-issuance.yaml, authorization.yaml, resources.yaml) must be refused with a documented 4xx
 * in the documented error format — 400 {@code validation-failed} or {@code malformed-request}
 * normally, the RFC 6749 error object on the OAuth endpoints — never a 5xx, never accepted, and
 * with an answer that conforms to the contract. See {@link NegativeRun} for how the inputs are
 * made and judged.
 *
 * <p>Every request carries the credentials of a caller allowed to do the operation, so the input
 * rules are what answers: admin1's session token for the administration operations, shikuan01's
 * session for their own consents and bank accounts, the demo partner program's client
 * credentials on the OAuth endpoints, a live journey's cookie and CSRF token on the journey API,
 * and an OAuth access token with every scope for the Resource API (obtained through the consent
 * journey, PINs included). Path parameters of reads and updates name real objects (the first item
 * of the list above them, or objects created for this suite, so an update that wrongly succeeds
 * harms nobody's fixtures); deletes and state changes get the contract's example IDs, which name
 * nothing. Fixtures go through a client that is not recorded.
 *
 * <p>The server runs with the Resource API's burst limit raised (the contract's 5 calls per second
 * per token would make thousands of calls take minutes); the daily quota keeps its default,
 * which these calls stay far below.
 *
 * <p>Report: {@code target/negative-inputs-report.md}. The test fails listing every 5xx, every
 * invalid input accepted, every error not in the documented format or status, and every baseline
 * the server refuses although the contract allows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NegativeInputsIT {

    private static final String PW = RenkeiServer.DEMO_PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DEMO_CLIENT_ID = "rnk_ci_demokakeibo000000001";
    private static final String DEMO_CLIENT_SECRET = "rnk_cs_DemoKakeiboSecret0000000000000010555zg";
    private static final String DEMO_REDIRECT = "http://localhost:8081/callback";
    private static final String REDIRECT = "http://localhost:3000/callback";
    private static final String PIN = "1234";
    private static final List<String> ALL_SCOPES = List.of("spots:read", "spots:write", "schedules:read",
            "schedules:write", "users:read", "users:write", "groups:read", "groups:write", "spot-photos:read",
            "spot-photos:write", "reports:read", "stamps:read", "positions:read", "images:read", "expenses:read",
            "statuses:read", "accounts:read", "transactions:read");
    private static final Set<String> STATE_CHANGES_WITHOUT_BODY = Set.of("DELETE", "POST");

    private RenkeiServer server;
    private RawHttp unrecorded;
    private final List<NegativeRun.Result> results = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();
    private final Map<String, ContractConformance> conformances = new LinkedHashMap<>();
    /** Resolved list path → the ID of its first item (or null when it lists nothing). */
    private final Map<String, String> firstIds = new HashMap<>();

    private String adminSession;
    private String customerSession;
    private String resourceToken;
    private String targetAccountId;
    private String targetProgramId;
    private String[] loginJourney;
    private String[] activeJourney;

    @BeforeAll
    void start() throws Exception {
        server = RenkeiServer.start(Map.of("renkei.rate-limits.burst-calls", 1_000_000));
        unrecorded = new RawHttp(server.baseUri(), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        adminSession = signIn("admin1");
        customerSession = signIn("shikuan01");
        targetAccountId = fixture(unrecorded.post("/v1/accounts").bearer(adminSession).json(JSON.writeValueAsString(Map.of(
                "login_id", "negative-target", "name", "Negative target", "mail", "negative-target@example.com")))
                .send()).path("id").asText();
        String[] program = program("Negative inputs app");
        program("Negative inputs update target");
        targetProgramId = lastProgramId();
        resourceToken = accessToken(program);
        loginJourney = journey();
        activeJourney = loggedIn(journey());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negativeInputsWhenSentThenRefusedWithDocumentedProblemNeverServerError() throws Exception {
        run("token-issuance.yaml", this::tokenIssuanceCaller);
        run("authorization.yaml", this::authorizationCaller);
        run("resources.yaml", this::resourcesCaller);
        NegativeReport report = new NegativeReport(results, operations);
        Path file = Path.of(System.getProperty("renkei.report.dir", "target"), "negative-inputs-report.md");
        report.write(file);
        System.out.println("Negative inputs (" + file + "):\n" + report.totals());
        assertTrue(report.sent() > 1000, () -> "suspiciously few negative inputs: " + report.sent());
        List<NegativeRun.Result> failures = report.failures();
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder(failures.size() + " negative inputs were not refused as documented (" + file + "):\n");
            failures.forEach(r -> message.append("  ").append(NegativeReport.line(r)).append(" — ")
                    .append(r.detail().length() > 300 ? r.detail().substring(0, 300) + "..." : r.detail()).append('\n'));
            fail(message.toString());
        }
    }

    private void run(String spec, java.util.function.Function<Op, Caller> callers) throws Exception {
        String location = specLocation(spec);
        ContractConformance conformance = ContractConformance.load(location, ValidationErrorsWhitelist.create());
        conformances.put(spec, conformance);
        RawHttp raw = new RawHttp(server.baseUri(), new RecordingHttpClient(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), conformance));
        NegativeRun run = new NegativeRun(spec, location, conformance, raw);
        results.addAll(run.run(callers));
        operations.addAll(run.operationsCovered());
    }

    // ------------------------------------------------------------------ callers

    private Caller tokenIssuanceCaller(Op op) {
        if (op.id().equals("signIn") || op.id().equals("completePasswordReset")) {
            // Sign-in failures would count towards the example account's lockout: baselines are not sent.
            return new Caller(Map.of(), Map.of(), false);
        }
        Map<String, String> auth = Map.of("Authorization", "Bearer " + adminSession);
        Map<String, String> values = realIds(op, auth);
        values.computeIfPresent("account_id", (k, v) -> sideEffectFree(op) ? targetAccountId : v);
        return new Caller(auth, values, sideEffectFree(op));
    }

    private Caller authorizationCaller(Op op) {
        String template = op.template();
        if (template.equals("/oauth2/authorize")) {
            return new Caller(Map.of(), Map.of("client_id", DEMO_CLIENT_ID, "redirect_uri", DEMO_REDIRECT,
                    "scope", "accounts:read", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                    "code_challenge_method", "S256", "response_type", "code"), true);
        }
        if (template.startsWith("/oauth2/")) {
            return new Caller(Map.of("Authorization", RawHttp.basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)), Map.of(), false);
        }
        if (template.startsWith("/v1/authorization-journeys/")) {
            boolean login = op.id().equals("logInToJourney");
            String[] journey = login ? loginJourney : activeJourney;
            Map<String, String> headers = journey[2] == null ? Map.of() : Map.of("Cookie", journey[2]);
            return new Caller(headers, Map.of("journey_id", journey[0], "X-CSRF-Token", journey[1]), op.method().equals("GET"));
        }
        if (template.startsWith("/v1/me/")) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + customerSession);
            return new Caller(auth, realIds(op, auth), op.method().equals("GET"));
        }
        Map<String, String> auth = Map.of("Authorization", "Bearer " + adminSession);
        Map<String, String> values = realIds(op, auth);
        values.computeIfPresent("program_id", (k, v) -> sideEffectFree(op) ? targetProgramId : v);
        return new Caller(auth, values, sideEffectFree(op));
    }

    private Caller resourcesCaller(Op op) {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + resourceToken);
        return new Caller(auth, realIds(op, auth), sideEffectFree(op));
    }

    /** Reads and updates with a body; deletes and body-less state changes (lock, revoke, pickup...) are not. */
    private static boolean sideEffectFree(Op op) {
        return !STATE_CHANGES_WITHOUT_BODY.contains(op.method()) || op.id().startsWith("create") || op.id().startsWith("add")
                || op.id().startsWith("update") || op.id().startsWith("preview");
    }

    /**
     * For reads and updates, each path parameter names a real object: the first item of the list
     * the path continues (the spots list for {spot_id}, a spot's staff for its {user_id}...).
     * Deletes and other state changes keep the example IDs, which name nothing.
     */
    private Map<String, String> realIds(Op op, Map<String, String> auth) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!sideEffectFree(op)) {
            return values;
        }
        String resolved = op.template();
        Matcher parameter = Pattern.compile("\\{([a-z_]+)}").matcher(op.template());
        while (parameter.find()) {
            String name = parameter.group(1);
            String list = resolved.substring(0, resolved.indexOf("/{" + name + "}"));
            String id = firstIds.computeIfAbsent(list, path -> firstId(path, name, auth));
            if (id == null) {
                break;
            }
            values.put(name, id);
            resolved = resolved.replace("{" + name + "}", id);
        }
        return values;
    }

    private String firstId(String list, String name, Map<String, String> auth) {
        try {
            RawHttp.Req request = unrecorded.get(list);
            auth.forEach(request::header);
            HttpResponse<String> response = request.send();
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode first = JSON.readTree(response.body()).path("items").path(0);
            String id = first.path(name).asText(first.path("id").asText(""));
            return id.isEmpty() ? null : id;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ fixtures (not recorded)

    private String signIn(String loginId) throws Exception {
        return fixture(unrecorded.post("/v1/auth/sign-in").json("{\"login_id\":\"" + loginId + "\",\"password\":\"" + PW + "\"}")
                .send()).path("access_token").asText();
    }

    /** A partner program registered by admin1 with every scope; returns {client_id, client_secret}. */
    private String[] program(String name) throws Exception {
        HttpResponse<String> created = unrecorded.post("/v1/partner-programs").bearer(adminSession).json(JSON.writeValueAsString(Map.of(
                "name", name, "company_name", "Negative K.K.", "client_type", "confidential", "redirect_uris", List.of(REDIRECT),
                "allowed_scopes", ALL_SCOPES))).send();
        assertEquals(201, created.statusCode(), created::body);
        JsonNode program = JSON.readTree(created.body());
        return new String[] {program.path("program").path("client_id").asText(), program.path("client_secret").asText()};
    }

    private String lastProgramId() throws Exception {
        JsonNode items = fixture(unrecorded.get("/v1/partner-programs?limit=200").bearer(adminSession).send()).path("items");
        for (JsonNode item : items) {
            if ("Negative inputs update target".equals(item.path("name").asText())) {
                return item.path("id").asText();
            }
        }
        throw new AssertionError("the update target program is not listed: " + items);
    }

    /** A fresh journey of the demo program at its login step: {journey_id, csrf_token, null}. */
    private String[] journey() throws Exception {
        return journey(DEMO_CLIENT_ID, DEMO_REDIRECT, "accounts:read transactions:read", new Pkce());
    }

    private String[] journey(String clientId, String redirect, String scope, Pkce pkce) throws Exception {
        HttpResponse<String> started = unrecorded.browser("/oauth2/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(redirect) + "&scope=" + enc(scope) + "&state=negative"
                + "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256").send();
        String location = started.headers().firstValue("Location").orElse("");
        Matcher m = Pattern.compile("/consent/([A-Za-z0-9_-]+)/login$").matcher(location);
        assertTrue(m.find(), () -> started.statusCode() + " Location: " + location + " " + started.body());
        String csrf = fixture(unrecorded.get("/v1/authorization-journeys/" + m.group(1)).send()).path("csrf_token").asText();
        return new String[] {m.group(1), csrf, null};
    }

    /** The journey after shikuan01 logged in: {journey_id, csrf_token, cookie}; its step now asks for the services. */
    private String[] loggedIn(String[] journey) throws Exception {
        HttpResponse<String> response = unrecorded.post("/v1/authorization-journeys/" + journey[0] + "/login").csrf(journey[1])
                .json("{\"login_id\":\"shikuan01\",\"password\":\"" + PW + "\"}").send();
        JsonNode step = fixture(response);
        String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("renkei_journey="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError(response.headers().toString()));
        return new String[] {journey[0], step.path("csrf_token").asText(), cookie};
    }

    /** The consent journey as shikuan01 for every scope (PINs registered), then the code exchange: the access token. */
    private String accessToken(String[] client) throws Exception {
        Pkce pkce = new Pkce();
        String[] journey = loggedIn(journey(client[0], REDIRECT, String.join(" ", ALL_SCOPES), pkce));
        String path = "/v1/authorization-journeys/" + journey[0];
        JsonNode step = fixture(unrecorded.post(path + "/services").cookie(journey[2]).csrf(journey[1])
                .json(JSON.writeValueAsString(Map.of("scopes", ALL_SCOPES))).send());
        if ("register_pins".equals(step.path("step").asText())) {
            List<Map<String, String>> entries = new ArrayList<>();
            step.path("accounts").forEach(a -> entries.add(Map.of("account_id", a.path("account_id").asText(), "pin", PIN)));
            fixture(unrecorded.post(path + "/pins").cookie(journey[2]).csrf(journey[1])
                    .json(JSON.writeValueAsString(Map.of("entries", entries))).send());
            step = fixture(unrecorded.post(path + "/pins/confirm").cookie(journey[2]).csrf(journey[1]).send());
        }
        assertEquals("consent", step.path("step").asText(), step::toString);
        String redirectTo = fixture(unrecorded.post(path + "/decision").cookie(journey[2]).csrf(journey[1])
                .json("{\"decision\":\"permit\"}").send()).path("redirect_to").asText();
        String code = null;
        for (String pair : URI.create(redirectTo).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        return fixture(unrecorded.post("/oauth2/token").basic(client[0], client[1]).form("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier).send()).path("access_token").asText();
    }

    private static JsonNode fixture(HttpResponse<String> response) throws IOException {
        assertTrue(response.statusCode() / 100 == 2, () -> "fixture call failed: " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String specLocation(String name) {
        String dir = System.getProperty("renkei.spec.dir");
        if (dir == null) {
            throw new IllegalStateException("Set -Drenkei.spec.dir to api-spec/src/main/resources/openapi (the pom does)");
        }
        Path spec = Path.of(dir, name).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(spec), spec::toString);
        return spec.toString();
    }
}
