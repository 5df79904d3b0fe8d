package dev.renkei.server.program;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered partner program: an OAuth client (RFC 6749 §2). */
public record PartnerProgram(UUID id,
                             String clientId,
                             String name,
                             String companyName,
                             ClientType clientType,
                             @Nullable byte[] secretHash,
                             @Nullable Instant secretRotatedAt,
                             List<String> redirectUris,
                             List<String> allowedScopes,
                             int dailyQuota,
                             boolean requirePar,
                             boolean enabled,
                             @Nullable Instant deletedAt,
                             Instant createdAt,
                             Instant updatedAt) {

    /** RFC 6749 §2.1 client types. Public clients have no secret and must use PKCE. */
    public enum ClientType { CONFIDENTIAL, PUBLIC }

    public boolean usable() {
        return enabled && deletedAt == null;
    }
}
