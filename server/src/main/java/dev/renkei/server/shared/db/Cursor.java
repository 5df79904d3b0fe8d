package dev.renkei.server.shared.db;

import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.security.SecretTokens;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An opaque keyset cursor: the sort key and id of the last row served. Paging by key rather than
 * offset keeps every page correct while rows are inserted and deleted between requests.
 * <p>
 * A cursor also carries the {@link #scope(Object...) scope} of the list it came from (which list,
 * with which filters): continued on another list or with other filters it would silently skip or
 * repeat rows, so the contract refuses it with 400 instead.
 */
public record Cursor(String sortKey, UUID id, String scope) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A short fingerprint of a list and its filters; the filters themselves stay out of the cursor. */
    public static String scope(Object... listAndFilters) {
        byte[] hash = SecretTokens.sha256(Arrays.deepToString(listAndFilters));
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    public String encode() {
        return ENCODER.encodeToString((scope + "\n" + sortKey + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for the first page; a 400 problem for anything not made by {@link #encode()} for this scope. */
    @Nullable
    public static Cursor decode(@Nullable String encoded, String scope) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        Cursor cursor;
        try {
            String text = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
            int first = text.indexOf('\n');
            int last = text.lastIndexOf('\n');
            if (first < 0 || first == last) {
                throw new IllegalArgumentException("no separator");
            }
            cursor = new Cursor(text.substring(first + 1, last), UUID.fromString(text.substring(last + 1)),
                    text.substring(0, first));
        } catch (IllegalArgumentException e) {
            throw invalid("The cursor is not one this API returned; start again without it");
        }
        if (!cursor.scope().equals(scope)) {
            throw invalid("The cursor belongs to another list or to other filters; "
                    + "send the same filters as for the first page, or start again without it");
        }
        return cursor;
    }

    /** The sort key of a list ordered by time. */
    public Instant instantKey() {
        try {
            return Instant.parse(sortKey);
        } catch (DateTimeParseException e) {
            throw invalid("The cursor is not one this API returned; start again without it");
        }
    }

    private static ProblemException invalid(String reason) {
        return ProblemException.invalid("cursor", reason);
    }
}
