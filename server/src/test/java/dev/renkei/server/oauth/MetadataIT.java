package dev.renkei.server.oauth;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server metadata (RFC 8414), the JWKS, and signing-key rotation without downtime. */
@MicronautTest(transactional = false)
class MetadataIT extends OAuthIntegrationTest {

    @Test
    void metadataWhenFetchedThenEndpointsAndCapabilities() {
        Http.Response response = http.get("/.well-known/oauth-authorization-server", null);

        assertEquals(200, response.status(), response::toString);
        assertTrue(response.header("Cache-Control").contains("max-age=3600"), response.header("Cache-Control"));
        String issuer = response.str("issuer");
        assertFalse(issuer.endsWith("/"), issuer);
        assertEquals(issuer + "/oauth2/authorize", response.str("authorization_endpoint"));
        assertEquals(issuer + "/oauth2/token", response.str("token_endpoint"));
        assertEquals(issuer + "/oauth2/jwks", response.str("jwks_uri"));
        assertEquals(issuer + "/oauth2/par", response.str("pushed_authorization_request_endpoint"));
        assertEquals(issuer + "/oauth2/revoke", response.str("revocation_endpoint"));
        assertEquals(issuer + "/oauth2/introspect", response.str("introspection_endpoint"));
        assertEquals(false, response.at("require_pushed_authorization_requests"));
        assertEquals(List.of("code"), response.at("response_types_supported"));
        assertEquals(List.of("query"), response.at("response_modes_supported"));
        assertEquals(List.of("authorization_code", "refresh_token"), response.at("grant_types_supported"));
        assertEquals(List.of("S256"), response.at("code_challenge_methods_supported"));
        assertEquals(Set.of("client_secret_basic", "client_secret_post", "none"),
                Set.copyOf(response.list("token_endpoint_auth_methods_supported")));
        assertEquals(Set.of("client_secret_basic", "client_secret_post", "none"),
                Set.copyOf(response.list("revocation_endpoint_auth_methods_supported")));
        assertEquals(List.of("client_secret_basic"), response.at("introspection_endpoint_auth_methods_supported"));
        assertTrue(response.list("scopes_supported").containsAll(List.of("accounts:read", "transactions:read",
                "spots:write", "statuses:read")), response::toString);
        assertEquals(true, response.at("authorization_response_iss_parameter_supported"));
        assertNotNull(response.str("service_documentation"));
    }

    @Test
    void metadataWhenIssuerThenSameAsTokensAndAuthorizationResponses() throws Exception {
        String issuer = http.get("/.well-known/oauth-authorization-server", null).str("issuer");
        Grant grant = permit(DEMO);

        assertEquals(issuer, grant.iss());
        assertEquals(issuer, SignedJWT.parse(tokensFor(DEMO, grant).accessToken()).getJWTClaimsSet().getIssuer());
    }

    @Test
    void jwksWhenFetchedThenEs256PublicKeysOnly() throws Exception {
        Http.Response response = http.get("/oauth2/jwks", null);

        assertEquals(200, response.status(), response::toString);
        assertTrue(response.header("Cache-Control").contains("max-age=300"), response.header("Cache-Control"));
        assertFalse(response.body().contains("\"d\""), "no private key material");
        JWKSet set = JWKSet.parse(response.body());
        assertFalse(set.getKeys().isEmpty());
        for (var key : set.getKeys()) {
            ECKey ec = (ECKey) key;
            assertEquals("P-256", ec.getCurve().getName());
            assertEquals("sig", ec.getKeyUse().identifier());
            assertEquals("ES256", ec.getAlgorithm().getName());
            assertFalse(ec.isPrivate());
            assertEquals(7, java.util.UUID.fromString(ec.getKeyID()).version(), "kid is a UUIDv7");
        }
    }

    @Test
    void jwksWhenAcceptJwkSetJsonThenSameKeys() {
        Http.Response plain = http.get("/oauth2/jwks", null);
        Http.Response jwkSet = http.send("GET", "/oauth2/jwks", null, null, Map.of("Accept", "application/jwk-set+json"));

        assertEquals(200, jwkSet.status(), jwkSet::toString);
        assertEquals(plain.json(), jwkSet.json());
    }

