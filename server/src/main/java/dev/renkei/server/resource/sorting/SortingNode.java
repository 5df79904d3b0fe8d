package dev.renkei.server.resource.sorting;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A node of a sorting structure at {@code depth}; {@code levelCount} is its structure's number of
 * levels (spots hang on the last one).
 */
public record SortingNode(UUID id, UUID definitionId, @Nullable UUID parentId, int depth, String levelName,
                          int levelCount, String name, int sortOrder, List<UUID> spotIds, long version,
                          Instant createdAt, Instant updatedAt) {

    public boolean isLastLevel() {
        return depth == levelCount - 1;
    }

    /** What a client changes; null members stay as they are. */
    public record Changes(@Nullable String name, @Nullable Integer sortOrder, @Nullable UUID parentId,
                          @Nullable List<UUID> spotIds) {
    }
}
