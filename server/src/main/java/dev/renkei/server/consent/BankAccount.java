package dev.renkei.server.consent;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's deposit account (seed 002: 照会用口座). {@code pinHash} is the inquiry PIN on file
 * at the bank; {@code apiPinRegisteredAt} says the customer registered it for API use (登録済み).
 */
public record BankAccount(UUID id,
                          UUID ownerId,
                          String branchName,
                          String branchCode,
                          Type type,
                          String accountNumber,
                          @Nullable String holderName,
                          @Nullable String memo,
                          String pinHash,
                          long balance,
                          @Nullable Instant apiPinRegisteredAt,
                          Instant createdAt) {

    /** 科目. */
    public enum Type { ORDINARY, CURRENT }

    public boolean pinRegistered() {
        return apiPinRegisteredAt != null;
    }

    /** All but the last 4 digits hidden, as consent listings show an account. */
    public String maskedNumber() {
        int keep = Math.min(4, accountNumber.length());
        return "*".repeat(accountNumber.length() - keep) + accountNumber.substring(accountNumber.length() - keep);
    }
}
