package dev.renkei.server.resource.activity.schedule;

import dev.renkei.server.resource.support.Patches;
import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.activity.ActivityQueries;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.idempotency.IdempotencyStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Schedules (予定情報) and their members (予定のメンバー). Changes are optimistic (RFC 9110
 * {@code If-Match} against the version) and serialised per schedule by its row lock, which every
 * change of the schedule or of its members takes first; a member change is a change of the
 * schedule and gives it a new version. Creates accept an {@code Idempotency-Key}
 * (draft-ietf-httpapi-idempotency-key-header).
 */
@Singleton
public class ScheduleService {

    /** The most members a schedule has, so a schedule stays one bounded answer with its members. */
    public static final int MAX_MEMBERS = 100;

    private final ScheduleRepository schedules;
    private final IdempotencyStore idempotency;
    private final Clock clock;

    public ScheduleService(ScheduleRepository schedules, IdempotencyStore idempotency, Clock clock) {
        this.schedules = schedules;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /** Schedules overlapping [from, to) (either end optional), by start; each with its members. */
    @Transactional(readOnly = true)
    public Page<Schedule> list(@Nullable Instant from, @Nullable Instant to, @Nullable UUID userId, @Nullable UUID spotId,
                               @Nullable Instant updatedSince, @Nullable String cursor, int limit) {
        checkOptional("from", from);
        checkOptional("to", to);
        checkOptional("updated_since", updatedSince);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        String scope = Cursor.scope("schedules", from, to, userId, spotId, updatedSince);
        Cursor after = Cursor.decode(cursor, scope);
        Page<Schedule> page = Page.of(schedules.list(from, to, userId, spotId, updatedSince,
                after == null ? null : after.instantKey(), after == null ? null : after.id(), limit + 1), limit,
                s -> new Cursor(s.startsAt().toString(), s.id(), scope));
        Map<UUID, List<ScheduleMember>> members = schedules.membersOf(page.items().stream().map(Schedule::id).toList());
        return page.map(s -> s.withMembers(members.getOrDefault(s.id(), List.of())));
    }

    @Transactional(readOnly = true)
    public Schedule get(UUID id) {
        return withMembers(existing(id, false));
    }

    /** 予定の登録; a retry with the same Idempotency-Key and draft replays the first answer. */
    @Transactional
    public Schedule create(UUID idempotencyActor, ScheduleDraft draft, @Nullable String idempotencyKey) {
        checkPeriod(draft.startsAt(), draft.endsAt());
        checkTitle(draft.title());
        for (int i = 0; i < draft.members().size(); i++) {
            if (draft.members().get(i) == null) {
                throw ProblemException.invalid("/members/" + i, "must be a member object");
            }
        }
        return idempotency.execute(idempotencyActor, "resources.schedules.create", idempotencyKey, draft,
                Argument.of(Schedule.class), () -> insert(draft));
    }

    private Schedule insert(ScheduleDraft draft) {
        if (draft.spotId() != null && !schedules.lockSpot(draft.spotId())) {
            throw ProblemException.invalid("/spot_id", "No spot has the ID " + draft.spotId());
        }
        Instant now = clock.instant();
        UUID id = Ids.newId();
        List<ScheduleMember> members = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < draft.members().size(); i++) {
            ScheduleDraft.MemberDraft m = draft.members().get(i);
            String pointer = "/members/" + i + "/user_id";
            if (!seen.add(m.userId())) {
                throw ProblemException.invalid(pointer, "The user " + m.userId() + " is listed twice");
            }
            checkUser(pointer, m.userId());
            members.add(new ScheduleMember(id, m.userId(), null, m.role() == null ? MemberRole.PARTICIPANT : m.role(),
                    m.attendance() == null ? Attendance.PENDING : m.attendance(), now, now, 0));
        }
        String note = Patches.emptyToNull(draft.note());
        schedules.insert(new Schedule(id, draft.title(), draft.startsAt(), draft.endsAt(), draft.allDay(), draft.spotId(),
                null, note, List.of(), 1, now, now));
        schedules.insertMembers(members);
        return withMembers(existing(id, false));
    }

