package dev.renkei.server.resource.sorting;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A structure spots are sorted into; {@code levels} name its depths from the top. */
public record SortingDefinition(UUID id, String name, @Nullable String description, List<String> levels, long version,
                                Instant createdAt, Instant updatedAt) {
}
