package dev.renkei.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The tokens of one consent (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.1">RFC 6749
 * §5.1</a>): an access token for the Resource API and the refresh token that renews it.
 *
 * <p>Renkei rotates the refresh token on every refresh: the one presented stops working. Persist
 * {@link #refreshToken()} every time a {@link TokenListener} hands you new tokens, or the program
 * loses access after its next restart.
 *
 * @param accessToken  the bearer access token
 * @param refreshToken the refresh token (secret; store it encrypted)
 * @param expiresAt    when the access token expires, or {@code null} when unknown
 * @param scope        the granted scopes, space-separated, or {@code null} when unknown
 */
public record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    /** Checks that both tokens are present. */
    public OAuthTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "OAuthTokens[expiresAt=" + expiresAt + ", scope=" + scope + "]";
    }
}
