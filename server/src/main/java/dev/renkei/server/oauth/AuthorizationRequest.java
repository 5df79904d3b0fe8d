package dev.renkei.server.oauth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 9126 §4). */
@Serdeable
public record AuthorizationRequest(@Nullable String responseType, @Nullable String clientId,
                                   @Nullable String redirectUri, @Nullable String scope, @Nullable String state,
                                   @Nullable String codeChallenge, @Nullable String codeChallengeMethod,
                                   @Nullable String requestUri) {
}
