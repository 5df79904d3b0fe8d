package dev.renkei.server.resource.photo;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What is recorded about one photo; its version is the photo's. */
public record PhotoMetadata(UUID photoId, @Nullable String caption, @Nullable String direction, @Nullable String note,
                            Map<String, String> custom, long version, Instant updatedAt) {

    /** The members a client changes; null leaves a member alone, an empty text clears it. */
    public record Changes(@Nullable String caption, @Nullable String direction, @Nullable String note,
                          @Nullable Map<String, String> custom) {
    }
}
