package dev.renkei.server.resource.report;

import dev.renkei.server.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report definitions and reports: typed fields and values, filters, paging and errors. */
@MicronautTest(transactional = false)
class ReportsIT extends ReportsAndPhotosTest {

    private static final String DEFINITIONS = "/v1/resources/report-definitions";
    private static final String REPORTS = "/v1/resources/reports";

    private UUID sales;
    private UUID inspection;
    private UUID sato;
    private UUID suzuki;
    private UUID ginza;
    private UUID shibuya;
    private final Instant base = Instant.parse("2026-11-16T00:00:00Z");
    private final List<UUID> satoReports = new ArrayList<>();
    private UUID fullReport;
    private UUID photoOne;
    private UUID photoTwo;

    @BeforeAll
    void reports() {
        withoutGeneratedReportsAndPhotos();
        sales = definitionNamed("営業日報");
        inspection = definitionNamed("設備点検報告");
        sato = insertUser("佐藤 一郎");
        suzuki = insertUser("鈴木 花子");
        ginza = insertSpot("銀座中央ビル");
        shibuya = insertSpot("渋谷センター");
        for (int i = 0; i < 7; i++) {
            satoReports.add(insertReport(sales, sato, i % 2 == 0 ? ginza : shibuya, base.plus(Duration.ofHours(i))));
        }
        insertReport(inspection, suzuki, null, base.plus(Duration.ofDays(1)));
        fullReport = insertReport(sales, suzuki, ginza, base.plus(Duration.ofDays(2)));
        exec("INSERT INTO rs_report_value (report_id, field_id, text_value) VALUES (?, ?, '継続商談')",
                fullReport, fieldOf("営業日報", "訪問結果"));
        exec("INSERT INTO rs_report_value (report_id, field_id, text_value) VALUES (?, ?, '新規開拓')",
                fullReport, fieldOf("営業日報", "訪問目的"));
        exec("INSERT INTO rs_report_value (report_id, field_id, text_value) VALUES (?, ?, '山田様')",
                fullReport, fieldOf("営業日報", "面談者"));
        exec("INSERT INTO rs_report_value (report_id, field_id, number_value) VALUES (?, ?, 120000)",
                fullReport, fieldOf("営業日報", "見積金額"));
        exec("INSERT INTO rs_report_value (report_id, field_id, date_value) VALUES (?, ?, ?)",
                fullReport, fieldOf("営業日報", "次回訪問予定日"), LocalDate.of(2026, 12, 1));
        exec("INSERT INTO rs_report_value (report_id, field_id, bool_value) VALUES (?, ?, true)",
                fullReport, fieldOf("営業日報", "上長確認済み"));
        photoOne = insertImage("image/jpeg").getKey();
        photoTwo = insertImage("image/png").getKey();
        insertImageValue(fullReport, fieldOf("営業日報", "現場写真"), 0, photoOne);
        insertImageValue(fullReport, fieldOf("営業日報", "現場写真"), 1, photoTwo);
    }

