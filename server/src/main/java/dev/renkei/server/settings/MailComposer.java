package dev.renkei.server.settings;

import dev.renkei.server.mail.OutgoingMail;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fills the editable templates: the API-token notice and the password-reset mail of seed 000. */
@Singleton
public class MailComposer {

    /** A rendered subject and body. */
    public record Rendered(String subject, String body) {
    }

    private final SettingsRepository settings;
    private final String publicBaseUrl;
    private final DateTimeFormatter deadlineFormat;

    public MailComposer(SettingsRepository settings,
                        @Value("${renkei.public-base-url}") String publicBaseUrl,
                        @Value("${renkei.time-zone:Asia/Tokyo}") String timeZone) {
        this.settings = settings;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        // The seed's notice says 「YYYY-MM-DD HH:mm:ss までに取得してください」; the zone makes it unambiguous.
        this.deadlineFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.of(timeZone));
    }

    /** Where a holder picks tokens up (設定 → APIトークン); sign-in comes first when needed. */
    public String pickupUrl() {
        return publicBaseUrl + "/console/settings/api-tokens";
    }

    public Rendered render(MailTemplate template, Map<String, String> values) {
        return new Rendered(template.renderSubject(values), template.renderBody(values));
    }

    /** The template as it is now; load once per bulk operation, not once per mail. */
    public MailTemplate current(MailTemplateId id) {
        return settings.template(id).orElseThrow(() -> new IllegalStateException("mail template " + id.code() + " missing"));
    }

    public OutgoingMail tokenNotice(MailTemplate template, String recipient, String name, String loginId,
                                    int validityDays, Instant pickupDeadline) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("login_id", loginId);
        values.put("validity_days", String.valueOf(validityDays));
        values.put("pickup_url", pickupUrl());
        values.put("pickup_deadline", deadlineFormat.format(pickupDeadline));
        Rendered rendered = render(template, values);
        return new OutgoingMail(recipient, rendered.subject(), rendered.body(), false);
    }

    public OutgoingMail passwordReset(MailTemplate template, String recipient, String name, String loginId,
                                      String resetSecret, Instant deadline) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("login_id", loginId);
        values.put("reset_url", publicBaseUrl + "/console/password-reset#token=" + resetSecret);
        values.put("reset_deadline", deadlineFormat.format(deadline));
        Rendered rendered = render(template, values);
        return new OutgoingMail(recipient, rendered.subject(), rendered.body(), true);
    }

    public Map<String, String> sampleValues(MailTemplateId id) {
        Instant sampleDeadline = Instant.parse("2026-12-31T15:00:00Z");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", "一般ユーザ");
        values.put("login_id", "user1");
        if (id == MailTemplateId.API_TOKEN_ISSUED) {
            values.put("validity_days", String.valueOf(settings.parameters().apiTokenValidityDays()));
            values.put("pickup_url", pickupUrl());
            values.put("pickup_deadline", deadlineFormat.format(sampleDeadline));
        } else {
            values.put("reset_url", publicBaseUrl + "/console/password-reset#token=rnk_pwr_EXAMPLE");
            values.put("reset_deadline", deadlineFormat.format(sampleDeadline));
        }
        return values;
    }
}
