package dev.renkei.server.shared.web;

import io.micronaut.http.HttpRequest;

import java.util.List;
import java.util.Locale;

/**
 * The language of the server's HTML pages (consent journey, console): Japanese, the seeds'
 * language, unless the browser ranks English above it (RFC 4647 lookup over Accept-Language).
 */
public final class PageLanguage {

    private static final List<String> SUPPORTED = List.of("ja", "en");

    private PageLanguage() {
    }

    public static boolean prefersEnglish(HttpRequest<?> request) {
        String header = request.getHeaders().get("Accept-Language");
        if (header == null || header.isBlank()) {
            return false;
        }
        try {
            return "en".equals(Locale.lookupTag(Locale.LanguageRange.parse(header), SUPPORTED));
        } catch (IllegalArgumentException e) {
            // A malformed header is the browser's problem, not a reason to refuse the page.
            return false;
        }
    }
}
