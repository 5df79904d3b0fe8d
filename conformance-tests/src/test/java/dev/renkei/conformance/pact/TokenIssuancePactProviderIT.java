package dev.renkei.conformance.pact;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.renkei.conformance.client.PartnerFixtures;

import java.util.Map;

/** The token-issuance API's side of the Java client's contract (seed 000: pickup once). */
@Provider("renkei-token-issuance")
@PactFolder("../client-java/target/pacts")
class TokenIssuancePactProviderIT extends PactProviderIT {

    @State("a token is waiting for pickup")
    Map<String, Object> tokenWaiting() throws Exception {
        PartnerFixtures.IssuedToken token = fixtures.issuedToken();
        return Map.of("sessionToken", token.session(), "tokenId", token.tokenId());
    }

    @State("the token was already picked up")
    Map<String, Object> tokenPickedUp() throws Exception {
        PartnerFixtures.IssuedToken token = fixtures.issuedToken();
        fixtures.pickUp(token);
        return Map.of("sessionToken", token.session(), "tokenId", token.tokenId());
    }
}
