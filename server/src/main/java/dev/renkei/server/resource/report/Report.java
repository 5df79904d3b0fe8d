package dev.renkei.server.resource.report;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A submitted report with the values of its filled fields, in the definition's field order. */
public record Report(UUID id, UUID definitionId, UUID userId, @Nullable UUID spotId, Instant submittedAt,
                     List<Value> values, long version, Instant createdAt, Instant updatedAt) {

    /** The value of one field; only the member matching {@code type} is set. */
    public record Value(UUID fieldId, ReportDefinition.FieldType type, @Nullable String text, @Nullable Double number,
                        @Nullable LocalDate date, @Nullable String option, @Nullable Boolean checked,
                        @Nullable List<UUID> imageIds) {
    }

    Report withValues(List<Value> newValues) {
        return new Report(id, definitionId, userId, spotId, submittedAt, newValues, version, createdAt, updatedAt);
    }
}
