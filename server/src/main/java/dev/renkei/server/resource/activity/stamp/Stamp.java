package dev.renkei.server.resource.activity.stamp;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A stamp of the history (打刻), with the names of what it refers to. */
public record Stamp(UUID id, UUID userId, String userName, Instant stampedAt, UUID statusId, String statusName,
                    @Nullable UUID spotId, @Nullable String spotName, @Nullable Double latitude,
                    @Nullable Double longitude, @Nullable Double accuracyMeters, @Nullable String address,
                    @Nullable String comment, Instant createdAt) {
}
