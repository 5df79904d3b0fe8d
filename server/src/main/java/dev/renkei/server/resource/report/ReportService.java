package dev.renkei.server.resource.report;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/**
 * Report definitions (報告書定義情報) and reports (報告書), read only: the app's users fill them
 * in, partners export them. Lists are keyset-paged, and a cursor is bound to its filters.
 */
@Singleton
public class ReportService {

    private final ReportRepository reports;

    public ReportService(ReportRepository reports) {
        this.reports = reports;
    }

    @Transactional(readOnly = true)
    public Page<ReportDefinition> listDefinitions(@Nullable Boolean active, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("report-definitions", active);
        Cursor after = Cursor.decode(cursor, scope);
        Integer afterSortOrder = null;
        if (after != null) {
            try {
                afterSortOrder = Integer.valueOf(after.sortKey());
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
            }
        }
        List<ReportDefinition> rows = reports.listDefinitions(active, afterSortOrder, after == null ? null : after.id(),
                limit + 1);
        return Page.of(rows, limit, d -> new Cursor(Integer.toString(d.sortOrder()), d.id(), scope));
    }

    @Transactional(readOnly = true)
    public ReportDefinition getDefinition(UUID id) {
        return reports.findDefinition(id).orElseThrow(() -> ProblemException.notFound("Report definition " + id));
    }

    @Transactional(readOnly = true)
    public Page<Report> list(ReportQuery query, @Nullable String cursor, int limit) {
        if (query.submittedFrom() != null && query.submittedTo() != null
                && !query.submittedTo().isAfter(query.submittedFrom())) {
            throw ProblemException.invalid("submitted_to", "must be after submitted_from");
        }
        String scope = Cursor.scope("reports", query.definitionId(), query.userId(), query.spotId(),
                query.submittedFrom(), query.submittedTo());
        List<Report> rows = reports.listReports(query, Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, r -> new Cursor(r.submittedAt().toString(), r.id(), scope));
    }

    @Transactional(readOnly = true)
    public Report get(UUID id) {
        return reports.findReport(id).orElseThrow(() -> ProblemException.notFound("Report " + id));
    }
}
