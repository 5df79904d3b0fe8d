package dev.renkei.server.resource.activity.schedule;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * A user taking part in a schedule (予定のメンバー). Serialisable: part of what an idempotent create replays.
 *
 * @param seq the order of adding, the paging key (0 before the row exists)
 */
@Serdeable
public record ScheduleMember(UUID scheduleId, UUID userId, String userName, MemberRole role, Attendance attendance,
                             Instant addedAt, Instant updatedAt, long seq) {
}
