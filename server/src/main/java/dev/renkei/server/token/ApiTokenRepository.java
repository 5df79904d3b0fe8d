package dev.renkei.server.token;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.AccountFlag;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for API tokens. */
@Singleton
public class ApiTokenRepository {

    private static final String SELECT = "SELECT t.*, a.login_id FROM api_token t JOIN account a ON a.id = t.account_id";

    /** What authenticating a presented secret needs, in one indexed lookup. */
    public record SecretMatch(UUID tokenId, UUID accountId, String loginId, Set<AccountFlag> flags,
                              @Nullable Instant expiresAt, @Nullable Instant revokedAt,
                              @Nullable Instant lockedAt, @Nullable Instant deletedAt) {
    }

    private final Db db;

    public ApiTokenRepository(Db db) {
        this.db = db;
    }

    public Optional<ApiToken> findById(UUID id) {
        return db.one(SELECT + " WHERE t.id = ?", s -> s.setObject(1, id), ApiTokenRepository::map);
    }

    public List<ApiToken> search(@Nullable UUID accountId, @Nullable ApiTokenStatus status, Instant now,
                                 @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE true");
        List<Object> args = new ArrayList<>();
        if (accountId != null) {
            sql.append(" AND t.account_id = ?");
            args.add(accountId);
        }
        if (status != null) {
            String condition = status.sqlCondition();
            sql.append(" AND ").append(condition);
            if (condition.contains("?")) {
                args.add(ts(now));
            }
        }
        if (after != null) {
            sql.append(" AND (t.issued_at, t.id) < (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        sql.append(" ORDER BY t.issued_at DESC, t.id DESC LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, ApiTokenRepository::map);
    }

    public void insertAll(Collection<ApiToken> tokens) {
        db.batch("INSERT INTO api_token (id, account_id, validity_days, issued_at, issued_by, pickup_deadline) "
                + "VALUES (?, ?, ?, ?, ?, ?)", tokens, (s, t) -> {
            s.setObject(1, t.id());
            s.setObject(2, t.accountId());
            s.setInt(3, t.validityDays());
            s.setTimestamp(4, ts(t.issuedAt()));
            s.setObject(5, t.issuedBy());
            s.setTimestamp(6, ts(t.pickupDeadline()));
        });
    }

    /** Revokes the tokens of these accounts still waiting for pickup; returns account id → revoked token id. */
    public Map<UUID, UUID> revokePending(Collection<UUID> accountIds, String reason, Instant now) {
        var array = db.uuidArray(accountIds);
        Map<UUID, UUID> revoked = new java.util.HashMap<>();
        db.list("UPDATE api_token SET revoked_at = ?, revocation_reason = ? WHERE account_id = ANY(?) "
                        + "AND picked_up_at IS NULL AND revoked_at IS NULL AND pickup_deadline > ? RETURNING account_id, id",
                s -> {
                    s.setTimestamp(1, ts(now));
                    s.setString(2, reason);
                    s.setArray(3, array);
                    s.setTimestamp(4, ts(now));
                }, r -> revoked.put(r.getObject(1, UUID.class), r.getObject(2, UUID.class)));
        return revoked;
    }

    /** Revokes every unrevoked token of an account; returns how many. */
    public int revokeAllOfAccount(UUID accountId, String reason, Instant now) {
        return db.update("UPDATE api_token SET revoked_at = ?, revocation_reason = ? WHERE account_id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, reason);
            s.setObject(3, accountId);
        });
    }

    /** True if this call revoked it; false if it was already revoked. */
    public boolean revoke(UUID id, String reason, Instant now) {
        return db.update("UPDATE api_token SET revoked_at = ?, revocation_reason = ? WHERE id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setString(2, reason);
            s.setObject(3, id);
        }) == 1;
    }

    /**
     * The pickup itself: one conditional UPDATE, so among any number of racing pickups exactly one
     * changes the row (PostgreSQL re-checks the WHERE clause after waiting for the row lock).
     */
    public boolean pickUp(UUID id, UUID accountId, byte[] secretHash, String lastFour, Instant now) {
        return db.update("UPDATE api_token SET picked_up_at = ?, expires_at = ?::timestamptz + make_interval(days => validity_days), "
                + "secret_hash = ?, last_four = ? WHERE id = ? AND account_id = ? AND picked_up_at IS NULL "
                + "AND revoked_at IS NULL AND pickup_deadline > ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setTimestamp(2, ts(now));
            s.setBytes(3, secretHash);
            s.setString(4, lastFour);
            s.setObject(5, id);
            s.setObject(6, accountId);
            s.setTimestamp(7, ts(now));
        }) == 1;
    }

    /** Its own read transaction: authentication runs before any service transaction exists. */
    @io.micronaut.transaction.annotation.Transactional(readOnly = true)
    public Optional<SecretMatch> findBySecretHash(byte[] hash) {
        return db.one("SELECT t.id, t.account_id, t.expires_at, t.revoked_at, a.login_id, a.flags, a.locked_at, a.deleted_at "
                + "FROM api_token t JOIN account a ON a.id = t.account_id WHERE t.secret_hash = ?", s -> s.setBytes(1, hash), r -> {
            Set<AccountFlag> flags = EnumSet.noneOf(AccountFlag.class);
            for (String code : (String[]) r.getArray("flags").getArray()) {
                flags.add(AccountFlag.fromCode(code));
            }
            return new SecretMatch(r.getObject("id", UUID.class), r.getObject("account_id", UUID.class),
                    r.getString("login_id"), flags, instant(r, "expires_at"), instant(r, "revoked_at"),
                    instant(r, "locked_at"), instant(r, "deleted_at"));
        });
    }

    static ApiToken map(ResultSet r) throws SQLException {
        return new ApiToken(r.getObject("id", UUID.class), r.getObject("account_id", UUID.class), r.getString("login_id"),
                r.getInt("validity_days"), instant(r, "issued_at"), r.getObject("issued_by", UUID.class),
                instant(r, "pickup_deadline"), instant(r, "picked_up_at"), instant(r, "expires_at"),
                instant(r, "revoked_at"), r.getString("revocation_reason"), r.getString("last_four"));
    }
}
