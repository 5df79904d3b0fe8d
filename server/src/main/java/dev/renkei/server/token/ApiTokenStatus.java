package dev.renkei.server.token;

import java.util.Locale;

/** Where a token is in its life; derived from its timestamps, never stored. */
public enum ApiTokenStatus {
    PENDING_PICKUP, ACTIVE, EXPIRED, REVOKED, PICKUP_EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SQL condition selecting tokens in this status; a {@code ?} is the current time, when needed. */
    String sqlCondition() {
        return switch (this) {
            case REVOKED -> "t.revoked_at IS NOT NULL";
            case PENDING_PICKUP -> "t.revoked_at IS NULL AND t.picked_up_at IS NULL AND t.pickup_deadline > ?";
            case PICKUP_EXPIRED -> "t.revoked_at IS NULL AND t.picked_up_at IS NULL AND t.pickup_deadline <= ?";
            case ACTIVE -> "t.revoked_at IS NULL AND t.picked_up_at IS NOT NULL AND t.expires_at > ?";
            case EXPIRED -> "t.revoked_at IS NULL AND t.picked_up_at IS NOT NULL AND t.expires_at <= ?";
        };
    }
}
