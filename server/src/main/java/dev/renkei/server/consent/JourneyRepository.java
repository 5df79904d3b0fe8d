package dev.renkei.server.consent;

import dev.renkei.server.shared.db.Db;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for authorization journeys. */
@Singleton
public class JourneyRepository {

    private static final Argument<Map<String, Integer>> FAILURES = Argument.mapOf(String.class, Integer.class);

    private final Db db;
    private final ObjectMapper json;

    public JourneyRepository(Db db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public void insert(Journey j) {
        db.update("INSERT INTO authorization_journey (id, program_id, redirect_uri, state, requested_scopes, code_challenge, "
                + "step, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, j.id());
            s.setObject(2, j.programId());
            s.setString(3, j.redirectUri());
            s.setString(4, j.state());
            s.setArray(5, db.textArray(j.requestedScopes()));
            s.setString(6, j.codeChallenge());
            s.setString(7, j.step().name().toLowerCase(Locale.ROOT));
            s.setString(8, j.csrfToken());
            s.setTimestamp(9, ts(j.createdAt()));
            s.setTimestamp(10, ts(j.expiresAt()));
        });
    }

    /** Locks the row: two tabs submitting the same step act one after the other. */
    public Optional<Journey> findForUpdate(String id) {
        return db.one("SELECT * FROM authorization_journey WHERE id = ? FOR UPDATE", s -> s.setString(1, id), this::map);
    }

    public Optional<Journey> find(String id) {
        return db.one("SELECT * FROM authorization_journey WHERE id = ?", s -> s.setString(1, id), this::map);
    }

    public void update(Journey j) {
        db.update("UPDATE authorization_journey SET selected_scopes = ?, step = ?, account_id = ?, pending_pin_accounts = ?, "
                + "pin_failures = ?::jsonb, completed_at = ?, csrf_token = ?, session_hash = ?, sealed_redirect = ? "
                + "WHERE id = ?", s -> {
            s.setArray(1, j.selectedScopes() == null ? null : db.textArray(j.selectedScopes()));
            s.setString(2, j.step().name().toLowerCase(Locale.ROOT));
            s.setObject(3, j.accountId());
            s.setArray(4, db.uuidArray(j.pendingPinAccounts()));
            s.setString(5, write(j.pinFailures()));
            s.setTimestamp(6, ts(j.completedAt()));
            s.setString(7, j.csrfToken());
            s.setBytes(8, j.sessionHash());
            s.setBytes(9, j.sealedRedirect());
            s.setString(10, j.id());
        });
    }

    private Journey map(ResultSet r) throws SQLException {
        Array selected = r.getArray("selected_scopes");
        return new Journey(r.getString("id"), r.getObject("program_id", UUID.class), r.getString("redirect_uri"),
                r.getString("state"), Arrays.asList((String[]) r.getArray("requested_scopes").getArray()),
                selected == null ? null : Arrays.asList((String[]) selected.getArray()), r.getString("code_challenge"),
                Journey.Step.valueOf(r.getString("step").toUpperCase(Locale.ROOT)), r.getObject("account_id", UUID.class),
                r.getString("csrf_token"), Arrays.asList((UUID[]) r.getArray("pending_pin_accounts").getArray()),
                read(r.getString("pin_failures")), instant(r, "created_at"), instant(r, "expires_at"),
                instant(r, "completed_at"), r.getBytes("session_hash"), r.getBytes("sealed_redirect"));
    }

    private String write(Map<String, Integer> failures) {
        try {
            return json.writeValueAsString(failures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Integer> read(String text) {
        try {
            return json.readValue(text, FAILURES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
