package dev.renkei.server.consent;

import dev.renkei.server.shared.db.Db;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for customers' bank accounts. */
@Singleton
public class BankAccountRepository {

    private final Db db;

    public BankAccountRepository(Db db) {
        this.db = db;
    }

    /** The customer's accounts in the order the bank lists them: by branch code, then number. */
    public List<BankAccount> listByOwner(UUID ownerId) {
        return db.list("SELECT * FROM bank_account WHERE owner_id = ? ORDER BY branch_code, account_number, id",
                s -> s.setObject(1, ownerId), BankAccountRepository::map);
    }

    public List<BankAccount> findByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.list("SELECT * FROM bank_account WHERE id = ANY(?) ORDER BY branch_code, account_number, id",
                s -> s.setArray(1, db.uuidArray(ids)), BankAccountRepository::map);
    }

    public boolean isEmpty() {
        return db.one("SELECT NOT EXISTS (SELECT 1 FROM bank_account)", s -> { }, r -> r.getBoolean(1)).orElse(true);
    }

    public void insert(BankAccount a) {
        db.update("INSERT INTO bank_account (id, owner_id, branch_name, branch_code, account_type, account_number, "
                + "holder_name, memo, pin_hash, balance, api_pin_registered_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, a.id());
            s.setObject(2, a.ownerId());
            s.setString(3, a.branchName());
            s.setString(4, a.branchCode());
            s.setString(5, a.type().name().toLowerCase(Locale.ROOT));
            s.setString(6, a.accountNumber());
            s.setString(7, a.holderName());
            s.setString(8, a.memo());
            s.setString(9, a.pinHash());
            s.setLong(10, a.balance());
            s.setTimestamp(11, ts(a.apiPinRegisteredAt()));
            s.setTimestamp(12, ts(a.createdAt()));
        });
    }

    /** Registers the inquiry PIN for API use on those of the owner's accounts that lack it. */
    public void markPinRegistered(UUID ownerId, Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        db.update("UPDATE bank_account SET api_pin_registered_at = ? "
                + "WHERE owner_id = ? AND id = ANY(?) AND api_pin_registered_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, ownerId);
            s.setArray(3, db.uuidArray(ids));
        });
    }

    static BankAccount map(ResultSet r) throws SQLException {
        return new BankAccount(r.getObject("id", UUID.class), r.getObject("owner_id", UUID.class),
                r.getString("branch_name"), r.getString("branch_code"),
                BankAccount.Type.valueOf(r.getString("account_type").toUpperCase(Locale.ROOT)),
                r.getString("account_number"), r.getString("holder_name"), r.getString("memo"), r.getString("pin_hash"),
                r.getLong("balance"), instant(r, "api_pin_registered_at"), instant(r, "created_at"));
    }
}
