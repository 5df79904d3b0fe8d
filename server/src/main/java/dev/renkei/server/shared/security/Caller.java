package dev.renkei.server.shared.security;

import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated account behind a request, with the permission rules of seed 000.
 * Flags are read from the database on every request, so a lock or a role change takes effect
 * at once rather than when a session expires.
 */
public record Caller(UUID accountId,
                     String loginId,
                     Set<AccountFlag> flags,
                     AuthenticationMethod method,
                     @Nullable UUID apiTokenId) {

    public boolean has(AccountFlag flag) {
        return flags.contains(flag);
    }

    /**
     * A general-use prohibited account signs in only to manage its own API tokens (the seed's
     * user1 is 一般利用禁止 and still picks up its token); its API token acts with its roles.
     */
    private boolean interactiveUseAllowed() {
        return method == AuthenticationMethod.API_TOKEN || !has(AccountFlag.GENERAL_USE_PROHIBITED);
    }

    private boolean hasAny(AccountFlag... wanted) {
        if (!interactiveUseAllowed()) {
            return false;
        }
        for (AccountFlag flag : wanted) {
            if (flags.contains(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Accounts, tokens and audit events: administrators and auditors may read them. */
    public void requireAdminRead() {
        if (!hasAny(AccountFlag.SYSTEM_ADMIN, AccountFlag.USER_ADMIN, AccountFlag.AUDITOR)) {
            throw ProblemException.forbidden("Only administrators and auditors may read this");
        }
    }

    /** Accounts and tokens: system and user administrators may change them. */
    public void requireAccountAdmin() {
        if (!hasAny(AccountFlag.SYSTEM_ADMIN, AccountFlag.USER_ADMIN)) {
            throw ProblemException.forbidden(has(AccountFlag.AUDITOR)
                    ? "Auditors read everything and change nothing"
                    : "Only system and user administrators may do this");
        }
    }

    /** System parameters and mail templates: system administrators and auditors may read them. */
    public void requireSettingsRead() {
        if (!hasAny(AccountFlag.SYSTEM_ADMIN, AccountFlag.AUDITOR)) {
            throw ProblemException.forbidden("Only system administrators and auditors may read system settings");
        }
    }

    /** System parameters and mail templates: only system administrators change them. */
    public void requireSystemAdmin() {
        if (!hasAny(AccountFlag.SYSTEM_ADMIN)) {
            throw ProblemException.forbidden(has(AccountFlag.AUDITOR)
                    ? "Auditors read everything and change nothing"
                    : "Only system administrators may change system settings");
        }
    }
}
