package dev.renkei.conformance.support;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the mails the server delivered to GreenMail, by recipient. */
public final class Mailbox {

    /** A received mail, decoded. */
    public record Mail(String to, String subject, String body) {
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final GreenMail greenMail;

    public Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /**
     * Waits for the newest mail to {@code recipient} whose body matches {@code bodyPattern}.
     * The outbox is polled every 200 ms, so delivery is asynchronous.
     */
    public Mail await(String recipient, String bodyPattern) {
        Pattern pattern = Pattern.compile(bodyPattern, Pattern.DOTALL);
        Instant until = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(until)) {
            Optional<Mail> found = newest(recipient, pattern);
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No mail to " + recipient + " matching /" + bodyPattern + "/ within " + WAIT);
    }

    /** The first group of {@code regex} in the newest matching mail to {@code recipient}. */
    public String awaitGroup(String recipient, String regex) {
        Mail mail = await(recipient, regex);
        Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(mail.body());
        if (!matcher.find()) {
            throw new AssertionError("unreachable: " + regex);
        }
        return matcher.group(1);
    }

    private Optional<Mail> newest(String recipient, Pattern pattern) {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        for (int i = messages.length - 1; i >= 0; i--) {
            Mail mail = decode(messages[i]);
            if (mail.to().contains(recipient) && pattern.matcher(mail.body()).find()) {
                return Optional.of(mail);
            }
        }
        return Optional.empty();
    }

    private static Mail decode(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            String recipients = to == null ? "" : String.join(",", Arrays.stream(to).map(Address::toString).toList());
            Object content = message.getContent();
            return new Mail(recipients, message.getSubject(), content instanceof String s ? s : String.valueOf(content));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable mail", e);
        }
    }
}
