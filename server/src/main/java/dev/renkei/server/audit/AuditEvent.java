package dev.renkei.server.audit;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One audit record. {@code details} never holds a secret. */
public record AuditEvent(UUID id,
                         Instant occurredAt,
                         AuditAction action,
                         @Nullable UUID actorId,
                         @Nullable String actorLoginId,
                         String targetType,
                         @Nullable String targetId,
                         @Nullable String requestId,
                         Map<String, Object> details) {
}
