package dev.renkei.server.mail;

import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.db.Ids;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.renkei.server.shared.db.Db.ts;

/** SQL for the mail outbox. */
@Singleton
public class MailOutboxRepository {

    /** A row claimed for delivery. */
    public record PendingMail(UUID id, OutgoingMail mail, int attempts, boolean logged) {
    }

    private final Db db;

    public MailOutboxRepository(Db db) {
        this.db = db;
    }

    public void enqueueAll(Collection<OutgoingMail> mails, Instant now) {
        db.batch("INSERT INTO mail_outbox (id, recipient, subject, body, sensitive, created_at, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", mails, (s, m) -> {
            s.setObject(1, Ids.newId());
            s.setString(2, m.recipient());
            s.setString(3, m.subject());
            s.setString(4, m.body());
            s.setBoolean(5, m.sensitive());
            s.setTimestamp(6, ts(now));
            s.setTimestamp(7, ts(now));
        });
    }

    /**
     * Locks up to {@code limit} due, unsent mails for this transaction. {@code SKIP LOCKED} lets
     * several server instances drain one outbox without sending a mail twice.
     */
    public List<PendingMail> claimDue(Instant now, int limit, boolean onlyUnlogged) {
        String extra = onlyUnlogged ? " AND logged_at IS NULL" : "";
        return db.list("SELECT id, recipient, subject, body, sensitive, attempts, logged_at FROM mail_outbox "
                        + "WHERE sent_at IS NULL AND next_attempt_at <= ?" + extra
                        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
                s -> {
                    s.setTimestamp(1, ts(now));
                    s.setInt(2, limit);
                },
                r -> new PendingMail(r.getObject("id", UUID.class),
                        new OutgoingMail(r.getString("recipient"), r.getString("subject"), r.getString("body"),
                                r.getBoolean("sensitive")),
                        r.getInt("attempts"), r.getTimestamp("logged_at") != null));
    }

    public void markSent(UUID id, Instant now) {
        db.update("UPDATE mail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
        });
    }

    public void markLogged(UUID id, Instant now) {
        db.update("UPDATE mail_outbox SET logged_at = ? WHERE id = ?", s -> {
            s.setTimestamp(1, ts(now));
            s.setObject(2, id);
        });
    }

    public void markFailed(UUID id, String error, Instant nextAttempt) {
        db.update("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?", s -> {
            s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
            s.setTimestamp(2, ts(nextAttempt));
            s.setObject(3, id);
        });
    }
}
