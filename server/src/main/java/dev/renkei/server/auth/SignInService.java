package dev.renkei.server.auth;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.PasswordHasher;
import dev.renkei.server.token.ApiTokenCache;
import io.micronaut.context.annotation.Value;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;

/**
 * Sign-in with login ID and password, answered with a short-lived session JWT
 * (RFC 7519, HS256) that carries the account's roles. Consecutive failures lock the account.
 */
@Singleton
public class SignInService {

    /** A signed-in account and its session token. */
    public record Session(Account account, String accessToken, int expiresInSeconds) {
    }

    // Verifying against a real hash when the login ID is unknown keeps response times alike,
    // so timing does not tell which login IDs exist.
    private final String decoyHash;
    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final TokenGenerator tokenGenerator;
    private final AuditLog audit;
    private final ApiTokenCache tokenCache;
    private final Clock clock;
    private final int maxFailedAttempts;
    private final int lifetimeSeconds;

    public SignInService(AccountRepository accounts, PasswordHasher hasher, TokenGenerator tokenGenerator, AuditLog audit,
                         ApiTokenCache tokenCache,
                         Clock clock, @Value("${renkei.sign-in.max-failed-attempts:5}") int maxFailedAttempts,
                         @Value("${renkei.session.lifetime-seconds:900}") int lifetimeSeconds) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokenGenerator = tokenGenerator;
        this.audit = audit;
        this.tokenCache = tokenCache;
        this.clock = clock;
        this.maxFailedAttempts = maxFailedAttempts;
        this.lifetimeSeconds = lifetimeSeconds;
        this.decoyHash = hasher.hash("decoy password, never matches a real one");
    }

    /** Failures are committed even though the call ends in a problem: they count towards lockout. */
    @Transactional(noRollbackFor = ProblemException.class)
    public Session signIn(String loginId, String password) {
        Account account = accounts.findLiveByLoginId(loginId).orElse(null);
        String hash = account == null || account.passwordHash() == null ? decoyHash : account.passwordHash();
        boolean passwordMatches = hasher.matches(password, hash) && account != null && account.passwordHash() != null;
        if (!passwordMatches) {
            if (account != null && !account.locked()) {
                int failures = accounts.recordFailedSignIn(account.id(), maxFailedAttempts, clock.instant());
                audit.recordFor(account.id(), account.loginId(), AuditAction.SIGN_IN_FAILED, "account", account.id(),
                        Map.of("consecutive_failures", failures));
                if (failures >= maxFailedAttempts) {
                    tokenCache.evictAccount(account.id());
                    audit.recordFor(null, null, AuditAction.ACCOUNT_LOCKED, "account", account.id(),
                            Map.of("reason", "too_many_failed_sign_ins"));
                }
            }
            throw new ProblemException(ProblemType.INVALID_CREDENTIALS,
                    "Login ID or password is wrong; " + maxFailedAttempts + " consecutive failures lock the account");
        }
        if (account.locked()) {
            throw new ProblemException(ProblemType.ACCOUNT_LOCKED, "This account is locked; ask an administrator to unlock it");
        }
        if (account.has(AccountFlag.TEMPORARY_USE_PROHIBITED)) {
            throw new ProblemException(ProblemType.SIGN_IN_PROHIBITED, "This account is temporarily prohibited from use (一時利用禁止)");
        }
        accounts.resetFailedSignIns(account.id());
        audit.recordFor(account.id(), account.loginId(), AuditAction.SIGN_IN_SUCCEEDED, "account", account.id(), Map.of());
        Authentication authentication = Authentication.build(account.id().toString(),
                account.flags().stream().map(AccountFlag::code).toList(),
                Map.of("login_id", account.loginId(), "method", "session"));
        String jwt = tokenGenerator.generateToken(authentication, lifetimeSeconds)
                .orElseThrow(() -> new IllegalStateException("JWT generation is not configured"));
        return new Session(account, jwt, lifetimeSeconds);
    }
}
