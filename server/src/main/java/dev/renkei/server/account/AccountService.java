package dev.renkei.server.account;

import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.mail.MailOutboxRepository;
import dev.renkei.server.settings.MailComposer;
import dev.renkei.server.settings.MailTemplateId;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.Caller;
import dev.renkei.server.shared.security.PasswordHasher;
import dev.renkei.server.shared.security.SecretTokens;
import dev.renkei.server.token.ApiTokenCache;
import dev.renkei.server.token.ApiTokenRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * アカウント管理 of seed 000: search, create, update, lock, delete and password reset, single and
 * bulk. System and user administrators act; auditors read. Only a system administrator may touch
 * a system administrator's account or grant the flag, so a user administrator cannot escalate.
 */
@Singleton
public class AccountService {

    static final String RESET_PREFIX = "rnk_pwr_";
    static final Duration RESET_LINK_LIFETIME = Duration.ofHours(24);

    /** The new state of an account after an edit; null fields stay as they are. */
    public record Changes(@Nullable String name, @Nullable String mail, @Nullable Set<AccountFlag> flags) {
    }

    /** One account's outcome in a bulk action. */
    public record BulkOutcome(UUID accountId, boolean succeeded, @Nullable String skipReason) {
    }

    private final AccountRepository accounts;
    private final ApiTokenRepository tokens;
    private final ApiTokenCache tokenCache;
    private final PasswordResetRepository resets;
    private final MailComposer composer;
    private final MailOutboxRepository outbox;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;

