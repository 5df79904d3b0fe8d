package dev.renkei.server.resource.organization;

import java.util.UUID;

/** A kind of action (行動種別) statuses belong to, such as 訪問 or 移動; read only through the API. */
public record OrgActionType(UUID id, String code, String name, int sortOrder) {
}
