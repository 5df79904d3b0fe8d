package dev.renkei.server.resource.organization;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A field-service user (ユーザー) with their group memberships, which partners read only as part
 * of the user. Serialisable: an idempotent retry replays it.
 */
@Serdeable
public record OrgUser(UUID id, @Nullable String employeeCode, String name, @Nullable String nameKana,
                      @Nullable String email, @Nullable String phone, Role role, boolean active,
                      List<OrgMembership> memberships, long version, Instant createdAt, Instant updatedAt) {

    /** The product roles, stored as their lower-case names. */
    public enum Role {
        MEMBER, MANAGER, ADMIN;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Role of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Nullable
    public UUID primaryGroupId() {
        return memberships.stream().filter(OrgMembership::primary).map(OrgMembership::groupId).findFirst().orElse(null);
    }

    public OrgUser withMemberships(List<OrgMembership> list) {
        return new OrgUser(id, employeeCode, name, nameKana, email, phone, role, active, List.copyOf(list), version,
                createdAt, updatedAt);
    }
}
