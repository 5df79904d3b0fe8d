package dev.renkei.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breaking-change check: every API document must stay compatible with the same document of
 * the previous release (the newest folder under {@code api-spec/releases/}). The changelog of
 * each comparison is written to {@code target/compatibility/<document>.md}.
 * <p>
 * A deliberate breaking change needs a new major version of the API, not an edit here.
 */
class SpecCompatibilityTest {

    private static final Path REPORTS = Path.of("target", "compatibility");

    @ParameterizedTest
    @ValueSource(strings = {"token-issuance.yaml", "authorization.yaml", "resources.yaml"})
    void documentWhenComparedWithPreviousReleaseThenNoBreakingChange(String document) throws IOException {
        Path release = SpecCompatibility.latestRelease();
        Path released = release.resolve(document);
        assertTrue(Files.exists(released), () -> document + " is missing from release " + release);

        SpecCompatibility.Result result = SpecCompatibility.compare(released, SpecCompatibility.CURRENT.resolve(document));

        Files.createDirectories(REPORTS);
        Path report = REPORTS.resolve(document.replace(".yaml", ".md"));
        Files.writeString(report, "<!-- " + document + ": release " + release.getFileName() + " → current -->\n"
                + result.changelog());
        System.out.printf("%s against release %s: %s (changelog: %s)%n", document, release.getFileName(),
                result.unchanged() ? "unchanged" : result.incompatible() ? "BREAKING" : "compatible", report);
        assertFalse(result.incompatible(), () -> document + " breaks clients of release " + release.getFileName()
                + ":\n" + result.changelog());
    }
}
