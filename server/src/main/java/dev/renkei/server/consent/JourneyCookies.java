package dev.renkei.server.consent;

import dev.renkei.server.oauth.OAuthSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The journey session cookie {@code renkei_journey}: HttpOnly, SameSite=Strict, Path=/, Secure
 * over HTTPS, living as long as the journey. It binds the journey to the browser that logged in.
 */
@Singleton
public class JourneyCookies {

    public static final String NAME = "renkei_journey";

    private final OAuthSettings settings;
    private final Clock clock;

    public JourneyCookies(OAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Nullable
    public static String read(HttpRequest<?> request) {
        return request.getCookies().findCookie(NAME).map(Cookie::getValue).orElse(null);
    }

    public Cookie create(HttpRequest<?> request, String session, Instant journeyExpiresAt) {
        long seconds = Math.max(1, Duration.between(clock.instant(), journeyExpiresAt).toSeconds());
        return Cookie.of(NAME, session)
                .httpOnly(true)
                .sameSite(SameSite.Strict)
                .path("/")
                .maxAge(seconds)
                .secure(request.isSecure() || settings.issuer().startsWith("https:"));
    }
}
