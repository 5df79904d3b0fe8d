package dev.renkei.server.account;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.AuthenticationMethod;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.utils.SecurityService;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.UUID;

/**
 * Turns the request's {@link Authentication} into a {@link Caller} with the account's current
 * state. A session JWT stays valid for minutes, so its account is re-read here: locking,
 * deleting or prohibiting an account ends its sessions at once.
 */
@Singleton
public class Callers {

    /** Authentication attribute naming how the caller authenticated. */
    public static final String METHOD = "method";
    /** Authentication attribute holding the {@link Caller} an API token resolved to. */
    public static final String CALLER = "renkei.caller";

    private final SecurityService security;
    private final AccountRepository accounts;

    public Callers(SecurityService security, AccountRepository accounts) {
        this.security = security;
        this.accounts = accounts;
    }

    @Transactional(readOnly = true)
    public Caller current() {
        Authentication authentication = security.getAuthentication()
                .orElseThrow(() -> new ProblemException(ProblemType.AUTHENTICATION_REQUIRED, "Sign in first"));
        if (authentication.getAttributes().get(CALLER) instanceof Caller apiTokenCaller) {
            return apiTokenCaller;
        }
        Account account = accounts.findById(UUID.fromString(authentication.getName()))
                .orElseThrow(() -> sessionEnded("The session's account no longer exists"));
        if (account.deleted()) {
            throw sessionEnded("The session's account has been deleted");
        }
        if (account.locked()) {
            throw sessionEnded("The account has been locked since this session began");
        }
        if (account.has(AccountFlag.TEMPORARY_USE_PROHIBITED)) {
            throw sessionEnded("The account is temporarily prohibited from use");
        }
        return new Caller(account.id(), account.loginId(), account.flags(), AuthenticationMethod.SESSION, null);
    }

    private static ProblemException sessionEnded(String reason) {
        return new ProblemException(ProblemType.INVALID_TOKEN, reason, java.util.List.of(), Map.of("WWW-Authenticate",
                "Bearer realm=\"renkei\", error=\"invalid_token\", error_description=\"" + reason + "\""));
    }
}
