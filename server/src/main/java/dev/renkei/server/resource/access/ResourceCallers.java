package dev.renkei.server.resource.access;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.util.UUID;

/** The {@link ResourceCaller} of the current Resource API request, as {@link ResourceAccessFilter} resolved it. */
@Singleton
public class ResourceCallers {

    public ResourceCaller current() {
        return ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(AccessTokenValidator.CALLER, ResourceCaller.class))
                .orElseThrow(() -> new ProblemException(ProblemType.AUTHENTICATION_REQUIRED,
                        "Send an OAuth access token or a static token"));
    }

    /**
     * Who Idempotency-Keys are kept for: the program, or the static token's account. With
     * {@code micronaut.security.enabled=false} (benchmarks measuring the cost of authentication
     * only) there is no caller and all keys share one anonymous space.
     */
    public UUID idempotencyActor() {
        return ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(AccessTokenValidator.CALLER, ResourceCaller.class))
                .map(ResourceCaller::actorId).orElse(ANONYMOUS);
    }

    private static final UUID ANONYMOUS = new UUID(0, 0);
}
