package dev.renkei.server.resource.activity.position;

import dev.renkei.server.resource.activity.ActivityQueries;
import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Automatically recorded positions (自動記録位置情報) and each user's latest position
 * (ユーザーごとの最新位置), which combines them with the positions of stamps. Read only.
 */
@Singleton
public class PositionService {

    private final PositionRepository positions;
    private final Clock clock;

    public PositionService(PositionRepository positions, Clock clock) {
        this.positions = positions;
        this.clock = clock;
    }

    /** Recorded positions in [from, to), oldest first; see {@link ActivityQueries#history} for the default period. */
    @Transactional(readOnly = true)
    public Page<RecordedPosition> list(@Nullable ZonedDateTime from, @Nullable ZonedDateTime to, @Nullable UUID userId,
                                       @Nullable String cursor, int limit) {
        ActivityQueries.Period period = ActivityQueries.history(from, to, clock);
        String scope = Cursor.scope("positions", from, to, userId);
        return Page.of(positions.list(period.from(), period.to(), userId, Cursor.decode(cursor, scope), limit + 1), limit,
                p -> new Cursor(p.recordedAt().toString(), p.id(), scope));
    }

    /** The latest position of each user that has one, by user id. */
    @Transactional(readOnly = true)
    public Page<LatestPosition> latest(@Nullable UUID groupId, @Nullable UUID userId, @Nullable String cursor, int limit) {
        String scope = Cursor.scope("latest-positions", groupId, userId);
        Cursor after = Cursor.decode(cursor, scope);
        return Page.of(positions.latest(groupId, userId, after == null ? null : after.id(), limit + 1), limit,
                p -> new Cursor("", p.userId(), scope));
    }

    @Transactional(readOnly = true)
    public LatestPosition latest(UUID userId) {
        return positions.latest(userId).orElseThrow(() -> positions.userExists(userId)
                ? new ProblemException(ProblemType.NOT_FOUND, "User " + userId + " has no recorded position yet")
                : ProblemException.notFound("User " + userId));
    }
}
