package dev.renkei.server.resource.spot;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A spot (スポット情報): a customer's site the field team visits. Serialisable for Idempotency-Key replays. */
@Serdeable
public record Spot(UUID id, @Nullable String code, String name, @Nullable String nameKana, Address address,
                   @Nullable Double latitude, @Nullable Double longitude, @Nullable String phone, @Nullable String url,
                   @Nullable String note, List<UUID> tagIds, long version, Instant createdAt, Instant updatedAt) {

    /** A Japanese postal address; every part optional. */
    @Serdeable
    public record Address(@Nullable String postalCode, @Nullable String prefecture, @Nullable String city,
                          @Nullable String street, @Nullable String building) {
        public static final Address EMPTY = new Address(null, null, null, null, null);
    }

    /**
     * The members a create or update sends; null means "not sent". On update an empty string
     * clears a text member.
     */
    @Serdeable
    public record Changes(@Nullable String code, @Nullable String name, @Nullable String nameKana,
                          @Nullable Address address, @Nullable Double latitude, @Nullable Double longitude,
                          @Nullable String phone, @Nullable String url, @Nullable String note) {
    }
}
