package dev.renkei.server.resource.organization;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;

/** Strong ETags from row versions, and the If-Match check of RFC 9110 §13.1.1. */
final class Versions {

    private Versions() {
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Passes when no If-Match was sent, when it is {@code *}, or when one of its entity tags is
     * the current one. Weak tags never match: If-Match uses the strong comparison.
     */
    static void requireMatch(@Nullable String ifMatch, long currentVersion, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = etag(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(current)) {
                return;
            }
        }
        throw new ProblemException(ProblemType.PRECONDITION_FAILED, "The " + what
                + " was changed since you read it (If-Match does not match the current ETag " + current
                + "); read it again and reapply your change");
    }
}
