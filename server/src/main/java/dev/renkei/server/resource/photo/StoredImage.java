package dev.renkei.server.resource.photo;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** What is known about a stored image, without its bytes. */
public record StoredImage(UUID id, String contentType, int width, int height, long size, byte[] sha256,
                          Instant createdAt) {

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** The download's strong validator: the bytes never change, so their digest names them. */
    public String etag() {
        return "\"" + sha256Hex().substring(0, 16) + "\"";
    }
}
