package dev.renkei.server.settings;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** システム設定 → パラメータ: values copied onto each API token when it is issued. */
public record SystemParameters(int apiTokenValidityDays, int apiTokenPickupWindowHours, Instant updatedAt,
                               @Nullable UUID updatedBy) {
}
