package dev.renkei.server.resource.spot;

import dev.renkei.server.resource.support.ETags;
import dev.renkei.server.resource.access.ResourceCallers;
import dev.renkei.server.resource.support.References;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Db;
import dev.renkei.server.shared.db.Ids;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import dev.renkei.server.shared.idempotency.IdempotencyStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.renkei.server.resource.support.Patches.emptyToNull;
import static dev.renkei.server.resource.support.Patches.text;

/**
 * Spots (スポット情報) and what hangs on them (seed 003): spots are read, created, updated and
 * deleted; customer contacts read; staff in charge read, added and removed; tags read; links
 * between spots and tags created, moved and deleted. Updates and deletes honour {@code If-Match}
 * (RFC 9110 §13.1.1); creates honour {@code Idempotency-Key}.
 */
@Singleton
public class SpotService {

    private final SpotRepository spots;
    private final IdempotencyStore idempotency;
    private final ResourceCallers callers;
    private final References references;
    private final Clock clock;

    public SpotService(SpotRepository spots, IdempotencyStore idempotency, ResourceCallers callers, References references,
                       Clock clock) {
        this.spots = spots;
        this.references = references;
        this.idempotency = idempotency;
        this.callers = callers;
        this.clock = clock;
    }

    /**
     * One statement, so a connection without a transaction of its own (it joins the caller's, if
     * any): PostgreSQL gives a single statement one snapshot, and BEGIN/COMMIT would cost a round trip.
     */
    @Connectable
    public Page<Spot> list(SpotRepository.Filter filter, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("spots", filter.text(), filter.tagId(), filter.updatedSince());
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(spots.list(filter, after == null ? null : after.id(), limit + 1), limit,
                s -> new Cursor("", s.id(), scope));
    }

    /** One statement: no transaction of its own, as {@link #list}. */
    @Connectable
    public Spot get(UUID id) {
        return spots.find(id).orElseThrow(() -> ProblemException.notFound("No spot has the ID " + id));
    }

    @Transactional
    public Spot create(Spot.Changes spot, @Nullable String idempotencyKey) {
        return idempotency.execute(callers.idempotencyActor(), "resources.spots.create", idempotencyKey, spot,
                Argument.of(Spot.class), () -> {
                    UUID id = Ids.newId();
                    try {
                        spots.insert(id, blankToNull(spot), clock.instant());
                    } catch (RuntimeException e) {
                        throw codeTaken(e, spot.code());
                    }
                    return get(id);
                });
    }

    @Transactional
    public Spot update(UUID id, Spot.Changes changes, @Nullable String ifMatch) {
        Spot current = get(id);
        ETags.requireMatch(ifMatch, current.version(), "spot");
        if ((changes.latitude() == null) != (changes.longitude() == null)) {
            throw ProblemException.invalid("/location", "send latitude and longitude together");
        }
        Spot next = new Spot(id, text(changes.code(), current.code()), changes.name() != null ? changes.name() : current.name(),
                text(changes.nameKana(), current.nameKana()),
                changes.address() != null ? blankToNull(changes.address()) : current.address(),
                changes.latitude() != null ? changes.latitude() : current.latitude(),
                changes.longitude() != null ? changes.longitude() : current.longitude(),
                text(changes.phone(), current.phone()), text(changes.url(), current.url()), text(changes.note(), current.note()),
                current.tagIds(), current.version(), current.createdAt(), clock.instant());
        boolean written;
        try {
            written = spots.update(next, current.version());
        } catch (RuntimeException e) {
            throw codeTaken(e, next.code());
        }
        if (!written) {
            throw ETags.changedSinceRead("spot");
        }
        return get(id);
    }

    @Transactional
    public void delete(UUID id, @Nullable String ifMatch) {
        Spot current = get(id);
        ETags.requireMatch(ifMatch, current.version(), "spot");
        references.requireUnreferenced("rs_spot", id, "The spot", "delete or change those first");
        if (spots.delete(id, current.version()) == 0) {
            throw ETags.changedSinceRead("spot");
        }
    }

    @Transactional(readOnly = true)
    public Page<SpotContact> contacts(UUID spotId, @Nullable String cursor, int limit) {
        requireSpot(spotId);
        String scope = Cursor.scope("spot-contacts", spotId);
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(spots.contacts(spotId, after == null ? null : after.id(), limit + 1), limit,
                c -> new Cursor("", c.id(), scope));
    }

    @Transactional(readOnly = true)
    public Page<SpotStaff> staff(UUID spotId, @Nullable String cursor, int limit) {
        requireSpot(spotId);
        String scope = Cursor.scope("spot-staff", spotId);
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(spots.staff(spotId, after == null ? null : after.sortKey(), limit + 1), limit,
                s -> new Cursor(SpotRepository.staffSortKey(s), s.userId(), scope));
    }

