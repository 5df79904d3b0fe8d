package dev.renkei.server.resource.photo;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A photo taken at a spot, with the caption of its metadata and the tags it carries. */
public record SpotPhoto(UUID id, UUID spotId, UUID imageId, UUID userId, Instant takenAt, @Nullable String caption,
                        List<UUID> tagIds, long version, Instant createdAt, Instant updatedAt) {
}
