package dev.renkei.server.consent;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.security.CredentialChanges;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for consents, and for ending every token that hangs off one. */
@Singleton
public class ConsentRepository {

    private final Db db;
    /** Told of every statement here that can end a credential's validity, so caches drop what they read before. */
    private final CredentialChanges changes;

    public ConsentRepository(Db db, CredentialChanges changes) {
        this.db = db;
        this.changes = changes;
    }

    public void insert(Consent c) {
        db.update("INSERT INTO consent (id, account_id, program_id, scopes, bank_account_ids, granted_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
            s.setObject(1, c.id());
            s.setObject(2, c.accountId());
            s.setObject(3, c.programId());
            s.setArray(4, db.textArray(c.scopes()));
            s.setArray(5, db.uuidArray(c.bankAccountIds()));
            s.setTimestamp(6, ts(c.grantedAt()));
        });
    }

    public Optional<Consent> find(UUID id) {
        return db.one("SELECT * FROM consent WHERE id = ?", s -> s.setObject(1, id), ConsentRepository::map);
    }

    /** The customer's active consents to the program: at most one, by the unique index of V3. */
    public List<Consent> findActive(UUID accountId, UUID programId) {
        return db.list("SELECT * FROM consent WHERE account_id = ? AND program_id = ? AND revoked_at IS NULL", s -> {
            s.setObject(1, accountId);
            s.setObject(2, programId);
        }, ConsentRepository::map);
    }

    public List<Consent> listByAccount(UUID accountId, @Nullable Cursor after, int limit) {
        String sql = "SELECT * FROM consent WHERE account_id = ?"
                + (after == null ? "" : " AND (granted_at, id) < (?, ?)") + " ORDER BY granted_at DESC, id DESC LIMIT ?";
        return db.list(sql, s -> {
            int i = 1;
            s.setObject(i++, accountId);
            if (after != null) {
                s.setTimestamp(i++, ts(after.instantKey()));
                s.setObject(i++, after.id());
            }
            s.setInt(i, limit);
        }, ConsentRepository::map);
    }

    /** Revokes the consent and every token family it produced; true if this call revoked it. */
    public boolean revoke(UUID consentId, Instant now) {
        changes.changed();
        int changed = db.update("UPDATE consent SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, consentId);
        });
        db.update("UPDATE token_family SET revoked_at = ?, revoked_reason = 'consent_revoked' "
                + "WHERE consent_id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, consentId);
        });
        return changed == 1;
    }

    /** Revokes every consent of a program (the program was deleted or disabled). */
    public void revokeAllOfProgram(UUID programId, Instant now) {
        changes.changed();
        db.update("UPDATE token_family SET revoked_at = ?, revoked_reason = 'program_removed' "
                + "WHERE program_id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, programId);
        });
        db.update("UPDATE consent SET revoked_at = ? WHERE program_id = ? AND revoked_at IS NULL", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, programId);
        });
    }

    static Consent map(ResultSet r) throws SQLException {
        return new Consent(r.getObject("id", UUID.class), r.getObject("account_id", UUID.class),
                r.getObject("program_id", UUID.class), Arrays.asList((String[]) r.getArray("scopes").getArray()),
                Arrays.asList((UUID[]) r.getArray("bank_account_ids").getArray()), instant(r, "granted_at"),
                instant(r, "last_used_at"), instant(r, "revoked_at"));
    }
}
