package dev.renkei.server.resource.organization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A user's membership of a group (ユーザー所属情報). Serialisable: an idempotent retry replays it. */
@Serdeable
public record OrgMembership(UUID id, UUID userId, UUID groupId, boolean primary, @Nullable String position,
                            long version, Instant createdAt, Instant updatedAt) {
}
