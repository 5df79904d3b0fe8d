package dev.renkei.server.settings;

import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** システム設定: パラメータ and メールテンプレート設定. */
@MicronautTest(transactional = false)
class SettingsIT extends IntegrationTest {

    private static Map<String, Object> parameters(Object days, Object hours) {
        Map<String, Object> body = new HashMap<>();
        if (days != null) {
            body.put("api_token_validity_days", days);
        }
        if (hours != null) {
            body.put("api_token_pickup_window_hours", hours);
        }
        return body;
    }

    @Test
    void systemParametersWhenReadThenInstallationDefaults() {
        Http.Response response = http.get("/v1/system-parameters", admin());
        assertEquals(200, response.status(), response::toString);
        assertNotNull(response.header("X-Request-Id"));
        assertNotNull(response.str("updated_at"));
        assertTrue(((Number) response.at("api_token_validity_days")).intValue() >= 1);
        assertTrue(((Number) response.at("api_token_pickup_window_hours")).intValue() >= 1);
    }

    @Test
    void systemParametersWhenChangedThenStoredWithAuthorAndNextIssueUsesThem() {
        String admin = admin();
        String adminId = http.get("/v1/me", admin).str("account/id");
        Http.Response changed = http.put("/v1/system-parameters", admin, parameters(3650, 2160));
        assertEquals(200, changed.status(), changed::toString);
        assertEquals(3650, ((Number) changed.at("api_token_validity_days")).intValue());
        assertEquals(2160, ((Number) changed.at("api_token_pickup_window_hours")).intValue());
        assertEquals(adminId, changed.str("updated_by"));
        assertEquals(changed.json(), http.get("/v1/system-parameters", admin).json());

        Http.Response issued = http.post("/v1/api-tokens/bulk-issue", admin,
                Map.of("account_ids", List.of(createAccount(uniqueLoginId("params"), "holder-password-1"))));
        assertEquals(3650, ((Number) issued.at("validity_days")).intValue());
        Instant issuedAt = Instant.parse(http.get("/v1/api-tokens/" + issued.str("results/0/token_id"), admin).str("issued_at"));
        assertEquals(issuedAt.plusSeconds(2160L * 3600), Instant.parse(issued.str("pickup_deadline")));

        assertEquals(200, http.put("/v1/system-parameters", admin, parameters(1, 1)).status());
        assertEquals(200, http.put("/v1/system-parameters", admin, parameters(90, 168)).status());
    }

    @Test
    void systemParametersWhenOutOfRangeOrMissingThenValidationFailed() {
        String admin = admin();
        Map<Map<String, Object>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(parameters(0, 168), "/api_token_validity_days");
        cases.put(parameters(3651, 168), "/api_token_validity_days");
        cases.put(parameters(-5, 168), "/api_token_validity_days");
        cases.put(parameters(90, 0), "/api_token_pickup_window_hours");
        cases.put(parameters(90, 2161), "/api_token_pickup_window_hours");
        cases.put(parameters(null, 168), "/api_token_validity_days");
        cases.put(parameters(90, null), "/api_token_pickup_window_hours");
        Object before = http.get("/v1/system-parameters", admin).json();

        cases.forEach((body, pointer) -> {
            Http.Response response = http.put("/v1/system-parameters", admin, body);
            assertEquals(400, response.status(), () -> body + ": " + response);
            assertEquals("validation-failed", response.problem());
            assertEquals(pointer, response.str("errors/0/pointer"), response::toString);
        });
        assertEquals(before, http.get("/v1/system-parameters", admin).json(), "nothing changed");

        Http.Response text = http.send("PUT", "/v1/system-parameters", admin, "api_token_validity_days=5",
                Map.of("Content-Type", "text/plain"));
        assertEquals(415, text.status());
        assertEquals("unsupported-media-type", text.problem());
    }

