package dev.renkei.server.resource.photo;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** A tag of the photo tag catalogue, with how many photos carry it. */
public record PhotoTag(UUID id, String name, @Nullable String color, int sortOrder, long photoCount, long version) {
}
