package dev.renkei.server.settings;

import java.util.List;
import java.util.Locale;

/** The editable mail templates (システム設定 → メールテンプレート設定) and the placeholders each may use. */
public enum MailTemplateId {
    API_TOKEN_ISSUED(List.of("name", "login_id", "validity_days", "pickup_url", "pickup_deadline")),
    PASSWORD_RESET(List.of("name", "login_id", "reset_url", "reset_deadline"));

    private final List<String> placeholders;

    MailTemplateId(List<String> placeholders) {
        this.placeholders = placeholders;
    }

    public List<String> placeholders() {
        return placeholders;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MailTemplateId fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
