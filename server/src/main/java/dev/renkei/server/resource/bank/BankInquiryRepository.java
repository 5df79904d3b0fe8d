package dev.renkei.server.resource.bank;

import dev.renkei.server.consent.BankAccount;
import dev.renkei.server.shared.db.Db;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for the bank inquiries: the accounts a consent covers and their transactions. */
@Singleton
public class BankInquiryRepository {

    /**
     * The accounts of an active consent that still belong to its customer. Checking the owner as
     * well as the consent's list keeps a consent from ever reaching another customer's account.
     */
    private static final String COVERED = "SELECT b.* FROM consent c "
            + "JOIN bank_account b ON b.id = ANY (c.bank_account_ids) AND b.owner_id = c.account_id "
            + "WHERE c.id = ? AND c.account_id = ? AND c.revoked_at IS NULL";

    /** Where the previous page of accounts ended, in the bank's order. */
    public record AccountKey(String branchCode, String accountNumber, UUID id) {
    }

    /** Where the previous page of transactions ended, in statement order. */
    public record TransactionKey(LocalDate bookedOn, Instant transactedAt, UUID id) {
    }

    private final Db db;

    public BankInquiryRepository(Db db) {
        this.db = db;
    }

    public List<BankAccount> listCovered(ConsentedAccounts caller, @Nullable AccountKey after, int limit) {
        String sql = COVERED + (after == null ? "" : " AND (b.branch_code, b.account_number, b.id) > (?, ?, ?)")
                + " ORDER BY b.branch_code, b.account_number, b.id LIMIT ?";
        return db.list(sql, s -> {
            int i = 1;
            s.setObject(i++, caller.consentId());
            s.setObject(i++, caller.customerAccountId());
            if (after != null) {
                s.setString(i++, after.branchCode());
                s.setString(i++, after.accountNumber());
                s.setObject(i++, after.id());
            }
            s.setInt(i, limit);
        }, BankInquiryRepository::account);
    }

    public Optional<BankAccount> findCovered(ConsentedAccounts caller, UUID accountId) {
        return db.one(COVERED + " AND b.id = ?", s -> {
            s.setObject(1, caller.consentId());
            s.setObject(2, caller.customerAccountId());
            s.setObject(3, accountId);
        }, BankInquiryRepository::account);
    }

    /** The account's transactions booked from {@code from} to {@code to}, both included. */
    public List<AccountTransaction> listTransactions(UUID accountId, LocalDate from, LocalDate to, boolean newestFirst,
                                                     @Nullable TransactionKey after, int limit) {
        String direction = newestFirst ? "DESC" : "ASC";
        String sql = "SELECT * FROM rs_bank_transaction WHERE bank_account_id = ? AND booked_on BETWEEN ? AND ?"
                + (after == null ? "" : " AND (booked_on, transacted_at, id) " + (newestFirst ? "<" : ">") + " (?, ?, ?)")
                + " ORDER BY booked_on " + direction + ", transacted_at " + direction + ", id " + direction + " LIMIT ?";
        return db.list(sql, s -> {
            int i = 1;
            s.setObject(i++, accountId);
            s.setObject(i++, from);
            s.setObject(i++, to);
            if (after != null) {
                s.setObject(i++, after.bookedOn());
                s.setTimestamp(i++, ts(after.transactedAt()));
                s.setObject(i++, after.id());
            }
            s.setInt(i, limit);
        }, BankInquiryRepository::transaction);
    }

    /** Accounts that have no transaction yet: the ones whose history has still to be generated. */
    public List<BankAccount> listWithoutTransactions() {
        return db.list("SELECT b.* FROM bank_account b WHERE NOT EXISTS "
                        + "(SELECT 1 FROM rs_bank_transaction t WHERE t.bank_account_id = b.id) ORDER BY b.id",
                s -> { }, BankInquiryRepository::account);
    }

    public void insertTransactions(List<AccountTransaction> rows, Instant now) {
        db.batch("INSERT INTO rs_bank_transaction (id, bank_account_id, booked_on, transacted_at, type, amount, "
                + "balance_after, description, counterparty, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, (s, t) -> {
            s.setObject(1, t.id());
            s.setObject(2, t.accountId());
            s.setObject(3, t.bookedOn());
            s.setTimestamp(4, ts(t.transactedAt()));
            s.setString(5, t.type().name().toLowerCase(Locale.ROOT));
            s.setLong(6, t.amount());
            s.setLong(7, t.balanceAfter());
            s.setString(8, t.description());
            s.setString(9, t.counterparty());
            s.setTimestamp(10, ts(now));
        });
    }

    private static BankAccount account(ResultSet r) throws SQLException {
        return new BankAccount(r.getObject("id", UUID.class), r.getObject("owner_id", UUID.class),
                r.getString("branch_name"), r.getString("branch_code"),
                BankAccount.Type.valueOf(r.getString("account_type").toUpperCase(Locale.ROOT)),
                r.getString("account_number"), r.getString("holder_name"), r.getString("memo"), r.getString("pin_hash"),
                r.getLong("balance"), instant(r, "api_pin_registered_at"), instant(r, "created_at"));
    }

    private static AccountTransaction transaction(ResultSet r) throws SQLException {
        return new AccountTransaction(r.getObject("id", UUID.class), r.getObject("bank_account_id", UUID.class),
                r.getObject("booked_on", LocalDate.class), instant(r, "transacted_at"),
                AccountTransaction.Type.valueOf(r.getString("type").toUpperCase(Locale.ROOT)), r.getLong("amount"),
                r.getLong("balance_after"), r.getString("description"), r.getString("counterparty"));
    }
}
