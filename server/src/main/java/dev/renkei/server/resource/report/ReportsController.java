package dev.renkei.server.resource.report;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.api.resource.ReportsApi;
import dev.renkei.server.api.resource.model.ReportDefinitionPage;
import dev.renkei.server.api.resource.model.ReportField;
import dev.renkei.server.api.resource.model.ReportFieldType;
import dev.renkei.server.api.resource.model.ReportPage;
import dev.renkei.server.api.resource.model.ReportValue;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Report definitions (報告書定義情報) and reports (報告書). */
@Controller
public class ReportsController implements ReportsApi {

    private final ReportService service;

    public ReportsController(ReportService service) {
        this.service = service;
    }

    @Override
    public HttpResponse<ReportDefinitionPage> listReportDefinitions(Boolean active, Integer limit, String cursor) {
        Page<ReportDefinition> page = service.listDefinitions(active, cursor, limit);
        return HttpResponse.ok(new ReportDefinitionPage(page.items().stream().map(ReportsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.ReportDefinition> getReportDefinition(UUID definitionId) {
        ReportDefinition definition = service.getDefinition(definitionId);
        return HttpResponse.ok(toDto(definition)).header(HttpHeaders.ETAG, ETags.of(definition.version()));
    }

    @Override
    public HttpResponse<ReportPage> listReports(UUID definitionId, UUID userId, UUID spotId, ZonedDateTime submittedFrom,
                                                ZonedDateTime submittedTo, Integer limit, String cursor) {
        Page<Report> page = service.list(new ReportQuery(definitionId, userId, spotId,
                submittedFrom == null ? null : submittedFrom.toInstant(),
                submittedTo == null ? null : submittedTo.toInstant()), cursor, limit);
        return HttpResponse.ok(new ReportPage(page.items().stream().map(ReportsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.resource.model.Report> getReport(UUID reportId) {
        Report report = service.get(reportId);
        return HttpResponse.ok(toDto(report)).header(HttpHeaders.ETAG, ETags.of(report.version()));
    }

    static dev.renkei.server.api.resource.model.ReportDefinition toDto(ReportDefinition d) {
        return new dev.renkei.server.api.resource.model.ReportDefinition(d.id(), d.name(), d.active(),
                d.fields().stream().map(ReportsController::toDto).toList(), d.version(), utc(d.createdAt()),
                utc(d.updatedAt()))
                .description(d.description());
    }

    static ReportField toDto(ReportDefinition.Field f) {
        return new ReportField(f.id(), f.label(), type(f.type()), f.required(), f.sortOrder())
                .options(f.options())
                .unit(f.unit());
    }

    static dev.renkei.server.api.resource.model.Report toDto(Report r) {
        return new dev.renkei.server.api.resource.model.Report(r.id(), r.definitionId(), r.userId(), utc(r.submittedAt()),
                r.values().stream().map(ReportsController::toDto).toList(), r.version(), utc(r.createdAt()),
                utc(r.updatedAt()))
                .spotId(r.spotId());
    }

    static ReportValue toDto(Report.Value v) {
        return new ReportValue(v.fieldId(), type(v.type()))
                .text(v.text())
                .number(v.number())
                .date(v.date())
                .option(v.option())
                .checked(v.checked())
                .imageIds(v.imageIds());
    }

    private static ReportFieldType type(ReportDefinition.FieldType type) {
        return ReportFieldType.fromValue(type.name().toLowerCase(Locale.ROOT));
    }
}
