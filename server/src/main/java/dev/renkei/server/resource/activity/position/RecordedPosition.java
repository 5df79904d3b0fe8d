package dev.renkei.server.resource.activity.position;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A position the app recorded automatically (自動記録位置情報). */
public record RecordedPosition(UUID id, UUID userId, Instant recordedAt, double latitude, double longitude,
                               @Nullable Double accuracyMeters, @Nullable Double speedKmh) {
}
