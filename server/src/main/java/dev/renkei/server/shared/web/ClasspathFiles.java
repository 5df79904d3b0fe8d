package dev.renkei.server.shared.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files the server ships on its class path (Swagger UI, the contracts, the console's scripts),
 * read once and kept in memory. Callers pass only names they have checked against a fixed list or
 * pattern, so the cache stays as small as the set of shipped files; a missing file is not cached.
 */
public final class ClasspathFiles {

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The file's bytes, or empty when the class path has no such file. */
    public Optional<byte[]> read(String path) {
        byte[] cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            cache.put(path, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
