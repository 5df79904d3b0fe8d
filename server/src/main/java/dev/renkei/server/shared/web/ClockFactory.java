package dev.renkei.server.shared.web;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** One clock for all business time, so tests can move it (token expiry, pickup deadlines). */
@Factory
public class ClockFactory {

    /**
     * PostgreSQL keeps microseconds. A clock finer than that would answer a create or an issue
     * with instants (created_at, pickup_deadline) that differ from what a later read returns,
     * and mail and audit details would disagree with the stored row.
     */
    public static final Duration PRECISION = Duration.of(1, ChronoUnit.MICROS);

    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), PRECISION);
    }
}
