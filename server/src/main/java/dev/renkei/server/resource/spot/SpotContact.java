package dev.renkei.server.resource.spot;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A person of the customer to contact at a spot (スポット顧客担当者). */
public record SpotContact(UUID id, UUID spotId, String name, @Nullable String nameKana, @Nullable String department,
                          @Nullable String title, @Nullable String phone, @Nullable String email, Instant createdAt) {
}
