package dev.renkei.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check of {@link SpecCompatibilityTest} catches real breaking changes, on small fixture
 * documents that differ from {@code base.yaml} by one change each.
 */
class BreakingChangeDetectionTest {

    private static final Path FIXTURES = Path.of("src/test/resources/compat");
    private static final Path BASE = FIXTURES.resolve("base.yaml");

    @Test
    void compareWhenOperationRemovedThenBreaking() {
        SpecCompatibility.Result result = compareWithBase("removed-operation.yaml");
        assertTrue(result.incompatible(), result::changelog);
        assertTrue(result.changelog().contains("/things/{id}"), result::changelog);
    }

    @Test
    void compareWhenOptionalParameterBecomesRequiredThenBreaking() {
        SpecCompatibility.Result result = compareWithBase("required-parameter.yaml");
        assertTrue(result.incompatible(), result::changelog);
    }

    @Test
    void compareWhenRequiredResponseMemberRemovedThenBreaking() {
        SpecCompatibility.Result result = compareWithBase("removed-response-member.yaml");
        assertTrue(result.incompatible(), result::changelog);
    }

    @Test
    void compareWhenOptionalParameterMemberAndOperationAddedThenCompatible() {
        SpecCompatibility.Result result = compareWithBase("compatible-additions.yaml");
        assertFalse(result.incompatible(), result::changelog);
        assertFalse(result.unchanged(), "the additions are seen");
    }

    @Test
    void compareWhenIdenticalThenUnchanged() {
        SpecCompatibility.Result result = SpecCompatibility.compare(BASE, BASE);
        assertTrue(result.unchanged(), result::changelog);
    }

    private static SpecCompatibility.Result compareWithBase(String variant) {
        return SpecCompatibility.compare(BASE, FIXTURES.resolve(variant));
    }
}
