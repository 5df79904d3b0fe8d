package dev.renkei.server.resource.organization;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** A status users stamp (ステータス), such as 出発 or 訪問開始; read only through the API. */
public record OrgStatus(UUID id, String code, String name, @Nullable UUID actionTypeId, @Nullable String color,
                        int sortOrder) {
}
