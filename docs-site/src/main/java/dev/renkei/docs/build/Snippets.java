package dev.renkei.docs.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts tagged regions out of source files, so a guide shows code the build compiles and runs
 * instead of a copy that drifts. A region is the lines between {@code // tag::NAME[]} and
 * {@code // end::NAME[]}; marker lines of other regions inside it are dropped, and the common
 * indentation is removed.
 */
final class Snippets {

    private static final Pattern MARKER = Pattern.compile("^\\s*//\\s*(tag|end)::([A-Za-z0-9_.-]+)\\[]\\s*$");

    private final Path root;

    /** @param root the folder include paths are relative to (the repository root) */
    Snippets(Path root) {
        this.root = root;
    }

    /**
     * The region {@code tag} of {@code file}.
     *
     * @throws SiteException when the file, or exactly one well-formed region of that name, is missing
     */
    String region(String file, String tag) {
        Path path = root.resolve(file).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new SiteException("include outside the repository: " + file);
        }
        if (!Files.isRegularFile(path)) {
            throw new SiteException("included file not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SiteException("cannot read included file " + file + ": " + e.getMessage());
        }
        List<String> body = null;
        List<String> found = null;
        for (String line : lines) {
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                boolean ours = marker.group(2).equals(tag);
                if (ours && marker.group(1).equals("tag")) {
                    if (body != null || found != null) {
                        throw new SiteException("region '" + tag + "' opened twice in " + file);
                    }
                    body = new ArrayList<>();
                } else if (ours) {
                    if (body == null) {
                        throw new SiteException("region '" + tag + "' closed before it was opened in " + file);
                    }
                    found = body;
                    body = null;
                }
                continue;
            }
            if (body != null) {
                body.add(line);
            }
        }
        if (body != null) {
            throw new SiteException("region '" + tag + "' is never closed in " + file);
        }
        if (found == null) {
            throw new SiteException("region '" + tag + "' not found in " + file);
        }
        if (found.stream().allMatch(String::isBlank)) {
            throw new SiteException("region '" + tag + "' is empty in " + file);
        }
        return dedent(found);
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
