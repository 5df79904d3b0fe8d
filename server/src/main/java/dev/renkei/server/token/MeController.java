package dev.renkei.server.token;

import dev.renkei.server.account.AccountMapper;
import dev.renkei.server.account.AccountService;
import dev.renkei.server.account.Callers;
import dev.renkei.server.api.token.MeApi;
import dev.renkei.server.api.token.model.ApiTokenPage;
import dev.renkei.server.api.token.model.AuthenticationMethod;
import dev.renkei.server.api.token.model.Me;
import dev.renkei.server.api.token.model.PickedUpApiToken;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

import java.time.Clock;
import java.util.UUID;

/** The holder's own account and tokens (設定 → APIトークン). */
@Controller
public class MeController implements MeApi {

    private final ApiTokenService tokens;
    private final AccountService accounts;
    private final Callers callers;
    private final Clock clock;

    public MeController(ApiTokenService tokens, AccountService accounts, Callers callers, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.callers = callers;
        this.clock = clock;
    }

    @Override
    public HttpResponse<Me> getMe() {
        Caller caller = callers.current();
        return HttpResponse.ok(new Me(AccountMapper.toDto(accounts.self(caller)),
                AuthenticationMethod.fromValue(caller.method().name().toLowerCase(java.util.Locale.ROOT)))
                .apiTokenId(caller.apiTokenId()));
    }

    @Override
    public HttpResponse<ApiTokenPage> listMyApiTokens(dev.renkei.server.api.token.model.ApiTokenStatus status,
                                                      Integer limit, String cursor) {
        return HttpResponse.ok(ApiTokenMapper.toDto(
                tokens.listOwn(callers.current(), ApiTokenMapper.fromDto(status), cursor, limit), clock.instant()));
    }

    @Override
    public HttpResponse<PickedUpApiToken> pickUpMyApiToken(UUID tokenId) {
        ApiTokenService.PickedUp picked = tokens.pickUp(callers.current(), tokenId);
        // The secret exists only in this response: no cache may keep it.
        return HttpResponse.ok(new PickedUpApiToken(ApiTokenMapper.toDto(picked.token(), clock.instant()), picked.secret()))
                .header("Cache-Control", "no-store");
    }

    @Override
    public HttpResponse<dev.renkei.server.api.token.model.ApiToken> revokeMyApiToken(UUID tokenId) {
        return HttpResponse.ok(ApiTokenMapper.toDto(tokens.revokeOwn(callers.current(), tokenId), clock.instant()));
    }
}
