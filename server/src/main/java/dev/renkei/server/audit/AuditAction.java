package dev.renkei.server.audit;

import java.util.Locale;

/** What happened; the contract's {@code AuditAction}. */
public enum AuditAction {
    API_TOKEN_ISSUED, API_TOKEN_PICKED_UP, API_TOKEN_REVOKED,
    ACCOUNT_CREATED, ACCOUNT_UPDATED, ACCOUNT_DELETED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED,
    PASSWORD_RESET_REQUESTED, PASSWORD_RESET_COMPLETED,
    SYSTEM_PARAMETERS_CHANGED, MAIL_TEMPLATE_CHANGED,
    SIGN_IN_FAILED, SIGN_IN_SUCCEEDED,
    PARTNER_PROGRAM_CREATED, PARTNER_PROGRAM_UPDATED, PARTNER_PROGRAM_DELETED, PARTNER_PROGRAM_SECRET_ROTATED,
    CONSENT_GRANTED, CONSENT_REVOKED, REFRESH_TOKEN_REUSE_DETECTED, SIGNING_KEY_ROTATED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditAction fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
