package dev.renkei.server.consent;

import io.micronaut.core.annotation.Nullable;

/**
 * A tiny HTML writer for the journey pages: every text and attribute value is escaped, so data
 * (program names, memos, error codes) can never become markup. No template engine needed.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(4096);

    /** Attribute pairs: name, value. A null value leaves the attribute out; "" writes it bare. */
    Html open(String tag, @Nullable String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            String value = attributes[i + 1];
            if (value == null) {
                continue;
            }
            out.append(' ').append(attributes[i]);
            if (!value.isEmpty()) {
                out.append("=\"").append(escape(value)).append('"');
            }
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** An element with text content. */
    Html el(String tag, @Nullable String text, @Nullable String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    Html text(@Nullable String text) {
        if (text != null) {
            out.append(escape(text));
        }
        return this;
    }

    /** Trusted markup written by this package only (the doctype). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
