package dev.renkei.server.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.renkei.server.shared.security.CredentialChanges;
import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token revocation (RFC 7009) and introspection (RFC 7662), and how program changes reach tokens. */
@MicronautTest(transactional = false)
class RevocationIntrospectionIT extends OAuthIntegrationTest {

    // --- revocation -----------------------------------------------------------------------

    @Test
    void revokeWhenRefreshTokenThenOkAndWholeFamilyDead() {
        Tokens first = demoTokens();
        Tokens second = tokens(refresh(DEMO, first.refreshToken()));

        Http.Response response = revoke(DEMO, second.refreshToken());

        assertEquals(200, response.status(), response::toString);
        assertEquals("", response.body());
        assertFalse(active(DEMO, second.refreshToken()));
        assertFalse(active(DEMO, second.accessToken()), "revoking a refresh token revokes its family's access tokens");
        assertOAuthError(400, "invalid_grant", refresh(DEMO, second.refreshToken()));
        // The consent is not revoked by a program's revocation.
        assertNull(rows("SELECT revoked_at FROM consent WHERE id = ?::uuid", claims(first.accessToken()).getClaim("consent_id"))
                .get(0).get("revoked_at"));
    }

    @Test
    void revokeWhenAccessTokenThenOkAndInactiveAtOnceButFamilyLives() {
        Tokens tokens = demoTokens();
        assertTrue(active(DEMO, tokens.accessToken()));

        assertEquals(200, revoke(DEMO, tokens.accessToken()).status());

        assertFalse(active(DEMO, tokens.accessToken()));
        assertTrue(active(DEMO, tokens.refreshToken()), "an access token revokes only itself");
        assertEquals(200, refresh(DEMO, tokens.refreshToken()).status());
    }

    @Test
    void revokeWhenWrongHintThenStillRevoked() {
        Tokens tokens = demoTokens();

        assertEquals(200, post("/oauth2/revoke", DEMO, "token", tokens.refreshToken(), "token_type_hint", "access_token").status());
        assertEquals(200, post("/oauth2/revoke", DEMO, "token", tokens.accessToken(), "token_type_hint", "refresh_token").status());

        assertFalse(active(DEMO, tokens.refreshToken()));
        assertFalse(active(DEMO, tokens.accessToken()));
    }

    @Test
    void revokeWhenUnknownOrAlreadyRevokedTokenThenOk() {
        assertEquals(200, revoke(DEMO, "rnk_rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000").status());
        assertEquals(200, revoke(DEMO, "garbage").status());
        assertEquals(200, revoke(DEMO, "eyJhbGciOiJFUzI1NiJ9.e30.c2ln").status());
        Tokens tokens = demoTokens();
        revoke(DEMO, tokens.refreshToken());
        assertEquals(200, revoke(DEMO, tokens.refreshToken()).status());
        assertEquals(200, revoke(DEMO, tokens.accessToken()).status());
    }

    @Test
    void revokeWhenAnotherClientsTokenThenUnauthorizedClientAndNothingRevoked() {
        Program other = createConfidentialProgram();
        Tokens tokens = demoTokens();

        assertOAuthError(400, "unauthorized_client", revoke(other.client(), tokens.refreshToken()));
        assertOAuthError(400, "unauthorized_client", revoke(other.client(), tokens.accessToken()));

        assertTrue(active(DEMO, tokens.refreshToken()));
        assertTrue(active(DEMO, tokens.accessToken()));
    }

