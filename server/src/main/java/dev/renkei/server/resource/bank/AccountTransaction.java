package dev.renkei.server.resource.bank;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One deposit or withdrawal of a bank account (入出金明細). {@code amount} is signed yen;
 * {@code balanceAfter} is the account's balance once it was booked.
 */
public record AccountTransaction(UUID id, UUID accountId, LocalDate bookedOn, Instant transactedAt, Type type,
                                 long amount, long balanceAfter, String description, @Nullable String counterparty) {

    public enum Type { DEPOSIT, WITHDRAWAL }
}
