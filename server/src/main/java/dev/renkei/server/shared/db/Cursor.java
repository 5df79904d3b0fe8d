package dev.renkei.server.shared.db;

import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor: the sort key and id of the last row served. Paging by key rather than
 * offset keeps every page correct while rows are inserted and deleted between requests.
 */
public record Cursor(String sortKey, UUID id) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public String encode() {
        return ENCODER.encodeToString((sortKey + "\n" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for the first page; a 400 problem for anything not made by {@link #encode()}. */
    @Nullable
    public static Cursor decode(@Nullable String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        try {
            String text = new String(DECODER.decode(encoded), StandardCharsets.UTF_8);
            int split = text.lastIndexOf('\n');
            if (split < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new Cursor(text.substring(0, split), UUID.fromString(text.substring(split + 1)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
        }
    }
}
