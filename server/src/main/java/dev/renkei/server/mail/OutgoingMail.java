package dev.renkei.server.mail;

/** A rendered mail waiting in the outbox. {@code sensitive} bodies (reset links) are never logged. */
public record OutgoingMail(String recipient, String subject, String body, boolean sensitive) {
}
