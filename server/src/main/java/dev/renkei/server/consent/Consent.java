package dev.renkei.server.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's permission for one partner program to use some scopes on some bank accounts. */
public record Consent(UUID id, UUID accountId, UUID programId, List<String> scopes, List<UUID> bankAccountIds,
                      Instant grantedAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
