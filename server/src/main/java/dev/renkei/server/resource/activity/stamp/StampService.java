package dev.renkei.server.resource.activity.stamp;

import dev.renkei.server.resource.activity.ActivityQueries;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The stamp history (履歴情報・打刻情報), read only: stamps are records of what happened. Lists
 * are keyset-paged on (stamped_at, id), so a page stays one index range scan however deep a
 * client pages into a million stamps.
 */
@Singleton
public class StampService {

    private final StampRepository stamps;
    private final Clock clock;

    public StampService(StampRepository stamps, Clock clock) {
        this.stamps = stamps;
        this.clock = clock;
    }

    /** Stamps in [from, to), oldest first; see {@link ActivityQueries#history} for the default period. */
    @Transactional(readOnly = true)
    public Page<Stamp> list(@Nullable ZonedDateTime from, @Nullable ZonedDateTime to, @Nullable UUID userId,
                            @Nullable UUID spotId, @Nullable UUID statusId, @Nullable String cursor, int limit) {
        ActivityQueries.Period period = ActivityQueries.history(from, to, clock);
        // The raw parameters, not the defaulted period: without `to` the period moves with the
        // clock between pages, and the keyset position alone keeps paging exact.
        String scope = Cursor.scope("stamps", from, to, userId, spotId, statusId);
        return Page.of(stamps.list(period.from(), period.to(), userId, spotId, statusId, Cursor.decode(cursor, scope),
                limit + 1), limit, s -> new Cursor(s.stampedAt().toString(), s.id(), scope));
    }

    @Transactional(readOnly = true)
    public Stamp get(UUID id) {
        return stamps.find(id).orElseThrow(() -> ProblemException.notFound("Stamp " + id));
    }
}
