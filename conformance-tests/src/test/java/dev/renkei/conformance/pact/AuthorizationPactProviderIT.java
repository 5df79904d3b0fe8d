package dev.renkei.conformance.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.renkei.conformance.client.PartnerFixtures;

import java.util.List;
import java.util.Map;

import static dev.renkei.conformance.client.PartnerFixtures.DEMO_CLIENT_ID;
import static dev.renkei.conformance.client.PartnerFixtures.DEMO_CLIENT_SECRET;
import static dev.renkei.conformance.client.PartnerFixtures.DEMO_REDIRECT;

/**
 * The authorization API's side of the Java client's contract: the token endpoint (code exchange,
 * refresh, invalid_grant) and the JSON journey API, for the demo partner program.
 */
@Provider("renkei-authorization")
@PactFolder("../client-java/target/pacts")
class AuthorizationPactProviderIT extends PactProviderIT {

    private static final List<String> SCOPES = List.of("accounts:read");

    @State("an authorization code was issued to the demo program")
    void codeIssued() throws Exception {
        PartnerFixtures.Code code = fixtures.authorize(DEMO_CLIENT_ID, DEMO_REDIRECT, SCOPES);
        useInForm("code", code.code());
        useInForm("code_verifier", code.verifier());
    }

    @State("a consent with a valid refresh token exists")
    void consentWithRefreshToken() throws Exception {
        PartnerFixtures.Code code = fixtures.authorize(DEMO_CLIENT_ID, DEMO_REDIRECT, SCOPES);
        useInForm("refresh_token", fixtures.exchange(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, code).path("refresh_token").asText());
    }

    @State("no consent holds this refresh token")
    void noSuchRefreshToken() {
        // Nothing to set up: the contract's refresh token was never issued by this server.
    }

    @State("a journey for the demo program is at its login step")
    Map<String, Object> journeyAtLogin() throws Exception {
        PartnerFixtures.Journey journey = fixtures.startJourney(DEMO_CLIENT_ID, DEMO_REDIRECT, SCOPES);
        return Map.of("journeyId", journey.id(), "csrfToken", journey.csrf());
    }

    @State("a logged-in journey for the demo program is at its consent step")
    Map<String, Object> journeyAtConsent() throws Exception {
        PartnerFixtures.Journey journey = fixtures.atConsent(DEMO_CLIENT_ID, DEMO_REDIRECT, SCOPES);
        return Map.of("journeyId", journey.id(), "csrfToken", journey.csrf(), "cookie", journey.cookie());
    }
}
