package dev.renkei.server.settings;

import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** System parameters and mail templates: system administrators change them, auditors read them. */
@Singleton
public class SettingsService {

    private final SettingsRepository repository;
    private final AuditLog audit;
    private final MailComposer composer;
    private final Clock clock;

    public SettingsService(SettingsRepository repository, AuditLog audit, MailComposer composer, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.composer = composer;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public SystemParameters parameters(Caller caller) {
        caller.requireSettingsRead();
        return repository.parameters();
    }

    /** A new validity applies to tokens issued afterwards only: issued tokens carry their own copy. */
    @Transactional
    public SystemParameters updateParameters(Caller caller, int validityDays, int pickupWindowHours) {
        caller.requireSystemAdmin();
        SystemParameters before = repository.parameters();
        SystemParameters after = new SystemParameters(validityDays, pickupWindowHours, clock.instant(), caller.accountId());
        repository.saveParameters(after);
        audit.record(caller, AuditAction.SYSTEM_PARAMETERS_CHANGED, "system_parameters", null, Map.of(
                "api_token_validity_days", Map.of("from", before.apiTokenValidityDays(), "to", validityDays),
                "api_token_pickup_window_hours", Map.of("from", before.apiTokenPickupWindowHours(), "to", pickupWindowHours)));
        return after;
    }

    @Transactional(readOnly = true)
    public List<MailTemplate> templates(Caller caller) {
        caller.requireSettingsRead();
        return repository.templates();
    }

    @Transactional(readOnly = true)
    public MailTemplate template(Caller caller, MailTemplateId id) {
        caller.requireSettingsRead();
        return find(id);
    }

    @Transactional
    public MailTemplate updateTemplate(Caller caller, MailTemplateId id, String subject, String body) {
        caller.requireSystemAdmin();
        MailTemplate.checkPlaceholders(id, subject, body);
        find(id);
        Instant now = clock.instant();
        repository.saveTemplate(id, subject, body, now, caller.accountId());
        audit.record(caller, AuditAction.MAIL_TEMPLATE_CHANGED, "mail_template", id.code(), Map.of());
        return find(id);
    }

    /** Renders a draft with sample values, so an administrator sees the mail before saving. */
    @Transactional(readOnly = true)
    public MailComposer.Rendered preview(Caller caller, MailTemplateId id, String subject, String body) {
        caller.requireSettingsRead();
        MailTemplate.checkPlaceholders(id, subject, body);
        MailTemplate draft = new MailTemplate(id, subject, body, clock.instant(), caller.accountId());
        return composer.render(draft, composer.sampleValues(id));
    }

    private MailTemplate find(MailTemplateId id) {
        return repository.template(id).orElseThrow(() -> ProblemException.notFound("Mail template " + id.code()));
    }
}
