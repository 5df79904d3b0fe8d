package dev.renkei.server.resource.activity.schedule;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** A member's answer to a schedule: 未回答, 参加, 未定, 不参加. */
@Serdeable
public enum Attendance {
    PENDING, ACCEPTED, TENTATIVE, DECLINED;

    /** The value in the database and the contract. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Attendance ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
