package dev.renkei.client;

import dev.renkei.client.token.api.MeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.renkei.client.ScriptedServer.Answer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OAuthRefreshTest {

    private static final String ME = "{\"authenticated_by\":\"api_token\"}";
    private static final String INVALID_TOKEN = "{\"type\":\"https://renkei.dev/problems/invalid-token\",\"title\":\"The bearer token is not valid\","
            + "\"status\":401,\"request_id\":\"req-401\"}";
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private ScriptedServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<OAuthTokens> persisted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        // The resource server accepts only the newest access token issued by a refresh.
        server.on("/v1/me", request -> issued.get() > 0 && ("Bearer at-" + issued.get()).equals(request.header("Authorization"))
                ? json(200, ME) : json(401, INVALID_TOKEN, "WWW-Authenticate", "Bearer error=\"invalid_token\""));
        // The token endpoint rotates: each refresh answers a new pair.
        server.on("/oauth2/token", request -> {
            int n = issued.incrementAndGet();
            return json(200, "{\"access_token\":\"at-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":600,"
                    + "\"refresh_token\":\"rt-" + n + "\",\"scope\":\"accounts:read\"}", "Cache-Control", "no-store");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RenkeiClient client(String secret, OAuthTokens tokens) {
        return RenkeiClient.builder().baseUrl(server.baseUri()).oauth("rnk_ci_app", secret, tokens, persisted::add)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).sleeper(d -> { }).build();
    }

    private static Map<String, String> form(String body) {
        return java.util.Arrays.stream(body.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Test
    void invalidTokenThenRefreshRotatesAndRetriesAndTellsTheListener() {
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", null, null));

        client.call(() -> client.api(MeApi.class).getMe());

        List<ScriptedServer.Request> refreshes = server.requestsTo("/oauth2/token");
        assertEquals(1, refreshes.size());
        Map<String, String> form = form(refreshes.get(0).body());
        assertEquals("refresh_token", form.get("grant_type"));
        assertEquals("rt-0", form.get("refresh_token"));
        assertNull(form.get("client_id"), "a confidential program authenticates by Basic only");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("rnk_ci_app:s3cret".getBytes(StandardCharsets.UTF_8)),
                refreshes.get(0).header("Authorization"));
        assertEquals(List.of("Bearer at-0", "Bearer at-1"),
                server.requestsTo("/v1/me").stream().map(r -> r.header("Authorization")).toList());
        assertEquals(1, persisted.size());
        assertEquals("rt-1", persisted.get(0).refreshToken());
        assertEquals(NOW.plusSeconds(600), persisted.get(0).expiresAt());
        assertEquals(persisted.get(0), client.oauthTokens());
    }

    @Test
    void nextRefreshPresentsTheRotatedRefreshToken() {
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", null, null));
        client.call(() -> client.api(MeApi.class).getMe());
        // The server stops accepting at-1 (as if it expired), so the client refreshes again.
        issued.incrementAndGet();

        client.call(() -> client.api(MeApi.class).getMe());

        List<String> presented = server.requestsTo("/oauth2/token").stream().map(r -> form(r.body()).get("refresh_token")).toList();
        assertEquals(List.of("rt-0", "rt-1"), presented);
        assertEquals(List.of("rt-1", "rt-3"), persisted.stream().map(OAuthTokens::refreshToken).toList());
    }

    @Test
    void publicProgramSendsItsClientIdInTheForm() {
        RenkeiClient client = client(null, new OAuthTokens("at-0", "rt-0", null, null));

        client.call(() -> client.api(MeApi.class).getMe());

        ScriptedServer.Request refresh = server.requestsTo("/oauth2/token").get(0);
        assertEquals("rnk_ci_app", form(refresh.body()).get("client_id"));
        assertNull(refresh.header("Authorization"));
    }

    @Test
    void tokenAboutToExpireIsRefreshedBeforeTheCall() {
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", NOW.plusSeconds(10), null));

        client.call(() -> client.api(MeApi.class).getMe());

        assertEquals(List.of("Bearer at-1"), server.requestsTo("/v1/me").stream().map(r -> r.header("Authorization")).toList());
        assertEquals(1, server.requestsTo("/oauth2/token").size());
    }

    @Test
    void tokenFarFromExpiryIsNotRefreshed() {
        server.on("/v1/me", request -> json(200, ME));
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", NOW.plusSeconds(300), null));

        client.call(() -> client.api(MeApi.class).getMe());

        assertTrue(server.requestsTo("/oauth2/token").isEmpty());
    }

    @Test
    void concurrentCallsWithAnExpiredTokenRefreshOnce() throws Exception {
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", NOW.minusSeconds(1), null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> client.call(() -> client.api(MeApi.class).getMe()));
            }
            for (Future<Object> result : pool.invokeAll(calls)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(1, server.requestsTo("/oauth2/token").size());
        assertEquals(1, persisted.size());
        assertTrue(server.requestsTo("/v1/me").stream().allMatch(r -> "Bearer at-1".equals(r.header("Authorization"))));
    }

    @Test
    void concurrentCallsRejectedWithTheSameTokenRefreshOnce() throws Exception {
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", null, null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> client.call(() -> client.api(MeApi.class).getMe()));
            }
            for (Future<Object> result : pool.invokeAll(calls)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        assertEquals(1, server.requestsTo("/oauth2/token").size());
        assertEquals(List.of("rt-1"), persisted.stream().map(OAuthTokens::refreshToken).toList());
    }

    @Test
    void refreshRefusedWithInvalidGrantIsAnAuthenticationException() {
        server.on("/oauth2/token", request -> json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token was revoked.\"}",
                "X-Request-Id", "req-grant"));
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", null, null));

        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(400, e.status());
        assertEquals("invalid_grant", e.type());
        assertEquals("The refresh token was revoked.", e.detail());
        assertEquals("req-grant", e.requestId());
        assertTrue(persisted.isEmpty());
        assertEquals("rt-0", client.oauthTokens().refreshToken());
    }

    @Test
    void invalidTokenTwiceInARowIsThrownNotRefreshedForever() {
        server.on("/v1/me", request -> json(401, INVALID_TOKEN, "WWW-Authenticate", "Bearer error=\"invalid_token\""));
        RenkeiClient client = client("s3cret", new OAuthTokens("at-0", "rt-0", null, null));

        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(401, e.status());
        assertTrue(e.isType("invalid-token"));
        assertEquals(1, server.requestsTo("/oauth2/token").size());
        assertEquals(2, server.requestsTo("/v1/me").size());
    }

    @Test
    void apiTokenRejectedIsThrownWithoutRefresh() {
        RenkeiClient client = RenkeiClient.builder().baseUrl(server.baseUri()).apiToken("rnk_pat_old").build();

        AuthenticationException e = assertThrows(AuthenticationException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals("req-401", e.requestId());
        assertTrue(server.requestsTo("/oauth2/token").isEmpty());
    }
}
