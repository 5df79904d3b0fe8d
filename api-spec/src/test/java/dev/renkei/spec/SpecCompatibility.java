package dev.renkei.spec;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Compares two versions of an OpenAPI document with openapi-diff: what a client written against
 * the old one would notice (a missing operation, a parameter it does not send now required, a
 * response member it reads gone...) is incompatible.
 */
final class SpecCompatibility {

    /** The folder of released contracts, one sub-folder per version (a plain copy of the YAML). */
    static final Path RELEASES = Path.of("releases");
    /** The current contract. */
    static final Path CURRENT = Path.of("src/main/resources/openapi");

    private SpecCompatibility() {
    }

    /** The outcome of one comparison and its changelog in Markdown. */
    record Result(boolean incompatible, boolean unchanged, String changelog) {
    }

    static Result compare(Path oldDocument, Path newDocument) {
        // Paths, not contents: the parser resolves each document's relative $refs (common.yaml)
        // against its own folder.
        ChangedOpenApi diff = OpenApiCompare.fromLocations(oldDocument.toAbsolutePath().toString(),
                newDocument.toAbsolutePath().toString());
        ByteArrayOutputStream markdown = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(markdown, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(diff.isIncompatible(), diff.isUnchanged(), markdown.toString(StandardCharsets.UTF_8));
    }

    /** The newest released version (by version number, so 0.10.0 follows 0.9.0). */
    static Path latestRelease() throws IOException {
        try (Stream<Path> versions = Files.list(RELEASES)) {
            return versions.filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> versionKey(p.getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no release under " + RELEASES.toAbsolutePath()));
        }
    }

    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("[.-]")) {
            key.append(String.format("%10s", part).replace(' ', '0')).append('.');
        }
        return key.toString();
    }
}
