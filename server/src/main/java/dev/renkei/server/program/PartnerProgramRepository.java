package dev.renkei.server.program;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.CredentialChanges;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for partner programs. Deleted programs keep their row for audit and consents. */
@Singleton
public class PartnerProgramRepository {

    private final Db db;
    /** Told of every statement here that can end a credential's validity, so caches drop what they read before. */
    private final CredentialChanges changes;

    public PartnerProgramRepository(Db db, CredentialChanges changes) {
        this.db = db;
        this.changes = changes;
    }

    public Optional<PartnerProgram> findById(UUID id) {
        return db.one("SELECT * FROM partner_program WHERE id = ?", s -> s.setObject(1, id), PartnerProgramRepository::map);
    }

    public Optional<PartnerProgram> findByClientId(String clientId) {
        return db.one("SELECT * FROM partner_program WHERE client_id = ?", s -> s.setString(1, clientId),
                PartnerProgramRepository::map);
    }

    public List<PartnerProgram> list(@Nullable Boolean enabled, @Nullable Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM partner_program WHERE deleted_at IS NULL");
        List<Object> args = new ArrayList<>();
        if (enabled != null) {
            sql.append(" AND enabled = ?");
            args.add(enabled);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            args.add(ts(after.instantKey()));
            args.add(after.id());
        }
        // Newest first (contract), keyset-paged on the listing index read backwards.
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return db.list(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        }, PartnerProgramRepository::map);
    }

    public void insert(PartnerProgram p) {
        db.update("INSERT INTO partner_program (id, client_id, name, company_name, client_type, secret_hash, secret_rotated_at, "
                + "redirect_uris, allowed_scopes, daily_quota, require_par, enabled, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, p.id());
            s.setString(2, p.clientId());
            s.setString(3, p.name());
            s.setString(4, p.companyName());
            s.setString(5, p.clientType().name().toLowerCase(Locale.ROOT));
            s.setBytes(6, p.secretHash());
            s.setTimestamp(7, ts(p.secretRotatedAt()));
            s.setArray(8, db.textArray(p.redirectUris()));
            s.setArray(9, db.textArray(p.allowedScopes()));
            s.setInt(10, p.dailyQuota());
            s.setBoolean(11, p.requirePar());
            s.setBoolean(12, p.enabled());
            s.setTimestamp(13, ts(p.createdAt()));
            s.setTimestamp(14, ts(p.updatedAt()));
        });
    }

    public void update(PartnerProgram p) {
        changes.changed();
        db.update("UPDATE partner_program SET name = ?, company_name = ?, redirect_uris = ?, allowed_scopes = ?, "
                + "daily_quota = ?, require_par = ?, enabled = ?, updated_at = ? WHERE id = ?", s -> {
            s.setString(1, p.name());
            s.setString(2, p.companyName());
            s.setArray(3, db.textArray(p.redirectUris()));
            s.setArray(4, db.textArray(p.allowedScopes()));
            s.setInt(5, p.dailyQuota());
            s.setBoolean(6, p.requirePar());
            s.setBoolean(7, p.enabled());
            s.setTimestamp(8, ts(p.updatedAt()));
            s.setObject(9, p.id());
        });
    }

    public void setSecret(UUID id, byte[] secretHash, Instant now) {
        changes.changed();
        db.update("UPDATE partner_program SET secret_hash = ?, secret_rotated_at = ?, updated_at = ? WHERE id = ?", s -> {
            s.setBytes(1, secretHash);
            s.setTimestamp(2, ts(now));
            s.setTimestamp(3, ts(now));
            s.setObject(4, id);
        });
    }

    public void markDeleted(UUID id, Instant now) {
        changes.changed();
        db.update("UPDATE partner_program SET deleted_at = ?, enabled = false, updated_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setTimestamp(2, ts(now));
            s.setObject(3, id);
        });
    }

    static PartnerProgram map(ResultSet r) throws SQLException {
        return new PartnerProgram(r.getObject("id", UUID.class), r.getString("client_id"), r.getString("name"),
                r.getString("company_name"),
                PartnerProgram.ClientType.valueOf(r.getString("client_type").toUpperCase(Locale.ROOT)),
                r.getBytes("secret_hash"), instant(r, "secret_rotated_at"),
                Arrays.asList((String[]) r.getArray("redirect_uris").getArray()),
                Arrays.asList((String[]) r.getArray("allowed_scopes").getArray()),
                r.getInt("daily_quota"), r.getBoolean("require_par"), r.getBoolean("enabled"),
                instant(r, "deleted_at"), instant(r, "created_at"), instant(r, "updated_at"));
    }
}
