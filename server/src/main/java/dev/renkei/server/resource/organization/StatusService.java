package dev.renkei.server.resource.organization;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/**
 * Statuses (ステータス情報) and action types (行動種別情報): read only through the Resource API,
 * maintained in the product's settings (here: the data generator). Listed in display order, so
 * the keyset cursor carries the sort order as well as the id.
 */
@Singleton
public class StatusService {

    private final StatusRepository statuses;

    public StatusService(StatusRepository statuses) {
        this.statuses = statuses;
    }

    @Transactional(readOnly = true)
    public Page<OrgStatus> listStatuses(@Nullable UUID actionTypeId, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("statuses", actionTypeId);
        List<OrgStatus> rows = statuses.listStatuses(actionTypeId, after(Cursor.decode(cursor, scope)), limit + 1);
        return Page.of(rows, limit, s -> new Cursor(String.valueOf(s.sortOrder()), s.id(), scope));
    }

    @Transactional(readOnly = true)
    public OrgStatus getStatus(UUID id) {
        return statuses.findStatus(id).orElseThrow(() -> ProblemException.notFound("Status " + id));
    }

    @Transactional(readOnly = true)
    public Page<OrgActionType> listActionTypes(@Nullable String cursor, int limit) {
        String scope = Cursor.scope("action-types");
        List<OrgActionType> rows = statuses.listActionTypes(after(Cursor.decode(cursor, scope)), limit + 1);
        return Page.of(rows, limit, t -> new Cursor(String.valueOf(t.sortOrder()), t.id(), scope));
    }

    @Transactional(readOnly = true)
    public OrgActionType getActionType(UUID id) {
        return statuses.findActionType(id).orElseThrow(() -> ProblemException.notFound("Action type " + id));
    }

    @Nullable
    private static StatusRepository.After after(@Nullable Cursor cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new StatusRepository.After(Integer.parseInt(cursor.sortKey()), cursor.id());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
        }
    }
}
