package dev.renkei.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

/**
 * OAuth 2 tokens that renew themselves with the refresh-token grant (RFC 6749 §6), shortly before
 * the access token expires or when the server refuses it.
 *
 * <p>Renkei rotates refresh tokens and revokes the whole token family when a rotated one is
 * presented again after a short grace period, so one refresh must never run twice for the same
 * token: refreshes are serialized, and a caller whose token was already replaced by another
 * thread's refresh just takes the new one.
 */
final class OAuthSession implements Credentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final String userAgent;
    private final Duration timeout;
    private final TokenListener listener;
    private final Clock clock;
    private final Duration refreshAhead;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile OAuthTokens tokens;

    OAuthSession(HttpClient http, URI baseUri, String clientId, String clientSecret, OAuthTokens tokens,
                 TokenListener listener, String userAgent, Duration timeout, Clock clock, Duration refreshAhead) {
        this.http = http;
        this.tokenEndpoint = baseUri.resolve("/oauth2/token");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
        this.listener = listener;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
    }

    OAuthTokens tokens() {
        return tokens;
    }

    @Override
    public String bearerToken() throws IOException, InterruptedException {
        OAuthTokens current = tokens;
        if (current.expiresAt() != null && !clock.instant().isBefore(current.expiresAt().minus(refreshAhead))) {
            refreshUnlessReplaced(current.accessToken());
        }
        return tokens.accessToken();
    }

    @Override
    public boolean renewAfterRejection(String rejected) throws IOException, InterruptedException {
        refreshUnlessReplaced(rejected);
        return !tokens.accessToken().equals(rejected);
    }

    /** Refreshes, unless another thread already replaced {@code seenAccessToken} meanwhile. */
    void refreshUnlessReplaced(String seenAccessToken) throws IOException, InterruptedException {
        refreshing.lockInterruptibly();
        try {
            OAuthTokens current = tokens;
            if (!current.accessToken().equals(seenAccessToken)) {
                return;
            }
            OAuthTokens renewed = refresh(current);
            tokens = renewed;
            if (listener != null) {
                listener.tokensRefreshed(renewed);
            }
        } finally {
            refreshing.unlock();
        }
    }

    private OAuthTokens refresh(OAuthTokens current) throws IOException, InterruptedException {
        OAuthTokens renewed = requestTokens(http, tokenEndpoint, clientId, clientSecret, userAgent, timeout, clock,
                "grant_type=refresh_token&refresh_token=" + enc(current.refreshToken()));
        return renewed.scope() != null ? renewed
                : new OAuthTokens(renewed.accessToken(), renewed.refreshToken(), renewed.expiresAt(), current.scope());
    }

    /**
     * One token request (RFC 6749 §3.2) with client authentication: HTTP Basic for a confidential
     * program ({@code client_secret_basic}, each part form-encoded first, §2.3.1), the
     * {@code client_id} parameter for a public one.
     */
    static OAuthTokens requestTokens(HttpClient http, URI tokenEndpoint, String clientId, String clientSecret, String userAgent,
                                     Duration timeout, Clock clock, String grantForm) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder(grantForm);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if (clientSecret != null) {
            String basic = Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(clientSecret)).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        } else {
            form.append("&client_id=").append(enc(clientId));
        }
        Instant sent = clock.instant();
        HttpResponse<byte[]> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw ErrorAnswers.toException(response.statusCode(), response.headers(), response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        String accessToken = body.path("access_token").asText(null);
        String refreshToken = body.path("refresh_token").asText(null);
        if (accessToken == null || refreshToken == null) {
            throw new RenkeiException("The token endpoint answered 200 without access_token and refresh_token", null);
        }
        Instant expiresAt = body.hasNonNull("expires_in") ? sent.plusSeconds(body.get("expires_in").asLong()) : null;
        String scope = body.hasNonNull("scope") ? body.get("scope").asText() : null;
        return new OAuthTokens(accessToken, refreshToken, expiresAt, scope);
    }

    static String form(String... nameValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(enc(nameValues[i])).append('=').append(enc(nameValues[i + 1]));
        }
        return form.toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
