package dev.renkei.server.resource.photo;

import dev.renkei.server.shared.db.Cursor;
import dev.renkei.server.shared.db.Page;
import dev.renkei.server.shared.error.ProblemException;
import dev.renkei.server.shared.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Images (画像) of spot photos and reports: their metadata, and the download with its real media
 * type, negotiated against {@code Accept} (RFC 9110 §12.5.1) and validated by an entity tag.
 */
@Singleton
public class ImageService {

    private final ImageRepository images;

    public ImageService(ImageRepository images) {
        this.images = images;
    }

    @Transactional(readOnly = true)
    public Page<StoredImage> list(@Nullable String cursor, int limit) {
        String scope = Cursor.scope("images");
        List<StoredImage> rows = images.list(Cursor.decode(cursor, scope), limit + 1);
        return Page.of(rows, limit, i -> new Cursor(i.id().toString(), i.id(), scope));
    }

    /** The image's bytes; 406 when the {@code Accept} header (all its values) excludes its type. */
    @Transactional(readOnly = true)
    public ImageRepository.Content download(UUID id, List<String> accept) {
        ImageRepository.Content content = images.findContent(id)
                .orElseThrow(() -> ProblemException.notFound("Image " + id));
        String type = content.image().contentType();
        if (!accepts(accept, type)) {
            throw new ProblemException(ProblemType.NOT_ACCEPTABLE,
                    "This image is " + type + " and Accept excludes it; accept " + type + " (or image/*)");
        }
        return content;
    }

    /**
     * Whether the most specific media range matching {@code type} has a non-zero quality; no
     * {@code Accept} at all accepts everything.
     */
    static boolean accepts(List<String> acceptHeaders, String type) {
        if (acceptHeaders == null || acceptHeaders.isEmpty()) {
            return true;
        }
        String major = type.substring(0, type.indexOf('/'));
        int bestSpecificity = -1;
        double bestQuality = 0;
        for (String header : acceptHeaders) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String media = parts[0].trim().toLowerCase(Locale.ROOT);
                if (media.isEmpty()) {
                    continue;
                }
                int specificity = media.equals(type) ? 2 : media.equals(major + "/*") ? 1 : media.equals("*/*") ? 0 : -1;
                if (specificity < 0 || specificity < bestSpecificity) {
                    continue;
                }
                double quality = 1;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim();
                    if (parameter.startsWith("q=")) {
                        try {
                            quality = Double.parseDouble(parameter.substring(2));
                        } catch (NumberFormatException e) {
                            quality = 0;
                        }
                    }
                }
                if (specificity > bestSpecificity) {
                    bestSpecificity = specificity;
                    bestQuality = quality;
                } else {
                    bestQuality = Math.max(bestQuality, quality);
                }
            }
        }
        return bestSpecificity >= 0 && bestQuality > 0;
    }
}
