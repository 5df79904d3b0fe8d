package dev.renkei.server.account;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.AccountFlag;
import dev.renkei.server.shared.security.CredentialChanges;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for accounts. Deleted accounts keep their row; "live" means not deleted. */
@Singleton
public class AccountRepository {

    private static final String COLUMNS = "id, login_id, name, mail, password_hash, flags, locked_at, "
            + "failed_sign_in_count, deleted_at, created_at, updated_at";

    private final Db db;
    /** Told of every statement here that can end a credential's validity, so caches drop what they read before. */
    private final CredentialChanges changes;

    public AccountRepository(Db db, CredentialChanges changes) {
        this.db = db;
        this.changes = changes;
    }

    public Optional<Account> findById(UUID id) {
        return db.one("SELECT " + COLUMNS + " FROM account WHERE id = ?", s -> s.setObject(1, id), AccountRepository::map);
    }

    public Optional<Account> findLiveByLoginId(String loginId) {
        return db.one("SELECT " + COLUMNS + " FROM account WHERE lower(login_id) = lower(?) AND deleted_at IS NULL",
                s -> s.setString(1, loginId), AccountRepository::map);
    }

    public List<Account> findByIds(Collection<UUID> ids) {
        Array array = db.uuidArray(ids);
        return db.list("SELECT " + COLUMNS + " FROM account WHERE id = ANY(?)", s -> s.setArray(1, array), AccountRepository::map);
    }

    /**
     * The same rows, locked until the transaction ends, so that concurrent changes of one account
     * (two bulk issues, say) run one after the other. Locks are taken in id order, so overlapping
     * batches cannot deadlock; NO KEY UPDATE leaves rows referencing these accounts insertable.
     */
    public List<Account> lockByIds(Collection<UUID> ids) {
        Array array = db.uuidArray(ids);
        return db.list("SELECT " + COLUMNS + " FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE",
                s -> s.setArray(1, array), AccountRepository::map);
    }

    public boolean isEmpty() {
        return db.one("SELECT NOT EXISTS (SELECT 1 FROM account)", s -> { }, r -> r.getBoolean(1)).orElse(true);
    }

    /** Live accounts matching the query, by login ID, starting after the cursor; at most {@code limit} rows. */
    public List<Account> search(AccountQuery query, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM account WHERE deleted_at IS NULL");
        List<Object> args = new ArrayList<>();
        if (query.text() != null && !query.text().isBlank()) {
            sql.append(" AND (login_id ILIKE ? OR name ILIKE ? OR mail ILIKE ?)");
            String like = "%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
            args.add(like);
        }
        if (!query.anyOfFlags().isEmpty()) {
            sql.append(" AND flags && ?");
            args.add(db.textArray(query.anyOfFlags().stream().map(AccountFlag::code).toList()));
        }
        if (query.locked() != null) {
            sql.append(query.locked() ? " AND locked_at IS NOT NULL" : " AND locked_at IS NULL");
        }
        if (after != null) {
            sql.append(" AND (login_id, id) > (?, ?)");
            args.add(after.sortKey());
            args.add(after.id());
        }
        sql.append(" ORDER BY login_id, id LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, AccountRepository::map);
    }

    public void insert(Account account) {
        db.update("INSERT INTO account (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, account.id());
            s.setString(2, account.loginId());
            s.setString(3, account.name());
            s.setString(4, account.mail());
            s.setString(5, account.passwordHash());
            s.setArray(6, db.textArray(account.flags().stream().map(AccountFlag::code).toList()));
            s.setTimestamp(7, ts(account.lockedAt()));
            s.setInt(8, account.failedSignInCount());
            s.setTimestamp(9, ts(account.deletedAt()));
            s.setTimestamp(10, ts(account.createdAt()));
            s.setTimestamp(11, ts(account.updatedAt()));
        });
    }

    /** Name, mail and flags; the login ID never changes. */
    public void updateProfile(Account account) {
        db.update("UPDATE account SET name = ?, mail = ?, flags = ?, updated_at = ? WHERE id = ?", s -> {
            s.setString(1, account.name());
            s.setString(2, account.mail());
            s.setArray(3, db.textArray(account.flags().stream().map(AccountFlag::code).toList()));
            s.setTimestamp(4, ts(account.updatedAt()));
            s.setObject(5, account.id());
        });
    }

    public void setLocked(UUID id, @Nullable Instant lockedAt, Instant now) {
        changes.changed();
        db.update("UPDATE account SET locked_at = ?, failed_sign_in_count = 0, updated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(lockedAt));
            s.setTimestamp(2, ts(now));
            s.setObject(3, id);
        });
    }

    /** Counts a failed sign-in and locks the account when it reaches {@code maxFailures}; returns the new count. */
    public int recordFailedSignIn(UUID id, int maxFailures, Instant now) {
        int failures = db.one("UPDATE account SET failed_sign_in_count = failed_sign_in_count + 1, "
                        + "locked_at = CASE WHEN failed_sign_in_count + 1 >= ? THEN COALESCE(locked_at, ?) ELSE locked_at END "
                        + "WHERE id = ? RETURNING failed_sign_in_count",
                s -> {
                    s.setInt(1, maxFailures);
                    s.setTimestamp(2, ts(now));
                    s.setObject(3, id);
                }, r -> r.getInt(1)).orElse(0);
        if (failures >= maxFailures) {
            changes.changed();
        }
        return failures;
    }

    public void resetFailedSignIns(UUID id) {
        db.update("UPDATE account SET failed_sign_in_count = 0 WHERE id = ? AND failed_sign_in_count <> 0", s -> s.setObject(1, id));
    }

    public void setPasswordHash(UUID id, @Nullable String passwordHash, Instant now) {
        db.update("UPDATE account SET password_hash = ?, updated_at = ? WHERE id = ?", s -> {
            if (passwordHash == null) {
                s.setNull(1, Types.VARCHAR);
            } else {
                s.setString(1, passwordHash);
            }
            s.setTimestamp(2, ts(now));
            s.setObject(3, id);
        });
    }

    public void markDeleted(UUID id, Instant now) {
        changes.changed();
        db.update("UPDATE account SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setTimestamp(2, ts(now));
            s.setObject(3, id);
        });
    }

    static Account map(ResultSet row) throws SQLException {
        Set<AccountFlag> flags = EnumSet.noneOf(AccountFlag.class);
        for (String code : (String[]) row.getArray("flags").getArray()) {
            flags.add(AccountFlag.fromCode(code));
        }
        return new Account(row.getObject("id", UUID.class), row.getString("login_id"), row.getString("name"),
                row.getString("mail"), row.getString("password_hash"), flags, instant(row, "locked_at"),
                row.getInt("failed_sign_in_count"), instant(row, "deleted_at"), instant(row, "created_at"),
                instant(row, "updated_at"));
    }
}
