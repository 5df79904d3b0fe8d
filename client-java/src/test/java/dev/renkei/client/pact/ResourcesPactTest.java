package dev.renkei.client.pact;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.renkei.client.Pages;
import dev.renkei.client.RateLimitedException;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.resource.ApiResponse;
import dev.renkei.client.resource.api.SpotsApi;
import dev.renkei.client.resource.model.Spot;
import dev.renkei.client.resource.model.SpotCreate;
import dev.renkei.client.resource.model.SpotPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.renkei.client.pact.PactClients.CONSUMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Resource API (seed 003) as the Java client calls it: a paged list, a create, and the 429 of its limits. */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "renkei-resources", pactVersion = PactSpecVersion.V3)
class ResourcesPactTest {

    private static final String TOKEN = "rnk_pat_4fT9xQ2mLp8ZrV1nB6cK0wYhJ3sD7gEa4cJ0Lf";
    private static final String ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    private static final String SPOTS = "/v1/resources/spots";
    private static final UUID SPOT_ID = UUID.fromString("0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a03");
    private static final String KEY = "6f1c2a9e-4b7d-4f0e-9a3c-2d5e8b1f7c40";

    private static PactDslJsonBody spot(PactDslJsonBody body) {
        return (PactDslJsonBody) body
                .uuid("id", SPOT_ID)
                .stringType("name", "本社")
                .integerType("version", 1)
                .stringMatcher("created_at", PactClients.RFC3339, "2026-12-06T10:00:00Z")
                .stringMatcher("updated_at", PactClients.RFC3339, "2026-12-06T10:00:00Z");
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact listSpots(PactDslWithProvider builder) {
        PactDslJsonBody page = new PactDslJsonBody();
        spot(page.minArrayLike("items", 1, 2)).closeObject().closeArray();
        page.stringType("next_cursor", "eyJhZnRlciI6IjAxOTcifQ");
        return builder.given("three spots exist and an API token may read them")
                .uponReceiving("the first page of spots")
                .method("GET").path(SPOTS).query("limit=2")
                .headerFromProviderState("Authorization", "Bearer ${apiToken}", "Bearer " + TOKEN)
                .willRespondWith()
                .status(200)
                .matchHeader("RateLimit-Policy", ".*q=\\d+;w=\\d+.*", "\"burst\";q=5;w=1, \"daily\";q=100000;w=86400")
                .body((PactDslJsonBody) page)
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact createSpot(PactDslWithProvider builder) {
        return builder.given("an API token may create spots")
                .uponReceiving("a spot created with an Idempotency-Key")
                .method("POST").path(SPOTS)
                .headerFromProviderState("Authorization", "Bearer ${apiToken}", "Bearer " + TOKEN)
                .matchHeader("Idempotency-Key", "[!-~]{1,255}", KEY)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(new PactDslJsonBody().stringValue("code", "PACT-0001").stringValue("name", "Pact spot"))
                .willRespondWith()
                .status(201)
                .matchHeader("Location", "(http://[^/]+)?/v1/resources/spots/[0-9a-f-]{36}", SPOTS + "/" + SPOT_ID)
                .matchHeader("ETag", "\"[^\"]+\"", "\"1\"")
                .body(spot(new PactDslJsonBody()).stringValue("code", "PACT-0001"))
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact quotaExceeded(PactDslWithProvider builder) {
        return builder.given("the daily quota of the program is exhausted")
                .uponReceiving("a call over the daily quota")
                .method("GET").path(SPOTS)
                .headerFromProviderState("Authorization", "Bearer ${accessToken}", "Bearer " + ACCESS_TOKEN)
                .willRespondWith()
                .status(429)
                .matchHeader("Retry-After", "\\d+", "3600")
                .matchHeader("RateLimit-Policy", "\"(burst|daily)\";q=\\d+;w=\\d+", "\"burst\";q=5;w=1, \"daily\";q=1;w=86400")
                .matchHeader("RateLimit", "\"daily\";r=0;t=\\d+", "\"daily\";r=0;t=3600")
                .matchHeader("Content-Type", PactClients.PROBLEM_JSON, "application/problem+json")
                .body(PactClients.problem("quota-exceeded", 429))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "listSpots")
    void firstPageThroughThePagingIterator(MockServer mockServer) {
        RenkeiClient client = PactClients.facade(mockServer, TOKEN);
        SpotsApi spots = client.api(SpotsApi.class);

        List<Spot> firstTwo = Pages.stream(cursor -> spots.listSpots(null, null, null, 2, cursor),
                SpotPage::getItems, SpotPage::getNextCursor).limit(2).toList();

        assertEquals(2, firstTwo.size());
        assertEquals(SPOT_ID, firstTwo.get(0).getId());
    }

    @Test
    @PactTestFor(pactMethod = "createSpot")
    void createReturnsLocationAndETag(MockServer mockServer) {
        RenkeiClient client = PactClients.facade(mockServer, TOKEN);
        SpotsApi spots = client.api(SpotsApi.class);

        ApiResponse<Spot> created = client.call(() -> spots.createSpotWithHttpInfo(
                new SpotCreate().code("PACT-0001").name("Pact spot"), KEY));

        assertEquals(201, created.getStatusCode());
        assertTrue(created.getHeaders().get("location").get(0).endsWith(SPOTS + "/" + SPOT_ID));
        assertEquals("\"1\"", created.getHeaders().get("etag").get(0));
        assertEquals("PACT-0001", created.getData().getCode());
    }

    @Test
    @PactTestFor(pactMethod = "quotaExceeded")
    void overTheQuotaIsRateLimitedWithRetryAfter(MockServer mockServer) {
        // Retry-After of an hour is beyond the client's maximum wait: no retry, the error at once.
        RenkeiClient client = PactClients.facade(mockServer, ACCESS_TOKEN);
        SpotsApi spots = client.api(SpotsApi.class);

        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> client.call(() -> spots.listSpots(null, null, null, null, null)));

        assertTrue(e.isType("quota-exceeded"));
        assertEquals(Duration.ofHours(1), e.retryAfter().orElseThrow());
        assertEquals("\"daily\";r=0;t=3600", e.rateLimit().orElseThrow());
    }
}
