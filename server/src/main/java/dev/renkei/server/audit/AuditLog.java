package dev.renkei.server.audit;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.security.Caller;
import dev.renkei.server.shared.web.RequestIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records who did what, in the caller's transaction so an event exists exactly when its change
 * does; and lists the log for administrators and auditors.
 */
@Singleton
public class AuditLog {

    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** An event caused by an authenticated caller. */
    public void record(@Nullable Caller actor, AuditAction action, String targetType, @Nullable Object targetId,
                       Map<String, Object> details) {
        recordAll(List.of(event(actor, action, targetType, targetId, details)));
    }

    public AuditEvent event(@Nullable Caller actor, AuditAction action, String targetType, @Nullable Object targetId,
                            Map<String, Object> details) {
        return new AuditEvent(Ids.newId(), clock.instant(), action,
                actor == null ? null : actor.accountId(), actor == null ? null : actor.loginId(),
                targetType, targetId == null ? null : targetId.toString(), currentRequestId(), details);
    }

    /** An event with a known actor that is not the caller (a sign-in attempt names its account). */
    public void recordFor(@Nullable UUID actorId, @Nullable String actorLoginId, AuditAction action, String targetType,
                          @Nullable Object targetId, Map<String, Object> details) {
        recordAll(List.of(new AuditEvent(Ids.newId(), clock.instant(), action, actorId, actorLoginId, targetType,
                targetId == null ? null : targetId.toString(), currentRequestId(), details)));
    }

    public void recordAll(Collection<AuditEvent> events) {
        repository.insertAll(events);
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> list(Caller caller, AuditQuery query, @Nullable String cursor, int limit) {
        caller.requireAdminRead();
        if (query.since() != null && query.until() != null && query.since().isAfter(query.until())) {
            throw ProblemException.invalid("since", "must not be after until");
        }
        String scope = Cursor.scope("audit-events", query);
        List<AuditEvent> rows = repository.search(query, Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, e -> new Cursor(e.occurredAt().toString(), e.id(), scope));
    }

    @Nullable
    private static String currentRequestId() {
        return ServerRequestContext.currentRequest().map(RequestIds::of).orElse(null);
    }
}
