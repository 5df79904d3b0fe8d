package dev.renkei.server.token;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The per-account answer of APIトークン発行（一括）. Serialisable: it is what an idempotent retry replays. */
@Serdeable
public record BulkIssueResult(int validityDays, Instant pickupDeadline, List<Entry> entries) {

    /** Why an account got no token. */
    public enum SkipReason { ACCOUNT_NOT_FOUND, ACCOUNT_DELETED, ACCOUNT_LOCKED, TEMPORARY_USE_PROHIBITED, NO_MAIL_ADDRESS, DUPLICATE_IN_REQUEST }

    /** One account's outcome: a token id, or the reason it was skipped. */
    @Serdeable
    public record Entry(UUID accountId, @Nullable UUID tokenId, @Nullable UUID supersededTokenId,
                        @Nullable SkipReason skipReason) {
        public boolean issued() {
            return tokenId != null;
        }
    }

    public long issuedCount() {
        return entries.stream().filter(Entry::issued).count();
    }
}
