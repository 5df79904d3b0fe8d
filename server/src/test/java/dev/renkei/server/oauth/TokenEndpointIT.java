package dev.renkei.server.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token endpoint's authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9068). */
@MicronautTest(transactional = false)
class TokenEndpointIT extends OAuthIntegrationTest {

    @Test
    void exchangeWhenValidThenSignedJwtAccessTokenAndRefreshToken() throws Exception {
        Grant grant = permit(DEMO);
        assertEquals(http.get("/.well-known/oauth-authorization-server", null).str("issuer"), grant.iss());

        Http.Response response = exchange(DEMO, grant);

        assertEquals(200, response.status(), response::toString);
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals("no-cache", response.header("Pragma"));
        assertEquals("Bearer", response.str("token_type"));
        assertEquals(600, ((Number) response.at("expires_in")).intValue());
        assertEquals("accounts:read transactions:read", response.str("scope"));
        assertTrue(response.str("refresh_token").matches("rnk_rt_[0-9A-Za-z]{38}"), response.str("refresh_token"));

        SignedJWT jwt = SignedJWT.parse(response.str("access_token"));
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(http.get("/oauth2/jwks", null).body());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is in the JWKS");
        assertTrue(jwt.verify(new ECDSAVerifier(key)), "the signature verifies with the published key");

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        String issuer = grant.iss();
        assertEquals(issuer, claims.getIssuer());
        assertEquals(customerId().toString(), claims.getSubject());
        assertEquals(List.of(issuer + "/v1"), claims.getAudience());
        assertEquals(DEMO.id(), claims.getStringClaim("client_id"));
        assertEquals("accounts:read transactions:read", claims.getStringClaim("scope"));
        assertEquals(grant.consentId().toString(), claims.getStringClaim("consent_id"));
        assertEquals(7, UUID.fromString(claims.getJWTID()).version(), "jti is a UUIDv7");
        assertEquals(600, Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()).toSeconds());
    }

    @Test
    void exchangeWhenClientSecretPostThenTokens() {
        Grant grant = permit(DEMO);

        Http.Response response = postForm("/oauth2/token", formHeaders(), "grant_type", "authorization_code",
                "code", grant.code(), "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier(),
                "client_id", DEMO.id(), "client_secret", DEMO.secret());

        assertEquals(200, response.status(), response::toString);
    }

    @Test
    void exchangeWhenPublicClientWithClientIdAndPkceThenTokens() {
        Program pub = createProgram("public", List.of(REDIRECT), BANK_SCOPES, false);
        assertEquals(null, pub.client().secret());
        Grant grant = permit(pub.client(), List.of("accounts:read"), REDIRECT);

        Tokens tokens = tokensFor(pub.client(), grant);

        assertEquals("accounts:read", tokens.scope());
        // A public program cannot introspect (no client authentication), but it refreshes with its client_id.
        assertEquals(200, refresh(pub.client(), tokens.refreshToken()).status());
    }

    @Test
    void exchangeWhenPublicClientSendsSecretThenInvalidClient() {
        Program pub = createProgram("public", List.of(REDIRECT), BANK_SCOPES, false);
        Grant grant = permit(pub.client(), List.of("accounts:read"), REDIRECT);

        assertInvalidClient(exchange(new Client(pub.client().id(), "rnk_cs_" + "A".repeat(38)), grant));
    }

    // --- client authentication ------------------------------------------------------------

    @Test
    void exchangeWhenWrongSecretThenInvalidClientAndCodeStillUsable() {
        Grant grant = permit(DEMO);

        assertInvalidClient(exchange(new Client(DEMO.id(), "rnk_cs_DemoKakeiboSecret000000000000002xxxxxx"), grant));
        assertInvalidClient(postForm("/oauth2/token", formHeaders(), "grant_type", "authorization_code",
                "code", grant.code(), "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier(),
                "client_id", DEMO.id(), "client_secret", "wrong"));
        assertEquals(200, exchange(DEMO, grant).status(), "a failed client authentication does not use the code");
    }

    @Test
    void exchangeWhenUnknownClientThenInvalidClient() {
        assertInvalidClient(exchange(new Client("rnk_ci_nosuchprogram0000001", DEMO.secret()), permit(DEMO)));
    }

    @Test
    void exchangeWhenNoClientAuthenticationThenInvalidClient() {
        Grant grant = permit(DEMO);

        assertInvalidClient(postForm("/oauth2/token", formHeaders(), "grant_type", "authorization_code",
                "code", grant.code(), "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier()));
        // A confidential program that presents only its client_id.
        assertInvalidClient(postForm("/oauth2/token", formHeaders(), "grant_type", "authorization_code",
                "code", grant.code(), "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier(),
                "client_id", DEMO.id()));
    }

    @Test
    void exchangeWhenMalformedBasicCredentialsThenInvalidClient() {
        Map<String, String> headers = new HashMap<>(formHeaders());
        headers.put("Authorization", "Basic !!!not-base64!!!");

        assertInvalidClient(postForm("/oauth2/token", headers, "grant_type", "authorization_code", "code", "x",
                "redirect_uri", REDIRECT, "code_verifier", Pkce.create().verifier()));
    }

    @Test
    void exchangeWhenBasicAndFormSecretBothThenInvalidRequest() {
        Grant grant = permit(DEMO);

        // Contract: exactly one client authentication method; two give invalid_request.
        assertOAuthError(400, "invalid_request", postForm("/oauth2/token", basic(DEMO.id(), DEMO.secret()),
                "grant_type", "authorization_code", "code", grant.code(), "redirect_uri", grant.redirectUri(),
                "code_verifier", grant.pkce().verifier(), "client_id", DEMO.id(), "client_secret", DEMO.secret()));
    }

    @Test
    void exchangeWhenDisabledProgramThenInvalidClient() {
        Program program = createConfidentialProgram();
        Grant grant = permit(program.client());
        assertEquals(200, http.patch("/v1/partner-programs/" + program.programId(), admin(), Map.of("enabled", false)).status());

        assertInvalidClient(exchange(program.client(), grant));
    }

    // --- request errors ---------------------------------------------------------------------

    @Test
    void tokenWhenGrantTypeUnsupportedThenUnsupportedGrantType() {
        assertOAuthError(400, "unsupported_grant_type", token(DEMO, "grant_type", "password", "username", "u",
                "password", "p"));
        assertOAuthError(400, "unsupported_grant_type", token(DEMO, "grant_type", "client_credentials"));
    }

    @Test
    void tokenWhenGrantErrorThenNoStoreAndNoCache() {
        // The contract: errors of the token endpoint are sent with no-store and Pragma: no-cache too.
        Http.Response response = exchange(DEMO, new Grant(null, "rnk_ac_unknown", null, null, REDIRECT, Pkce.create()));

        assertOAuthError(400, "invalid_grant", response);
        assertEquals("no-cache", response.header("Pragma"));
    }

    @Test
    void tokenWhenRequestRejectedBeforeControllerThenNoStoreAndNoCache() {
        Http.Response response = token(DEMO, "grant_type", "password");

        assertOAuthError(400, "unsupported_grant_type", response);
        assertEquals("no-cache", response.header("Pragma"));
    }

    @Test
    void tokenWhenGrantTypeMissingThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", token(DEMO, "code", "abc", "redirect_uri", REDIRECT));
    }

    @Test
    void tokenWhenJsonBodyThenOAuthErrorNotProblem() {
        Http.Response response = http.send("POST", "/oauth2/token", null, "{\"grant_type\":\"authorization_code\"}",
                basic(DEMO.id(), DEMO.secret()).entrySet().stream()
                        .filter(e -> !e.getKey().equals("Content-Type"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

        assertEquals(415, response.status(), response::toString);
        assertEquals("invalid_request", response.str("error"), response::toString);
    }

    @Test
    void exchangeWhenCodeOrVerifierMissingThenInvalidRequest() {
        Grant grant = permit(DEMO);

        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "authorization_code",
                "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier()));
        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "redirect_uri", grant.redirectUri()));
        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "code_verifier", grant.pkce().verifier()));
        assertEquals(200, exchange(DEMO, grant).status(), "malformed requests do not use the code");
    }

    @Test
    void exchangeWhenVerifierMalformedThenInvalidRequest() {
        Grant grant = permit(DEMO);

        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "redirect_uri", grant.redirectUri(), "code_verifier", "too-short"));
        assertOAuthError(400, "invalid_request", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "redirect_uri", grant.redirectUri(), "code_verifier", grant.pkce().verifier() + "!!"));
    }

    // --- invalid_grant ------------------------------------------------------------------------

    @Test
    void exchangeWhenCodeUnknownThenInvalidGrant() {
        Grant grant = permit(DEMO);

        assertOAuthError(400, "invalid_grant", token(DEMO, "grant_type", "authorization_code",
                "code", "rnk_ac_" + "x".repeat(38), "redirect_uri", REDIRECT, "code_verifier", grant.pkce().verifier()));
    }

    @Test
    void exchangeWhenRedirectUriDiffersThenInvalidGrant() {
        Grant grant = permit(DEMO);

        // Also a registered URI, but not the one of the authorization request.
        assertOAuthError(400, "invalid_grant", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "redirect_uri", OTHER_REDIRECT, "code_verifier", grant.pkce().verifier()));
    }

    @Test
    void exchangeWhenVerifierWrongThenInvalidGrant() {
        Grant grant = permit(DEMO);

        assertOAuthError(400, "invalid_grant", token(DEMO, "grant_type", "authorization_code", "code", grant.code(),
                "redirect_uri", grant.redirectUri(), "code_verifier", Pkce.create().verifier()));
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrant() {
        Grant grant = permit(DEMO);
        clock.advance(Duration.ofSeconds(61));

        assertOAuthError(400, "invalid_grant", exchange(DEMO, grant));
    }

    @Test
    void exchangeWhenCodeJustBeforeExpiryThenTokens() {
        Grant grant = permit(DEMO);
        clock.advance(Duration.ofSeconds(58));

        assertEquals(200, exchange(DEMO, grant).status());
    }

    @Test
    void exchangeWhenCodeOfAnotherClientThenInvalidGrantAndCodeSurvives() {
        Program other = createConfidentialProgram();
        Grant grant = permit(DEMO);

        assertOAuthError(400, "invalid_grant", exchange(other.client(), grant));
        assertEquals(200, exchange(DEMO, grant).status(), "another program's attempt does not burn the code");
    }

    @Test
    void exchangeWhenCodeUsedTwiceThenInvalidGrantAndFirstTokensRevoked() {
        Grant grant = permit(DEMO);
        Tokens first = tokensFor(DEMO, grant);
        assertTrue(active(DEMO, first.accessToken()));

        assertOAuthError(400, "invalid_grant", exchange(DEMO, grant));

        assertFalse(active(DEMO, first.accessToken()), "the access token of the first exchange is revoked");
        assertFalse(active(DEMO, first.refreshToken()), "the refresh token of the first exchange is revoked");
        assertOAuthError(400, "invalid_grant", refresh(DEMO, first.refreshToken()));
        assertEquals("code_reused", rows("SELECT f.revoked_reason FROM token_family f JOIN authorization_code c "
                + "ON c.family_id = f.id WHERE c.consent_id = ?", grant.consentId()).get(0).get("revoked_reason"));
    }

    @Test
    void exchangeWhenSameCodeConcurrentlyThenExactlyOneSucceeds() throws Exception {
        Grant grant = permit(DEMO);
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return exchange(DEMO, grant);
                }));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (var future : futures) {
                responses.add(future.get());
            }

            List<Http.Response> winners = responses.stream().filter(r -> r.status() == 200).toList();
            assertEquals(1, winners.size(), () -> "statuses: " + responses.stream().map(Http.Response::status).toList());
            responses.stream().filter(r -> r.status() != 200).forEach(r -> assertOAuthError(400, "invalid_grant", r));
            // The others were second uses of the code: the winner's tokens are revoked as well.
            assertFalse(active(DEMO, winners.get(0).str("access_token")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exchangeWhenCodeUsedTwiceThenOtherGrantsUntouched() {
        Tokens other = demoTokensOf("user1");
        Grant grant = permit(DEMO);
        tokensFor(DEMO, grant);

        exchange(DEMO, grant);

        assertTrue(active(DEMO, other.accessToken()), "only the family of the replayed code is revoked");
        assertEquals(200, refresh(DEMO, other.refreshToken()).status());
    }

    @Test
    void exchangeWhenConsentRevokedBeforeRedemptionThenInvalidGrant() {
        Grant grant = permit(DEMO);
        fixtures.revokeConsent(grant.consentId());

        assertOAuthError(400, "invalid_grant", exchange(DEMO, grant));
    }

    @Test
    void exchangeWhenTwoCodesThenDistinctTokens() {
        Tokens a = demoTokens();
        Tokens b = demoTokens();

        assertNotEquals(a.accessToken(), b.accessToken());
        assertNotEquals(a.refreshToken(), b.refreshToken());
    }
}
