package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.access.ResourceCallers;
import dev.renkei.server.api.resource.GroupsApi;
import dev.renkei.server.api.resource.model.Group;
import dev.renkei.server.api.resource.model.GroupCreate;
import dev.renkei.server.api.resource.model.GroupPage;
import dev.renkei.server.api.resource.model.GroupUpdate;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.util.UUID;

/** Groups (グループ情報) of the Resource API. */
@Controller
public class GroupsController implements GroupsApi {

    private final GroupService service;
    private final ResourceCallers callers;

    public GroupsController(GroupService service, ResourceCallers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<GroupPage> listGroups(UUID parentId, String q, Integer limit, String cursor) {
        Page<OrgGroup> page = service.list(parentId, q, cursor, limit);
        return HttpResponse.ok(new GroupPage(page.items().stream().map(OrganizationMapper::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<Group> createGroup(GroupCreate body, String idempotencyKey) {
        OrgGroup created = service.create(callers.idempotencyActor(),
                new GroupService.Draft(body.getCode(), body.getName(), body.getParentId(), body.getSortOrder()),
                idempotencyKey);
        return HttpResponse.created(OrganizationMapper.toDto(created), URI.create("/v1/resources/groups/" + created.id()))
                .header(HttpHeaders.ETAG, ETags.of(created.version()));
    }

    @Override
    public HttpResponse<Group> getGroup(UUID groupId) {
        return withEtag(service.get(groupId));
    }

    @Override
    public HttpResponse<Group> updateGroup(UUID groupId, GroupUpdate body, String ifMatch) {
        return withEtag(service.update(groupId, ifMatch,
                new GroupService.Changes(body.getCode(), body.getName(), body.getParentId(), body.getSortOrder())));
    }

    @Override
    public HttpResponse<Void> deleteGroup(UUID groupId, String ifMatch) {
        service.delete(groupId, ifMatch);
        return HttpResponse.noContent();
    }

    private static HttpResponse<Group> withEtag(OrgGroup group) {
        return HttpResponse.ok(OrganizationMapper.toDto(group)).header(HttpHeaders.ETAG, ETags.of(group.version()));
    }
}
