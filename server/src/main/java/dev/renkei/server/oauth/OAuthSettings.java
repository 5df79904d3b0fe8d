package dev.renkei.server.oauth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/** The lifetimes and the issuer of the authorization server ({@code renkei.oauth.*}). */
@Singleton
public class OAuthSettings {

    private final String issuer;

    public OAuthSettings(@Value("${renkei.public-base-url}") String publicBaseUrl) {
        this.issuer = publicBaseUrl.replaceAll("/+$", "");
    }

    /** The {@code iss} of tokens and of authorization responses (RFC 9207). */
    public String issuer() {
        return issuer;
    }

    public Duration accessTokenLifetime() {
        return Duration.ofSeconds(600);
    }

    public Duration refreshTokenLifetime() {
        return Duration.ofDays(30);
    }

    public Duration codeLifetime() {
        return Duration.ofSeconds(60);
    }

    public Duration journeyLifetime() {
        return Duration.ofMinutes(10);
    }

    public Duration parLifetime() {
        return Duration.ofSeconds(60);
    }

    /** A duplicate refresh within this window is refused without revoking the family. */
    public Duration refreshReuseGrace() {
        return Duration.ofSeconds(10);
    }

    /** The audience of access tokens: Renkei's resource API. */
    public String audience() {
        return issuer + "/v1";
    }
}
