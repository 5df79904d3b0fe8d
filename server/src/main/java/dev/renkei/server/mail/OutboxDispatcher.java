package dev.renkei.server.mail;

import dev.renkei.server.mail.MailOutboxRepository.PendingMail;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drains the mail outbox. A mail leaves the outbox only when the SMTP server accepted it; on
 * failure it is retried with exponential backoff (30 s doubling up to 1 h), forever, and the
 * last error stays on the row. Without SMTP configured each mail is written to the log once and
 * stays queued, to be sent when SMTP is configured.
 */
@Singleton
public class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration MAX_RETRY = Duration.ofHours(1);

    private final MailOutboxRepository outbox;
    private final SmtpSettings settings;
    private final SmtpTransport transport;
    private final Clock clock;
    private final int batchSize;

    public OutboxDispatcher(MailOutboxRepository outbox, SmtpSettings settings, SmtpTransport transport, Clock clock,
                            @Value("${renkei.mail.batch-size:50}") int batchSize) {
        this.outbox = outbox;
        this.settings = settings;
        this.transport = transport;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelay = "${renkei.mail.poll-interval:2s}", initialDelay = "1s")
    void poll() {
        try {
            while (dispatchBatch() == batchSize) {
                // keep draining while full batches come back
            }
        } catch (RuntimeException e) {
            LOG.warn("Mail outbox poll failed; will retry: {}", e.toString());
        }
    }

    /** Handles one batch of due mail; returns how many rows it handled. */
    @Transactional
    public int dispatchBatch() {
        Instant now = clock.instant();
        List<PendingMail> due = outbox.claimDue(now, batchSize, !settings.enabled());
        for (PendingMail pending : due) {
            if (settings.enabled()) {
                deliver(pending, now);
            } else {
                logOnly(pending, now);
            }
        }
        return due.size();
    }

    private void deliver(PendingMail pending, Instant now) {
        try {
            transport.send(pending.mail());
            outbox.markSent(pending.id(), clock.instant());
        } catch (Exception e) {
            Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(pending.attempts(), 7));
            if (backoff.compareTo(MAX_RETRY) > 0) {
                backoff = MAX_RETRY;
            }
            LOG.warn("SMTP delivery of mail {} failed (attempt {}), retrying in {}s: {}",
                    pending.id(), pending.attempts() + 1, backoff.toSeconds(), e.toString());
            outbox.markFailed(pending.id(), e.toString(), now.plus(backoff));
        }
    }

    private void logOnly(PendingMail pending, Instant now) {
        OutgoingMail mail = pending.mail();
        String body = mail.sensitive() ? "(body withheld: it holds a one-time link; configure SMTP to deliver it)" : mail.body();
        LOG.info("SMTP is not configured; mail {} stays queued.\nTo: {}\nSubject: {}\n\n{}",
                pending.id(), mail.recipient(), mail.subject(), body);
        outbox.markLogged(pending.id(), now);
    }
}
