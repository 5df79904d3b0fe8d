package dev.renkei.server.token;

import dev.renkei.server.account.Callers;
import dev.renkei.server.shared.security.TokenRejections;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Accepts a picked-up personal API token as an RFC 6750 bearer credential, beside session JWTs.
 * The database lookup runs on the blocking executor, never on the event loop.
 */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

    private final ApiTokenService tokens;
    private final ExecutorService blocking;

    public ApiTokenValidator(ApiTokenService tokens, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.tokens = tokens;
        this.blocking = executor;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (token == null || !token.startsWith(ApiTokenService.SECRET_PREFIX)) {
            return Publishers.empty();
        }
        // A token in the short cache is decided here, without a database read or a thread hop.
        java.util.Optional<ApiTokenService.Authentication> cached = tokens.authenticateIfCached(token);
        if (cached.isPresent()) {
            Authentication authentication = toAuthentication(cached.get(), request);
            return authentication == null ? Publishers.empty() : Publishers.just(authentication);
        }
        // A null result completes the publisher empty: the request stays anonymous and gets a 401.
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(
                () -> toAuthentication(tokens.authenticate(token), request), blocking));
    }

    /**
     * The token's authentication when the short cache accepts it, decided on the calling thread
     * (the Resource API's fast path); empty when the database must be read or the token is refused,
     * which {@link #validateToken} then decides and explains.
     */
    public java.util.Optional<Authentication> acceptIfCached(String token) {
        return tokens.authenticateIfCached(token).filter(result -> result.caller() != null)
                .map(result -> toAuthentication(result, null));
    }

    @Nullable
    private static Authentication toAuthentication(ApiTokenService.Authentication result, @Nullable HttpRequest<?> request) {
        if (result.caller() == null) {
            TokenRejections.record(request, result.rejection());
            return null;
        }
        List<String> roles = result.caller().flags().stream().map(f -> f.code()).toList();
        return Authentication.build(result.caller().accountId().toString(), roles,
                Map.of(Callers.METHOD, "api_token", Callers.CALLER, result.caller()));
    }
}
