package dev.renkei.server.resource.organization;

import dev.renkei.server.api.resource.model.ActionType;
import dev.renkei.server.api.resource.model.Group;
import dev.renkei.server.api.resource.model.Status;
import dev.renkei.server.api.resource.model.User;
import dev.renkei.server.api.resource.model.UserMembership;
import dev.renkei.server.api.resource.model.UserRole;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Between the organisation family's domain records and the generated contract models. */
final class OrganizationMapper {

    private OrganizationMapper() {
    }

    static Group toDto(OrgGroup g) {
        return new Group(g.id(), g.name(), g.sortOrder(), g.version(), utc(g.createdAt()), utc(g.updatedAt()))
                .code(g.code())
                .parentId(g.parentId());
    }

    static User toDto(OrgUser u) {
        return new User(u.id(), u.name(), UserRole.fromValue(u.role().code()), u.active(),
                u.memberships().stream().map(OrganizationMapper::toDto).toList(), u.version(), utc(u.createdAt()),
                utc(u.updatedAt()))
                .employeeCode(u.employeeCode())
                .nameKana(u.nameKana())
                .email(u.email())
                .phone(u.phone())
                .primaryGroupId(u.primaryGroupId());
    }

    static UserMembership toDto(OrgMembership m) {
        return new UserMembership(m.id(), m.userId(), m.groupId(), m.primary(), m.version(), utc(m.createdAt()),
                utc(m.updatedAt()))
                .position(m.position());
    }

    static Status toDto(OrgStatus s) {
        return new Status(s.id(), s.code(), s.name(), s.sortOrder()).actionTypeId(s.actionTypeId()).color(s.color());
    }

    static ActionType toDto(OrgActionType t) {
        return new ActionType(t.id(), t.code(), t.name(), t.sortOrder());
    }

    @Nullable
    static OrgUser.Role role(@Nullable UserRole role) {
        return role == null ? null : OrgUser.Role.of(role.getValue());
    }

    @Nullable
    static Instant instant(@Nullable ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static ZonedDateTime utc(Instant instant) {
        return instant.atZone(ZoneOffset.UTC);
    }
}
