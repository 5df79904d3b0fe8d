package dev.renkei.server.resource.activity;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;

/** Strong entity tags (RFC 9110 §8.8.3) made of a row's version, and the If-Match check (§13.1.1). */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Passes without the header, with {@code *}, or with the current tag (or a list naming it);
     * anything else means the client's copy is stale: 412, before anything is changed.
     */
    public static void check(@Nullable String ifMatch, long currentVersion, String what) {
        if (ifMatch == null) {
            return;
        }
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.trim();
            if (candidate.equals("*") || candidate.equals(current)) {
                return;
            }
        }
        throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                "The " + what + " was changed since you read it (If-Match does not match the current ETag " + current
                        + "); read it again and reapply your change");
    }
}
