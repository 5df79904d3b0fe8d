package dev.renkei.client.pact;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import dev.renkei.client.RenkeiClient;

import java.net.URI;

/** Shared names and builders of the consumer tests. */
final class PactClients {

    static final String CONSUMER = "renkei-java-client";
    static final String REQUEST_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final String UUID = REQUEST_ID;
    static final String PROBLEMS = "https://renkei.dev/problems/";
    static final String RFC3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";
    static final String PROBLEM_JSON = "application/problem\\+json.*";

    private PactClients() {
    }

    /** The facade, pointed at the mock provider, calling with the given bearer token. */
    static RenkeiClient facade(MockServer mockServer, String bearer) {
        RenkeiClient.Builder builder = RenkeiClient.builder().baseUrl(URI.create(mockServer.getUrl()));
        if (bearer != null) {
            builder.apiToken(bearer);
        }
        return builder.build();
    }

    /** An RFC 9457 problem of the given slug: the members a client branches on, matched by type. */
    static PactDslJsonBody problem(String slug, int status) {
        return (PactDslJsonBody) new PactDslJsonBody()
                .stringValue("type", PROBLEMS + slug)
                .stringType("title", "A title")
                .integerType("status", status)
                .stringMatcher("request_id", REQUEST_ID, "0197c8e0-5b79-7a3c-b1d2-e3f405162738");
    }
}
