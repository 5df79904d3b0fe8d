package dev.renkei.server.consent;

import dev.renkei.server.api.authorization.model.AuthorizationJourney;
import dev.renkei.server.api.authorization.model.BankAccountType;
import dev.renkei.server.api.authorization.model.JourneyBankAccount;
import dev.renkei.server.api.authorization.model.JourneyPinEntryResult;
import dev.renkei.server.api.authorization.model.JourneyPinResult;
import dev.renkei.server.api.authorization.model.JourneyPinStatus;
import dev.renkei.server.api.authorization.model.JourneyStep;
import dev.renkei.server.api.authorization.model.PinEntryOutcome;
import dev.renkei.server.api.authorization.model.ProgramSummary;
import dev.renkei.server.api.authorization.model.Scope;
import dev.renkei.server.program.PartnerProgram;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import static dev.renkei.server.account.AccountMapper.utc;

/** Between journey records and the contract's DTOs. */
final class JourneyMapper {

    private JourneyMapper() {
    }

    static AuthorizationJourney toDto(JourneyService.JourneyView view) {
        Journey journey = view.journey();
        return new AuthorizationJourney(journey.id(),
                JourneyStep.fromValue(journey.step().name().toLowerCase(Locale.ROOT)),
                toDto(view.program()), scopes(journey.requestedScopes()), scopes(view.selectedScopes()),
                view.accounts().stream().map(JourneyMapper::toDto).toList(), journey.csrfToken(),
                utc(journey.expiresAt()))
                .redirectTo(view.redirectTo() == null ? null : URI.create(view.redirectTo()));
    }

    static JourneyPinResult toDto(JourneyService.PinRegistration registration) {
        return new JourneyPinResult(toDto(registration.view()), registration.results().stream()
                .map(r -> new JourneyPinEntryResult(r.accountId(),
                        PinEntryOutcome.fromValue(r.outcome().name().toLowerCase(Locale.ROOT))))
                .toList());
    }

    static ProgramSummary toDto(PartnerProgram program) {
        return new ProgramSummary(program.clientId(), program.name(), program.companyName());
    }

    static BankAccountType toDto(BankAccount.Type type) {
        return BankAccountType.fromValue(type.name().toLowerCase(Locale.ROOT));
    }

    static List<Scope> scopes(List<String> scopes) {
        return scopes.stream().map(Scope::fromValue).toList();
    }

    private static JourneyBankAccount toDto(JourneyService.AccountState state) {
        BankAccount account = state.account();
        return new JourneyBankAccount(account.id(), account.branchName(), account.branchCode(), toDto(account.type()),
                account.accountNumber(), JourneyPinStatus.fromValue(state.pinStatus().name().toLowerCase(Locale.ROOT)),
                state.selectable())
                .holderName(account.holderName())
                .memo(account.memo())
                .attemptsLeft(state.attemptsLeft());
    }
}
