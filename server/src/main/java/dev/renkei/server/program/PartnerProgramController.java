package dev.renkei.server.program;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.authorization.PartnerProgramsApi;
import dev.renkei.server.api.authorization.model.ClientType;
import dev.renkei.server.api.authorization.model.PartnerProgramCreate;
import dev.renkei.server.api.authorization.model.PartnerProgramPage;
import dev.renkei.server.api.authorization.model.PartnerProgramUpdate;
import dev.renkei.server.api.authorization.model.PartnerProgramWithSecret;
import dev.renkei.server.api.authorization.model.Scope;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** Partner-program administration (the seed's アプリトークン). */
@Controller
public class PartnerProgramController implements PartnerProgramsApi {

    private final PartnerProgramService service;
    private final Callers callers;

    public PartnerProgramController(PartnerProgramService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<PartnerProgramPage> listPartnerPrograms(Boolean enabled, Integer limit, String cursor) {
        Page<PartnerProgram> page = service.list(callers.current(), enabled, cursor, limit);
        return HttpResponse.ok(new PartnerProgramPage(page.items().stream().map(PartnerProgramController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<PartnerProgramWithSecret> createPartnerProgram(PartnerProgramCreate body) {
        PartnerProgramService.WithSecret created = service.create(callers.current(), new PartnerProgramService.Definition(
                body.getName(), body.getCompanyName(), clientType(body.getClientType()), uris(body.getRedirectUris()),
                scopes(body.getAllowedScopes()), body.getDailyQuota(), body.getRequirePar(), null));
        return HttpResponse.created(withSecret(created), URI.create("/v1/partner-programs/" + created.program().id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Override
    public HttpResponse<dev.renkei.server.api.authorization.model.PartnerProgram> getPartnerProgram(UUID programId) {
        return HttpResponse.ok(toDto(service.get(callers.current(), programId)));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.authorization.model.PartnerProgram> updatePartnerProgram(
            UUID programId, PartnerProgramUpdate body) {
        return HttpResponse.ok(toDto(service.update(callers.current(), programId, new PartnerProgramService.Definition(
                body.getName(), body.getCompanyName(), null, uris(body.getRedirectUris()), scopes(body.getAllowedScopes()),
                body.getDailyQuota(), body.getRequirePar(), body.getEnabled()))));
    }

    @Override
    public HttpResponse<Void> deletePartnerProgram(UUID programId) {
        service.delete(callers.current(), programId);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<PartnerProgramWithSecret> rotatePartnerProgramSecret(UUID programId) {
        return HttpResponse.ok(withSecret(service.rotateSecret(callers.current(), programId)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static PartnerProgramWithSecret withSecret(PartnerProgramService.WithSecret created) {
        return new PartnerProgramWithSecret(toDto(created.program())).clientSecret(created.clientSecret());
    }

    static dev.renkei.server.api.authorization.model.PartnerProgram toDto(PartnerProgram p) {
        return new dev.renkei.server.api.authorization.model.PartnerProgram(p.id(), p.clientId(), p.name(), p.companyName(),
                ClientType.fromValue(p.clientType().name().toLowerCase(java.util.Locale.ROOT)),
                p.redirectUris().stream().map(URI::create).toList(),
                p.allowedScopes().stream().map(Scope::fromValue).toList(), p.dailyQuota(), p.requirePar(), p.enabled(),
                utc(p.createdAt()), utc(p.updatedAt()))
                .secretRotatedAt(utc(p.secretRotatedAt()));
    }

    private static PartnerProgram.ClientType clientType(ClientType type) {
        return type == null ? null : PartnerProgram.ClientType.valueOf(type.name());
    }

    private static List<String> uris(Collection<String> uris) {
        return uris == null ? null : List.copyOf(uris);
    }

    private static List<String> scopes(Collection<Scope> scopes) {
        return scopes == null ? null : scopes.stream().map(Scope::getValue).toList();
    }
}