    @Test
    void rotateWhenSystemAdminThenNewKidSignsAndOldKidRetiresAfterTokenLifetime() throws Exception {
        String admin = admin();
        Tokens before = demoTokensOf("user1");
        String oldKid = kid(before.accessToken());
        assertTrue(kids().contains(oldKid));

        Http.Response rotated = http.post("/v1/signing-keys/rotate", admin, null);

        assertEquals(200, rotated.status(), rotated::toString);
        Map<?, ?> newest = (Map<?, ?>) rotated.list("items").get(0);
        String newKid = (String) newest.get("kid");
        assertNotEquals(oldKid, newKid);
        assertEquals("active", newest.get("status"));
        Map<?, ?> retiring = keyOf(rotated, oldKid);
        assertEquals("retiring", retiring.get("status"));
        Instant retiresAt = Instant.parse((String) retiring.get("retires_at"));
        Instant activatedAt = Instant.parse((String) newest.get("activated_at"));
        assertEquals(630, Duration.between(activatedAt, retiresAt).toSeconds());

        // New tokens name the new key; old ones stay verifiable and active.
        Tokens after = demoTokens();
        assertEquals(newKid, kid(after.accessToken()));
        assertTrue(kids().containsAll(Set.of(oldKid, newKid)));
        assertTrue(verifiesWithJwks(before.accessToken()));
        assertTrue(verifiesWithJwks(after.accessToken()));
        assertTrue(active(DEMO, before.accessToken()), "a token signed by the retiring key is still active");
        assertTrue(active(DEMO, after.accessToken()));

        clock.advance(Duration.ofSeconds(631));

        assertEquals(Set.of(newKid), kids(), "the retired key leaves the JWKS");
        Http.Response listed = http.get("/v1/signing-keys", admin());
        assertEquals("retired", keyOf(listed, oldKid).get("status"));
        assertEquals("active", keyOf(listed, newKid).get("status"));
        Tokens later = demoTokens();
        assertEquals(newKid, kid(later.accessToken()));
        assertTrue(active(DEMO, later.accessToken()));
    }

    @Test
    void rotateWhenTwiceWithinLifetimeThenTwoKeysRetiring() throws Exception {
        String admin = admin();
        String first = kid(demoTokens().accessToken());
        assertEquals(200, http.post("/v1/signing-keys/rotate", admin, null).status());
        Tokens middle = demoTokens();

        Http.Response again = http.post("/v1/signing-keys/rotate", admin, null);

        assertEquals(200, again.status(), again::toString);
        String newest = (String) ((Map<?, ?>) again.list("items").get(0)).get("kid");
        assertEquals("retiring", keyOf(again, first).get("status"));
        assertEquals("retiring", keyOf(again, kid(middle.accessToken())).get("status"));
        assertTrue(kids().containsAll(Set.of(first, kid(middle.accessToken()), newest)));
        assertTrue(active(DEMO, middle.accessToken()));
        assertEquals(newest, kid(demoTokens().accessToken()));
    }

    @Test
    void rotateWhenAuditedThenEventRecorded() {
        Http.Response rotated = http.post("/v1/signing-keys/rotate", admin(), null);
        String kid = (String) ((Map<?, ?>) rotated.list("items").get(0)).get("kid");

        Http.Response events = http.get("/v1/audit-events?action=signing_key_rotated&target_id=" + kid, admin());

        assertEquals(200, events.status(), events::toString);
        assertEquals(1, events.list("items").size(), events::toString);
    }

    @Test
    void signingKeysWhenAuditorThenListsButCannotRotate() {
        String auditor = signIn("auditor1", PASSWORD);

        Http.Response listed = http.get("/v1/signing-keys", auditor);
        assertEquals(200, listed.status(), listed::toString);
        assertFalse(listed.list("items").isEmpty());
        assertFalse(listed.body().contains("\"d\""), "no private key material");
        assertEquals(403, http.post("/v1/signing-keys/rotate", auditor, null).status());
    }

    @Test
    void signingKeysWhenUserAdminOrCustomerThenForbidden() {
        String userAdmin = signIn("useradmin1", PASSWORD);
        String customer = signIn("user2", PASSWORD);
        List<String> before = List.copyOf(kids());

        Http.Response rotate = http.post("/v1/signing-keys/rotate", userAdmin, null);
        assertEquals(403, rotate.status(), rotate::toString);
        assertEquals("forbidden", rotate.problem());
        assertEquals(403, http.get("/v1/signing-keys", userAdmin).status());
        assertEquals(403, http.post("/v1/signing-keys/rotate", customer, null).status());
        assertEquals(403, http.get("/v1/signing-keys", customer).status());
        assertEquals(401, http.post("/v1/signing-keys/rotate", null, null).status());
        assertEquals(Set.copyOf(before), kids(), "nothing rotated");
    }

    private Set<String> kids() {
        try {
            return JWKSet.parse(http.get("/oauth2/jwks", null).body()).getKeys().stream()
                    .map(k -> k.getKeyID()).collect(Collectors.toSet());
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private boolean verifiesWithJwks(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(http.get("/oauth2/jwks", null).body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new ECDSAVerifier(key));
    }

    private static String kid(String token) throws java.text.ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static Map<?, ?> keyOf(Http.Response list, String kid) {
        return list.list("items").stream().map(i -> (Map<?, ?>) i).filter(i -> kid.equals(i.get("kid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + kid + " in " + list));
    }
}
