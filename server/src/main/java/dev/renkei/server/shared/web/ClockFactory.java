package dev.renkei.server.shared.web;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** One clock for all business time, so tests can move it (token expiry, pickup deadlines). */
@Factory
public class ClockFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
