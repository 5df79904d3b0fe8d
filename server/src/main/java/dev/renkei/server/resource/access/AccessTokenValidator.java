package dev.renkei.server.resource.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Accepts the OAuth 2 access tokens of this authorization server (RFC 9068 JWTs) as bearer
 * credentials of the Resource API (RFC 6750), and nowhere else: an access token is a partner
 * program's delegated right to a customer's data, not a way into the administration API.
 * <p>
 * A token counts only while its grant stands: revoking it, its refresh token family, its
 * consent or its program, or locking the customer, ends it (the same state introspection reports).
 */
@Singleton
public class AccessTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** Authentication attribute holding the {@link ResourceCaller}. */
    public static final String CALLER = "renkei.resource.caller";

    private final AccessTokenAuthenticator authenticator;
    private final ExecutorService blocking;

    public AccessTokenValidator(AccessTokenAuthenticator authenticator, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.authenticator = authenticator;
        this.blocking = blocking;
    }

    /**
     * Before the session-JWT validator: the framework stops at the first validator that accepts a
     * token, so an access token is not first parsed and refused as a session JWT on every call.
     */
    @Override
    public int getOrder() {
        return -100;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        if (token == null || request == null || !request.getPath().startsWith(ResourceScopes.PREFIX)
                || token.startsWith("rnk_") || token.chars().filter(c -> c == '.').count() != 2) {
            return Publishers.empty();
        }
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> authenticator.authenticate(token, request), blocking));
    }

}
