package dev.renkei.server.resource.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.renkei.server.oauth.AccessTokens;
import dev.renkei.server.oauth.OAuthTokenRepository;
import dev.renkei.server.oauth.TokenService;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.ratelimit.RateLimitSettings;
import dev.renkei.server.shared.security.TokenRejections;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.renkei.server.resource.access.AccessTokenValidator.CALLER;

/** Turns a verified access token whose grant still stands into the {@link ResourceCaller} it acts as. */
@Singleton
public class AccessTokenAuthenticator {

    private final AccessTokens accessTokens;
    private final TokenService tokens;
    private final PartnerProgramRepository programs;
    private final TransactionOperations<Connection> transactions;
    private final RateLimitSettings limits;
    /** A program's daily quota changes rarely; a change applies within this cache's lifetime. */
    private final Cache<UUID, Optional<PartnerProgram>> programCache =
            Caffeine.newBuilder().expireAfterWrite(10, TimeUnit.SECONDS).maximumSize(10_000).build();

    public AccessTokenAuthenticator(AccessTokens accessTokens, TokenService tokens, PartnerProgramRepository programs,
                                    TransactionOperations<Connection> transactions, RateLimitSettings limits) {
        this.accessTokens = accessTokens;
        this.tokens = tokens;
        this.programs = programs;
        this.transactions = transactions;
        this.limits = limits;
    }

    /**
     * Null when the token is not accepted; the reason is recorded for the 401's challenge. In the
     * steady state nothing here reads the database: the signature, the grant's state and the
     * program's quota all come from short caches.
     */
    @Nullable
    public Authentication authenticate(String token, HttpRequest<?> request) {
        Optional<AccessTokens.Claims> verified = accessTokens.verify(token);
        if (verified.isEmpty()) {
            TokenRejections.record(request, "The access token is malformed, expired or not signed by this server");
            return null;
        }
        AccessTokens.Claims claims = verified.get();
        Optional<OAuthTokenRepository.FamilyState> state = tokens.accessTokenState(claims)
                .filter(OAuthTokenRepository.FamilyState::usable);
        if (state.isEmpty()) {
            TokenRejections.record(request, "The access token was revoked, or its consent or program was");
            return null;
        }
        UUID programId = state.get().programId();
        return authentication(claims, programId,
                programCache.get(programId, id -> transactions.executeRead(status -> programs.findById(id))));
    }

    /**
     * {@link #authenticate} for a token whose signature check, grant state and program are all
     * cached, on the calling thread without a database read; empty when something is not cached
     * or the token is refused ({@link #authenticate} then decides and records why).
     */
    public Optional<Authentication> authenticateIfCached(String token) {
        if (!hasThreeParts(token)) {
            return Optional.empty();
        }
        Optional<AccessTokens.Claims> verified = accessTokens.verify(token);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        AccessTokens.Claims claims = verified.get();
        Optional<OAuthTokenRepository.FamilyState> state = tokens.cachedUsableAccessTokenState(claims);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        UUID programId = state.get().programId();
        Optional<PartnerProgram> program = programCache.getIfPresent(programId);
        return program == null ? Optional.empty() : Optional.of(authentication(claims, programId, program));
    }

    /** A compact JWS has exactly two dots; an API token has none. */
    private static boolean hasThreeParts(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return second > 0 && token.indexOf('.', second + 1) < 0;
    }

    private Authentication authentication(AccessTokens.Claims claims, UUID programId, Optional<PartnerProgram> program) {
        long quota = program.map(p -> (long) p.dailyQuota()).orElse(limits.getDefaultDailyQuota());
        ResourceCaller caller = new ResourceCaller(ResourceCaller.Kind.ACCESS_TOKEN, claims.accountId(), programId,
                claims.consentId(), Set.copyOf(claims.scopes()), "jti:" + claims.jti(), "program:" + programId, quota);
        // The scopes double as roles, so a role check (@Secured, intercept-url-map) sees what the token may do.
        return Authentication.build(claims.accountId().toString(), List.copyOf(claims.scopes()),
                Map.of(CALLER, caller));
    }
}
