package dev.renkei.server.consent;

import dev.renkei.server.audit.AuditAction;
import dev.renkei.server.audit.AuditLog;
import dev.renkei.server.program.PartnerProgram;
import dev.renkei.server.program.PartnerProgramRepository;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A customer's own consents and bank accounts (seed 002). Revoking a consent ends every token
 * issued under it at once (the token families of
 * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-10.4">RFC 6749 §10.4</a> /
 * <a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14">RFC 9700 §4.14</a>); the inquiry
 * PINs stay registered.
 */
@Singleton
public class ConsentService {

    /** A consent with the program and the accounts it names, as the customer sees it. */
    public record ConsentView(Consent consent, PartnerProgram program, List<BankAccount> accounts) {
    }

    private final ConsentRepository consents;
    private final PartnerProgramRepository programs;
    private final BankAccountRepository bankAccounts;
    private final AuditLog audit;
    private final Clock clock;

    public ConsentService(ConsentRepository consents, PartnerProgramRepository programs,
                          BankAccountRepository bankAccounts, AuditLog audit, Clock clock) {
        this.consents = consents;
        this.programs = programs;
        this.bankAccounts = bankAccounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's consents, newest first, active and revoked; keyset-paged. */
    @Transactional(readOnly = true)
    public Page<ConsentView> listOwn(Caller caller, @Nullable String cursor, int limit) {
        // The account is part of the scope: a cursor never continues another customer's list.
        String scope = Cursor.scope("my-consents", caller.accountId());
        List<Consent> rows = consents.listByAccount(caller.accountId(), Cursor.decode(cursor, scope), limit + 1);
        Page<Consent> page = Page.of(rows, limit, c -> new Cursor(c.grantedAt().toString(), c.id(), scope));
        return new Page<>(views(page.items()), page.nextCursor());
    }

    /**
     * Revokes one of the caller's consents with all its tokens. Idempotent: a revoked consent is
     * returned unchanged. Another customer's consent is reported as missing, not as forbidden,
     * so consent IDs reveal nothing.
     */
    @Transactional
    public ConsentView revokeOwn(Caller caller, UUID consentId) {
        Consent consent = consents.find(consentId)
                .filter(c -> c.accountId().equals(caller.accountId()))
                .orElseThrow(() -> ProblemException.notFound("The consent"));
        if (consents.revoke(consent.id(), clock.instant())) {
            audit.record(caller, AuditAction.CONSENT_REVOKED, "consent", consent.id(),
                    Map.of("program_id", consent.programId().toString(), "reason", "customer"));
            consent = consents.find(consentId).orElseThrow();
        }
        return views(List.of(consent)).get(0);
    }

    /** The caller's deposit accounts, by branch code and account number. */
    @Transactional(readOnly = true)
    public List<BankAccount> listOwnBankAccounts(Caller caller) {
        return bankAccounts.listByOwner(caller.accountId());
    }

    private List<ConsentView> views(List<Consent> list) {
        Map<UUID, PartnerProgram> programById = new HashMap<>();
        Set<UUID> accountIds = new LinkedHashSet<>();
        for (Consent consent : list) {
            programById.computeIfAbsent(consent.programId(), id -> programs.findById(id).orElseThrow());
            accountIds.addAll(consent.bankAccountIds());
        }
        Map<UUID, BankAccount> accountById = new HashMap<>();
        bankAccounts.findByIds(accountIds).forEach(a -> accountById.put(a.id(), a));
        return list.stream().map(c -> new ConsentView(c, programById.get(c.programId()),
                c.bankAccountIds().stream().map(accountById::get).filter(Objects::nonNull).toList())).toList();
    }
}
