package dev.renkei.server.account;

import dev.renkei.server.api.token.AccountsApi;
import dev.renkei.server.api.token.model.AccountCreate;
import dev.renkei.server.api.token.model.AccountFlag;
import dev.renkei.server.api.token.model.AccountIdList;
import dev.renkei.server.api.token.model.AccountPage;
import dev.renkei.server.api.token.model.AccountUpdate;
import dev.renkei.server.api.token.model.BulkAccountOutcome;
import dev.renkei.server.api.token.model.BulkAccountResponse;
import dev.renkei.server.api.token.model.BulkAccountResult;
import dev.renkei.server.api.token.model.BulkAccountSkipReason;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.context.ServerRequestContext;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.renkei.server.account.AccountMapper.toDto;

/** アカウント管理 over HTTP. */
@Controller
public class AccountController implements AccountsApi {

    private final AccountService service;
    private final Callers callers;

    public AccountController(AccountService service, Callers callers) {
        this.service = service;
        this.callers = callers;
    }

    @Override
    public HttpResponse<AccountPage> listAccounts(String q, List<AccountFlag> flag, Boolean locked, Integer limit, String cursor) {
        requireKnownFlags(flag);
        Page<Account> page = service.search(callers.current(),
                new AccountQuery(q, AccountMapper.fromDto(flag), locked), cursor, limit);
        return HttpResponse.ok(new AccountPage(page.items().stream().map(AccountMapper::toDto).toList())
                .nextCursor(page.nextCursor()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.Account> createAccount(AccountCreate body) {
        Account account = service.create(callers.current(), body.getLoginId(), body.getName(), body.getMail(),
                AccountMapper.fromDto(body.getFlags()), body.getPassword());
        return HttpResponse.created(toDto(account), URI.create("/v1/accounts/" + account.id()));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.Account> getAccount(UUID accountId) {
        return HttpResponse.ok(toDto(service.get(callers.current(), accountId)));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.Account> updateAccount(UUID accountId, AccountUpdate body) {
        AccountService.Changes changes = new AccountService.Changes(body.getName(), body.getMail(),
                body.getFlags() == null ? null : AccountMapper.fromDto(body.getFlags()));
        return HttpResponse.ok(toDto(service.update(callers.current(), accountId, changes)));
    }

    @Override
    public HttpResponse<Void> deleteAccount(UUID accountId) {
        service.delete(callers.current(), accountId);
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.Account> lockAccount(UUID accountId) {
        return HttpResponse.ok(toDto(service.lock(callers.current(), accountId, true)));
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.Account> unlockAccount(UUID accountId) {
        return HttpResponse.ok(toDto(service.lock(callers.current(), accountId, false)));
    }

    @Override
    public HttpResponse<BulkAccountResponse> bulkDeleteAccounts(AccountIdList body) {
        return HttpResponse.ok(bulkResponse(service.bulkDelete(callers.current(), body.getAccountIds()), BulkAccountOutcome.DELETED));
    }

    @Override
    public HttpResponse<BulkAccountResponse> bulkResetPasswords(AccountIdList body) {
        return HttpResponse.ok(bulkResponse(service.bulkResetPasswords(callers.current(), body.getAccountIds()),
                BulkAccountOutcome.RESET_MAILED));
    }

    /**
     * Micronaut binds a repeated query parameter by dropping the values it cannot convert, so
     * {@code flag=bogus} would silently widen the search to every account. Compare with the raw
     * values and refuse instead, as for any unknown enum value.
     */
    private static void requireKnownFlags(List<AccountFlag> converted) {
        List<String> raw = ServerRequestContext.currentRequest()
                .map(r -> r.getParameters().getAll("flag"))
                .orElse(List.of());
        int known = converted == null ? 0 : converted.size();
        if (raw.size() != known) {
            throw ProblemException.invalid("flag", "must be one of: " + Arrays.stream(AccountFlag.values())
                    .map(AccountFlag::toString).collect(Collectors.joining(", ")));
        }
    }

    private static BulkAccountResponse bulkResponse(List<AccountService.BulkOutcome> outcomes, BulkAccountOutcome success) {
        List<BulkAccountResult> results = outcomes.stream()
                .map(o -> new BulkAccountResult(o.accountId(), o.succeeded() ? success : BulkAccountOutcome.SKIPPED)
                        .reason(o.skipReason() == null ? null : BulkAccountSkipReason.fromValue(o.skipReason())))
                .toList();
        int succeeded = (int) outcomes.stream().filter(AccountService.BulkOutcome::succeeded).count();
        return new BulkAccountResponse(results, succeeded, outcomes.size() - succeeded);
    }
}
