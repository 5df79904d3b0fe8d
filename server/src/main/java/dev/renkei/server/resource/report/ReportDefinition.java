package dev.renkei.server.resource.report;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A report form with its fields in display order. */
public record ReportDefinition(UUID id, String name, @Nullable String description, boolean active, int sortOrder,
                               List<Field> fields, long version, Instant createdAt, Instant updatedAt) {

    /** What a field holds; the wire name is the lower-case constant. */
    public enum FieldType {
        TEXT, NUMBER, DATE, SELECT, CHECKBOX, IMAGE
    }

    /** One typed field of the form; {@code options} only for {@code SELECT}. */
    public record Field(UUID id, UUID definitionId, String label, FieldType type, boolean required, int sortOrder,
                        @Nullable List<String> options, @Nullable String unit) {
    }

    ReportDefinition withFields(List<Field> newFields) {
        return new ReportDefinition(id, name, description, active, sortOrder, newFields, version, createdAt, updatedAt);
    }
}
