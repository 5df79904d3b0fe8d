package dev.renkei.server.resource.activity.expense;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A transportation expense (交通費) with the names of what it refers to; {@code means} is the contract's value. */
public record TransportationExpense(UUID id, UUID userId, String userName, LocalDate date, String departure,
                                    String arrival, String means, int amount, boolean roundTrip,
                                    @Nullable Double distanceKm, @Nullable String purpose, @Nullable UUID spotId,
                                    @Nullable String spotName, @Nullable UUID stampId, @Nullable UUID scheduleId,
                                    Instant createdAt) {
}
