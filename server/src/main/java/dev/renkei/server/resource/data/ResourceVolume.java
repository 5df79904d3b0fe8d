package dev.renkei.server.resource.data;

import java.time.Instant;

/**
 * How much data {@link ResourceDataGenerator}s make. {@code DEMO} is what a newcomer browses on a
 * first start; {@code LARGE} is what benchmarks page through (100,000 spots, 1,000,000 stamps).
 *
 * @param users          field-service users
 * @param groups         groups (a small tree)
 * @param spots          spots
 * @param stamps         stamps in the history, spread over {@code days}
 * @param positions      automatically recorded positions, spread over {@code days}
 * @param schedules      schedules
 * @param reports        reports
 * @param photos         spot photos
 * @param days           how many days of history end at {@code until}
 * @param until          the end of the generated history (the generation time)
 */
public record ResourceVolume(int users, int groups, int spots, int stamps, int positions, int schedules, int reports,
                             int photos, int days, Instant until) {

    public static ResourceVolume demo(Instant now) {
        return new ResourceVolume(12, 4, 60, 600, 1_200, 40, 80, 30, 14, now);
    }

    public static ResourceVolume large(Instant now) {
        return new ResourceVolume(500, 30, 100_000, 1_000_000, 500_000, 20_000, 50_000, 5_000, 90, now);
    }
}
