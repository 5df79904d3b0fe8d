package dev.renkei.server.settings;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.token.MailTemplatesApi;
import dev.renkei.server.api.token.SystemParametersApi;
import dev.renkei.server.api.token.model.MailPreview;
import dev.renkei.server.api.token.model.MailTemplateList;
import dev.renkei.server.api.token.model.MailTemplateUpdate;
import dev.renkei.server.api.token.model.SystemParametersUpdate;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import static dev.renkei.server.account.AccountMapper.utc;

/** システム設定: パラメータ and メールテンプレート設定. */
@Controller
public class SettingsController implements SystemParametersApi, MailTemplatesApi {

    private final SettingsService service;
    private final Callers callers;

    public SettingsController(SettingsService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.SystemParameters> getSystemParameters() {
        return HttpResponse.ok(toDto(service.parameters(callers.current())));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.SystemParameters> updateSystemParameters(SystemParametersUpdate body) {
        return HttpResponse.ok(toDto(service.updateParameters(callers.current(), body.getApiTokenValidityDays(),
                body.getApiTokenPickupWindowHours())));
    }

    @Override
    public HttpResponse<MailTemplateList> listMailTemplates() {
        return HttpResponse.ok(new MailTemplateList(service.templates(callers.current()).stream()
                .map(SettingsController::toDto).toList()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.MailTemplate> getMailTemplate(
            dev.renkei.server.api.token.model.MailTemplateId templateId) {
        return HttpResponse.ok(toDto(service.template(callers.current(), fromDto(templateId))));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.MailTemplate> updateMailTemplate(
            dev.renkei.server.api.token.model.MailTemplateId templateId, MailTemplateUpdate body) {
        return HttpResponse.ok(toDto(service.updateTemplate(callers.current(), fromDto(templateId), body.getSubject(), body.getBody())));
    }

    @Override
    public HttpResponse<MailPreview> previewMailTemplate(dev.renkei.server.api.token.model.MailTemplateId templateId,
                                                         MailTemplateUpdate body) {
        MailComposer.Rendered rendered = service.preview(callers.current(), fromDto(templateId), body.getSubject(), body.getBody());
        return HttpResponse.ok(new MailPreview(rendered.subject(), rendered.body()));
    }

    private static dev.renkei.server.api.token.model.SystemParameters toDto(SystemParameters p) {
        return new dev.renkei.server.api.token.model.SystemParameters(p.apiTokenValidityDays(), p.apiTokenPickupWindowHours(),
                utc(p.updatedAt())).updatedBy(p.updatedBy());
    }

    private static dev.renkei.server.api.token.model.MailTemplate toDto(MailTemplate t) {
        return new dev.renkei.server.api.token.model.MailTemplate(
                dev.renkei.server.api.token.model.MailTemplateId.fromValue(t.id().code()), t.subject(), t.body(),
                t.id().placeholders(), utc(t.updatedAt()));
    }

    private static MailTemplateId fromDto(dev.renkei.server.api.token.model.MailTemplateId id) {
        return MailTemplateId.fromCode(id.getValue());
    }
}
