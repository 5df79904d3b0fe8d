package dev.renkei.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.renkei.conformance.support.Pkce;
import dev.renkei.conformance.support.RawHttp;
import dev.renkei.conformance.support.RenkeiServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The states a partner meets, produced through the real APIs of a running server: sessions,
 * partner programs, consent journeys at each step, authorization codes and tokens, API tokens
 * waiting for pickup or picked up.
 */
public final class PartnerFixtures {

    /** The demo partner program every server with demo data has (README). */
    public static final String DEMO_CLIENT_ID = "rnk_ci_demokakeibo000000001";
    public static final String DEMO_CLIENT_SECRET = "rnk_cs_DemoKakeiboSecret0000000000000010555zg";
    public static final String DEMO_REDIRECT = "http://localhost:8081/callback";
    public static final String CUSTOMER = "shikuan01";
    private static final String PIN = "1234";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawHttp http;

    public PartnerFixtures(URI baseUri) {
        this.http = new RawHttp(baseUri, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A consent journey: its API path, current CSRF token, session cookie (after login) and step. */
    public record Journey(String id, String path, String csrf, String cookie, String step, Pkce pkce) {
    }

    /** An authorization code with the PKCE verifier of its request. */
    public record Code(String code, String verifier, String redirectUri) {
    }

    /** An API token issued to a fresh account: the holder's credentials and session, and the token. */
    public record IssuedToken(String loginId, String password, String session, String tokenId) {
    }

    public String signIn(String loginId, String password) throws IOException, InterruptedException {
        return ok(http.post("/v1/auth/sign-in").json(JSON.writeValueAsString(Map.of("login_id", loginId, "password", password))).send())
                .path("access_token").asText();
    }

    public String adminSession() throws IOException, InterruptedException {
        return signIn("admin1", RenkeiServer.DEMO_PASSWORD);
    }

    /** A confidential partner program registered by admin1; returns {client_id, client_secret}. */
    public String[] program(String name, String redirectUri, List<String> scopes, Integer dailyQuota) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("company_name", "Partner K.K.");
        body.put("client_type", "confidential");
        body.put("redirect_uris", List.of(redirectUri));
        body.put("allowed_scopes", scopes);
        if (dailyQuota != null) {
            body.put("daily_quota", dailyQuota);
        }
        JsonNode program = ok(http.post("/v1/partner-programs").bearer(adminSession()).json(JSON.writeValueAsString(body)).send());
        return new String[] {program.path("program").path("client_id").asText(), program.path("client_secret").asText()};
    }

    /** The authorization request as the customer's browser sends it: a journey at its login step. */
    public Journey startJourney(String clientId, String redirectUri, List<String> scopes) throws Exception {
        Pkce pkce = new Pkce();
        HttpResponse<String> started = http.browser("/oauth2/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(String.join(" ", scopes)) + "&state=partner"
                + "&code_challenge=" + pkce.challenge + "&code_challenge_method=S256").send();
        String location = started.headers().firstValue("Location").orElse("");
        Matcher m = Pattern.compile("/consent/([A-Za-z0-9_-]+)/login$").matcher(location);
        if (!m.find()) {
            throw new IllegalStateException(started.statusCode() + " Location: " + location + " " + started.body());
        }
        String path = "/v1/authorization-journeys/" + m.group(1);
        JsonNode journey = ok(http.get(path).send());
        return new Journey(m.group(1), path, journey.path("csrf_token").asText(), null, journey.path("step").asText(), pkce);
    }

    /** The journey after the customer's login, moved on to the consent step (services chosen, PINs registered). */
    public Journey atConsent(String clientId, String redirectUri, List<String> scopes) throws Exception {
        Journey journey = startJourney(clientId, redirectUri, scopes);
        HttpResponse<String> loggedIn = http.post(journey.path() + "/login").csrf(journey.csrf())
                .json(JSON.writeValueAsString(Map.of("login_id", CUSTOMER, "password", RenkeiServer.DEMO_PASSWORD))).send();
        JsonNode step = ok(loggedIn);
        String cookie = loggedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("renkei_journey="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new IllegalStateException(loggedIn.headers().toString()));
        String csrf = step.path("csrf_token").asText();
        if ("select_services".equals(step.path("step").asText())) {
            step = ok(http.post(journey.path() + "/services").cookie(cookie).csrf(csrf)
                    .json(JSON.writeValueAsString(Map.of("scopes", scopes))).send());
            csrf = step.path("csrf_token").asText(csrf);
        }
        if ("register_pins".equals(step.path("step").asText())) {
            List<Map<String, String>> entries = new ArrayList<>();
            step.path("accounts").forEach(a -> entries.add(Map.of("account_id", a.path("account_id").asText(), "pin", PIN)));
            ok(http.post(journey.path() + "/pins").cookie(cookie).csrf(csrf).json(JSON.writeValueAsString(Map.of("entries", entries))).send());
            step = ok(http.post(journey.path() + "/pins/confirm").cookie(cookie).csrf(csrf).send());
            csrf = step.path("csrf_token").asText(csrf);
        }
        if (!"consent".equals(step.path("step").asText())) {
            throw new IllegalStateException("Journey not at consent: " + step);
        }
        return new Journey(journey.id(), journey.path(), csrf, cookie, "consent", journey.pkce());
    }

    /** The whole journey, permitted: a fresh authorization code. */
    public Code authorize(String clientId, String redirectUri, List<String> scopes) throws Exception {
        Journey journey = atConsent(clientId, redirectUri, scopes);
        String redirectTo = ok(http.post(journey.path() + "/decision").cookie(journey.cookie()).csrf(journey.csrf())
                .json("{\"decision\":\"permit\"}").send()).path("redirect_to").asText();
        return new Code(query(URI.create(redirectTo)).get("code"), journey.pkce().verifier, redirectUri);
    }

    /** The code exchange with client_secret_basic: the token response. */
    public JsonNode exchange(String clientId, String clientSecret, Code code) throws IOException, InterruptedException {
        return ok(http.post("/oauth2/token").basic(clientId, clientSecret).form("grant_type", "authorization_code",
                "code", code.code(), "redirect_uri", code.redirectUri(), "code_verifier", code.verifier()).send());
    }

    /** A fresh account with one API token issued and waiting for pickup. */
    public IssuedToken issuedToken() throws IOException, InterruptedException {
        String admin = adminSession();
        String login = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "holder-password-2026";
        JsonNode account = ok(http.post("/v1/accounts").bearer(admin).json(JSON.writeValueAsString(Map.of(
                "login_id", login, "name", "Holder " + login, "mail", login + "@example.com", "password", password,
                "flags", List.of()))).send());
        JsonNode issued = ok(http.post("/v1/api-tokens/bulk-issue").bearer(admin)
                .json(JSON.writeValueAsString(Map.of("account_ids", List.of(account.path("id").asText())))).send());
        String tokenId = issued.path("results").path(0).path("token_id").asText();
        return new IssuedToken(login, password, signIn(login, password), tokenId);
    }

    /** Picks the token up: its secret. */
    public String pickUp(IssuedToken token) throws IOException, InterruptedException {
        return ok(http.post("/v1/me/api-tokens/" + token.tokenId() + "/pickup").bearer(token.session()).send()).path("secret").asText();
    }

    /** An API token of a fresh account, picked up. */
    public String apiToken() throws IOException, InterruptedException {
        return pickUp(issuedToken());
    }

    /** Raw calls for the states that need calls made (using up a quota, creating fixtures). */
    public RawHttp http() {
        return http;
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] nv = pair.split("=", 2);
            params.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8), nv.length > 1 ? URLDecoder.decode(nv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }
}
