package dev.renkei.server.resource.organization;

import dev.renkei.server.api.resource.StatusesApi;
import dev.renkei.server.api.resource.model.ActionType;
import dev.renkei.server.api.resource.model.ActionTypePage;
import dev.renkei.server.api.resource.model.Status;
import dev.renkei.server.api.resource.model.StatusPage;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.util.UUID;

/** Statuses (ステータス情報) and action types (行動種別情報) of the Resource API, read only. */
@Controller
public class StatusesController implements StatusesApi {

    private final StatusService service;

    public StatusesController(StatusService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<StatusPage> listStatuses(UUID actionTypeId, Integer limit, String cursor) {
        Page<OrgStatus> page = service.listStatuses(actionTypeId, cursor, limit);
        return HttpResponse.ok(new StatusPage(page.items().stream().map(OrganizationMapper::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<Status> getStatus(UUID statusId) {
        return HttpResponse.ok(OrganizationMapper.toDto(service.getStatus(statusId)));
    }

    @Override
    public HttpResponse<ActionTypePage> listActionTypes(Integer limit, String cursor) {
        Page<OrgActionType> page = service.listActionTypes(cursor, limit);
        return HttpResponse.ok(new ActionTypePage(page.items().stream().map(OrganizationMapper::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<ActionType> getActionType(UUID actionTypeId) {
        return HttpResponse.ok(OrganizationMapper.toDto(service.getActionType(actionTypeId)));
    }
}
