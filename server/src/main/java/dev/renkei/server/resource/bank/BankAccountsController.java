package dev.renkei.server.resource.bank;

import dev.renkei.server.api.resource.BankAccountsApi;
import dev.renkei.server.api.resource.model.BankAccount;
import dev.renkei.server.api.resource.model.BankAccountPage;
import dev.renkei.server.api.resource.model.BankAccountType;
import dev.renkei.server.api.resource.model.BankTransaction;
import dev.renkei.server.api.resource.model.BankTransactionOrder;
import dev.renkei.server.api.resource.model.BankTransactionPage;
import dev.renkei.server.api.resource.model.BankTransactionType;
import dev.renkei.server.resource.bank.BankInquiryService.ConsentedAccount;
import dev.renkei.server.shared.db.Page;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import static dev.renkei.server.account.AccountMapper.utc;

/** The bank inquiries (連携照会, 入出金明細照会) of the Resource API. */
@Controller
public class BankAccountsController implements BankAccountsApi {

    private static final int DEFAULT_LIMIT = 50;

    private final BankInquiryService service;
    private final BankCallerProvider callers;

    public BankAccountsController(BankInquiryService service, BankCallerProvider callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<BankAccountPage> listBankAccounts(Integer limit, String cursor) {
        Page<ConsentedAccount> page = service.listAccounts(callers.current(), cursor, limitOrDefault(limit));
        return HttpResponse.ok(new BankAccountPage(page.items().stream().map(BankAccountsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<BankAccount> getBankAccount(UUID accountId) {
        return HttpResponse.ok(toDto(service.getAccount(callers.current(), accountId)));
    }

    @Override
    public HttpResponse<BankTransactionPage> listBankTransactions(UUID accountId, LocalDate from, LocalDate to,
                                                                  BankTransactionOrder order, Integer limit, String cursor) {
        Page<AccountTransaction> page = service.listTransactions(callers.current(), accountId, from, to,
                order != BankTransactionOrder.OLDEST_FIRST, cursor, limitOrDefault(limit));
        return HttpResponse.ok(new BankTransactionPage(page.items().stream().map(BankAccountsController::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    private static int limitOrDefault(Integer limit) {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    static BankAccount toDto(ConsentedAccount consented) {
        dev.renkei.server.consent.BankAccount a = consented.account();
        return new BankAccount(a.id(), a.branchName(), a.branchCode(),
                BankAccountType.fromValue(a.type().name().toLowerCase(Locale.ROOT)), a.accountNumber(), a.balance(), "JPY",
                utc(consented.balanceAsOf()))
                .holderName(a.holderName());
    }

    static BankTransaction toDto(AccountTransaction t) {
        return new BankTransaction(t.id(), t.accountId(), t.bookedOn(), utc(t.transactedAt()),
                BankTransactionType.fromValue(t.type().name().toLowerCase(Locale.ROOT)), t.amount(), t.balanceAfter(),
                t.description())
                .counterparty(t.counterparty());
    }
}
