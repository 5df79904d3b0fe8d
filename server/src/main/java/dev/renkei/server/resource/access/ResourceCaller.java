package dev.renkei.server.resource.access;

import io.micronaut.core.annotation.Nullable;

import java.util.Set;
import java.util.UUID;

/**
 * Who calls the Resource API, as far as its rules care: the scopes the token carries and the
 * keys its limits are counted under.
 *
 * @param kind       how the caller authenticated
 * @param accountId  the customer who consented (access token) or the token holder (static token)
 * @param programId  the partner program (access tokens only)
 * @param consentId  the consent the access token was issued under (access tokens only)
 * @param scopes     what the token may do
 * @param rateKey    the burst limit is counted per token under this key
 * @param quotaKey   the daily quota is counted under this key (program, or account for static tokens)
 * @param dailyQuota calls per day allowed under {@code quotaKey}
 */
public record ResourceCaller(Kind kind, UUID accountId, @Nullable UUID programId, @Nullable UUID consentId,
                             Set<String> scopes, String rateKey, String quotaKey, long dailyQuota) {

    public enum Kind {
        /** An OAuth 2 access token of a partner program (seed 003 クライアント認証方式). */
        ACCESS_TOKEN,
        /** A personal API token for server-to-server batch (seed 003 スタティックトークン方式). */
        STATIC_TOKEN
    }

    /** The actor under which Idempotency-Keys are kept: the program, or the static token's account. */
    public UUID actorId() {
        return programId != null ? programId : accountId;
    }
}
