package dev.renkei.server.settings;

import dev.renkei.server.shared.db.Db;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.instant;
import static dev.renkei.server.shared.db.Db.ts;

/** SQL for the system parameters row and the mail templates. */
@Singleton
public class SettingsRepository {

    private final Db db;

    public SettingsRepository(Db db) {
        this.db = db;
    }

    public SystemParameters parameters() {
        return db.one("SELECT * FROM system_parameters WHERE id = 1", s -> { },
                r -> new SystemParameters(r.getInt("api_token_validity_days"), r.getInt("api_token_pickup_window_hours"),
                        instant(r, "updated_at"), r.getObject("updated_by", UUID.class)))
                .orElseThrow(() -> new IllegalStateException("system_parameters row missing; migration V1 creates it"));
    }

    public void saveParameters(SystemParameters p) {
        db.update("UPDATE system_parameters SET api_token_validity_days = ?, api_token_pickup_window_hours = ?, "
                + "updated_at = ?, updated_by = ? WHERE id = 1", s -> {
            s.setInt(1, p.apiTokenValidityDays());
            s.setInt(2, p.apiTokenPickupWindowHours());
            s.setTimestamp(3, ts(p.updatedAt()));
            s.setObject(4, p.updatedBy());
        });
    }

    public List<MailTemplate> templates() {
        return db.list("SELECT * FROM mail_template ORDER BY id", s -> { }, SettingsRepository::mapTemplate);
    }

    public Optional<MailTemplate> template(MailTemplateId id) {
        return db.one("SELECT * FROM mail_template WHERE id = ?", s -> s.setString(1, id.code()), SettingsRepository::mapTemplate);
    }

    public void saveTemplate(MailTemplateId id, String subject, String body, Instant now, UUID by) {
        db.update("UPDATE mail_template SET subject = ?, body = ?, updated_at = ?, updated_by = ? WHERE id = ?", s -> {
            s.setString(1, subject);
            s.setString(2, body);
            s.setTimestamp(3, ts(now));
            s.setObject(4, by);
            s.setString(5, id.code());
        });
    }

    private static MailTemplate mapTemplate(ResultSet r) throws SQLException {
        return new MailTemplate(MailTemplateId.fromCode(r.getString("id")), r.getString("subject"), r.getString("body"),
                instant(r, "updated_at"), r.getObject("updated_by", UUID.class));
    }
}
