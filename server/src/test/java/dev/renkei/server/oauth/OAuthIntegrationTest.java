package dev.renkei.server.oauth;

import dev.renkei.server.program.DemoPrograms;
import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the OAuth integration tests: a partner program's side of RFC 6749 over raw HTTP
 * (form-encoded requests, HTTP Basic client authentication) and the fixture that stands in for
 * a permitted consent journey.
 */
public abstract class OAuthIntegrationTest extends IntegrationTest {

    protected static final String REDIRECT = DemoPrograms.REDIRECT_URIS.get(0);
    protected static final String OTHER_REDIRECT = DemoPrograms.REDIRECT_URIS.get(1);
    protected static final List<String> BANK_SCOPES = List.of("accounts:read", "transactions:read");
    protected static final Client DEMO = new Client(DemoPrograms.CLIENT_ID, DemoPrograms.CLIENT_SECRET);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    protected OAuthFixtures fixtures;

    /** A program's credentials; {@code secret} is null for a public program. */
    public record Client(String id, String secret) {
    }

    /** A registered program: its id in the admin API and its credentials. */
    public record Program(String programId, Client client) {
    }

    /** A PKCE pair (RFC 7636 §4.1, §4.2 with S256). */
    public record Pkce(String verifier, String challenge) {

        public static Pkce create() {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            return new Pkce(verifier, challengeOf(verifier));
        }
    }

    /** An authorization code as the program receives it at its redirect URI. */
    public record Grant(UUID consentId, String code, String state, String iss, String redirectUri, Pkce pkce) {
    }

    /** A successful token response. */
    public record Tokens(String accessToken, String refreshToken, String scope, Http.Response response) {
    }

