package dev.renkei.server.auth;

import dev.renkei.server.account.AccountMapper;
import dev.renkei.server.account.AccountService;
import dev.renkei.server.api.token.AuthenticationApi;
import dev.renkei.server.api.token.model.AccessTokenType;
import dev.renkei.server.api.token.model.PasswordResetCompletion;
import dev.renkei.server.api.token.model.SignInRequest;
import dev.renkei.server.api.token.model.SignInResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;

/** Sign-in and password-reset completion: the two operations open to anonymous callers. */
@Controller
public class AuthenticationController implements AuthenticationApi {

    private final SignInService signIn;
    private final AccountService accounts;

    public AuthenticationController(SignInService signIn, AccountService accounts) {
        this.signIn = signIn;
        this.accounts = accounts;
    }

    @Override
    public HttpResponse<SignInResponse> signIn(SignInRequest request) {
        SignInService.Session session = signIn.signIn(request.getLoginId(), request.getPassword());
        return HttpResponse.ok(new SignInResponse(session.accessToken(), AccessTokenType.BEARER,
                        session.expiresInSeconds(), AccountMapper.toDto(session.account())))
                .header("Cache-Control", "no-store");
    }

    @Override
    public HttpResponse<Void> completePasswordReset(PasswordResetCompletion completion) {
        accounts.completeReset(completion.getResetToken(), completion.getNewPassword());
        return HttpResponse.noContent();
    }
}
