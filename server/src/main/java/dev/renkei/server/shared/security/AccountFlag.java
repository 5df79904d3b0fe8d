package dev.renkei.server.shared.security;

/** The account flags of seed 000's account list (権限 and 利用制限). */
public enum AccountFlag {
    /** システム管理者: everything, including system parameters and mail templates. */
    SYSTEM_ADMIN,
    /** ユーザ管理者: accounts and API tokens, not system settings. */
    USER_ADMIN,
    /** 監査者: reads everything, changes nothing. */
    AUDITOR,
    /** 一般利用禁止: no interactive use beyond managing its own API tokens; its API token works. */
    GENERAL_USE_PROHIBITED,
    /** 一時利用禁止: can neither sign in nor use API tokens. */
    TEMPORARY_USE_PROHIBITED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AccountFlag fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
