package dev.renkei.server.resource.activity.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A schedule (予定) with its members. Serialisable: it is what an idempotent create replays. */
@Serdeable
public record Schedule(UUID id, String title, Instant startsAt, Instant endsAt, boolean allDay, @Nullable UUID spotId,
                       @Nullable String spotName, @Nullable String note, List<ScheduleMember> members, long version,
                       Instant createdAt, Instant updatedAt) {

    public Schedule withMembers(List<ScheduleMember> list) {
        return new Schedule(id, title, startsAt, endsAt, allDay, spotId, spotName, note, List.copyOf(list), version,
                createdAt, updatedAt);
    }
}
