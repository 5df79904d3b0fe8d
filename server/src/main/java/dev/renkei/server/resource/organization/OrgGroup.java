package dev.renkei.server.resource.organization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A group of the organisation tree (グループ). Serialisable: an idempotent retry replays it. */
@Serdeable
public record OrgGroup(UUID id, @Nullable String code, String name, @Nullable UUID parentId, int sortOrder,
                       long version, Instant createdAt, Instant updatedAt) {
}
