package dev.renkei.server.resource.support;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;

/**
 * Entity tags of every Resource API family (RFC 9110 §8.8.3): a row's {@code version} in double
 * quotes, a strong validator, compared strongly for {@code If-Match} (§13.1.1) and weakly for
 * {@code If-None-Match} (§13.1.2).
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Refuses with 412 when {@code If-Match} was sent and names neither this version nor {@code *}.
     * Without the header the change applies to whatever version is current (the contract's rule).
     */
    public static void requireMatch(@Nullable String ifMatch, long currentVersion, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(currentVersion);
        boolean matches = Arrays.stream(ifMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(current));
        if (!matches) {
            throw changedSinceRead(what);
        }
    }

    public static ProblemException changedSinceRead(String what) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED,
                "The " + what + " was changed since you read it (If-Match does not match the current ETag); read it again and reapply your change");
    }

    /** True when {@code If-None-Match} names this tag or {@code *}; weak tags count (RFC 9110 §13.1.2). */
    public static boolean noneMatchHits(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
