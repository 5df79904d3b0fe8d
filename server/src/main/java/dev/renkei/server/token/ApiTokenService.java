package dev.renkei.server.token;

import dev.renkei.server.account.Account;
import dev.renkei.server.account.AccountRepository;
import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditEvent;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.mail.MailOutboxRepository;
import dev.renkei.server.mail.OutgoingMail;
import dev.renkei.server.settings.MailComposer;
import dev.renkei.server.settings.MailTemplate;
import dev.renkei.server.settings.MailTemplateId;
import dev.renkei.server.settings.SettingsRepository;
import dev.renkei.server.settings.SystemParameters;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.idempotency.IdempotencyStore;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.AuthenticationMethod;
import dev.renkei.server.shared.security.Caller;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The API-token lifecycle of seed 000: bulk issue with a notice mail, one-time pickup, use,
 * revocation. Validity days are copied from the system parameters onto each token at issue, so a
 * later change of the parameter never alters an issued token.
 */
@Singleton
public class ApiTokenService {

    /** The secret prefix: "rnk" for Renkei, "pat" for personal API token. */
    public static final String SECRET_PREFIX = "rnk_pat_";

    /** A picked-up token and its secret, which exists only in this response. */
    public record PickedUp(ApiToken token, String secret) {
    }

    /** The outcome of presenting a secret: the token's account, or why it is refused. */
    public record Authentication(@Nullable Caller caller, @Nullable String rejection) {
    }

    private final ApiTokenRepository tokens;
    private final AccountRepository accounts;
    private final SettingsRepository settings;
    private final MailComposer composer;
    private final MailOutboxRepository outbox;
    private final AuditLog audit;
    private final IdempotencyStore idempotency;
    private final ApiTokenCache cache;
    private final Clock clock;

    public ApiTokenService(ApiTokenRepository tokens, AccountRepository accounts, SettingsRepository settings,
                           MailComposer composer, MailOutboxRepository outbox, AuditLog audit,
                           IdempotencyStore idempotency, ApiTokenCache cache, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.settings = settings;
        this.composer = composer;
        this.outbox = outbox;
        this.audit = audit;
        this.idempotency = idempotency;
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * APIトークン発行（一括）. Each selected account gets a new token waiting for pickup and a notice
     * mail, or is skipped with a reason. A token of the account still waiting for pickup is revoked
     * as superseded; an active token is left alone so batch programs can switch over without downtime.
     */
    @Transactional
    public BulkIssueResult bulkIssue(Caller caller, List<UUID> accountIds, @Nullable String idempotencyKey) {
        caller.requireAccountAdmin();
        return idempotency.execute(caller.accountId(), "api-tokens.bulk-issue", idempotencyKey, accountIds,
                Argument.of(BulkIssueResult.class), () -> issue(caller, accountIds));
    }

    private BulkIssueResult issue(Caller caller, List<UUID> requested) {
        Instant now = clock.instant();
        SystemParameters parameters = settings.parameters();
        Instant deadline = now.plus(Duration.ofHours(parameters.apiTokenPickupWindowHours()));
        // Locked: otherwise two concurrent issues for one account each find no pending token to
        // supersede, and both new tokens stay pending, against the re-issue rule.
        Map<UUID, Account> found = accounts.lockByIds(new LinkedHashSet<>(requested)).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));

        List<BulkIssueResult.Entry> entries = new ArrayList<>(requested.size());
        List<Account> eligible = new ArrayList<>();
        Set<UUID> seen = new java.util.HashSet<>();
        for (UUID id : requested) {
            BulkIssueResult.SkipReason reason = !seen.add(id)
                    ? BulkIssueResult.SkipReason.DUPLICATE_IN_REQUEST
                    : skipReason(found.get(id));
            if (reason != null) {
                entries.add(new BulkIssueResult.Entry(id, null, null, reason));
            } else {
                eligible.add(found.get(id));
                entries.add(null); // filled below, keeping the request's order
            }
        }

