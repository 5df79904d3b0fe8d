package dev.renkei.server.audit;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.token.AuditApi;
import dev.renkei.server.api.token.model.AuditEventPage;
import dev.renkei.server.api.token.model.AuditTargetType;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.ZonedDateTime;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** The audit log for administrators and auditors. */
@Controller
public class AuditController implements AuditApi {

    private final AuditLog audit;
    private final Callers callers;

    public AuditController(AuditLog audit, Callers callers) {
        this.audit = audit;
        this.callers = callers;
    }

    @Override
    public HttpResponse<AuditEventPage> listAuditEvents(dev.renkei.server.api.token.model.AuditAction action, UUID actorId,
                                                        String targetId, ZonedDateTime since, ZonedDateTime until,
                                                        Integer limit, String cursor) {
        AuditQuery query = new AuditQuery(action == null ? null : AuditAction.fromCode(action.getValue()), actorId, targetId,
                since == null ? null : since.toInstant(), until == null ? null : until.toInstant());
        Page<AuditEvent> page = audit.list(callers.current(), query, cursor, limit);
        return HttpResponse.ok(new AuditEventPage(page.items().stream().map(AuditController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    private static dev.renkei.server.api.token.model.AuditEvent toDto(AuditEvent e) {
        return new dev.renkei.server.api.token.model.AuditEvent(e.id(), utc(e.occurredAt()),
                dev.renkei.server.api.token.model.AuditAction.fromValue(e.action().code()),
                AuditTargetType.fromValue(e.targetType()), e.details())
                .actorId(e.actorId())
                .actorLoginId(e.actorLoginId())
                .targetId(e.targetId())
                .requestId(e.requestId());
    }
}