    private static String q(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    // --- definitions -----------------------------------------------------------------------

    @Test
    void listReportDefinitionsWhenDemoDataThenDisplayOrderWithTypedFields() {
        Http.Response page = http.get(DEFINITIONS, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals("営業日報", page.str("items/0/name"));
        assertEquals(4, page.list("items").size());
        assertNull(page.str("next_cursor"));
        List<?> fields = page.list("items/0/fields");
        assertEquals("訪問目的", page.str("items/0/fields/0/label"));
        assertEquals("select", page.str("items/0/fields/0/type"));
        assertEquals(List.of("新規開拓", "定期訪問", "クレーム対応", "納品立会い"), page.list("items/0/fields/0/options"));
        assertEquals("true", page.str("items/0/fields/0/required"));
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(String.valueOf(i + 1), page.str("items/0/fields/" + i + "/sort_order"));
        }
        assertEquals("円", page.str("items/0/fields/3/unit"));
        assertEquals("image", page.str("items/0/fields/6/type"));
        assertNull(page.at("items/0/fields/6/options"));
    }

    @Test
    void listReportDefinitionsWhenActiveFalseThenOnlyRetiredOnes() {
        Http.Response page = http.get(DEFINITIONS + "?active=false", staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(1, page.list("items").size());
        assertEquals("false", page.str("items/0/active"));
        assertEquals(3, http.get(DEFINITIONS + "?active=true", staticToken()).list("items").size());
    }

    @Test
    void listReportDefinitionsWhenPagedOneByOneThenEveryDefinitionOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(DEFINITIONS + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(4, seen.size());
        assertEquals(4, new HashSet<>(seen).size());
        assertEquals(ids(http.get(DEFINITIONS, staticToken()).list("items")), seen);
    }

    @Test
    void getReportDefinitionWhenExistsThenDefinitionWithETag() {
        Http.Response definition = http.get(DEFINITIONS + "/" + inspection, staticToken());

        assertEquals(200, definition.status(), definition::toString);
        assertEquals("設備点検報告", definition.str("name"));
        assertEquals("\"1\"", definition.header("ETag"));
        assertEquals(6, definition.list("fields").size());
        assertEquals("℃", definition.str("fields/1/unit"));
    }

    @Test
    void getReportDefinitionWhenUnknownThenNotFound() {
        Http.Response missing = http.get(DEFINITIONS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void getReportDefinitionWhenIdIsNotUuidThenBadRequest() {
        Http.Response bad = http.get(DEFINITIONS + "/not-a-uuid", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void listReportDefinitionsWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(DEFINITIONS + "?limit=201", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    // --- reports ---------------------------------------------------------------------------

    @Test
    void getReportWhenFilledThenValuesTypedInFieldOrder() {
        Http.Response report = http.get(REPORTS + "/" + fullReport, staticToken());

        assertEquals(200, report.status(), report::toString);
        assertEquals("\"1\"", report.header("ETag"));
        assertEquals(sales.toString(), report.str("definition_id"));
        assertEquals(suzuki.toString(), report.str("user_id"));
        assertEquals(ginza.toString(), report.str("spot_id"));
        assertEquals("2026-11-18T00:00:00Z", report.str("submitted_at"));
        List<?> values = report.list("values");
        assertEquals(7, values.size(), report::toString);
        assertEquals(fieldOf("営業日報", "訪問目的").toString(), report.str("values/0/field_id"));
        assertEquals("select", report.str("values/0/type"));
        assertEquals("新規開拓", report.str("values/0/option"));
        assertNull(report.at("values/0/text"));
        assertEquals("text", report.str("values/1/type"));
        assertEquals("山田様", report.str("values/1/text"));
        assertEquals("継続商談", report.str("values/2/option"));
        assertEquals(120000.0, ((Number) report.at("values/3/number")).doubleValue());
        assertEquals("2026-12-01", report.str("values/4/date"));
        assertEquals(Boolean.TRUE, report.at("values/5/checked"));
        assertEquals("image", report.str("values/6/type"));
        assertEquals(List.of(photoOne.toString(), photoTwo.toString()), report.list("values/6/image_ids"));
    }

    @Test
    void getReportWhenNothingFilledThenEmptyValues() {
        Http.Response report = http.get(REPORTS + "/" + satoReports.get(0), staticToken());

        assertEquals(200, report.status(), report::toString);
        assertEquals(List.of(), report.list("values"));
    }

    @Test
    void getReportWhenUnknownThenNotFound() {
        Http.Response missing = http.get(REPORTS + "/" + UUID.randomUUID(), staticToken());

        assertEquals(404, missing.status(), missing::toString);
        assertEquals("not-found", missing.problem());
    }

    @Test
    void listReportsWhenPagedAcrossPagesThenOldestFirstWithoutRepeatsOrMisses() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = http.get(REPORTS + "?user_id=" + sato + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), staticToken());
            assertEquals(200, page.status(), page::toString);
            assertTrue(page.list("items").size() <= 3);
            seen.addAll(ids(page.list("items")));
            cursor = page.str("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(3, pages);
        assertEquals(satoReports.stream().map(UUID::toString).toList(), seen);
    }

    @Test
    void listReportsWhenFilteredByDefinitionThenOnlyItsReports() {
        Http.Response page = http.get(REPORTS + "?definition_id=" + inspection, staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(1, page.list("items").size());
        assertEquals(suzuki.toString(), page.str("items/0/user_id"));
        assertNull(page.at("items/0/spot_id"));
    }

    @Test
    void listReportsWhenFilteredBySpotAndTimeThenOnlyMatching() {
        String from = q(base.plus(Duration.ofHours(1)));
        String to = q(base.plus(Duration.ofHours(6)));
        Http.Response page = http.get(REPORTS + "?spot_id=" + ginza + "&submitted_from=" + from + "&submitted_to=" + to,
                staticToken());

        assertEquals(200, page.status(), page::toString);
        // Reports 2 and 4 at the spot are inside [1h, 6h); 0 is before, 6 is at the exclusive end.
        assertEquals(List.of(satoReports.get(2).toString(), satoReports.get(4).toString()), ids(page.list("items")));
    }

    @Test
    void listReportsWhenSubmittedFromInJstThenSameInstant() {
        Http.Response page = http.get(REPORTS + "?user_id=" + sato + "&submitted_from=" + q("2026-11-16T15:00:00+09:00"),
                staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(satoReports.subList(6, 7).stream().map(UUID::toString).toList(), ids(page.list("items")));
    }

    @Test
    void listReportsWhenSubmittedToNotAfterFromThenBadRequest() {
        String at = q(base);
        Http.Response bad = http.get(REPORTS + "?submitted_from=" + at + "&submitted_to=" + at, staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
        assertEquals("submitted_to", bad.str("errors/0/pointer"));
    }

    @Test
    void listReportsWhenSubmittedFromIsNotATimeThenBadRequest() {
        Http.Response bad = http.get(REPORTS + "?submitted_from=yesterday", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void listReportsWhenCursorUsedWithOtherFiltersThenBadRequest() {
        String cursor = http.get(REPORTS + "?user_id=" + sato + "&limit=2", staticToken()).str("next_cursor");
        assertNotNull(cursor);

        Http.Response bad = http.get(REPORTS + "?user_id=" + suzuki + "&limit=2&cursor=" + cursor, staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
    }

    @Test
    void listReportsWhenCursorIsGarbageThenBadRequest() {
        Http.Response bad = http.get(REPORTS + "?cursor=bm90LWEtY3Vyc29y", staticToken());

        assertEquals(400, bad.status(), bad::toString);
    }

    @Test
    void listReportsWhenLimitAbove200ThenBadRequest() {
        Http.Response bad = http.get(REPORTS + "?limit=201", staticToken());

        assertEquals(400, bad.status(), bad::toString);
        assertEquals("validation-failed", bad.problem());
        assertEquals("limit", bad.str("errors/0/pointer"));
    }

    @Test
    void listReportsWhenLimit200ThenAccepted() {
        Http.Response page = http.get(REPORTS + "?limit=200", staticToken());

        assertEquals(200, page.status(), page::toString);
        assertEquals(9, page.list("items").size());
        assertFalse(page.body().contains("next_cursor"));
    }

    @Test
    void listReportsWhenAcceptExcludesJsonThenNotAcceptable() {
        Http.Response refused = http.send("GET", REPORTS, staticToken(), null, Map.of("Accept", "text/csv"));

        assertEquals(406, refused.status(), refused::toString);
    }
}