    public AccountService(AccountRepository accounts, ApiTokenRepository tokens, ApiTokenCache tokenCache, PasswordResetRepository resets,
                          MailComposer composer, MailOutboxRepository outbox, PasswordHasher hasher, AuditLog audit,
                          Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.tokenCache = tokenCache;
        this.resets = resets;
        this.composer = composer;
        this.outbox = outbox;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Account> search(Caller caller, AccountQuery query, @Nullable String cursor, int limit) {
        caller.requireAdminRead();
        String scope = Cursor.scope("accounts", query);
        List<Account> rows = accounts.search(query, Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, a -> new Cursor(a.loginId(), a.id(), scope));
    }

    /** Any account, deleted ones included (they answer with {@code deleted: true}). */
    @Transactional(readOnly = true)
    public Account get(Caller caller, UUID id) {
        caller.requireAdminRead();
        return accounts.findById(id).orElseThrow(() -> ProblemException.notFound("Account " + id));
    }

    @Transactional(readOnly = true)
    public Account self(Caller caller) {
        return accounts.findById(caller.accountId()).orElseThrow(() -> ProblemException.notFound("Account"));
    }

    /**
     * Creates an account. Without a password, an account with a mail address gets a one-time
     * link to set one; without either it cannot sign in until an administrator resets it.
     */
    @Transactional
    public Account create(Caller caller, String loginId, String name, @Nullable String mail, Set<AccountFlag> flags,
                          @Nullable String password) {
        caller.requireAccountAdmin();
        requireMayGrant(caller, Set.of(), flags);
        if (accounts.findLiveByLoginId(loginId).isPresent()) {
            throw new ProblemException(ProblemType.LOGIN_ID_TAKEN, "Login ID '" + loginId + "' is already in use");
        }
        Instant now = clock.instant();
        Account account = new Account(Ids.newId(), loginId, name, mail, password == null ? null : hasher.hash(password),
                flags, null, 0, null, now, now);
        try {
            accounts.insert(account);
        } catch (RuntimeException e) {
            if (Db.isUniqueViolation(e)) {
                throw new ProblemException(ProblemType.LOGIN_ID_TAKEN, "Login ID '" + loginId + "' is already in use");
            }
            throw e;
        }
        audit.record(caller, AuditAction.ACCOUNT_CREATED, "account", account.id(),
                Map.of("login_id", loginId, "flags", codes(flags)));
        if (password == null && mail != null) {
            sendResetLink(account, now);
        }
        return account;
    }

    @Transactional
    public Account update(Caller caller, UUID id, Changes changes) {
        caller.requireAccountAdmin();
        Account current = live(id);
        requireMayManage(caller, current);
        Set<AccountFlag> flags = changes.flags() == null ? current.flags() : changes.flags();
        requireMayGrant(caller, current.flags(), flags);
        Account updated = new Account(current.id(), current.loginId(),
                changes.name() == null ? current.name() : changes.name(),
                changes.mail() == null ? current.mail() : changes.mail(),
                current.passwordHash(), flags, current.lockedAt(), current.failedSignInCount(), null,
                current.createdAt(), clock.instant());
        accounts.updateProfile(updated);
        tokenCache.evictAccount(id);
        Map<String, Object> details = new HashMap<>();
        if (!Objects.equals(current.name(), updated.name())) {
            details.put("name", Map.of("from", current.name(), "to", updated.name()));
        }
        if (!Objects.equals(current.mail(), updated.mail())) {
            details.put("mail_changed", true);
        }
        if (!current.flags().equals(updated.flags())) {
            details.put("flags", Map.of("from", codes(current.flags()), "to", codes(updated.flags())));
        }
        audit.record(caller, AuditAction.ACCOUNT_UPDATED, "account", id, details);
        return updated;
    }

    @Transactional
    public Account lock(Caller caller, UUID id, boolean lock) {
        caller.requireAccountAdmin();
        Account current = live(id);
        requireMayManage(caller, current);
        Instant now = clock.instant();
        accounts.setLocked(id, lock ? (current.locked() ? current.lockedAt() : now) : null, now);
        tokenCache.evictAccount(id);
        audit.record(caller, lock ? AuditAction.ACCOUNT_LOCKED : AuditAction.ACCOUNT_UNLOCKED, "account", id, Map.of());
        return accounts.findById(id).orElseThrow();
    }

    /** Deletes an account: it leaves the lists, its tokens are revoked, its audit history stays. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.requireAccountAdmin();
        Account target = live(id);
        if (target.id().equals(caller.accountId())) {
            throw new ProblemException(ProblemType.CANNOT_DELETE_SELF, "Ask another administrator to delete your account");
        }
        requireMayManage(caller, target);
        deleteNow(caller, target);
    }

    /** 削除(一括): one result per distinct account, in request order. */
    @Transactional
    public List<BulkOutcome> bulkDelete(Caller caller, List<UUID> ids) {
        caller.requireAccountAdmin();
        return bulk(ids, account -> {
            if (account == null) {
                return "account_not_found";
            }
            if (account.deleted()) {
                return "already_deleted";
            }
            if (account.id().equals(caller.accountId())) {
                return "cannot_delete_self";
            }
            if (!mayManage(caller, account)) {
                return "not_permitted";
            }
            deleteNow(caller, account);
            return null;
        });
    }

    /**
     * PW再発行(一括): the current password stops working and the holder is mailed a one-time link
     * to set a new one. The administrator never sees a password.
     */
    @Transactional
    public List<BulkOutcome> bulkResetPasswords(Caller caller, List<UUID> ids) {
        caller.requireAccountAdmin();
        Instant now = clock.instant();
        return bulk(ids, account -> {
            if (account == null) {
                return "account_not_found";
            }
            if (account.deleted()) {
                return "already_deleted";
            }
            if (account.mail() == null || account.mail().isBlank()) {
                return "no_mail_address";
            }
            if (!mayManage(caller, account)) {
                return "not_permitted";
            }
            accounts.setPasswordHash(account.id(), null, now);
            sendResetLink(account, now);
            audit.record(caller, AuditAction.PASSWORD_RESET_REQUESTED, "account", account.id(), Map.of());
            return null;
        });
    }

    private List<BulkOutcome> bulk(List<UUID> ids, Function<Account, String> action) {
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        Map<UUID, Account> found = accounts.findByIds(distinct).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        List<BulkOutcome> outcomes = new ArrayList<>(distinct.size());
        for (UUID id : distinct) {
            String skip = action.apply(found.get(id));
            outcomes.add(new BulkOutcome(id, skip == null, skip));
        }
        return outcomes;
    }

    private void deleteNow(Caller caller, Account account) {
        Instant now = clock.instant();
        accounts.markDeleted(account.id(), now);
        tokenCache.evictAccount(account.id());
        int revoked = tokens.revokeAllOfAccount(account.id(), "account_deleted", now);
        audit.record(caller, AuditAction.ACCOUNT_DELETED, "account", account.id(),
                Map.of("login_id", account.loginId(), "revoked_tokens", revoked));
    }

    private void sendResetLink(Account account, Instant now) {
        String secret = SecretTokens.generate(RESET_PREFIX);
        Instant deadline = now.plus(RESET_LINK_LIFETIME);
        resets.replace(account.id(), SecretTokens.sha256(secret), now, deadline);
        outbox.enqueueAll(List.of(composer.passwordReset(composer.current(MailTemplateId.PASSWORD_RESET),
                account.mail(), account.name(), account.loginId(), secret, deadline)), now);
    }

    /** Sets the new password from a mailed one-time link. */
    @Transactional(noRollbackFor = ProblemException.class)
    public void completeReset(String resetSecret, String newPassword) {
        Instant now = clock.instant();
        UUID accountId = SecretTokens.isWellFormed(RESET_PREFIX, resetSecret)
                ? resets.consume(SecretTokens.sha256(resetSecret), now).orElse(null)
                : null;
        Account account = accountId == null ? null : accounts.findById(accountId).filter(a -> !a.deleted()).orElse(null);
        if (account == null) {
            throw new ProblemException(ProblemType.RESET_LINK_INVALID,
                    "This link is unknown, already used or expired; ask an administrator for a new one");
        }
        accounts.setPasswordHash(account.id(), hasher.hash(newPassword), now);
        accounts.resetFailedSignIns(account.id());
        audit.recordFor(account.id(), account.loginId(), AuditAction.PASSWORD_RESET_COMPLETED, "account", account.id(), Map.of());
    }

    private Account live(UUID id) {
        return accounts.findById(id).filter(a -> !a.deleted())
                .orElseThrow(() -> ProblemException.notFound("Account " + id));
    }

    private static boolean mayManage(Caller caller, Account target) {
        return !target.has(AccountFlag.SYSTEM_ADMIN) || caller.has(AccountFlag.SYSTEM_ADMIN);
    }

    private static void requireMayManage(Caller caller, Account target) {
        if (!mayManage(caller, target)) {
            throw ProblemException.forbidden("Only system administrators may change a system administrator's account");
        }
    }

    private static void requireMayGrant(Caller caller, Set<AccountFlag> before, Set<AccountFlag> after) {
        boolean touchesSystemAdmin = before.contains(AccountFlag.SYSTEM_ADMIN) != after.contains(AccountFlag.SYSTEM_ADMIN);
        if (touchesSystemAdmin && !caller.has(AccountFlag.SYSTEM_ADMIN)) {
            throw ProblemException.forbidden("Only system administrators may grant or remove the system_admin flag");
        }
    }

    private static List<String> codes(Set<AccountFlag> flags) {
        return flags.stream().map(AccountFlag::code).sorted().toList();
    }
}
