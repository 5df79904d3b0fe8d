package dev.renkei.server.oauth;

import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.Journey;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.SecretTokens;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static dev.renkei.server.shared.db.Db.ts;

/**
 * Issues the authorization code at the end of a permitted journey and builds the redirect back
 * to the program (RFC 6749 §4.1.2 with {@code iss} of RFC 9207). Call inside the journey's
 * transaction.
 */
@Singleton
public class AuthorizationCodes {

    static final String CODE_PREFIX = "rnk_ac_";

    private final Db db;
    private final OAuthSettings settings;
    private final Clock clock;

    public AuthorizationCodes(Db db, OAuthSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stores a single-use code bound to program, redirect URI and PKCE challenge; returns the redirect URI to send the browser to. */
    public String issue(Journey journey, Consent consent) {
        String code = SecretTokens.generate(CODE_PREFIX);
        Instant now = clock.instant();
        db.update("INSERT INTO authorization_code (code_hash, program_id, consent_id, redirect_uri, code_challenge, scopes, "
                + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setBytes(1, SecretTokens.sha256(code));
            s.setObject(2, journey.programId());
            s.setObject(3, consent.id());
            s.setString(4, journey.redirectUri());
            s.setString(5, journey.codeChallenge());
            s.setArray(6, db.textArray(consent.scopes()));
            s.setTimestamp(7, ts(now.plus(settings.codeLifetime())));
        });
        return redirect(journey.redirectUri(), "code", code, journey.state());
    }

    /** The redirect for a denied or failed authorization (RFC 6749 §4.1.2.1). */
    public String error(String redirectUri, String error, String description, String state) {
        return redirect(redirectUri, "error", error, state) + "&error_description=" + encode(description);
    }

    private String redirect(String redirectUri, String name, String value, String state) {
        StringBuilder uri = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append(name).append('=').append(encode(value));
        if (state != null) {
            uri.append("&state=").append(encode(state));
        }
        uri.append("&iss=").append(encode(settings.issuer()));
        return uri.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
