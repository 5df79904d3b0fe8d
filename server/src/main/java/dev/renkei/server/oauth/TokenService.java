package dev.renkei.server.oauth;

import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.consent.Consent;
import dev.renkei.server.consent.ConsentRepository;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.security.CredentialChanges;
import dev.renkei.server.shared.security.CredentialStateCache;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The token endpoint's grants (RFC 6749 §4.1.3 with PKCE, RFC 7636; §6 refresh with rotation and
 * reuse detection per RFC 9700 §4.14), token revocation (RFC 7009) and introspection (RFC 7662).
 * All tokens of one authorization form a family; revoking the family, its consent or its program
 * makes every token of it inactive: at once on the instance that wrote the revocation, within
 * {@code renkei.oauth.token-state-cache-ttl} (2 s) on every other (see {@link #introspect}).
 */
@Singleton
public class TokenService {

    static final String REFRESH_PREFIX = "rnk_rt_";
    /** RFC 7662 §2.2: an access token's token_type is its RFC 6749 §7.1 type. */
    static final String ACCESS_TOKEN_TYPE = "Bearer";

    /** What the token endpoint answers (RFC 6749 §5.1). */
    public record Issued(String accessToken, int expiresIn, String refreshToken, List<String> scopes) {
    }

    /** An introspection answer; {@code active == false} carries nothing else (RFC 7662 §2.2). */
    public record Introspection(boolean active, @Nullable String tokenType, @Nullable List<String> scopes,
                                @Nullable String clientId, @Nullable String username, @Nullable UUID subject,
                                @Nullable Instant issuedAt, @Nullable Instant expiresAt, @Nullable String jti,
                                @Nullable UUID consentId) {
        static Introspection inactive() {
            return new Introspection(false, null, null, null, null, null, null, null, null, null);
        }
    }

    /** An access token's revocation state is that of its family plus its own jti. */
    private record AccessTokenKey(UUID familyId, UUID jti) {
    }

    /** Bound on remembered access-token states (a few hundred bytes each). */
    private static final int STATES_MAX = 50_000;

    private final OAuthTokenRepository tokens;
    private final ConsentRepository consents;
    private final AccessTokens accessTokens;
    private final OAuthSettings settings;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionOperations<Connection> transactions;
    /**
     * Access tokens' revocation state (family, consent, program, account, jti) as last read, active
     * or not. Every revocation this instance writes ends all entries at once
     * ({@link CredentialChanges}); one written by another instance is seen within the time-to-live.
     */
    private final CredentialStateCache<AccessTokenKey, Optional<OAuthTokenRepository.FamilyState>> accessTokenStates;

    public TokenService(OAuthTokenRepository tokens, ConsentRepository consents, AccessTokens accessTokens,
                        OAuthSettings settings, AuditLog audit, Clock clock, TransactionOperations<Connection> transactions,
                        CredentialChanges changes,
                        @Value("${renkei.oauth.token-state-cache-ttl:2s}") Duration stateCacheTtl) {
        this.tokens = tokens;
        this.consents = consents;
        this.accessTokens = accessTokens;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
        this.accessTokenStates = new CredentialStateCache<>(changes, clock, stateCacheTtl, STATES_MAX);
    }

    /**
     * authorization_code grant. The code is single-use: a second redemption revokes everything the
     * first produced (RFC 6749 §4.1.2) and fails.
     */
    @Transactional(noRollbackFor = OAuthError.class)
    public Issued redeemCode(PartnerProgram program, @Nullable String code, @Nullable String redirectUri,
                             @Nullable String codeVerifier) {
        if (code == null || redirectUri == null || codeVerifier == null) {
            throw OAuthError.invalidRequest("code, redirect_uri and code_verifier are required");
        }
        byte[] hash = SecretTokens.sha256(code);
        OAuthTokenRepository.CodeRow row = tokens.findCodeForUpdate(hash)
                .orElseThrow(() -> OAuthError.invalidGrant("The authorization code is unknown"));
        Instant now = clock.instant();
        if (!row.programId().equals(program.id())) {
            throw OAuthError.invalidGrant("The authorization code was issued to another client");
        }
        if (row.usedAt() != null) {
            if (row.familyId() != null) {
                tokens.revokeFamily(row.familyId(), "code_reused", now);
            }
            throw OAuthError.invalidGrant("The authorization code was already used; the tokens it produced are revoked");
        }
        if (!now.isBefore(row.expiresAt())) {
            throw OAuthError.invalidGrant("The authorization code has expired");
        }
        if (!row.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("redirect_uri differs from the one of the authorization request");
        }
        if (!pkceMatches(codeVerifier, row.codeChallenge())) {
            throw OAuthError.invalidGrant("code_verifier does not match the code_challenge (S256)");
        }
        Consent consent = consents.find(row.consentId()).filter(Consent::active)
                .orElseThrow(() -> OAuthError.invalidGrant("The consent behind this code was revoked"));
        UUID familyId = Ids.newId();
        tokens.insertFamily(familyId, consent.id(), program.id(), now);
        tokens.markCodeUsed(hash, now, familyId);
        return issue(program, consent.accountId(), row.scopes(), row.scopes(), familyId, consent.id(), now);
    }

    /**
     * refresh_token grant with rotation. A rotated token presented again after the grace window
     * means it leaked: the whole family is revoked. Within the grace window only the family's
     * latest rotated token is forgiven (a retry racing its own first attempt): refused, family kept.
     *
     * <p>The common case — a current token of this client, within its scopes — is one statement
     * ({@link OAuthTokenRepository#rotateIfCurrent}) that locks, rotates, inserts the successor
     * and touches the consent. Whenever it does not apply, nothing was changed and the token is
     * judged below exactly as before, under {@code SELECT ... FOR UPDATE}: unknown, another
     * client's, revoked, reused (grace window or family revocation), expired, or too wide a scope.
     */
    @Transactional(noRollbackFor = OAuthError.class)
    public Issued refresh(PartnerProgram program, @Nullable String refreshToken, @Nullable String scope) {
        if (refreshToken == null) {
            throw OAuthError.invalidRequest("refresh_token is required");
        }
        if (!SecretTokens.isWellFormed(REFRESH_PREFIX, refreshToken)) {
            throw OAuthError.invalidGrant("The refresh token is malformed");
        }
        byte[] hash = SecretTokens.sha256(refreshToken);
        List<String> asked = scope != null && !scope.isBlank()
                ? List.of(scope.trim().split("\\s+")).stream().distinct().toList() : null;
        Instant started = clock.instant();
        String successor = SecretTokens.generate(REFRESH_PREFIX);
        Optional<OAuthTokenRepository.Rotated> rotated = tokens.rotateIfCurrent(hash, program.id(), program.allowedScopes(), asked, Ids.newId(),
                SecretTokens.sha256(successor), started, started.plus(settings.refreshTokenLifetime()));
        if (rotated.isPresent()) {
            OAuthTokenRepository.Rotated r = rotated.get();
            List<String> scopes = asked != null ? asked : r.scopes();
            String access = accessTokens.mint(r.accountId(), program.clientId(), scopes, r.familyId(), r.consentId(), started);
            return new Issued(access, (int) settings.accessTokenLifetime().toSeconds(), successor, scopes);
        }
        OAuthTokenRepository.RefreshRow row = tokens.findRefreshForUpdate(hash)
                .orElseThrow(() -> OAuthError.invalidGrant("The refresh token is unknown"));
        Instant now = clock.instant();
        if (!row.programId().equals(program.id())) {
            throw OAuthError.invalidGrant("The refresh token was issued to another client");
        }
        if (row.familyRevokedAt() != null || row.revokedAt() != null || row.consentRevokedAt() != null) {
            throw OAuthError.invalidGrant("The refresh token has been revoked");
        }
        if (row.rotatedAt() != null) {
            boolean latest = tokens.latestRotation(row.familyId()).map(row.rotatedAt()::equals).orElse(false);
            if (latest && now.isBefore(row.rotatedAt().plus(settings.refreshReuseGrace()))) {
                throw OAuthError.invalidGrant("The refresh token was just rotated; use the newest refresh token");
            }
            tokens.revokeFamily(row.familyId(), "refresh_token_reused", now);
            audit.recordFor(row.accountId(), null, AuditAction.REFRESH_TOKEN_REUSE_DETECTED, "consent", row.consentId(),
                    Map.of("client_id", program.clientId(), "family_id", row.familyId().toString()));
            throw OAuthError.invalidGrant("The refresh token was already used; every token of this grant is revoked");
        }
        if (!now.isBefore(row.expiresAt())) {
            throw OAuthError.invalidGrant("The refresh token has expired");
        }
        // RFC 6749 §6: the new refresh token carries the grant's scopes whatever the access token
        // is narrowed to, so a later refresh without scope gets everything granted again.
        List<String> granted = row.scopes();
        List<String> wanted = asked == null ? granted : asked;
        if (!granted.containsAll(wanted)) {
            throw OAuthError.invalidScope("A refresh can only narrow the granted scopes");
        }
        // Scopes the program is no longer allowed are dropped (contract: allowed_scopes changed).
        List<String> scopes = wanted.stream().filter(program.allowedScopes()::contains).toList();
        if (scopes.isEmpty()) {
            throw OAuthError.invalidScope("None of these scopes is still allowed for this client");
        }
        // Not reached in practice (these are the statement's own conditions); kept so that this
        // path alone decides correctly whatever the statement did not handle.
        tokens.markRotated(row.id(), now);
        return issue(program, row.accountId(), scopes, granted, row.familyId(), row.consentId(), now);
    }

    private Issued issue(PartnerProgram program, UUID accountId, List<String> scopes, List<String> refreshScopes,
                         UUID familyId, UUID consentId, Instant now) {
        String refresh = SecretTokens.generate(REFRESH_PREFIX);
        tokens.insertRefresh(Ids.newId(), SecretTokens.sha256(refresh), familyId, refreshScopes, now,
                now.plus(settings.refreshTokenLifetime()));
        tokens.touchConsent(consentId, now);
        String access = accessTokens.mint(accountId, program.clientId(), scopes, familyId, consentId, now);
        return new Issued(access, (int) settings.accessTokenLifetime().toSeconds(), refresh, scopes);
    }

    /**
     * RFC 7009: a refresh token revokes its whole family; an access token only itself. Unknown
     * tokens are not an error. Another client's token is refused with unauthorized_client.
     */
    @Transactional
    public void revoke(PartnerProgram program, String token, @Nullable String hint) {
        Instant now = clock.instant();
        if (token.startsWith(REFRESH_PREFIX)) {
            Optional<OAuthTokenRepository.RefreshRow> row = SecretTokens.isWellFormed(REFRESH_PREFIX, token)
                    ? tokens.findRefreshForUpdate(SecretTokens.sha256(token)) : Optional.empty();
            if (row.isPresent()) {
                requireOwnToken(program, row.get().programId());
                tokens.revokeFamily(row.get().familyId(), "revoked_by_client", now);
            }
            return;
        }
        Optional<AccessTokens.Claims> claims = accessTokens.verify(token);
        if (claims.isPresent()) {
            if (!claims.get().clientId().equals(program.clientId())) {
                throw OAuthError.unauthorizedClient("The token was issued to another client");
            }
            tokens.revokeAccessToken(claims.get().jti(), claims.get().expiresAt());
        }
    }

    private static void requireOwnToken(PartnerProgram program, UUID tokenProgram) {
        if (!tokenProgram.equals(program.id())) {
            throw OAuthError.unauthorizedClient("The token was issued to another client");
        }
    }

    /**
     * RFC 7662. A program sees only its own tokens; anything else is simply inactive.
     *
     * <p>An access token's signature check may come from AccessTokens' short cache and its
     * revocation state from {@link #accessTokenStates}; its expiry is checked on every call. A
     * refresh token is read from the database on every call (its row changes at each rotation).
     * The database is read in a transaction of its own, or in the caller's.
     */
    public Introspection introspect(PartnerProgram program, String token) {
        Instant now = clock.instant();
        if (token.startsWith(REFRESH_PREFIX)) {
            if (!SecretTokens.isWellFormed(REFRESH_PREFIX, token)) {
                return Introspection.inactive();
            }
            return transactions.executeRead(status -> tokens.findRefresh(SecretTokens.sha256(token), false)
                    .filter(r -> r.programId().equals(program.id()) && r.rotatedAt() == null && r.revokedAt() == null
                            && now.isBefore(r.expiresAt()))
                    .flatMap(r -> tokens.familyState(r.familyId()).filter(OAuthTokenRepository.FamilyState::usable)
                            .map(f -> new Introspection(true, "refresh_token", r.scopes(), program.clientId(), f.loginId(),
                                    f.accountId(), r.issuedAt(), r.expiresAt(), r.id().toString(), f.consentId())))
                    .orElse(Introspection.inactive()));
        }
        return accessTokens.verify(token)
                .filter(c -> c.clientId().equals(program.clientId()))
                .flatMap(c -> accessTokenState(c).filter(OAuthTokenRepository.FamilyState::usable)
                        .map(f -> new Introspection(true, ACCESS_TOKEN_TYPE, c.scopes(), c.clientId(), f.loginId(),
                                c.accountId(), c.issuedAt(), c.expiresAt(), c.jti().toString(), c.consentId())))
                .orElse(Introspection.inactive());
    }

    /**
     * Whether a verified access token's grant still stands (its jti, family, consent, program and
     * customer), as introspection reports it: from the short state cache, at once after a change
     * on this instance, within 2 s after one elsewhere. Shared by introspection and the Resource API.
     */
    public Optional<OAuthTokenRepository.FamilyState> accessTokenState(AccessTokens.Claims claims) {
        return accessTokenStates.get(new AccessTokenKey(claims.familyId(), claims.jti()),
                key -> transactions.executeRead(status -> tokens.accessTokenState(key.familyId(), key.jti())),
                state -> true);
    }

    /**
     * {@link #accessTokenState} when the state cache remembers a usable state, without reading
     * the database; empty otherwise (then ask {@link #accessTokenState}).
     */
    public Optional<OAuthTokenRepository.FamilyState> cachedUsableAccessTokenState(AccessTokens.Claims claims) {
        Optional<OAuthTokenRepository.FamilyState> state = accessTokenStates.peek(new AccessTokenKey(claims.familyId(), claims.jti()));
        return state == null ? Optional.empty() : state.filter(OAuthTokenRepository.FamilyState::usable);
    }

    /** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) == code_challenge, compared in constant time. */
    static boolean pkceMatches(String verifier, String challenge) {
        String computed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(SecretTokens.sha256(verifier));
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
