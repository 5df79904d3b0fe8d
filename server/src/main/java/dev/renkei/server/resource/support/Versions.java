package dev.renkei.server.resource.support;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;

/**
 * Optimistic concurrency shared by every Resource API family: the
 * {@code ETag} is the row's version (RFC 9110 §8.8.3, a strong validator) and {@code If-Match}
 * must name it (§13.1.1).
 */
public final class Versions {

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version {@code If-Match} requires, or null when any version will do (no header, or
     * {@code *}). A list of ETags or a weak one cannot match a strong validator: 412.
     */
    @Nullable
    public static Long expected(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.length() >= 3 && value.startsWith("\"") && value.endsWith("\"")) {
            try {
                return Long.parseLong(value.substring(1, value.length() - 1));
            } catch (NumberFormatException e) {
                // not one of ours: matches nothing
            }
        }
        throw changed("If-Match " + value + " is not an ETag of this object");
    }

    /** Throws 412 unless the current version satisfies {@code If-Match}. */
    public static void check(@Nullable String ifMatch, long current, String what) {
        Long expected = expected(ifMatch);
        if (expected != null && expected != current) {
            throw changed("The " + what + " was changed since you read it (If-Match " + etag(expected)
                    + " does not match the current ETag " + etag(current) + "); read it again and reapply your change");
        }
    }

    public static ProblemException changed(String detail) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, detail);
    }
}
