package dev.renkei.client;

/**
 * Told about every refresh, so the program can persist the rotated refresh token
 * (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC 6749 §6</a>).
 *
 * <p>Calls are serialized and happen in refresh order, after the client already uses the new
 * tokens. The old refresh token no longer works once this is called: replace it in storage.
 * An exception thrown here reaches the caller of the API call that triggered the refresh; the
 * client keeps the new tokens regardless.
 */
@FunctionalInterface
public interface TokenListener {

    /**
     * @param tokens the new access and refresh tokens
     */
    void tokensRefreshed(OAuthTokens tokens);
}
