package dev.renkei.server.resource.activity.position;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a user was last seen: the newer of the latest stamp with a position and the latest
 * recorded position. The stamp fields are set for {@link Source#STAMP}, {@code positionId} for
 * {@link Source#RECORDED}.
 */
public record LatestPosition(UUID userId, String userName, Source source, Instant locatedAt, double latitude,
                             double longitude, @Nullable Double accuracyMeters, @Nullable UUID stampId,
                             @Nullable UUID statusId, @Nullable String statusName, @Nullable UUID spotId,
                             @Nullable String spotName, @Nullable UUID positionId) {

    public enum Source { STAMP, RECORDED }
}
