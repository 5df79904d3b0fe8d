package dev.renkei.server.token;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A personal API token of seed 000. The secret itself is never kept; only its hash is. */
public record ApiToken(UUID id,
                       UUID accountId,
                       String loginId,
                       int validityDays,
                       Instant issuedAt,
                       @Nullable UUID issuedBy,
                       Instant pickupDeadline,
                       @Nullable Instant pickedUpAt,
                       @Nullable Instant expiresAt,
                       @Nullable Instant revokedAt,
                       @Nullable String revocationReason,
                       @Nullable String lastFour) {

    public ApiTokenStatus status(Instant now) {
        if (revokedAt != null) {
            return ApiTokenStatus.REVOKED;
        }
        if (pickedUpAt == null) {
            return now.isBefore(pickupDeadline) ? ApiTokenStatus.PENDING_PICKUP : ApiTokenStatus.PICKUP_EXPIRED;
        }
        return now.isBefore(expiresAt) ? ApiTokenStatus.ACTIVE : ApiTokenStatus.EXPIRED;
    }
}
