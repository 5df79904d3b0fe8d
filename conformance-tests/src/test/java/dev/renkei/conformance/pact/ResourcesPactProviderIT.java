package dev.renkei.conformance.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.renkei.conformance.client.PartnerFixtures;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Resource API's side of the Java client's contract: a paged list, a create and the 429 of
 * an exhausted daily quota, with the server's published default limits.
 */
@Provider("renkei-resources")
@PactFolder("../client-java/target/pacts")
class ResourcesPactProviderIT extends PactProviderIT {

    private static final String SPOTS = "/v1/resources/spots";

    @State("three spots exist and an API token may read them")
    Map<String, Object> threeSpots() throws Exception {
        String token = fixtures.apiToken();
        for (int i = 0; i < 3; i++) {
            String code = "PACT-" + UUID.randomUUID().toString().substring(0, 8);
            expect(201, fixtures.http().post(SPOTS).bearer(token).json("{\"code\":\"" + code + "\",\"name\":\"Spot " + i + "\"}").send());
        }
        return Map.of("apiToken", token);
    }

    @State("an API token may create spots")
    Map<String, Object> mayCreateSpots() throws Exception {
        return Map.of("apiToken", fixtures.apiToken());
    }

    @State("the daily quota of the program is exhausted")
    Map<String, Object> quotaExhausted() throws Exception {
        String redirect = "http://localhost:3000/callback";
        List<String> scopes = List.of("spots:read");
        String[] program = fixtures.program("Pact quota app " + UUID.randomUUID(), redirect, scopes, 1);
        PartnerFixtures.Code code = fixtures.authorize(program[0], redirect, scopes);
        String accessToken = fixtures.exchange(program[0], program[1], code).path("access_token").asText();
        // The program's one call of the day.
        expect(200, fixtures.http().get(SPOTS).bearer(accessToken).send());
        return Map.of("accessToken", accessToken);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
