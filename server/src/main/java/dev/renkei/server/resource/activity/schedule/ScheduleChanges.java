package dev.renkei.server.resource.activity.schedule;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A partial update of a schedule: null leaves a member as it is.
 *
 * @param detachSpot true to remove the spot (the client sent an empty spot_id); {@code spotId} is then null
 * @param note       an empty string clears the note
 */
public record ScheduleChanges(@Nullable String title, @Nullable Instant startsAt, @Nullable Instant endsAt,
                              @Nullable Boolean allDay, @Nullable UUID spotId, boolean detachSpot,
                              @Nullable String note) {
}