    @Test
    void revokeWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", post("/oauth2/revoke", DEMO, "token_type_hint", "refresh_token"));
    }

    @Test
    void revokeWhenTokenTypeHintUnknownThenUnsupportedTokenType() {
        Tokens tokens = demoTokens();

        assertOAuthError(400, "unsupported_token_type", post("/oauth2/revoke", DEMO, "token", tokens.refreshToken(),
                "token_type_hint", "id_token"));
        assertTrue(active(DEMO, tokens.refreshToken()));
    }

    @Test
    void revokeWhenClientAuthenticationFailsThenInvalidClient() {
        Tokens tokens = demoTokens();

        assertInvalidClient(revoke(new Client(DEMO.id(), "rnk_cs_" + "B".repeat(38)), tokens.refreshToken()));
        assertInvalidClient(postForm("/oauth2/revoke", formHeaders(), "token", tokens.refreshToken()));
        assertTrue(active(DEMO, tokens.refreshToken()));
    }

    @Test
    void revokeWhenPublicClientThenOk() {
        Program pub = createProgram("public", List.of(REDIRECT), BANK_SCOPES, false);
        Tokens tokens = tokensFor(pub.client(), permit(pub.client(), List.of("accounts:read"), REDIRECT));

        assertEquals(200, revoke(pub.client(), tokens.refreshToken()).status());

        assertOAuthError(400, "invalid_grant", refresh(pub.client(), tokens.refreshToken()));
    }

    // --- introspection --------------------------------------------------------------------

    @Test
    void introspectWhenActiveAccessTokenThenAllFields() throws Exception {
        Tokens tokens = demoTokens();
        JWTClaimsSet claims = claims(tokens.accessToken());

        Http.Response response = introspect(DEMO, tokens.accessToken());

        assertEquals(200, response.status(), response::toString);
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals(true, response.at("active"));
        assertEquals("accounts:read transactions:read", response.str("scope"));
        assertEquals(DEMO.id(), response.str("client_id"));
        assertEquals("user2", response.str("username"));
        assertEquals("Bearer", response.str("token_type"));
        assertEquals(claims.getExpirationTime().toInstant().getEpochSecond(), ((Number) response.at("exp")).longValue());
        assertEquals(claims.getIssueTime().toInstant().getEpochSecond(), ((Number) response.at("iat")).longValue());
        assertEquals(claims.getIssueTime().toInstant().getEpochSecond(), ((Number) response.at("nbf")).longValue());
        assertEquals(customerId().toString(), response.str("sub"));
        assertEquals(claims.getIssuer() + "/v1", response.str("aud"));
        assertEquals(claims.getIssuer(), response.str("iss"));
        assertEquals(claims.getJWTID(), response.str("jti"));
        assertEquals(claims.getStringClaim("consent_id"), response.str("consent_id"));
    }

    @Test
    void introspectWhenActiveRefreshTokenThenActiveWithItsFields() {
        Tokens tokens = demoTokens();

        Http.Response response = introspect(DEMO, tokens.refreshToken());

        assertEquals(200, response.status(), response::toString);
        assertEquals(true, response.at("active"));
        assertEquals("refresh_token", response.str("token_type"));
        assertEquals("accounts:read transactions:read", response.str("scope"));
        assertEquals(DEMO.id(), response.str("client_id"));
        assertEquals("user2", response.str("username"));
        assertEquals(customerId().toString(), response.str("sub"));
        assertTrue(response.at("exp") instanceof Number, response::toString);
        assertTrue(response.at("iat") instanceof Number, response::toString);
        assertTrue(response.str("jti") != null, "the refresh token's record id");
        assertNull(response.at("aud"), "a refresh token is not for the resource API");
    }

    @Test
    void introspectWhenAccessTokenExpiredThenInactive() {
        Tokens tokens = demoTokens();
        clock.advance(Duration.ofSeconds(601));

        assertInactive(introspect(DEMO, tokens.accessToken()));
        assertTrue(active(DEMO, tokens.refreshToken()), "the refresh token lives 30 days");
    }

    @Test
    void introspectWhenForeignOrGarbageTokenThenInactive() {
        Program other = createConfidentialProgram();
        Tokens tokens = demoTokens();

        assertInactive(introspect(other.client(), tokens.accessToken()));
        assertInactive(introspect(other.client(), tokens.refreshToken()));
        assertInactive(introspect(DEMO, "garbage"));
        assertInactive(introspect(DEMO, "rnk_rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000"));
        assertInactive(introspect(DEMO, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
        // A token forged with another key and the demo program's claims.
        String[] parts = tokens.accessToken().split("\\.");
        assertInactive(introspect(DEMO, parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse()));
    }

    @Test
    void introspectWhenRevokedThenInactive() {
        Tokens tokens = demoTokens();
        revoke(DEMO, tokens.refreshToken());

        assertInactive(introspect(DEMO, tokens.accessToken()));
        assertInactive(introspect(DEMO, tokens.refreshToken()));
    }

    @Test
    void introspectWhenNoBasicAuthenticationThenInvalidClient() {
        Tokens tokens = demoTokens();

        assertInvalidClient(postForm("/oauth2/introspect", formHeaders(), "token", tokens.accessToken()));
        // Contract: introspection takes HTTP Basic only; form credentials are not enough.
        assertInvalidClient(postForm("/oauth2/introspect", formHeaders(), "token", tokens.accessToken(),
                "client_id", DEMO.id(), "client_secret", DEMO.secret()));
        assertInvalidClient(introspect(new Client(DEMO.id(), "rnk_cs_" + "C".repeat(38)), tokens.accessToken()));
    }

    @Test
    void introspectWhenPublicClientThenInvalidClient() {
        Program pub = createProgram("public", List.of(REDIRECT), BANK_SCOPES, false);
        Tokens tokens = tokensFor(pub.client(), permit(pub.client(), List.of("accounts:read"), REDIRECT));

        assertInvalidClient(postForm("/oauth2/introspect", basic(pub.client().id(), ""), "token", tokens.accessToken()));
    }

    @Test
    void introspectWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(400, "invalid_request", post("/oauth2/introspect", DEMO, "token_type_hint", "access_token"));
    }

    // --- program state reaches its tokens ----------------------------------------------------

    @Test
    void disableProgramWhenTokensIssuedThenInactiveAndReEnableRestoresThem() {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));
        String path = "/v1/partner-programs/" + program.programId();

        assertEquals(200, http.patch(path, admin(), Map.of("enabled", false)).status());

        // A disabled program cannot even authenticate to ask …
        assertInvalidClient(introspect(program.client(), tokens.accessToken()));
        assertInvalidClient(refresh(program.client(), tokens.refreshToken()));
        // … and its tokens are inactive to the server itself (what the resource API asks).
        assertFalse(fixtures.activeForServer(program.client().id(), tokens.accessToken()));
        assertFalse(fixtures.activeForServer(program.client().id(), tokens.refreshToken()));

        assertEquals(200, http.patch(path, admin(), Map.of("enabled", true)).status());

        assertTrue(active(program.client(), tokens.accessToken()), "disabling revoked nothing");
        assertTrue(active(program.client(), tokens.refreshToken()));
        assertEquals(200, refresh(program.client(), tokens.refreshToken()).status());
    }

    @Test
    void deleteProgramWhenTokensIssuedThenRevokedForGood() {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));
        Tokens unrelated = demoTokens();

        assertEquals(204, http.delete("/v1/partner-programs/" + program.programId(), admin()).status());

        assertInvalidClient(introspect(program.client(), tokens.accessToken()));
        assertInvalidClient(refresh(program.client(), tokens.refreshToken()));
        assertFalse(fixtures.activeForServer(program.client().id(), tokens.accessToken()));
        assertFalse(fixtures.activeForServer(program.client().id(), tokens.refreshToken()));
        List<Map<String, Object>> consents = rows("SELECT c.revoked_at FROM consent c JOIN partner_program p "
                + "ON p.id = c.program_id WHERE p.client_id = ?", program.client().id());
        assertTrue(consents.stream().allMatch(c -> c.get("revoked_at") != null), "its consents are revoked");
        assertTrue(active(DEMO, unrelated.accessToken()), "other programs' tokens are untouched");
    }

    // --- cached state: changes through this instance apply at once, others within 2 s --------

    @Test
    void introspectWhenProgramSecretRotatedThenOldSecretRejected() {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));
        assertTrue(active(program.client(), tokens.accessToken()));
        assertTrue(active(program.client(), tokens.accessToken()), "the client's authentication is now remembered");

        Http.Response rotated = http.post("/v1/partner-programs/" + program.programId() + "/secret", admin(), null);
        assertEquals(200, rotated.status(), rotated::toString);

        assertInvalidClient(introspect(program.client(), tokens.accessToken()));
        assertInvalidClient(refresh(program.client(), tokens.refreshToken()));
        Client renewed = new Client(program.client().id(), rotated.str("client_secret"));
        assertTrue(active(renewed, tokens.accessToken()), "tokens outlive the rotation; only the secret changed");
    }

    @Test
    void introspectWhenConsentRevokedThenInactive() {
        String loginId = uniqueLoginId("consenter");
        createAccount(loginId, PASSWORD);
        Tokens tokens = demoTokensOf(loginId);
        String consentId = (String) claims(tokens.accessToken()).getClaim("consent_id");
        assertTrue(active(DEMO, tokens.accessToken()));
        assertTrue(active(DEMO, tokens.accessToken()), "the token's state is now remembered");

        Http.Response revoked = http.post("/v1/me/consents/" + consentId + "/revoke", signIn(loginId, PASSWORD), null);
        assertEquals(200, revoked.status(), revoked::toString);

        assertInactive(introspect(DEMO, tokens.accessToken()));
        assertInactive(introspect(DEMO, tokens.refreshToken()));
    }

    @Test
    void introspectWhenProgramDisabledAfterIntrospectionThenInvalidClientAndInactiveAtOnce() {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));
        assertTrue(active(program.client(), tokens.accessToken()));
        assertTrue(fixtures.activeForServer(program.client().id(), tokens.accessToken()));

        assertEquals(200, http.patch("/v1/partner-programs/" + program.programId(), admin(), Map.of("enabled", false)).status());

        assertInvalidClient(introspect(program.client(), tokens.accessToken()));
        assertFalse(fixtures.activeForServer(program.client().id(), tokens.accessToken()));
    }

    @Test
    void introspectWhenCustomerLockedThenInactiveAtOnceAndActiveAgainWhenUnlocked() {
        String loginId = uniqueLoginId("locked");
        String accountId = createAccount(loginId, PASSWORD);
        Tokens tokens = demoTokensOf(loginId);
        assertTrue(active(DEMO, tokens.accessToken()));

        assertEquals(200, http.post("/v1/accounts/" + accountId + "/lock", admin(), null).status());
        assertInactive(introspect(DEMO, tokens.accessToken()));

        assertEquals(200, http.post("/v1/accounts/" + accountId + "/unlock", admin(), null).status());
        assertTrue(active(DEMO, tokens.accessToken()));
    }

    /** Another instance revoked the family: this one has no notice and sees it when its entry expires. */
    @Test
    void introspectWhenRevokedByAnotherInstanceThenInactiveWithinTwoSeconds() throws SQLException {
        Tokens tokens = demoTokens();
        assertTrue(active(DEMO, tokens.accessToken()));

        execute("UPDATE token_family SET revoked_at = now(), revoked_reason = 'revoked_by_client' WHERE id = ?::uuid",
                claims(tokens.accessToken()).getClaim("fid"));
        clock.advance(Duration.ofMillis(2001));

        assertInactive(introspect(DEMO, tokens.accessToken()));
    }

    /** Another instance rotated the secret: the old one is refused here once the remembered authentication expires. */
    @Test
    void introspectWhenSecretRotatedByAnotherInstanceThenOldSecretRejectedWithinTwoSeconds() throws SQLException {
        Program program = createConfidentialProgram();
        Tokens tokens = tokensFor(program.client(), permit(program.client()));
        assertTrue(active(program.client(), tokens.accessToken()));

        execute("UPDATE partner_program SET secret_hash = sha256('another secret'::bytea) WHERE client_id = ?",
                program.client().id());
        clock.advance(Duration.ofMillis(2001));

        assertInvalidClient(introspect(program.client(), tokens.accessToken()));
    }

    /**
     * An introspection that read the old state while a revocation was not yet committed must not
     * keep it: the notice is given again once the revocation's transaction has ended.
     */
    @Test
    @SuppressWarnings("unchecked")
    void credentialChangeWhenItsTransactionEndsThenNoticedAgain() {
        CredentialChanges changes = context.getBean(CredentialChanges.class);
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);

        long during = transactions.executeWrite(status -> {
            changes.changed();
            return changes.epoch();
        });

        assertTrue(changes.epoch() > during, "moved again after the commit");
    }

    /** A statement another instance would run: it bypasses this instance's notices entirely. */
    private void execute(String sql, Object... params) throws SQLException {
        try (Connection connection = connectToDatabase(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            assertEquals(1, statement.executeUpdate(), sql);
        }
    }

    private static void assertInactive(Http.Response response) {
        assertEquals(200, response.status(), response::toString);
        assertEquals(Map.of("active", false), response.json(), "an inactive answer says nothing else");
    }

    private static JWTClaimsSet claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
