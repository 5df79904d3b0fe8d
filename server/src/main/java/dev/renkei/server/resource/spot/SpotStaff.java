package dev.renkei.server.resource.spot;

import java.time.Instant;
import java.util.UUID;

/** A user of one's own in charge of a spot (スポット自社担当者); {@code role} is main or sub. */
public record SpotStaff(UUID spotId, UUID userId, String userName, String role, Instant assignedAt) {
}
