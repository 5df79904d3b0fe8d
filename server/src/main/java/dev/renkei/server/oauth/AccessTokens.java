package dev.renkei.server.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.SecretTokens;
import jakarta.inject.Singleton;

import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT access tokens per RFC 9068: {@code typ: at+jwt}, ES256, with iss, sub, aud, client_id,
 * scope, jti, iat and exp, plus the token family ({@code fid}) and consent ({@code consent_id})
 * so revocation of either can be checked.
 */
@Singleton
public class AccessTokens {

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    /** A verified access token's claims. */
    public record Claims(UUID jti, UUID accountId, String clientId, List<String> scopes, UUID familyId, UUID consentId,
                         Instant issuedAt, Instant expiresAt) {
    }

    /**
     * How long a successful verification is remembered. A verification's result depends only on
     * the token's text, the published keys and the clock: the claims are taken from the token
     * itself, {@code exp} is still enforced on every hit (an entry never outlives the token), and
     * the keys themselves are re-read only every {@link SigningKeys#REFRESH} (30 s), so 10 s adds
     * little to how long a removed key is still honoured (keys leave the JWKS only once every
     * token they signed has expired). Revocation is not judged here at all: callers check the
     * family, consent, program, account and jti (TokenService keeps that state for 2 s at most).
     */
    static final Duration VERIFIED_TTL = Duration.ofSeconds(10);

    /** Bound on remembered verifications (about 10 MB at most); beyond it expired entries go, or all. */
    static final int VERIFIED_MAX = 20_000;

    private record Verified(Claims claims, Instant until) {
    }

    private final SigningKeys keys;
    private final OAuthSettings settings;
    private final Clock clock;
    /**
     * Keyed by the SHA-256 of the token rather than the token, so no bearer token is kept in
     * memory. Only successful verifications are stored: junk and forged tokens cannot fill it.
     */
    private final ConcurrentHashMap<ByteBuffer, Verified> verified = new ConcurrentHashMap<>();

    public AccessTokens(SigningKeys keys, OAuthSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public String mint(UUID accountId, String clientId, List<String> scopes, UUID familyId, UUID consentId, Instant now) {
        SigningKeys.ActiveKey key = keys.active();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(accountId.toString())
                .audience(settings.audience())
                .claim("client_id", clientId)
                .claim("scope", String.join(" ", scopes))
                .claim("fid", familyId.toString())
                .claim("consent_id", consentId.toString())
                .jwtID(Ids.newId().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenLifetime())))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AT_JWT).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Access token signing failed", e);
        }
        return jwt.serialize();
    }

    /** Verifies signature, type, issuer, audience and expiry; empty for anything else. Revocation is the caller's check. */
    public Optional<Claims> verify(String token) {
        ByteBuffer key = ByteBuffer.wrap(SecretTokens.sha256(token));
        Instant now = clock.instant();
        Verified hit = verified.get(key);
        if (hit != null) {
            if (now.isBefore(hit.until())) {
                return Optional.of(hit.claims());
            }
            verified.remove(key, hit);
        }
        Optional<Claims> claims = verifyNow(token, now);
        claims.ifPresent(c -> remember(key, c, now));
        return claims;
    }

    private void remember(ByteBuffer key, Claims claims, Instant now) {
        if (verified.size() >= VERIFIED_MAX) {
            verified.values().removeIf(v -> !now.isBefore(v.until()));
            if (verified.size() >= VERIFIED_MAX) {
                verified.clear();
            }
        }
        Instant until = now.plus(VERIFIED_TTL);
        verified.put(key, new Verified(claims, claims.expiresAt().isBefore(until) ? claims.expiresAt() : until));
    }

    private Optional<Claims> verifyNow(String token, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !AT_JWT.equals(header.getType()) || header.getKeyID() == null) {
                return Optional.empty();
            }
            Optional<JWSVerifier> verifier = keys.verifier(header.getKeyID());
            if (verifier.isEmpty() || !jwt.verify(verifier.get())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!settings.issuer().equals(claims.getIssuer()) || !claims.getAudience().contains(settings.audience())
                    || claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UUID.fromString(claims.getJWTID()), UUID.fromString(claims.getSubject()),
                    claims.getStringClaim("client_id"), List.of(claims.getStringClaim("scope").split(" ")),
                    UUID.fromString(claims.getStringClaim("fid")), UUID.fromString(claims.getStringClaim("consent_id")),
                    claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