    @Test
    void mailTemplatesWhenListedThenBothWithTheirPlaceholders() {
        Http.Response response = http.get("/v1/mail-templates", admin());
        assertEquals(200, response.status(), response::toString);
        Map<Object, Object> byId = new HashMap<>();
        for (Object item : response.list("items")) {
            Map<?, ?> template = (Map<?, ?>) item;
            byId.put(template.get("id"), template.get("placeholders"));
        }
        assertEquals(Map.of(
                "api_token_issued", List.of("name", "login_id", "validity_days", "pickup_url", "pickup_deadline"),
                "password_reset", List.of("name", "login_id", "reset_url", "reset_deadline")), byId);
    }

    @Test
    void mailTemplateWhenReadThenSeedNoticeText() {
        Http.Response response = http.get("/v1/mail-templates/api_token_issued", admin());
        assertEquals(200, response.status(), response::toString);
        assertTrue(response.str("subject").contains("APIトークン発行のお知らせ"), response::toString);
        String body = response.str("body");
        assertTrue(body.contains("{{name}}さま"), body);
        assertTrue(body.contains("トークンの有効期限は取得してから{{validity_days}}日間です。"), body);
        assertTrue(body.contains("{{pickup_url}}"), body);
        assertTrue(body.contains("※トークンは{{pickup_deadline}}までに取得してください。"), body);
        assertNotNull(response.str("updated_at"));
    }

    @Test
    void mailTemplateWhenChangedThenNextNoticeUsesIt() {
        String admin = admin();
        Http.Response original = http.get("/v1/mail-templates/api_token_issued", admin);
        String subject = "【Renkei】 新しいトークン {{login_id}}";
        String body = "{{name}} 様\n有効期限: 取得後 {{validity_days}} 日\n{{pickup_url}}\n期限: {{pickup_deadline}}\n";

        Http.Response saved = http.put("/v1/mail-templates/api_token_issued", admin, Map.of("subject", subject, "body", body));
        assertEquals(200, saved.status(), saved::toString);
        assertEquals(subject, saved.str("subject"));
        assertEquals(body, saved.str("body"));
        assertEquals(saved.json(), http.get("/v1/mail-templates/api_token_issued", admin).json());

        String loginId = uniqueLoginId("newtemplate");
        issueToken(createAccount(loginId, "holder-password-1"));
        Map<String, Object> mail = outboxMailsTo(loginId + "@example.com").get(0);
        assertEquals("【Renkei】 新しいトークン " + loginId, mail.get("subject"));
        assertTrue(((String) mail.get("body")).startsWith("Holder " + loginId + " 様\n有効期限: 取得後 90 日\nhttp"), (String) mail.get("body"));
        assertFalse(((String) mail.get("body")).contains("{{"), "every placeholder is filled");

        assertEquals(200, http.put("/v1/mail-templates/api_token_issued", admin,
                Map.of("subject", original.str("subject"), "body", original.str("body"))).status());
    }

    @Test
    void mailTemplateWhenUnknownPlaceholderThenValidationFailedAtItsPointer() {
        String admin = admin();
        Object before = http.get("/v1/mail-templates/password_reset", admin).json();

        Http.Response inBody = http.put("/v1/mail-templates/password_reset", admin,
                Map.of("subject", "パスワード", "body", "{{name}} {{pickup_url}}"));
        assertEquals(400, inBody.status(), inBody::toString);
        assertEquals("validation-failed", inBody.problem());
        assertEquals("/body", inBody.str("errors/0/pointer"));
        assertTrue(inBody.str("errors/0/reason").contains("pickup_url"), inBody::toString);

        Http.Response inSubject = http.post("/v1/mail-templates/api_token_issued/preview", admin,
                Map.of("subject", "{{secret}}", "body", "{{name}}"));
        assertEquals(400, inSubject.status());
        assertEquals("/subject", inSubject.str("errors/0/pointer"));
        assertEquals(before, http.get("/v1/mail-templates/password_reset", admin).json(), "nothing saved");

        Http.Response empty = http.put("/v1/mail-templates/password_reset", admin, Map.of("subject", "", "body", "x"));
        assertEquals(400, empty.status());
        assertEquals("validation-failed", empty.problem());
        assertEquals("/subject", empty.str("errors/0/pointer"));
    }

