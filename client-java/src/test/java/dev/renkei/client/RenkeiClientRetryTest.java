package dev.renkei.client;

import dev.renkei.client.resource.api.SpotsApi;
import dev.renkei.client.resource.model.SpotCreate;
import dev.renkei.client.token.api.MeApi;
import dev.renkei.client.token.model.Me;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.renkei.client.ScriptedServer.Answer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenkeiClientRetryTest {

    private static final String QUOTA_EXCEEDED = "{\"type\":\"https://renkei.dev/problems/quota-exceeded\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"At most 5 calls per second.\",\"request_id\":\"req-429\"}";
    private static final String ME = "{\"authenticated_by\":\"api_token\",\"account\":{\"login_id\":\"user1\"}}";
    private static final String SPOTS = "/v1/resources/spots";

    private ScriptedServer server;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RenkeiClient client(RetryPolicy policy) {
        return RenkeiClient.builder().baseUrl(server.baseUri()).apiToken("rnk_pat_test").retryPolicy(policy)
                .sleeper(slept::add).random(() -> 0.5).build();
    }

    /** Answers {@code failures} times with {@code failure}, then with {@code success}. */
    private static java.util.function.Function<ScriptedServer.Request, ScriptedServer.Answer> failingFirst(
            int failures, ScriptedServer.Answer failure, ScriptedServer.Answer success) {
        AtomicInteger calls = new AtomicInteger();
        return request -> calls.incrementAndGet() <= failures ? failure : success;
    }

    @Test
    void getAnswered429WithRetryAfterThenSucceedsAfterWaitingThatLong() {
        server.on("/v1/me", failingFirst(1, json(429, QUOTA_EXCEEDED, "Retry-After", "2"), json(200, ME)));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        Me me = client.call(() -> client.api(MeApi.class).getMe());

        assertEquals("user1", me.getAccount().getLoginId());
        assertEquals(List.of(Duration.ofSeconds(2)), slept);
        assertEquals(2, server.requestsTo("/v1/me").size());
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() {
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(50));
        server.on("/v1/me", failingFirst(1, json(503, "{}", "Retry-After", inAMinute), json(200, ME)));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        client.call(() -> client.api(MeApi.class).getMe());

        assertEquals(1, slept.size());
        assertTrue(slept.get(0).compareTo(Duration.ofSeconds(45)) > 0 && slept.get(0).compareTo(Duration.ofSeconds(50)) <= 0, slept::toString);
    }

    @Test
    void serviceUnavailableWithoutRetryAfterBacksOffExponentiallyWithJitter() {
        server.on("/v1/me", failingFirst(3, json(503, "{}"), json(200, ME)));
        RenkeiClient client = client(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(60)));

        client.call(() -> client.api(MeApi.class).getMe());

        // random() is 0.5: half of the caps 100, 200, 250 (capped) ms.
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(125)), slept);
    }

    @Test
    void whenAttemptsAreUsedUpThenRateLimitedExceptionWithTheProblem() {
        server.on("/v1/me", request -> json(429, QUOTA_EXCEEDED, "Retry-After", "1", "RateLimit-Policy", "\"burst\";q=5;w=1",
                "RateLimit", "\"burst\";r=0;t=1"));
        RenkeiClient client = client(RetryPolicy.DEFAULT.withMaxAttempts(3));

        RateLimitedException e = assertThrows(RateLimitedException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(3, server.requestsTo("/v1/me").size());
        assertEquals(2, slept.size());
        assertEquals(429, e.status());
        assertTrue(e.isType("quota-exceeded"), e::getMessage);
        assertEquals("req-429", e.requestId());
        assertEquals("At most 5 calls per second.", e.detail());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertEquals("\"burst\";q=5;w=1", e.rateLimitPolicy().orElseThrow());
        assertEquals("\"burst\";r=0;t=1", e.rateLimit().orElseThrow());
    }

    @Test
    void postWithoutIdempotencyKeyIsNeverRetried() {
        server.on(SPOTS, request -> json(429, QUOTA_EXCEEDED, "Retry-After", "1"));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> client.call(() -> client.api(SpotsApi.class).createSpot(new SpotCreate().code("S-1").name("Spot"), null)));

        assertEquals(1, server.requestsTo(SPOTS).size());
        assertTrue(slept.isEmpty());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    }

    @Test
    void postWithIdempotencyKeyIsRetriedWithTheSameKeyAndBody() {
        server.on(SPOTS, failingFirst(1, json(429, QUOTA_EXCEEDED, "Retry-After", "1"),
                json(201, "{\"code\":\"S-1\",\"name\":\"Spot\"}", "Location", "/v1/resources/spots/x")));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        client.call(() -> client.api(SpotsApi.class).createSpot(new SpotCreate().code("S-1").name("Spot"), "key-1"));

        List<ScriptedServer.Request> sent = server.requestsTo(SPOTS);
        assertEquals(2, sent.size());
        assertEquals("key-1", sent.get(1).header("Idempotency-Key"));
        assertEquals(sent.get(0).body(), sent.get(1).body());
        assertTrue(sent.get(1).body().contains("\"S-1\""), sent.get(1)::body);
    }

    @Test
    void retryAfterBeyondTheMaximumWaitIsThrownAtOnce() {
        server.on("/v1/me", request -> json(429, QUOTA_EXCEEDED, "Retry-After", "3600"));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        RateLimitedException e = assertThrows(RateLimitedException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(1, server.requestsTo("/v1/me").size());
        assertEquals(Duration.ofHours(1), e.retryAfter().orElseThrow());
    }

    @Test
    void otherErrorsAreNotRetriedAndCarryTheProblem() {
        server.on("/v1/me", request -> json(409, "{\"type\":\"https://renkei.dev/problems/already-picked-up\",\"title\":\"Already picked up\","
                + "\"status\":409,\"detail\":\"The secret cannot be shown again.\",\"request_id\":\"req-409\"}"));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        RenkeiException e = assertThrows(RenkeiException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(RenkeiException.class, e.getClass());
        assertEquals(409, e.status());
        assertEquals("https://renkei.dev/problems/already-picked-up", e.type());
        assertEquals("Already picked up", e.title());
        assertEquals("req-409", e.requestId());
        assertTrue(e.getMessage().contains("req-409"), e::getMessage);
        assertEquals(1, server.requestsTo("/v1/me").size());
    }

    @Test
    void requestIdFallsBackToTheHeaderWhenTheBodyIsNoProblem() {
        server.on("/v1/me", request -> new ScriptedServer.Answer(502, java.util.Map.of("Content-Type", "text/html", "X-Request-Id", "req-gw"),
                "<html>Bad gateway</html>"));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        RenkeiException e = assertThrows(RenkeiException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(502, e.status());
        assertEquals("req-gw", e.requestId());
        assertEquals("<html>Bad gateway</html>", e.body());
    }

    @Test
    void unreachableServerIsARenkeiExceptionWithoutStatus() throws Exception {
        java.net.URI closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        RenkeiClient client = RenkeiClient.builder().baseUrl(closed).apiToken("rnk_pat_test").build();

        RenkeiException e = assertThrows(RenkeiException.class, () -> client.call(() -> client.api(MeApi.class).getMe()));

        assertEquals(RenkeiException.NO_RESPONSE, e.status());
        assertInstanceOf(java.io.IOException.class, e.getCause());
    }

    @Test
    void everyRequestCarriesTheTokenAndUserAgent() {
        server.on("/v1/me", request -> json(200, ME));
        RenkeiClient client = client(RetryPolicy.DEFAULT);

        client.call(() -> client.api(MeApi.class).getMe());

        ScriptedServer.Request sent = server.requestsTo("/v1/me").get(0);
        assertEquals("Bearer rnk_pat_test", sent.header("Authorization"));
        assertEquals("renkei-java/" + RenkeiClient.VERSION, sent.header("User-Agent"));
        assertNotNull(RenkeiClient.VERSION);
        assertTrue(RenkeiClient.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), RenkeiClient.VERSION);
    }

    @Test
    void retryListenerIsToldBeforeEachRetry() {
        server.on("/v1/me", failingFirst(2, json(429, QUOTA_EXCEEDED, "Retry-After", "1"), json(200, ME)));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        RenkeiClient client = RenkeiClient.builder().baseUrl(server.baseUri()).apiToken("rnk_pat_test").sleeper(slept::add)
                .retryListener((method, uri, attempt, wait, error) -> attempts.add(attempt)).build();

        client.call(() -> client.api(MeApi.class).getMe());

        assertEquals(List.of(1, 2), attempts);
    }
}
