package dev.renkei.server.resource.report;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** The filters of the report list; null filters do not restrict. */
public record ReportQuery(@Nullable UUID definitionId, @Nullable UUID userId, @Nullable UUID spotId,
                          @Nullable Instant submittedFrom, @Nullable Instant submittedTo) {
}
