package dev.renkei.server.audit;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** Filters of the audit log. */
public record AuditQuery(@Nullable AuditAction action, @Nullable UUID actorId, @Nullable String targetId,
                         @Nullable Instant since, @Nullable Instant until) {
}