    /** Applies the changes when {@code ifMatch} (optional) names the current version. */
    @Transactional
    public Schedule update(UUID id, ScheduleChanges changes, @Nullable String ifMatch) {
        Schedule current = existing(id, true);
        ETags.requireMatch(ifMatch, current.version(), "schedule");
        String title = changes.title() == null ? current.title() : changes.title();
        Instant startsAt = changes.startsAt() == null ? current.startsAt() : changes.startsAt();
        Instant endsAt = changes.endsAt() == null ? current.endsAt() : changes.endsAt();
        boolean allDay = changes.allDay() == null ? current.allDay() : changes.allDay();
        UUID spotId = changes.detachSpot() ? null : changes.spotId() == null ? current.spotId() : changes.spotId();
        String note = Patches.text(changes.note(), current.note());
        checkTitle(title);
        checkPeriod(startsAt, endsAt);
        if (spotId != null && !spotId.equals(current.spotId()) && !schedules.lockSpot(spotId)) {
            throw ProblemException.invalid("/spot_id", "No spot has the ID " + spotId);
        }
        if (title.equals(current.title()) && startsAt.equals(current.startsAt()) && endsAt.equals(current.endsAt())
                && allDay == current.allDay() && Objects.equals(spotId, current.spotId())
                && Objects.equals(note, current.note())) {
            return withMembers(current);
        }
        Schedule updated = new Schedule(id, title, startsAt, endsAt, allDay, spotId, null, note, List.of(),
                current.version(), current.createdAt(), clock.instant());
        if (!schedules.update(updated, current.version())) {
            // Unreachable while the row lock is held; kept so that a lost lock can never lose an update.
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "The schedule was changed concurrently");
        }
        return withMembers(existing(id, false));
    }

    /** Deletes the schedule with its members; expenses keep their amounts and lose the reference. */
    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        Schedule current = existing(id, true);
        ETags.requireMatch(ifMatch, current.version(), "schedule");
        schedules.delete(id);
    }

    @Transactional(readOnly = true)
    public Page<ScheduleMember> members(UUID scheduleId, @Nullable String cursor, int limit) {
        existing(scheduleId, false);
        String scope = Cursor.scope("schedule-members", scheduleId);
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(schedules.members(scheduleId, after == null ? null : seqKey(after), limit + 1), limit,
                m -> new Cursor(Long.toString(m.seq()), m.userId(), scope));
    }

    @Transactional(readOnly = true)
    public ScheduleMember member(UUID scheduleId, UUID userId) {
        existing(scheduleId, false);
        return existingMember(scheduleId, userId);
    }

    /** Adds a member (role participant and answer pending unless given); 409 when the user already is one. */
    @Transactional
    public ScheduleMember addMember(UUID scheduleId, ScheduleDraft.MemberDraft draft) {
        existing(scheduleId, true);
        if (schedules.findMember(scheduleId, draft.userId()).isPresent()) {
            throw new ProblemException(ProblemType.ALREADY_EXISTS,
                    "The user " + draft.userId() + " is already a member of this schedule");
        }
        checkUser("/user_id", draft.userId());
        if (schedules.countMembers(scheduleId) >= MAX_MEMBERS) {
            throw ProblemException.invalid("/user_id", "The schedule already has " + MAX_MEMBERS + " members, the most it may have");
        }
        Instant now = clock.instant();
        schedules.insertMembers(List.of(new ScheduleMember(scheduleId, draft.userId(), null,
                draft.role() == null ? MemberRole.PARTICIPANT : draft.role(),
                draft.attendance() == null ? Attendance.PENDING : draft.attendance(), now, now, 0)));
        schedules.touch(scheduleId, now);
        return existingMember(scheduleId, draft.userId());
    }

    /** Changes a member's role or answer; null leaves it as it is. */
    @Transactional
    public ScheduleMember updateMember(UUID scheduleId, UUID userId, @Nullable MemberRole role,
                                       @Nullable Attendance attendance) {
        existing(scheduleId, true);
        ScheduleMember current = existingMember(scheduleId, userId);
        MemberRole newRole = role == null ? current.role() : role;
        Attendance newAttendance = attendance == null ? current.attendance() : attendance;
        if (newRole == current.role() && newAttendance == current.attendance()) {
            return current;
        }
        Instant now = clock.instant();
        schedules.updateMember(new ScheduleMember(scheduleId, userId, current.userName(), newRole, newAttendance,
                current.addedAt(), now, current.seq()));
        schedules.touch(scheduleId, now);
        return existingMember(scheduleId, userId);
    }

    @Transactional
    public void removeMember(UUID scheduleId, UUID userId) {
        existing(scheduleId, true);
        if (!schedules.deleteMember(scheduleId, userId)) {
            throw notMember(scheduleId, userId);
        }
        schedules.touch(scheduleId, clock.instant());
    }

    private static long seqKey(Cursor cursor) {
        try {
            return Long.parseLong(cursor.sortKey());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
        }
    }

    private Schedule existing(UUID id, boolean lock) {
        return schedules.find(id, lock).orElseThrow(() -> ProblemException.notFound("Schedule " + id));
    }

    private Schedule withMembers(Schedule schedule) {
        return schedule.withMembers(schedules.membersOf(List.of(schedule.id())).getOrDefault(schedule.id(), List.of()));
    }

    private ScheduleMember existingMember(UUID scheduleId, UUID userId) {
        return schedules.findMember(scheduleId, userId).orElseThrow(() -> notMember(scheduleId, userId));
    }

    private static ProblemException notMember(UUID scheduleId, UUID userId) {
        return new ProblemException(ProblemType.NOT_FOUND,
                "The user " + userId + " is not a member of the schedule " + scheduleId);
    }

    private void checkUser(String pointer, UUID userId) {
        Boolean active = schedules.lockUser(userId)
                .orElseThrow(() -> ProblemException.invalid(pointer, "No user has the ID " + userId));
        if (!active) {
            throw ProblemException.invalid(pointer, "The user " + userId + " is inactive");
        }
    }

    private static void checkTitle(String title) {
        if (title.isBlank()) {
            throw ProblemException.invalid("/title", "must not be blank");
        }
    }

    private static void checkPeriod(Instant startsAt, Instant endsAt) {
        ActivityQueries.checked("/starts_at", startsAt);
        ActivityQueries.checked("/ends_at", endsAt);
        if (!endsAt.isAfter(startsAt)) {
            throw ProblemException.invalid("/ends_at", "must be after starts_at");
        }
        if (endsAt.isAfter(startsAt.plus(ScheduleRepository.MAX_LENGTH))) {
            throw ProblemException.invalid("/ends_at", "must be at most 31 days after starts_at");
        }
    }

    private static void checkOptional(String pointer, @Nullable Instant value) {
        if (value != null) {
            ActivityQueries.checked(pointer, value);
        }
    }
}
