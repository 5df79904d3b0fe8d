package dev.renkei.server.consent;

import dev.renkei.server.account.Callers;
import dev.renkei.server.api.authorization.ConsentsApi;
import dev.renkei.server.api.authorization.model.BankAccountList;
import dev.renkei.server.api.authorization.model.BankAccountPinStatus;
import dev.renkei.server.api.authorization.model.ConsentAccount;
import dev.renkei.server.api.authorization.model.ConsentPage;
import dev.renkei.server.api.authorization.model.ConsentStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** The signed-in customer's consents and bank accounts. */
@Controller
public class ConsentsController implements ConsentsApi {

    private final ConsentService service;
    private final Callers callers;

    public ConsentsController(ConsentService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<ConsentPage> listMyConsents(Integer limit, String cursor) {
        var page = service.listOwn(callers.current(), cursor, limit == null ? 50 : limit);
        return HttpResponse.ok(new ConsentPage(page.items().stream().map(ConsentsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.authorization.model.Consent> revokeMyConsent(UUID consentId) {
        return HttpResponse.ok(toDto(service.revokeOwn(callers.current(), consentId)));
    }

    @Override
    public HttpResponse<BankAccountList> listMyBankAccounts() {
        return HttpResponse.ok(new BankAccountList(service.listOwnBankAccounts(callers.current()).stream()
                .map(a -> new dev.renkei.server.api.authorization.model.BankAccount(a.id(), a.branchName(),
                        a.branchCode(), JourneyMapper.toDto(a.type()), a.accountNumber(),
                        a.pinRegistered() ? BankAccountPinStatus.REGISTERED : BankAccountPinStatus.UNREGISTERED)
                        .holderName(a.holderName())
                        .memo(a.memo()))
                .toList()));
    }

    private static dev.renkei.server.api.authorization.model.Consent toDto(ConsentService.ConsentView view) {
        Consent consent = view.consent();
        return new dev.renkei.server.api.authorization.model.Consent(consent.id(), JourneyMapper.toDto(view.program()),
                JourneyMapper.scopes(consent.scopes()),
                view.accounts().stream().map(a -> new ConsentAccount(a.id(), a.branchName(), a.branchCode(),
                        JourneyMapper.toDto(a.type()), a.maskedNumber())).toList(),
                utc(consent.grantedAt()), consent.active() ? ConsentStatus.ACTIVE : ConsentStatus.REVOKED)
                .lastUsedAt(utc(consent.lastUsedAt()))
                .revokedAt(utc(consent.revokedAt()));
    }
}
