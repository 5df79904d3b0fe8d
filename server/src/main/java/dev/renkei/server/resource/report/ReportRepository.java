package dev.renkei.server.resource.report;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for report definitions and reports. Fields and values are read for a whole page at once. */
@Singleton
public class ReportRepository {

    private final Db db;

    public ReportRepository(Db db) {
        this.db = db;
    }

    /** Display order, keyset-paged on (sort_order, id). */
    public List<ReportDefinition> listDefinitions(@Nullable Boolean active, @Nullable Integer afterSortOrder,
                                                  @Nullable UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_report_definition WHERE true");
        List<Object> args = new ArrayList<>();
        if (active != null) {
            sql.append(" AND active = ?");
            args.add(active);
        }
        if (afterId != null) {
            sql.append(" AND (sort_order, id) > (?, ?)");
            args.add(afterSortOrder);
            args.add(afterId);
        }
        sql.append(" ORDER BY sort_order, id LIMIT ?");
        args.add(limit);
        return withFields(db.list(sql.toString(), s -> bind(s, args), ReportRepository::mapDefinition));
    }

    public Optional<ReportDefinition> findDefinition(UUID id) {
        return withFields(db.list("SELECT * FROM rs_report_definition WHERE id = ?", s -> s.setObject(1, id),
                ReportRepository::mapDefinition)).stream().findFirst();
    }

    /** Oldest submission first, keyset-paged on (submitted_at, id). */
    public List<Report> listReports(ReportQuery query, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM rs_report WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.definitionId() != null) {
            sql.append(" AND definition_id = ?");
            args.add(query.definitionId());
        }
        if (query.userId() != null) {
            sql.append(" AND user_id = ?");
            args.add(query.userId());
        }
        if (query.spotId() != null) {
            sql.append(" AND spot_id = ?");
            args.add(query.spotId());
        }
        if (query.submittedFrom() != null) {
            sql.append(" AND submitted_at >= ?");
            args.add(ts(query.submittedFrom()));
        }
        if (query.submittedTo() != null) {
            sql.append(" AND submitted_at < ?");
            args.add(ts(query.submittedTo()));
        }
        if (after != null) {
            sql.append(" AND (submitted_at, id) > (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY submitted_at, id LIMIT ?");
        args.add(limit);
        return withValues(db.list(sql.toString(), s -> bind(s, args), ReportRepository::mapReport));
    }

    public Optional<Report> findReport(UUID id) {
        return withValues(db.list("SELECT * FROM rs_report WHERE id = ?", s -> s.setObject(1, id),
                ReportRepository::mapReport)).stream().findFirst();
    }

    private List<ReportDefinition> withFields(List<ReportDefinition> definitions) {
        if (definitions.isEmpty()) {
            return definitions;
        }
        Array ids = db.uuidArray(definitions.stream().map(ReportDefinition::id).toList());
        Map<UUID, List<ReportDefinition.Field>> byDefinition = new LinkedHashMap<>();
        db.list("SELECT * FROM rs_report_field WHERE definition_id = ANY (?) ORDER BY definition_id, sort_order",
                s -> s.setArray(1, ids), ReportRepository::mapField)
                .forEach(f -> byDefinition.computeIfAbsent(f.definitionId(), k -> new ArrayList<>()).add(f));
        return definitions.stream().map(d -> d.withFields(byDefinition.getOrDefault(d.id(), List.of()))).toList();
    }

    private List<Report> withValues(List<Report> reports) {
        if (reports.isEmpty()) {
            return reports;
        }
        record Row(UUID reportId, Report.Value value) {
        }
        Array ids = db.uuidArray(reports.stream().map(Report::id).toList());
        List<Row> rows = db.list("SELECT v.*, f.type FROM rs_report_value v JOIN rs_report_field f ON f.id = v.field_id "
                + "WHERE v.report_id = ANY (?) ORDER BY v.report_id, f.sort_order, v.ordinal", s -> s.setArray(1, ids),
                r -> new Row(r.getObject("report_id", UUID.class), mapValue(r)));
        Map<UUID, List<Report.Value>> byReport = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Report.Value> values = byReport.computeIfAbsent(row.reportId(), k -> new ArrayList<>());
            Report.Value last = values.isEmpty() ? null : values.get(values.size() - 1);
            if (last != null && last.fieldId().equals(row.value().fieldId()) && last.imageIds() != null) {
                // An image field is one row per image: fold them into one value.
                List<UUID> images = new ArrayList<>(last.imageIds());
                images.addAll(row.value().imageIds());
                values.set(values.size() - 1, new Report.Value(last.fieldId(), last.type(), null, null, null, null, null,
                        List.copyOf(images)));
            } else {
                values.add(row.value());
            }
        }
        return reports.stream().map(r -> r.withValues(byReport.getOrDefault(r.id(), List.of()))).toList();
    }

    private static Report.Value mapValue(ResultSet r) throws SQLException {
        UUID field = r.getObject("field_id", UUID.class);
        ReportDefinition.FieldType type = fieldType(r.getString("type"));
        return switch (type) {
            case TEXT -> new Report.Value(field, type, r.getString("text_value"), null, null, null, null, null);
            case NUMBER -> new Report.Value(field, type, null, r.getDouble("number_value"), null, null, null, null);
            case DATE -> new Report.Value(field, type, null, null, r.getObject("date_value", java.time.LocalDate.class),
                    null, null, null);
            case SELECT -> new Report.Value(field, type, null, null, null, r.getString("text_value"), null, null);
            case CHECKBOX -> new Report.Value(field, type, null, null, null, null, r.getBoolean("bool_value"), null);
            case IMAGE -> new Report.Value(field, type, null, null, null, null, null,
                    List.of(r.getObject("image_id", UUID.class)));
        };
    }

    private static ReportDefinition mapDefinition(ResultSet r) throws SQLException {
        return new ReportDefinition(r.getObject("id", UUID.class), r.getString("name"), r.getString("description"),
                r.getBoolean("active"), r.getInt("sort_order"), List.of(), r.getLong("version"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    private static ReportDefinition.Field mapField(ResultSet r) throws SQLException {
        Array options = r.getArray("options");
        return new ReportDefinition.Field(r.getObject("id", UUID.class), r.getObject("definition_id", UUID.class),
                r.getString("label"), fieldType(r.getString("type")), r.getBoolean("required"), r.getInt("sort_order"),
                options == null ? null : Arrays.asList((String[]) options.getArray()), r.getString("unit"));
    }

    private static Report mapReport(ResultSet r) throws SQLException {
        return new Report(r.getObject("id", UUID.class), r.getObject("definition_id", UUID.class),
                r.getObject("user_id", UUID.class), r.getObject("spot_id", UUID.class), instant(r, "submitted_at"),
                List.of(), r.getLong("version"), instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static ReportDefinition.FieldType fieldType(String stored) {
        return ReportDefinition.FieldType.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    private static void bind(java.sql.PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setObject(i + 1, args.get(i));
        }
    }
}
