package dev.renkei.client.pact;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.renkei.client.RenkeiClient;
import dev.renkei.client.RenkeiException;
import dev.renkei.client.token.api.MeApi;
import dev.renkei.client.token.model.ApiTokenStatus;
import dev.renkei.client.token.model.PickedUpApiToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static dev.renkei.client.pact.PactClients.CONSUMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token pickup of the token-issuance API, as the Java client calls it (seed 000). */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "renkei-token-issuance", pactVersion = PactSpecVersion.V3)
class TokenIssuancePactTest {

    private static final String SESSION = "eyJhbGciOiJIUzI1NiJ9.session.example";
    private static final UUID TOKEN_ID = UUID.fromString("0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a99");
    private static final String PICKUP = "/v1/me/api-tokens/${tokenId}/pickup";

    @Pact(consumer = CONSUMER)
    RequestResponsePact pickupOnce(PactDslWithProvider builder) {
        return builder.given("a token is waiting for pickup")
                .uponReceiving("the holder picks up a waiting API token")
                .method("POST")
                .pathFromProviderState(PICKUP, "/v1/me/api-tokens/" + TOKEN_ID + "/pickup")
                .headerFromProviderState("Authorization", "Bearer ${sessionToken}", "Bearer " + SESSION)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .matchHeader("X-Request-Id", PactClients.REQUEST_ID, "0197c8e0-5b79-7a3c-b1d2-e3f405162738")
                .body(new PactDslJsonBody()
                        .stringMatcher("secret", "rnk_pat_[0-9A-Za-z]{38}", "rnk_pat_4fT9xQ2mLp8ZrV1nB6cK0wYhJ3sD7gEa4cJ0Lf")
                        .object("token")
                        .uuid("id", TOKEN_ID)
                        .stringValue("status", "active")
                        .integerType("validity_days", 90)
                        .stringMatcher("picked_up_at", PactClients.RFC3339, "2026-12-06T10:00:00Z")
                        .stringMatcher("expires_at", PactClients.RFC3339, "2027-03-06T10:00:00Z")
                        .stringMatcher("last_four", "[0-9A-Za-z]{4}", "cJ0L")
                        .closeObject())
                .toPact();
    }

    @Pact(consumer = CONSUMER)
    RequestResponsePact pickupTwice(PactDslWithProvider builder) {
        return builder.given("the token was already picked up")
                .uponReceiving("the holder picks up an API token a second time")
                .method("POST")
                .pathFromProviderState(PICKUP, "/v1/me/api-tokens/" + TOKEN_ID + "/pickup")
                .headerFromProviderState("Authorization", "Bearer ${sessionToken}", "Bearer " + SESSION)
                .willRespondWith()
                .status(409)
                .matchHeader("Content-Type", PactClients.PROBLEM_JSON, "application/problem+json")
                .body(PactClients.problem("already-picked-up", 409))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "pickupOnce")
    void pickupReturnsTheSecretOnce(MockServer mockServer) {
        RenkeiClient client = PactClients.facade(mockServer, SESSION);

        PickedUpApiToken picked = client.call(() -> client.api(MeApi.class).pickUpMyApiToken(TOKEN_ID));

        assertTrue(picked.getSecret().startsWith("rnk_pat_"));
        assertEquals(ApiTokenStatus.ACTIVE, picked.getToken().getStatus());
        assertEquals(TOKEN_ID, picked.getToken().getId());
    }

    @Test
    @PactTestFor(pactMethod = "pickupTwice")
    void secondPickupIsAConflictWithItsProblem(MockServer mockServer) {
        RenkeiClient client = PactClients.facade(mockServer, SESSION);

        RenkeiException e = assertThrows(RenkeiException.class, () -> client.call(() -> client.api(MeApi.class).pickUpMyApiToken(TOKEN_ID)));

        assertEquals(409, e.status());
        assertTrue(e.isType("already-picked-up"), e::getMessage);
        assertEquals("0197c8e0-5b79-7a3c-b1d2-e3f405162738", e.requestId());
    }
}
