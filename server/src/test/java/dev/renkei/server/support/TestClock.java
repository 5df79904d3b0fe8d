package dev.renkei.server.support;

import dev.renkei.server.shared.web.ClockFactory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The application clock in tests: real time plus an offset a test can move forward. */
@Singleton
@Replaces(bean = Clock.class, factory = ClockFactory.class)
public class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    /** When set, time stands still at this instant (plus later advances) until {@link #reset()}. */
    private final AtomicReference<Instant> frozen = new AtomicReference<>();

    /** Stops time where it is now: what happens "within the same second" then stays within it. */
    public void freeze() {
        frozen.set(instant());
    }

    /** Stops time at {@code at}. */
    public void freezeAt(Instant at) {
        frozen.set(at.truncatedTo(ChronoUnit.MICROS));
    }

    public void advance(Duration duration) {
        if (frozen.get() != null) {
            frozen.updateAndGet(at -> at.plus(duration));
        }
        offset.updateAndGet(d -> d.plus(duration));
    }

    public void reset() {
        offset.set(Duration.ZERO);
        frozen.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        // ClockFactory.PRECISION, as in production: what the database keeps.
        Instant at = frozen.get();
        return at != null ? at : Instant.now().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }
}
