package dev.renkei.server.resource.activity.schedule;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** A member's part in a schedule: who arranged it (主催者) or who takes part (参加者). */
@Serdeable
public enum MemberRole {
    ORGANIZER, PARTICIPANT;

    /** The value in the database and the contract. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberRole ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