    @Test
    void mailTemplatePreviewWhenDraftThenRenderedWithSamplesAndNotSaved() {
        String admin = admin();
        Object before = http.get("/v1/mail-templates/api_token_issued", admin).json();
        Http.Response preview = http.post("/v1/mail-templates/api_token_issued/preview", auditorSession(),
                Map.of("subject", "{{login_id}} へのお知らせ",
                        "body", "{{name}}さま 取得してから{{validity_days}}日間 {{pickup_url}} {{pickup_deadline}}までに"));

        assertEquals(200, preview.status(), preview::toString);
        assertEquals("user1 へのお知らせ", preview.str("subject"));
        String body = preview.str("body");
        assertTrue(body.startsWith("一般ユーザさま 取得してから90日間 http"), body);
        assertTrue(body.matches("(?s).* \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} JSTまでに"), body);
        assertEquals(before, http.get("/v1/mail-templates/api_token_issued", admin).json(), "a preview saves nothing");

        Http.Response reset = http.post("/v1/mail-templates/password_reset/preview", admin,
                Map.of("subject", "s", "body", "{{reset_url}} / {{reset_deadline}}"));
        assertEquals(200, reset.status());
        assertTrue(reset.str("body").contains("http") && !reset.str("body").contains("{{"), reset::toString);
    }

    @Test
    void mailTemplateWhenIdUnknownThenBadRequest() {
        String admin = admin();
        Http.Response get = http.get("/v1/mail-templates/welcome_mail", admin);
        assertEquals(400, get.status(), get::toString);
        assertEquals("validation-failed", get.problem());
        assertEquals("template_id", get.str("errors/0/pointer"));
        Http.Response put = http.put("/v1/mail-templates/welcome_mail", admin, Map.of("subject", "s", "body", "b"));
        assertEquals(400, put.status());
        Http.Response preview = http.post("/v1/mail-templates/welcome_mail/preview", admin, Map.of("subject", "s", "body", "b"));
        assertEquals(400, preview.status());
    }

    @Test
    void mailTemplateWhenChangedThenAuditedWithoutTheText() {
        String admin = admin();
        Http.Response original = http.get("/v1/mail-templates/password_reset", admin);
        http.put("/v1/mail-templates/password_reset", admin, Map.of("subject", original.str("subject"), "body", original.str("body")));
        Http.Response events = http.get("/v1/audit-events?action=mail_template_changed&target_id=password_reset", admin);
        assertEquals(1, events.list("items").size(), events::toString);
        assertEquals("mail_template", events.str("items/0/target_type"));
        assertEquals("admin1", events.str("items/0/actor_login_id"));
    }

    @Test
    void mailTemplateWhenRowMissingThenNotFound() {
        String admin = admin();
        // Only an installation whose template row is gone answers 404 for a known id.
        Map<String, Object> removed = rows("DELETE FROM mail_template WHERE id = 'password_reset' RETURNING *").get(0);
        try {
            Http.Response get = http.get("/v1/mail-templates/password_reset", admin);
            assertEquals(404, get.status(), get::toString);
            assertEquals("not-found", get.problem());
            Http.Response put = http.put("/v1/mail-templates/password_reset", admin, Map.of("subject", "s", "body", "{{name}}"));
            assertEquals(404, put.status(), put::toString);
        } finally {
            rows("INSERT INTO mail_template (id, subject, body, updated_at) VALUES ('password_reset', ?, ?, now()) RETURNING id",
                    removed.get("subject"), removed.get("body"));
        }
        assertEquals(200, http.get("/v1/mail-templates/password_reset", admin).status());
    }

    private String auditorSession() {
        return signIn("auditor1", PASSWORD);
    }
}
