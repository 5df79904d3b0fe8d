package dev.renkei.server.resource.data;

import dev.renkei.server.shared.db.Db;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs the {@link ResourceDataGenerator}s once on an empty Resource API database: demo volume by
 * default, or {@code renkei.resources.data.volume=large} for benchmarks (a few minutes). Never
 * touches a database that already has field-service users.
 */
@Singleton
@Requires(property = "renkei.demo-data.enabled", value = "true", defaultValue = "true")
public class ResourceDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceDataLoader.class);
    /** A fixed seed: every fresh installation shows the same demo data, and benchmarks repeat. */
    private static final long SEED = 20261125L;

    private final List<ResourceDataGenerator> generators;
    private final Db db;
    private final Clock clock;
    private final String volume;

    public ResourceDataLoader(List<ResourceDataGenerator> generators, Db db, Clock clock,
                              @Value("${renkei.resources.data.volume:demo}") String volume) {
        this.generators = generators.stream().sorted(Comparator.comparingInt(ResourceDataGenerator::order)).toList();
        this.db = db;
        this.clock = clock;
        this.volume = volume;
    }

    @EventListener
    @Transactional
    public void onStartup(StartupEvent event) {
        if (db.one("SELECT 1 FROM rs_user LIMIT 1", s -> { }, r -> 1).isPresent()) {
            return;
        }
        ResourceVolume size = "large".equals(volume) ? ResourceVolume.large(clock.instant()) : ResourceVolume.demo(clock.instant());
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(SEED);
        for (ResourceDataGenerator generator : generators) {
            generator.generate(size, random.split());
        }
        LOG.info("Empty Resource API database: generated {} data ({} spots, {} stamps) in {} ms", volume, size.spots(),
                size.stamps(), (System.nanoTime() - started) / 1_000_000);
    }
}
