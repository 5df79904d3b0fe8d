package dev.renkei.server.resource.organization;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.access.ResourceCallers;
import dev.renkei.server.api.resource.UsersApi;
import dev.renkei.server.api.resource.model.User;
import dev.renkei.server.api.resource.model.UserCreate;
import dev.renkei.server.api.resource.model.UserMembership;
import dev.renkei.server.api.resource.model.UserMembershipCreate;
import dev.renkei.server.api.resource.model.UserMembershipUpdate;
import dev.renkei.server.api.resource.model.UserPage;
import dev.renkei.server.api.resource.model.UserUpdate;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Users (ユーザー情報) and their group memberships (ユーザー所属情報) of the Resource API. */
@Controller
public class UsersController implements UsersApi {

    private final UserService service;
    private final ResourceCallers callers;

    public UsersController(UserService service, ResourceCallers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<UserPage> listUsers(UUID groupId, Boolean active, String q, ZonedDateTime updatedSince,
                                            Integer limit, String cursor) {
        Page<OrgUser> page = service.list(groupId, active, q, OrganizationMapper.instant(updatedSince), cursor, limit);
        return HttpResponse.ok(new UserPage(page.items().stream().map(OrganizationMapper::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<User> createUser(UserCreate body, String idempotencyKey) {
        OrgUser created = service.create(callers.idempotencyActor(), new UserService.Draft(body.getEmployeeCode(),
                body.getName(), body.getNameKana(), body.getEmail(), body.getPhone(),
                OrganizationMapper.role(body.getRole()), body.getActive()), idempotencyKey);
        return HttpResponse.created(OrganizationMapper.toDto(created), URI.create("/v1/resources/users/" + created.id()))
                .header(HttpHeaders.ETAG, ETags.of(created.version()));
    }

    @Override
    public HttpResponse<User> getUser(UUID userId) {
        return withEtag(service.get(userId));
    }

    @Override
    public HttpResponse<User> updateUser(UUID userId, UserUpdate body, String ifMatch) {
        return withEtag(service.update(userId, ifMatch, new UserService.Changes(body.getEmployeeCode(), body.getName(),
                body.getNameKana(), body.getEmail(), body.getPhone(), OrganizationMapper.role(body.getRole()),
                body.getActive())));
    }

    @Override
    public HttpResponse<Void> deleteUser(UUID userId, String ifMatch) {
        service.delete(userId, ifMatch);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<UserMembership> createUserMembership(UserMembershipCreate body, String idempotencyKey) {
        OrgMembership created = service.createMembership(callers.idempotencyActor(), new UserService.MembershipDraft(
                body.getUserId(), body.getGroupId(), body.getPrimary(), body.getPosition()), idempotencyKey);
        return HttpResponse.created(OrganizationMapper.toDto(created),
                        URI.create("/v1/resources/user-memberships/" + created.id()))
                .header(HttpHeaders.ETAG, ETags.of(created.version()));
    }

    @Override
    public HttpResponse<UserMembership> updateUserMembership(UUID membershipId, UserMembershipUpdate body, String ifMatch) {
        OrgMembership updated = service.updateMembership(membershipId, ifMatch,
                new UserService.MembershipChanges(body.getGroupId(), body.getPrimary(), body.getPosition()));
        return HttpResponse.ok(OrganizationMapper.toDto(updated)).header(HttpHeaders.ETAG, ETags.of(updated.version()));
    }

    @Override
    public HttpResponse<Void> deleteUserMembership(UUID membershipId, String ifMatch) {
        service.deleteMembership(membershipId, ifMatch);
        return HttpResponse.noContent();
    }

    private static HttpResponse<User> withEtag(OrgUser user) {
        return HttpResponse.ok(OrganizationMapper.toDto(user)).header(HttpHeaders.ETAG, ETags.of(user.version()));
    }
}