        Map<UUID, UUID> superseded = eligible.isEmpty() ? Map.of()
                : tokens.revokePending(eligible.stream().map(Account::id).toList(), "superseded", now);
        MailTemplate template = composer.current(MailTemplateId.API_TOKEN_ISSUED);
        List<ApiToken> issued = new ArrayList<>(eligible.size());
        List<OutgoingMail> mails = new ArrayList<>(eligible.size());
        List<AuditEvent> events = new ArrayList<>(eligible.size());
        Map<UUID, BulkIssueResult.Entry> issuedEntries = new HashMap<>();
        for (Account account : eligible) {
            ApiToken token = new ApiToken(Ids.newId(), account.id(), account.loginId(), parameters.apiTokenValidityDays(),
                    now, caller.accountId(), deadline, null, null, null, null, null);
            issued.add(token);
            mails.add(composer.tokenNotice(template, account.mail(), account.name(), account.loginId(),
                    parameters.apiTokenValidityDays(), deadline));
            UUID previous = superseded.get(account.id());
            Map<String, Object> details = new HashMap<>();
            details.put("account_id", account.id().toString());
            details.put("login_id", account.loginId());
            details.put("validity_days", parameters.apiTokenValidityDays());
            details.put("pickup_deadline", deadline.toString());
            if (previous != null) {
                details.put("superseded_token_id", previous.toString());
            }
            events.add(audit.event(caller, AuditAction.API_TOKEN_ISSUED, "api_token", token.id(), details));
            issuedEntries.put(account.id(), new BulkIssueResult.Entry(account.id(), token.id(), previous, null));
        }
        tokens.insertAll(issued);
        outbox.enqueueAll(mails, now);
        audit.recordAll(events);

        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                entries.set(i, issuedEntries.get(requested.get(i)));
            }
        }
        return new BulkIssueResult(parameters.apiTokenValidityDays(), deadline, entries);
    }

    @Nullable
    private static BulkIssueResult.SkipReason skipReason(@Nullable Account account) {
        if (account == null) {
            return BulkIssueResult.SkipReason.ACCOUNT_NOT_FOUND;
        }
        if (account.deleted()) {
            return BulkIssueResult.SkipReason.ACCOUNT_DELETED;
        }
        if (account.has(AccountFlag.TEMPORARY_USE_PROHIBITED)) {
            return BulkIssueResult.SkipReason.TEMPORARY_USE_PROHIBITED;
        }
        if (account.locked()) {
            return BulkIssueResult.SkipReason.ACCOUNT_LOCKED;
        }
        if (account.mail() == null || account.mail().isBlank()) {
            return BulkIssueResult.SkipReason.NO_MAIL_ADDRESS;
        }
        return null;
    }

    @Transactional(readOnly = true)
    public Page<ApiToken> list(Caller caller, @Nullable UUID accountId, @Nullable ApiTokenStatus status,
                               @Nullable String cursor, int limit) {
        caller.requireAdminRead();
        return page("api-tokens", accountId, status, cursor, limit);
    }

    @Transactional(readOnly = true)
    public Page<ApiToken> listOwn(Caller caller, @Nullable ApiTokenStatus status, @Nullable String cursor, int limit) {
        return page("me/api-tokens", caller.accountId(), status, cursor, limit);
    }

    private Page<ApiToken> page(String list, @Nullable UUID accountId, @Nullable ApiTokenStatus status,
                                @Nullable String cursor, int limit) {
        String scope = Cursor.scope(list, accountId, status);
        List<ApiToken> rows = tokens.search(accountId, status, clock.instant(), Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, t -> new Cursor(t.issuedAt().toString(), t.id(), scope));
    }

    @Transactional(readOnly = true)
    public ApiToken get(Caller caller, UUID tokenId) {
        caller.requireAdminRead();
        return tokens.findById(tokenId).orElseThrow(() -> ProblemException.notFound("API token " + tokenId));
    }

    /** Administrators revoke any token. Revoking an unusable token returns it unchanged. */
    @Transactional
    public ApiToken revoke(Caller caller, UUID tokenId) {
        caller.requireAccountAdmin();
        ApiToken token = tokens.findById(tokenId).orElseThrow(() -> ProblemException.notFound("API token " + tokenId));
        return revokeAndAudit(caller, token, "revoked_by_admin");
    }

    /** Holders revoke their own tokens. Another account's token is "not found", never "forbidden". */
    @Transactional
    public ApiToken revokeOwn(Caller caller, UUID tokenId) {
        return revokeAndAudit(caller, findOwn(caller, tokenId), "revoked_by_holder");
    }

    /**
     * Only a token that could still be used is revoked. One already revoked, expired or past its
     * pickup deadline is returned unchanged, as the contract says: it keeps the status that tells
     * why it ended, and no revocation is audited that changed nothing.
     */
    private ApiToken revokeAndAudit(Caller caller, ApiToken token, String reason) {
        Instant now = clock.instant();
        ApiTokenStatus status = token.status(now);
        boolean usable = status == ApiTokenStatus.PENDING_PICKUP || status == ApiTokenStatus.ACTIVE;
        cache.evictToken(token.id());
        if (usable && tokens.revoke(token.id(), reason, now)) {
            audit.record(caller, AuditAction.API_TOKEN_REVOKED, "api_token", token.id(), Map.of("reason", reason));
        }
        return tokens.findById(token.id()).orElseThrow();
    }

    /**
     * トークンの取得: the secret is generated now, returned once and stored only as a hash.
     * Expiry = pickup time + the validity days copied at issue.
     */
    @Transactional
    public PickedUp pickUp(Caller caller, UUID tokenId) {
        if (caller.method() != AuthenticationMethod.SESSION) {
            throw ProblemException.forbidden("Sign in to pick up a token; an API token cannot pick up another");
        }
        String secret = SecretTokens.generate(SECRET_PREFIX);
        Instant now = clock.instant();
        String lastFour = secret.substring(secret.length() - 4);
        if (!tokens.pickUp(tokenId, caller.accountId(), SecretTokens.sha256(secret), lastFour, now)) {
            throw whyNotPickedUp(findOwn(caller, tokenId), now);
        }
        audit.record(caller, AuditAction.API_TOKEN_PICKED_UP, "api_token", tokenId, Map.of());
        return new PickedUp(tokens.findById(tokenId).orElseThrow(), secret);
    }

    private static ProblemException whyNotPickedUp(ApiToken token, Instant now) {
        return switch (token.status(now)) {
            case REVOKED -> new ProblemException(ProblemType.TOKEN_REVOKED,
                    "This token was revoked (" + token.revocationReason() + "); ask an administrator to issue a new one");
            case PICKUP_EXPIRED -> new ProblemException(ProblemType.PICKUP_EXPIRED,
                    "The pickup deadline " + token.pickupDeadline() + " has passed; ask an administrator to issue a new token");
            default -> new ProblemException(ProblemType.ALREADY_PICKED_UP,
                    "This token was picked up at " + token.pickedUpAt() + "; its secret is shown only once");
        };
    }

    private ApiToken findOwn(Caller caller, UUID tokenId) {
        return tokens.findById(tokenId)
                .filter(t -> t.accountId().equals(caller.accountId()))
                .orElseThrow(() -> ProblemException.notFound("API token " + tokenId));
    }

    /**
     * Authenticates a presented API token (RFC 6750 bearer). Refuses malformed, unknown, expired
     * and revoked tokens, and tokens of accounts that may no longer use the service.
     */
    public Authentication authenticate(String secret) {
        if (!SecretTokens.isWellFormed(SECRET_PREFIX, secret)) {
            return new Authentication(null, "The API token is malformed (wrong length or checksum)");
        }
        byte[] hash = SecretTokens.sha256(secret);
        return judge(hash, cache.get(hash).or(() -> loadIntoCache(hash)).orElse(null));
    }

    /**
     * Only a row read from the database starts a cache entry's time-to-live: refreshing it on
     * every hit would let a busy token outlive a revocation written by another instance.
     */
    private java.util.Optional<ApiTokenRepository.SecretMatch> loadIntoCache(byte[] hash) {
        java.util.Optional<ApiTokenRepository.SecretMatch> match = tokens.findBySecretHash(hash);
        match.ifPresent(m -> cache.put(hash, m));
        return match;
    }

    /**
     * {@link #authenticate} when the token is in the short cache, empty when the database must be
     * read: the common case then needs no thread of the blocking pool.
     */
    public java.util.Optional<Authentication> authenticateIfCached(String secret) {
        if (!SecretTokens.isWellFormed(SECRET_PREFIX, secret)) {
            return java.util.Optional.of(new Authentication(null, "The API token is malformed (wrong length or checksum)"));
        }
        byte[] hash = SecretTokens.sha256(secret);
        return cache.get(hash).map(match -> judge(hash, match));
    }

    private Authentication judge(byte[] hash, @Nullable ApiTokenRepository.SecretMatch match) {
        Instant now = clock.instant();
        String rejection;
        if (match == null) {
            rejection = "The API token is not recognised";
        } else if (match.revokedAt() != null) {
            rejection = "The API token has been revoked";
        } else if (!now.isBefore(match.expiresAt())) {
            rejection = "The API token expired at " + match.expiresAt() + "; ask an administrator to issue a new one";
        } else if (match.deletedAt() != null) {
            rejection = "The token's account has been deleted";
        } else if (match.lockedAt() != null) {
            rejection = "The token's account is locked";
        } else if (match.flags().contains(AccountFlag.TEMPORARY_USE_PROHIBITED)) {
            rejection = "The token's account is temporarily prohibited from use";
        } else {
            return new Authentication(new Caller(match.accountId(), match.loginId(), match.flags(),
                    AuthenticationMethod.API_TOKEN, match.tokenId()), null);
        }
        return new Authentication(null, rejection);
    }
}
