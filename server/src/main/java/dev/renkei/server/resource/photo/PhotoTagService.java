package dev.renkei.server.resource.photo;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The photo tag catalogue (スポット写真タグ情報: read, delete). Deleting a tag takes it off every
 * photo rather than refusing with 409: a tag is a label, and the photos stay. Those photos change,
 * so each gets a new version (their ETags, RFC 9110 §8.8.3, no longer match).
 */
@Singleton
public class PhotoTagService {

    private final PhotoTagRepository tags;
    private final SpotPhotoRepository photos;
    private final Clock clock;

    public PhotoTagService(PhotoTagRepository tags, SpotPhotoRepository photos, Clock clock) {
        this.tags = tags;
        this.photos = photos;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<PhotoTag> list(@Nullable String cursor, int limit) {
        String scope = Cursor.scope("spot-photo-tags");
        Cursor after = Cursor.decode(cursor, scope);
        Integer afterSortOrder = null;
        if (after != null) {
            try {
                afterSortOrder = Integer.valueOf(after.sortKey());
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("cursor", "The cursor is not one this API returned; start again without it");
            }
        }
        List<PhotoTag> rows = tags.list(afterSortOrder, after == null ? null : after.id(), limit + 1);
        return Page.of(rows, limit, t -> new Cursor(Integer.toString(t.sortOrder()), t.id(), scope));
    }

    @Transactional(readOnly = true)
    public PhotoTag get(UUID id) {
        return tags.find(id).orElseThrow(() -> ProblemException.notFound("Spot photo tag " + id));
    }

    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        PhotoTag tag = get(id);
        ETags.requireMatch(ifMatch, tag.version(), "photo tag");
        List<UUID> tagged = tags.photosCarrying(id);
        if (!tags.delete(id, tag.version())) {
            throw ETags.changedSinceRead("photo tag");
        }
        photos.bumpVersions(tagged, clock.instant());
    }
}
