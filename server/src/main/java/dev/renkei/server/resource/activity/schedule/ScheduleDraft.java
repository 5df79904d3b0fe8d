package dev.renkei.server.resource.activity.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a client sends to create a schedule. Serialisable: its JSON is the request an
 * Idempotency-Key is bound to, in instants, so the same time written in another offset is the
 * same request.
 *
 * @param members in the order sent; a null entry is a client error the service reports by index
 */
@Serdeable
public record ScheduleDraft(String title, Instant startsAt, Instant endsAt, boolean allDay, @Nullable UUID spotId,
                            @Nullable String note, List<MemberDraft> members) {

    /** A member to add; a null role or attendance takes its default (participant, pending). */
    @Serdeable
    public record MemberDraft(@Nullable UUID userId, @Nullable MemberRole role, @Nullable Attendance attendance) {
    }
}
