package dev.renkei.server.resource.spot;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A tag spots can carry (スポットタグ情報), and the link of one spot to one tag. */
public record SpotTag(UUID id, String name, @Nullable String color, int sortOrder) {

    @Serdeable
    public record Link(UUID id, UUID spotId, UUID tagId, long version, Instant createdAt, Instant updatedAt) {
    }
}