    /** A spot has at most one main person in charge: a new main demotes the previous one to sub. */
    @Transactional
    public SpotStaff addStaff(UUID spotId, UUID userId, @Nullable String role) {
        requireSpot(spotId);
        if (!spots.activeUserExists(userId)) {
            throw ProblemException.invalid("/user_id", "no active user has the ID " + userId);
        }
        if (spots.findStaff(spotId, userId).isPresent()) {
            throw new ProblemException(ProblemType.ALREADY_EXISTS, "The user is already in charge of this spot");
        }
        String effective = role == null ? "sub" : role;
        if ("main".equals(effective)) {
            spots.demoteMain(spotId);
        }
        try {
            spots.insertStaff(spotId, userId, effective, clock.instant());
        } catch (RuntimeException e) {
            if (Db.isUniqueViolation(e)) {
                throw new ProblemException(ProblemType.ALREADY_EXISTS, "The user was put in charge of this spot just now");
            }
            throw e;
        }
        return spots.findStaff(spotId, userId).orElseThrow();
    }

    @Transactional
    public void removeStaff(UUID spotId, UUID userId) {
        requireSpot(spotId);
        if (spots.deleteStaff(spotId, userId) == 0) {
            throw ProblemException.notFound("The user " + userId + " is not in charge of this spot");
        }
    }

    @Transactional(readOnly = true)
    public Page<SpotTag> tags(@Nullable String cursor, int limit) {
        String scope = Cursor.scope("spot-tags");
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(spots.tags(after == null ? null : after.sortKey(), limit + 1), limit,
                t -> new Cursor(SpotRepository.tagSortKey(t), t.id(), scope));
    }

    @Transactional
    public SpotTag.Link link(UUID spotId, UUID tagId, @Nullable String idempotencyKey) {
        return idempotency.execute(callers.idempotencyActor(), "resources.spot-tag-links.create", idempotencyKey,
                java.util.Map.of("spot_id", spotId, "tag_id", tagId), Argument.of(SpotTag.Link.class), () -> {
                    if (!spots.exists(spotId)) {
                        throw ProblemException.invalid("/spot_id", "no spot has the ID " + spotId);
                    }
                    requireTag(tagId);
                    Instant now = clock.instant();
                    SpotTag.Link link = new SpotTag.Link(Ids.newId(), spotId, tagId, 1, now, now);
                    try {
                        spots.insertLink(link);
                    } catch (RuntimeException e) {
                        throw alreadyLinked(e);
                    }
                    spots.touch(spotId, now);
                    return link;
                });
    }

    @Transactional
    public SpotTag.Link moveLink(UUID linkId, UUID tagId, @Nullable String ifMatch) {
        SpotTag.Link current = spots.findLink(linkId)
                .orElseThrow(() -> ProblemException.notFound("No spot-tag link has the ID " + linkId));
        ETags.requireMatch(ifMatch, current.version(), "spot-tag link");
        requireTag(tagId);
        Instant now = clock.instant();
        boolean written;
        try {
            written = spots.updateLink(linkId, tagId, current.version(), now);
        } catch (RuntimeException e) {
            throw alreadyLinked(e);
        }
        if (!written) {
            throw ETags.changedSinceRead("spot-tag link");
        }
        spots.touch(current.spotId(), now);
        return spots.findLink(linkId).orElseThrow();
    }

    @Transactional
    public void unlink(UUID linkId, @Nullable String ifMatch) {
        SpotTag.Link current = spots.findLink(linkId)
                .orElseThrow(() -> ProblemException.notFound("No spot-tag link has the ID " + linkId));
        ETags.requireMatch(ifMatch, current.version(), "spot-tag link");
        if (spots.deleteLink(linkId, current.version()) == 0) {
            throw ETags.changedSinceRead("spot-tag link");
        }
        spots.touch(current.spotId(), clock.instant());
    }

    private void requireSpot(UUID spotId) {
        if (!spots.exists(spotId)) {
            throw ProblemException.notFound("No spot has the ID " + spotId);
        }
    }

    private void requireTag(UUID tagId) {
        if (!spots.tagExists(tagId)) {
            throw ProblemException.invalid("/tag_id", "no spot tag has the ID " + tagId);
        }
    }

    private static RuntimeException codeTaken(RuntimeException e, @Nullable String code) {
        return Db.isUniqueViolation(e)
                ? new ProblemException(ProblemType.ALREADY_EXISTS, "Another spot already has the code " + code) : e;
    }

    private static RuntimeException alreadyLinked(RuntimeException e) {
        return Db.isUniqueViolation(e)
                ? new ProblemException(ProblemType.ALREADY_EXISTS, "The spot already carries this tag") : e;
    }

    private static Spot.Changes blankToNull(Spot.Changes spot) {
        return new Spot.Changes(emptyToNull(spot.code()), spot.name(), emptyToNull(spot.nameKana()),
                spot.address() == null ? null : blankToNull(spot.address()), spot.latitude(), spot.longitude(),
                emptyToNull(spot.phone()), emptyToNull(spot.url()), emptyToNull(spot.note()));
    }

    private static Spot.Address blankToNull(Spot.Address a) {
        return new Spot.Address(emptyToNull(a.postalCode()), emptyToNull(a.prefecture()), emptyToNull(a.city()),
                emptyToNull(a.street()), emptyToNull(a.building()));
    }
}
