package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.support.Patches;
import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Spot photos (スポット写真情報: read, delete) and each photo's metadata (read, update). The
 * metadata is part of its photo: both share the photo's version, so one ETag (RFC 9110 §8.8.3)
 * guards a delete and a metadata change alike ({@code If-Match}, RFC 9110 §13.1.1).
 */
@Singleton
public class SpotPhotoService {

    static final int MAX_CUSTOM_NAME = 50;
    static final int MAX_CUSTOM_VALUE = 500;

    private static final Argument<Map<String, String>> CUSTOM = Argument.mapOf(String.class, String.class);

    private final SpotPhotoRepository photos;
    private final ImageRepository images;
    private final ObjectMapper json;
    private final Clock clock;

    public SpotPhotoService(SpotPhotoRepository photos, ImageRepository images, ObjectMapper json, Clock clock) {
        this.photos = photos;
        this.images = images;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<SpotPhoto> list(@Nullable UUID spotId, @Nullable UUID tagId, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("spot-photos", spotId, tagId);
        List<SpotPhoto> rows = photos.list(spotId, tagId, Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, p -> new Cursor(p.takenAt().toString(), p.id(), scope));
    }

    @Transactional(readOnly = true)
    public SpotPhoto get(UUID id) {
        return photos.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Deletes the photo with its metadata and tag links, and its image unless a report (or another
     * photo) still shows it: a report must never lose a picture because a photo was tidied away.
     */
    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        SpotPhoto photo = get(id);
        ETags.requireMatch(ifMatch, photo.version(), "photo");
        if (!photos.delete(id, photo.version())) {
            throw ETags.changedSinceRead("photo");
        }
        images.deleteIfUnused(photo.imageId());
    }

    @Transactional(readOnly = true)
    public PhotoMetadata metadata(UUID photoId) {
        return toMetadata(photos.findMetadata(photoId, false).orElseThrow(() -> notFound(photoId)));
    }

    /** Applies the changes sent (merge semantics of the contract) and moves the photo to a new version. */
    @Transactional
    public PhotoMetadata updateMetadata(UUID photoId, PhotoMetadata.Changes changes, @Nullable String ifMatch) {
        Map<String, String> custom = changes.custom() == null ? null : checkCustom(changes.custom());
        PhotoMetadata current = toMetadata(photos.findMetadata(photoId, true).orElseThrow(() -> notFound(photoId)));
        ETags.requireMatch(ifMatch, current.version(), "photo");
        Instant now = clock.instant();
        if (!photos.bumpVersion(photoId, current.version(), now)) {
            throw ETags.changedSinceRead("photo");
        }
        PhotoMetadata updated = new PhotoMetadata(photoId, Patches.text(changes.caption(), current.caption()),
                Patches.text(changes.direction(), current.direction()), Patches.text(changes.note(), current.note()),
                custom == null ? current.custom() : new TreeMap<>(custom), current.version() + 1, now);
        photos.saveMetadata(photoId, updated.caption(), updated.direction(), updated.note(), write(updated.custom()));
        return updated;
    }

    private static Map<String, String> checkCustom(Map<String, String> custom) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : custom.entrySet()) {
            String name = field.getKey();
            String pointer = "/custom/" + name.replace("~", "~0").replace("/", "~1");
            if (name.isBlank() || name.length() > MAX_CUSTOM_NAME) {
                throw ProblemException.invalid(pointer, "A custom field name has 1 to " + MAX_CUSTOM_NAME
                        + " characters and is not blank");
            }
            if (field.getValue() == null || field.getValue().length() > MAX_CUSTOM_VALUE) {
                throw ProblemException.invalid(pointer, "A custom field value is a text of at most " + MAX_CUSTOM_VALUE
                        + " characters");
            }
            checked.put(name, field.getValue());
        }
        return checked;
    }

    private PhotoMetadata toMetadata(SpotPhotoRepository.MetadataRow row) {
        return new PhotoMetadata(row.photoId(), row.caption(), row.direction(), row.note(), read(row.customJson()),
                row.version(), row.updatedAt());
    }

    private Map<String, String> read(String custom) {
        try {
            // Sorted: jsonb keeps no order of its own, and a stable order keeps answers comparable.
            return new TreeMap<>(json.readValue(custom, CUSTOM));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Map<String, String> custom) {
        try {
            return json.writeValueAsString(custom);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Spot photo " + id);
    }
}
