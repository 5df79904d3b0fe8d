package dev.renkei.server.resource.access;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

/** The {@link ResourceCaller} of the current Resource API request, as {@link ResourceAccessFilter} resolved it. */
@Singleton
public class ResourceCallers {

    public ResourceCaller current() {
        return ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(AccessTokenValidator.CALLER, ResourceCaller.class))
                .orElseThrow(() -> new ProblemException(ProblemType.AUTHENTICATION_REQUIRED,
                        "Send an OAuth access token or a static token"));
    }
}
