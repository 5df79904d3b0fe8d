package dev.renkei.server.resource.support;

import io.micronaut.core.annotation.Nullable;

/**
 * The contract's update rule for optional text members, shared by every PATCH of the Resource
 * API: an absent member keeps its value, an empty string clears it, anything else replaces it.
 */
public final class Patches {

    private Patches() {
    }

    /** The member's new value: {@code current} when not sent, null when sent empty. */
    @Nullable
    public static String text(@Nullable String sent, @Nullable String current) {
        return sent == null ? current : emptyToNull(sent);
    }

    /** On create, an empty optional text is the same as an absent one. */
    @Nullable
    public static String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
