package dev.renkei.server.resource.activity.schedule;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.access.ResourceCallers;
import dev.renkei.server.api.resource.SchedulesApi;
import dev.renkei.server.api.resource.model.ScheduleAttendance;
import dev.renkei.server.api.resource.model.ScheduleCreate;
import dev.renkei.server.api.resource.model.ScheduleMemberCreate;
import dev.renkei.server.api.resource.model.ScheduleMemberPage;
import dev.renkei.server.api.resource.model.ScheduleMemberRole;
import dev.renkei.server.api.resource.model.ScheduleMemberUpdate;
import dev.renkei.server.api.resource.model.SchedulePage;
import dev.renkei.server.api.resource.model.ScheduleUpdate;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** 予定情報 and 予定のメンバー. */
@Controller
public class ScheduleController implements SchedulesApi {

    private final ScheduleService service;
    private final ResourceCallers callers;

    public ScheduleController(ScheduleService service, ResourceCallers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<SchedulePage> listSchedules(ZonedDateTime from, ZonedDateTime to, UUID userId, UUID spotId,
                                                    ZonedDateTime updatedSince, Integer limit, String cursor) {
        Page<Schedule> page = service.list(instant(from), instant(to), userId, spotId, instant(updatedSince), cursor, limit);
        return HttpResponse.ok(new SchedulePage(page.items().stream().map(ScheduleController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Schedule> createSchedule(ScheduleCreate body,
                                                                                      String idempotencyKey) {
        List<ScheduleDraft.MemberDraft> members = body.getMembers() == null ? List.of()
                : body.getMembers().stream().map(m -> m == null ? null : memberDraft(m)).toList();
        Schedule created = service.create(callers.idempotencyActor(), new ScheduleDraft(body.getTitle(), instant(body.getStartsAt()),
                instant(body.getEndsAt()), Boolean.TRUE.equals(body.getAllDay()), body.getSpotId(), body.getNote(),
                members), idempotencyKey);
        return HttpResponse.created(toDto(created), URI.create("/v1/resources/schedules/" + created.id()))
                .header(HttpHeaders.ETAG, ETags.of(created.version()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Schedule> getSchedule(UUID scheduleId) {
        Schedule schedule = service.get(scheduleId);
        return HttpResponse.ok(toDto(schedule)).header(HttpHeaders.ETAG, ETags.of(schedule.version()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Schedule> updateSchedule(UUID scheduleId, ScheduleUpdate body,
                                                                                      String ifMatch) {
        String spot = body.getSpotId();
        boolean detach = spot != null && spot.isEmpty();
        Schedule updated = service.update(scheduleId, new ScheduleChanges(body.getTitle(), instant(body.getStartsAt()),
                instant(body.getEndsAt()), body.getAllDay(), spot == null || detach ? null : UUID.fromString(spot), detach,
                body.getNote()), ifMatch);
        return HttpResponse.ok(toDto(updated)).header(HttpHeaders.ETAG, ETags.of(updated.version()));
    }

    @Override
    public HttpResponse<Void> deleteSchedule(UUID scheduleId, String ifMatch) {
        service.delete(scheduleId, ifMatch);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<ScheduleMemberPage> listScheduleMembers(UUID scheduleId, Integer limit, String cursor) {
        Page<ScheduleMember> page = service.members(scheduleId, cursor, limit);
        return HttpResponse.ok(new ScheduleMemberPage(page.items().stream().map(ScheduleController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.ScheduleMember> addScheduleMember(UUID scheduleId,
                                                                                              ScheduleMemberCreate body) {
        ScheduleMember added = service.addMember(scheduleId, memberDraft(body));
        return HttpResponse.created(toDto(added),
                URI.create("/v1/resources/schedules/" + scheduleId + "/members/" + added.userId()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.ScheduleMember> getScheduleMember(UUID scheduleId, UUID userId) {
        return HttpResponse.ok(toDto(service.member(scheduleId, userId)));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.ScheduleMember> updateScheduleMember(
            UUID scheduleId, UUID userId, ScheduleMemberUpdate body) {
        return HttpResponse.ok(toDto(service.updateMember(scheduleId, userId, role(body.getRole()),
                attendance(body.getAttendance()))));
    }

    @Override
    public HttpResponse<Void> removeScheduleMember(UUID scheduleId, UUID userId) {
        service.removeMember(scheduleId, userId);
        return HttpResponse.noContent();
    }

    private static ScheduleDraft.MemberDraft memberDraft(ScheduleMemberCreate m) {
        return new ScheduleDraft.MemberDraft(m.getUserId(), role(m.getRole()), attendance(m.getAttendance()));
    }

    private static MemberRole role(ScheduleMemberRole role) {
        return role == null ? null : MemberRole.ofCode(role.getValue());
    }

    private static Attendance attendance(ScheduleAttendance attendance) {
        return attendance == null ? null : Attendance.ofCode(attendance.getValue());
    }

    private static java.time.Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    static dev.renkei.server.api.resource.model.Schedule toDto(Schedule s) {
        return new dev.renkei.server.api.resource.model.Schedule(s.id(), s.title(), utc(s.startsAt()), utc(s.endsAt()),
                s.allDay(), s.members().stream().map(ScheduleController::toDto).toList(), s.version(),
                utc(s.createdAt()), utc(s.updatedAt()))
                .spotId(s.spotId())
                .spotName(s.spotName())
                .note(s.note());
    }

    static dev.renkei.server.api.resource.model.ScheduleMember toDto(ScheduleMember m) {
        return new dev.renkei.server.api.resource.model.ScheduleMember(m.scheduleId(), m.userId(), m.userName(),
                ScheduleMemberRole.fromValue(m.role().code()), ScheduleAttendance.fromValue(m.attendance().code()),
                utc(m.addedAt()), utc(m.updatedAt()));
    }
}
