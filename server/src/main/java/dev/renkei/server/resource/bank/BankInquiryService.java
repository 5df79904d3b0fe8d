package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.BankAccount;
import dev.renkei.server.resource.bank.BankInquiryRepository.AccountKey;
import dev.renkei.server.resource.bank.BankInquiryRepository.TransactionKey;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The bank inquiries of seed 002 that a customer consents to in the consent journey: account
 * inquiry (連携照会, the covered accounts with their balance) and transaction history inquiry
 * (入出金明細照会). Everything is limited to the accounts of the caller's consent; any other
 * account is answered as not found, so that a partner program never learns that it exists.
 * Collections are keyset-paged ({@link Cursor}) and bounded to 200 items per page.
 */
@Singleton
public class BankInquiryService {

    /** The bank books in Japan time: a transaction's day and the from/to filters are JST days. */
    public static final ZoneId BANK_ZONE = ZoneId.of("Asia/Tokyo");
    public static final int MAX_LIMIT = 200;
    /** How far back a history goes without {@code from}. */
    public static final int DEFAULT_MONTHS = 3;

    /** A covered account with the time its balance was read. */
    public record ConsentedAccount(BankAccount account, Instant balanceAsOf) {
    }

    private final BankInquiryRepository repository;
    private final Clock clock;

    public BankInquiryService(BankInquiryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The accounts the consent covers, in the bank's order (branch code, account number). */
    @Transactional(readOnly = true)
    public Page<ConsentedAccount> listAccounts(ConsentedAccounts caller, @Nullable String cursor, int limit) {
        requireLimit(limit);
        String scope = Cursor.scope("bank-accounts", caller.consentId());
        Cursor after = Cursor.decode(cursor, scope);
        List<BankAccount> rows = repository.listCovered(caller, after == null ? null : accountKey(after), limit + 1);
        Instant now = clock.instant();
        return Page.of(rows, limit, a -> new Cursor(a.branchCode() + "/" + a.accountNumber(), a.id(), scope))
                .map(a -> new ConsentedAccount(a, now));
    }

    /** One covered account; 404 when the consent does not cover it, whoever owns it. */
    @Transactional(readOnly = true)
    public ConsentedAccount getAccount(ConsentedAccounts caller, UUID accountId) {
        return new ConsentedAccount(covered(caller, accountId), clock.instant());
    }

    /**
     * The account's transactions booked from {@code from} to {@code to} (JST days, both included).
     * Without {@code to} the range ends today, without {@code from} it starts {@value #DEFAULT_MONTHS}
     * months before {@code to}; {@code from} after {@code to} or a range over one year is a 400.
     * The range is checked before the account, so a bad range never tells whether an account exists.
     */
    @Transactional(readOnly = true)
    public Page<AccountTransaction> listTransactions(ConsentedAccounts caller, UUID accountId, @Nullable LocalDate from,
                                                     @Nullable LocalDate to, boolean newestFirst, @Nullable String cursor,
                                                     int limit) {
        requireLimit(limit);
        requirePlausible("from", from);
        requirePlausible("to", to);
        LocalDate last = to != null ? to : LocalDate.ofInstant(clock.instant(), BANK_ZONE);
        LocalDate first = from != null ? from : last.minusMonths(DEFAULT_MONTHS);
        if (first.isAfter(last)) {
            throw ProblemException.invalid("from", "from (" + first + ") is after to (" + last + ")");
        }
        if (last.isAfter(first.plusYears(1))) {
            throw ProblemException.invalid("to", "The range from " + first + " to " + last
                    + " is longer than one year; ask for at most one year at a time");
        }
        // The raw parameters, not the resolved days: a cursor stays valid across midnight when `to` is left out.
        String scope = Cursor.scope("bank-transactions", caller.consentId(), accountId, from, to, newestFirst);
        Cursor after = Cursor.decode(cursor, scope);
        TransactionKey key = after == null ? null : transactionKey(after);
        covered(caller, accountId);
        List<AccountTransaction> rows = repository.listTransactions(accountId, first, last, newestFirst, key, limit + 1);
        return Page.of(rows, limit, t -> new Cursor(t.bookedOn() + "/" + t.transactedAt(), t.id(), scope));
    }

    private BankAccount covered(ConsentedAccounts caller, UUID accountId) {
        return repository.findCovered(caller, accountId)
                .orElseThrow(() -> ProblemException.notFound("The bank account " + accountId));
    }

    private static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    // Years beyond 9999 parse as ISO dates but overflow date arithmetic and PostgreSQL's date range.
    private static void requirePlausible(String parameter, @Nullable LocalDate day) {
        if (day != null && (day.getYear() < 1 || day.getYear() > 9999)) {
            throw ProblemException.invalid(parameter, parameter + " must be a day between 0001-01-01 and 9999-12-31");
        }
    }

    private static AccountKey accountKey(Cursor cursor) {
        String[] parts = cursor.sortKey().split("/", 2);
        if (parts.length != 2) {
            throw badCursor();
        }
        return new AccountKey(parts[0], parts[1], cursor.id());
    }

    private static TransactionKey transactionKey(Cursor cursor) {
        String[] parts = cursor.sortKey().split("/", 2);
        try {
            if (parts.length == 2) {
                return new TransactionKey(LocalDate.parse(parts[0]), Instant.parse(parts[1]), cursor.id());
            }
        } catch (DateTimeParseException e) {
            // answered below like any other cursor this API did not make
        }
        throw badCursor();
    }

    private static ProblemException badCursor() {
        return ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
    }
}
