package dev.renkei.server.resource.activity;

import dev.renkei.server.shared.error.ProblemException;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Rules shared by the activity lists: the default period of the history lists, and the range of
 * times PostgreSQL can store. A time outside that range would fail in the database, which a
 * client must see as its own mistake (400), not as a server error.
 */
public final class ActivityQueries {

    /** Without {@code from}, the history lists cover this long before {@code to}. */
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(30);

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private ActivityQueries() {
    }

    /** A period [from, to) of a history list. */
    public record Period(Instant from, Instant to) {
    }

    /** The period of a stamp or position list: {@code to} defaults to now, {@code from} to 30 days before {@code to}. */
    public static Period history(@Nullable ZonedDateTime from, @Nullable ZonedDateTime to, Clock clock) {
        Instant end = to == null ? clock.instant() : checked("to", to.toInstant());
        Instant start = from == null ? end.minus(DEFAULT_HISTORY) : checked("from", from.toInstant());
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        return new Period(start, end);
    }

    /** An optional time parameter or body member, refused when the database could not store it. */
    @Nullable
    public static Instant instant(String pointer, @Nullable ZonedDateTime value) {
        return value == null ? null : checked(pointer, value.toInstant());
    }

    @Nullable
    public static LocalDate date(String pointer, @Nullable LocalDate value) {
        if (value != null && (value.getYear() < 1900 || value.getYear() > 9998)) {
            throw ProblemException.invalid(pointer, "must be a date between the years 1900 and 9998");
        }
        return value;
    }

    /** A time, refused when the database could not store it. */
    public static Instant checked(String pointer, Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw ProblemException.invalid(pointer, "must be a time between the years 1900 and 9998");
        }
        return value;
    }
}
