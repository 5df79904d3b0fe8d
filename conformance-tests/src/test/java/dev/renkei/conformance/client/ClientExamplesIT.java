package dev.renkei.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renkei.client.OAuthTokens;
import dev.renkei.client.Pages;
import dev.renkei.client.RateLimitedException;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.RenkeiException;
import dev.renkei.client.examples.OAuthExample;
import dev.renkei.client.examples.QuickstartExample;
import dev.renkei.client.resource.api.SpotsApi;
import dev.renkei.client.resource.model.Spot;
import dev.renkei.client.resource.model.SpotCreate;
import dev.renkei.client.resource.model.SpotPage;
import dev.renkei.conformance.support.RenkeiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.renkei.conformance.client.PartnerFixtures.DEMO_CLIENT_ID;
import static dev.renkei.conformance.client.PartnerFixtures.DEMO_CLIENT_SECRET;
import static dev.renkei.conformance.client.PartnerFixtures.DEMO_REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client's example programs and its paging and retry behaviour, run against the real
 * server: what the docs site shows (the examples' tagged regions) is code that works.
 *
 * <p>The examples and the paging run on a server with the burst limit raised (they make hundreds
 * of calls); the retry behaviour runs on a second server with the contract's default burst limit.
 */
class ClientExamplesIT {

    private static RenkeiServer server;
    private static PartnerFixtures fixtures;

    @BeforeAll
    static void start() {
        server = RenkeiServer.start(Map.of("renkei.rate-limits.burst-calls", 1000));
        fixtures = new PartnerFixtures(server.baseUri());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void quickstartExampleCreatesASpotOnceAndReportsTheConflict() throws Exception {
        String apiToken = fixtures.apiToken();

        String out = capturingOut(() -> QuickstartExample.main(new String[] {server.baseUri().toString(), apiToken}));

        assertTrue(out.contains("Signed in as partner-"), out);
        Matcher created = Pattern.compile("Created spot ([0-9a-f-]{36}) \\(replayed: true\\)").matcher(out);
        assertTrue(created.find(), out);
        assertTrue(out.contains("Refused: 409 "), out);
        RenkeiClient client = RenkeiClient.builder().baseUrl(server.baseUri()).apiToken(apiToken).build();
        SpotsApi spots = client.api(SpotsApi.class);
        Spot spot = client.call(() -> spots.getSpot(UUID.fromString(created.group(1))));
        assertEquals("Quickstart spot", spot.getName());
        // The replayed create and the refused one added nothing: exactly one Quickstart spot.
        try (Stream<Spot> all = Pages.stream(cursor -> spots.listSpots(null, null, null, 200, cursor),
                SpotPage::getItems, SpotPage::getNextCursor)) {
            assertEquals(1, all.filter(s -> "Quickstart spot".equals(s.getName())).count());
        }
    }

    @Test
    void oauthExampleRefreshesAnExpiredAccessTokenAndPersistsTheRotatedRefreshToken(@TempDir Path dir) throws Exception {
        PartnerFixtures.Code code = fixtures.authorize(DEMO_CLIENT_ID, DEMO_REDIRECT, List.of("accounts:read"));
        JsonNode tokens = fixtures.exchange(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, code);
        String refreshToken = tokens.path("refresh_token").asText();
        Path tokenFile = dir.resolve("refresh-token.txt");
        // The access token expires; the example's client must notice the 401 and refresh by itself.
        server.clock().advance(Duration.ofSeconds(tokens.path("expires_in").asLong() + 60));
        try {
            String out = capturingOut(() -> OAuthExample.main(new String[] {server.baseUri().toString(), DEMO_CLIENT_ID,
                    DEMO_CLIENT_SECRET, tokens.path("access_token").asText(), refreshToken, tokenFile.toString()}));

            assertFalse(out.contains("Authorization needed again"), out);
            assertTrue(out.contains("Access token valid until "), out);
            // The inquiry itself: one line per account of shikuan01's consent, "branch type number: balance currency".
            assertTrue(Pattern.compile("(?m)^\\S+ \\S+ \\d+: -?\\d+(\\.\\d+)? [A-Z]{3}$").matcher(out).find(), out);
            String persisted = Files.readString(tokenFile).trim();
            assertNotEquals(refreshToken, persisted);
            // The persisted token is the live one: it refreshes again.
            RenkeiClient client = RenkeiClient.builder().baseUrl(server.baseUri())
                    .oauth(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, "unused", persisted, null).build();
            OAuthTokens renewed = client.refreshOAuthTokens();
            assertNotEquals(persisted, renewed.refreshToken());
        } finally {
            server.clock().reset();
        }
    }

    @Test
    void pagesStreamSeesEveryItemOfAListLongerThanTwoPagesExactlyOnce() throws Exception {
        RenkeiClient client = RenkeiClient.builder().baseUrl(server.baseUri()).apiToken(fixtures.apiToken()).build();
        SpotsApi spots = client.api(SpotsApi.class);
        String prefix = "PG-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        for (int i = 0; i < 150; i++) {
            SpotCreate spot = new SpotCreate().code(prefix + i).name("Paging " + i);
            client.call(() -> spots.createSpot(spot, null));
        }

        Map<UUID, Long> seen;
        try (Stream<Spot> all = Pages.stream(cursor -> spots.listSpots(null, null, null, 200, cursor),
                SpotPage::getItems, SpotPage::getNextCursor)) {
            seen = all.collect(Collectors.groupingBy(Spot::getId, HashMap::new, Collectors.counting()));
        }
        assertTrue(seen.size() > 200, "spots seen: " + seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "a spot was seen twice");
        long ours;
        try (Stream<Spot> all = Pages.stream(cursor -> spots.listSpots(null, null, null, 200, cursor),
                SpotPage::getItems, SpotPage::getNextCursor)) {
            ours = all.filter(s -> s.getCode().startsWith(prefix)).count();
        }
        assertEquals(150, ours);
    }

    @Test
    void tooManyRequestsAreRetriedAfterRetryAfterAndThrownWhenRetriesAreOff() throws Exception {
        try (RenkeiServer limited = RenkeiServer.start()) {
            String apiToken = new PartnerFixtures(limited.baseUri()).apiToken();
            List<Duration> retriedAfter429 = new CopyOnWriteArrayList<>();
            RenkeiClient retrying = RenkeiClient.builder().baseUrl(limited.baseUri()).apiToken(apiToken).maxAttempts(4)
                    .retryListener((method, uri, attempt, wait, error) -> {
                        if (error.status() == 429) {
                            retriedAfter429.add(wait);
                        }
                    }).build();
            SpotsApi spots = retrying.api(SpotsApi.class);
            for (int i = 0; i < 12; i++) {
                SpotPage page = retrying.call(() -> spots.listSpots(null, null, null, 1, null));
                assertEquals(1, page.getItems().size());
            }
            assertFalse(retriedAfter429.isEmpty(), "no 429 was retried in 12 quick calls");
            assertTrue(retriedAfter429.stream().allMatch(w -> !w.isNegative() && w.compareTo(Duration.ofSeconds(2)) <= 0),
                    "waits: " + retriedAfter429);

            RenkeiClient once = RenkeiClient.builder().baseUrl(limited.baseUri()).apiToken(apiToken).maxAttempts(1).build();
            SpotsApi spotsOnce = once.api(SpotsApi.class);
            RateLimitedException refused = assertThrows(RateLimitedException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    once.call(() -> spotsOnce.listSpots(null, null, null, 1, null));
                }
            });
            assertEquals(429, refused.status());
            assertTrue(refused.retryAfter().isPresent(), "Retry-After missing");
        }
    }

    /** Runs an example, returning what it printed (and printing it too, for the test log). */
    private static String capturingOut(Runnable example) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } catch (RenkeiException e) {
            throw new AssertionError("The example failed: " + e.status() + " " + e.type() + " " + e.detail(), e);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
