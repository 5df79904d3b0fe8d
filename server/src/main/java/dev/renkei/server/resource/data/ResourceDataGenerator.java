package dev.renkei.server.resource.data;

import java.util.SplittableRandom;

/**
 * Fills one group of Resource API families with realistic, internally consistent data. Several
 * families are read-only through the API (stamps, positions, reports...), so this is the only way
 * they get rows: demo volume on a first start, large volume on demand for benchmarks.
 * <p>
 * Generators run in {@link #order()}; each reads what earlier ones made (user and spot IDs, say)
 * from the database rather than from the others' code. They run inside one transaction.
 */
public interface ResourceDataGenerator {

    /** Organisation 100, spots 200, activity 300, reports and photos 400, bank 500. */
    int order();

    /** Inserts this group's rows at {@code volume}; the random source is seeded, so runs repeat. */
    void generate(ResourceVolume volume, SplittableRandom random);
}