    protected static String challengeOf(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** user2, the demo customer who consents in these tests. */
    protected UUID customerId() {
        return accountId("user2");
    }

    private UUID accountId(String loginId) {
        return (UUID) rows("SELECT id FROM account WHERE login_id = '" + loginId + "'").get(0).get("id");
    }

    /** The result of a permitted journey for {@code client}: a fresh code bound to a fresh PKCE pair. */
    protected Grant permit(Client client, List<String> scopes, String redirectUri) {
        return permit(client, scopes, redirectUri, customerId());
    }

    /**
     * A permitted journey of another customer. A customer has one active consent per program, so
     * a second permit by the same customer would end the first one's tokens.
     */
    protected Tokens demoTokensOf(String loginId) {
        return tokensFor(DEMO, permit(DEMO, BANK_SCOPES, REDIRECT, accountId(loginId)));
    }

    private Grant permit(Client client, List<String> scopes, String redirectUri, UUID customer) {
        Pkce pkce = Pkce.create();
        String state = "st-" + UUID.randomUUID();
        OAuthFixtures.Permitted permitted = fixtures.permit(client.id(), customer, scopes, redirectUri, state,
                pkce.challenge());
        assertTrue(permitted.location().startsWith(redirectUri + "?"), permitted.location());
        return new Grant(permitted.consentId(), query(permitted.location(), "code"), query(permitted.location(), "state"),
                query(permitted.location(), "iss"), redirectUri, pkce);
    }

    protected Grant permit(Client client) {
        return permit(client, BANK_SCOPES, REDIRECT);
    }

    /** A code exchange with the grant's own redirect URI and verifier. */
    protected Http.Response exchange(Client client, Grant grant) {
        return token(client, "grant_type", "authorization_code", "code", grant.code(), "redirect_uri", grant.redirectUri(),
                "code_verifier", grant.pkce().verifier());
    }

    /** Code exchange that must succeed. */
    protected Tokens tokensFor(Client client, Grant grant) {
        return tokens(exchange(client, grant));
    }

    /** A fresh code for the demo program, exchanged. */
    protected Tokens demoTokens() {
        return tokensFor(DEMO, permit(DEMO));
    }

    protected static Tokens tokens(Http.Response response) {
        assertEquals(200, response.status(), response::toString);
        return new Tokens(response.str("access_token"), response.str("refresh_token"), response.str("scope"), response);
    }

    protected Http.Response refresh(Client client, String refreshToken) {
        return token(client, "grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    protected Http.Response refresh(Client client, String refreshToken, String scope) {
        return token(client, "grant_type", "refresh_token", "refresh_token", refreshToken, "scope", scope);
    }

    protected Http.Response token(Client client, String... fields) {
        return post("/oauth2/token", client, fields);
    }

    protected Http.Response introspect(Client client, String token) {
        return post("/oauth2/introspect", client, "token", token);
    }

    /** Whether {@code client} sees the token active; fails unless introspection answers 200. */
    protected boolean active(Client client, String token) {
        Http.Response response = introspect(client, token);
        assertEquals(200, response.status(), response::toString);
        return Boolean.TRUE.equals(response.at("active"));
    }

    protected Http.Response revoke(Client client, String token) {
        return post("/oauth2/revoke", client, "token", token);
    }

    /**
     * A form POST authenticated as {@code client}: HTTP Basic for a confidential program
     * (client_secret_basic), client_id in the form for a public one (none).
     */
    protected Http.Response post(String path, Client client, String... fields) {
        if (client.secret() == null) {
            List<String> withId = new ArrayList<>(List.of(fields));
            withId.add("client_id");
            withId.add(client.id());
            return postForm(path, formHeaders(), withId.toArray(String[]::new));
        }
        return postForm(path, basic(client.id(), client.secret()), fields);
    }

    /** A form POST with exactly these headers. */
    protected Http.Response postForm(String path, Map<String, String> headers, String... fields) {
        return http.send("POST", path, null, form(fields), headers);
    }

    /** name, value, name, value…; null values are left out. */
    protected static String form(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] == null) {
                continue;
            }
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
        }
        return body.toString();
    }

    protected static Map<String, String> formHeaders() {
        return Map.of("Content-Type", "application/x-www-form-urlencoded");
    }

    /** RFC 6749 §2.3.1: each part form-urlencoded, then Base64. */
    protected static Map<String, String> basic(String clientId, String secret) {
        Map<String, String> headers = new HashMap<>(formHeaders());
        String pair = encode(clientId) + ":" + encode(secret);
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A query parameter of a redirect URI, decoded; null when absent. */
    protected static String query(String location, String name) {
        return queryOf(location).get(name);
    }

    protected static Map<String, String> queryOf(String location) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = URI.create(location).getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The part of a redirect URI before its query. */
    protected static String withoutQuery(String location) {
        int q = location.indexOf('?');
        return q < 0 ? location : location.substring(0, q);
    }

    /** Registers a program as admin1. */
    protected Program createProgram(String clientType, List<String> redirectUris, List<String> scopes, boolean requirePar) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Program " + UUID.randomUUID().toString().substring(0, 8));
        body.put("company_name", "Partner KK");
        body.put("client_type", clientType);
        body.put("redirect_uris", redirectUris);
        body.put("allowed_scopes", scopes);
        body.put("require_par", requirePar);
        Http.Response response = http.post("/v1/partner-programs", admin(), body);
        assertEquals(201, response.status(), response::toString);
        return new Program(response.str("program/id"), new Client(response.str("program/client_id"),
                response.str("client_secret")));
    }

    protected Program createConfidentialProgram() {
        return createProgram("confidential", DemoPrograms.REDIRECT_URIS, BANK_SCOPES, false);
    }

    /** An RFC 6749 §5.2 error: status, JSON body with {@code error}, and no-store. */
    protected static void assertOAuthError(int status, String error, Http.Response response) {
        assertEquals(status, response.status(), response::toString);
        assertEquals(error, response.str("error"), response::toString);
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        assertEquals("no-store", response.header("Cache-Control"));
    }

    /** 401 invalid_client with the Basic challenge of RFC 6749 §5.2. */
    protected static void assertInvalidClient(Http.Response response) {
        assertOAuthError(401, "invalid_client", response);
        String challenge = response.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Basic"), "WWW-Authenticate: " + challenge);
    }
}
