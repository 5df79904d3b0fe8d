package dev.renkei.server.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.renkei.server.support.Http;
import dev.renkei.server.support.IntegrationTest;
import dev.renkei.server.support.Poll;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notice mail of seed 000 (「APIトークン発行のお知らせ」) and the password-reset mail through a
 * real SMTP server, and the outbox keeping mail through an SMTP outage.
 */
@MicronautTest(transactional = false)
class MailDeliveryIT extends IntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private final int smtpPort = freePort();
    private GreenMail smtp;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("renkei.mail.smtp.host", "127.0.0.1", "renkei.mail.smtp.port", String.valueOf(smtpPort),
                "renkei.mail.smtp.timeout", "2s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }

    private List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(r -> address.equalsIgnoreCase(((InternetAddress) r).getAddress()));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private MimeMessage awaitMailTo(String address) {
        return Poll.until(DELIVERY, "a mail to " + address, () -> receivedBy(address).stream().findFirst().orElse(null));
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        return ((String) message.getContent()).replace("\r\n", "\n");
    }

    @Test
    void noticeWhenTokenIssuedThenSeedMailReachesTheHolder() throws Exception {
        startSmtp();
        String admin = admin();
        String user1 = accountIdOf("user1");
        Http.Response issued = http.post("/v1/api-tokens/bulk-issue", admin, Map.of("account_ids", List.of(user1)));
        assertEquals("issued", issued.str("results/0/outcome"), issued::toString);

        MimeMessage mail = awaitMailTo("user1@example.com");
        assertEquals("【Renkei】 APIトークン発行のお知らせ", mail.getSubject());
        assertEquals("no-reply@renkei.local", ((InternetAddress) mail.getFrom()[0]).getAddress());
        assertTrue(mail.getContentType().toLowerCase().contains("charset=utf-8"), mail.getContentType());
        String body = text(mail);
        String deadline = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(Instant.parse(issued.str("pickup_deadline")).atZone(ZoneId.of("Asia/Tokyo")));
        // The seed's mail, line by line: addressee, validity from pickup, link, deadline.
        assertTrue(body.startsWith("一般ユーザさま\n"), body);
        assertTrue(body.contains("トークンの有効期限は取得してから90日間です。"), body);
        assertTrue(body.contains("\nhttp://localhost:8080/console/settings/api-tokens\n"), body);
        assertTrue(body.contains("※トークンは" + deadline + " JSTまでに取得してください。"), body);
        assertTrue(body.contains("こちらのメールアドレスに返信することはできません。"), body);

        Map<String, Object> row = Poll.until(DELIVERY, "the outbox row marked sent", () -> {
            List<Map<String, Object>> rows = outboxMailsTo("user1@example.com");
            return rows.size() == 1 && rows.get(0).get("sent_at") != null ? rows.get(0) : null;
        });
        assertEquals(1, row.get("attempts"));
        assertNull(row.get("last_error"));
    }

    @Test
    void resetMailWhenSentThenItsLinkSetsTheNewPassword() throws Exception {
        startSmtp();
        String loginId = uniqueLoginId("mailreset");
        String accountId = createAccount(loginId, "holder-password-1");
        http.post("/v1/accounts/bulk-password-reset", admin(), Map.of("account_ids", List.of(accountId)));

        MimeMessage mail = awaitMailTo(loginId + "@example.com");
        assertTrue(mail.getSubject().contains("パスワード"), mail.getSubject());
        String body = text(mail);
        assertTrue(body.contains("ログインID: " + loginId), body);
        String token = resetTokenIn(body);

        assertEquals(204, http.post("/v1/auth/password-reset", null,
                Map.of("reset_token", token, "new_password", "password-from-the-mail")).status());
        signIn(loginId, "password-from-the-mail");
    }

    @Test
    void noticeWhenSmtpDownAtIssueThenRetriedAfterBackoffAndDeliveredOnce() throws Exception {
        // No SMTP server listens on the configured port yet.
        String loginId = uniqueLoginId("outage");
        String recipient = loginId + "@example.com";
        issueToken(createAccount(loginId, "holder-password-1"));

        Map<String, Object> failed = Poll.until(DELIVERY, "a failed delivery attempt", () -> {
            List<Map<String, Object>> rows = outboxMailsTo(recipient);
            return rows.size() == 1 && ((Integer) rows.get(0).get("attempts")) > 0 ? rows.get(0) : null;
        });
        assertNull(failed.get("sent_at"), "not sent");
        assertNotNull(failed.get("last_error"), "the failure is recorded on the row");
        assertEquals(1, failed.get("attempts"));
        Instant retryAt = ((Timestamp) failed.get("next_attempt_at")).toInstant();
        assertTrue(retryAt.isAfter(clock.instant().plusSeconds(10)), "backs off rather than hammering the server");

        startSmtp();
        Thread.sleep(600); // several poll intervals: nothing is due yet, so nothing is sent
        assertEquals(List.of(), receivedBy(recipient), "no retry before the backoff has passed");

        clock.advance(Duration.between(clock.instant(), retryAt).plusSeconds(1));
        MimeMessage mail = awaitMailTo(recipient);
        assertTrue(text(mail).startsWith("Holder " + loginId + "さま"), text(mail));

        Thread.sleep(1000); // and no duplicate follows
        assertEquals(1, receivedBy(recipient).size(), "delivered exactly once");
        Map<String, Object> row = outboxMailsTo(recipient).get(0);
        assertNotNull(row.get("sent_at"));
        assertEquals(2, row.get("attempts"));
        assertNull(row.get("last_error"));
    }
}
