package dev.renkei.conformance.negative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swagger.v3.oas.models.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values that break one rule of a scalar schema (string, number, integer, boolean): its
 * length bounds, pattern, format, enum and range. The same rules hold whether the value travels
 * in a JSON body or in a query, path or header parameter.
 */
final class Breakers {

    /**
     * One value that breaks one rule. {@code bySchema} is false for rules the schema's keywords
     * cannot state but the contract's format or prose does (a UUID format, an int32 range), which
     * a JSON Schema validator does not check: such values are negative even where it finds
     * nothing wrong.
     */
    record Broken(String kind, String description, JsonNode value, boolean bySchema) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Breakers() {
    }

    static List<Broken> of(Schema<?> schema, JsonNode valid) {
        List<Broken> broken = new ArrayList<>();
        String type = Samples.typeOf(schema);
        String text = valid == null || valid.isNull() ? "" : Samples.text(valid);
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            if ("string".equals(type)) {
                broken.add(new Broken("enum", "not one of " + schema.getEnum(), NODES.textNode("not_a_documented_value"), true));
            } else {
                broken.add(new Broken("enum", "not one of " + schema.getEnum(), NODES.numberNode(987654), true));
            }
        }
        switch (type) {
            case "string" -> strings(schema, text, broken);
            case "integer", "number" -> numbers(schema, type, broken);
            default -> {
            }
        }
        return broken;
    }

    private static void strings(Schema<?> schema, String valid, List<Broken> broken) {
        Integer min = schema.getMinLength();
        Integer max = schema.getMaxLength();
        if (max != null) {
            broken.add(new Broken("too-long", "length " + (max + 1) + " > maxLength " + max, NODES.textNode(longer(valid, max + 1)), true));
        }
        if (min != null && min > 0) {
            broken.add(new Broken("too-short", "length " + (min - 1) + " < minLength " + min,
                    NODES.textNode(valid.substring(0, Math.min(valid.length(), min - 1))), true));
        }
        if (schema.getPattern() != null) {
            String breaker = patternBreaker(schema.getPattern(), min == null ? 0 : min, max == null ? Integer.MAX_VALUE : max, valid);
            if (breaker != null) {
                broken.add(new Broken("pattern", "does not match " + schema.getPattern(), NODES.textNode(breaker), true));
            }
        }
        String format = schema.getFormat() == null ? "" : schema.getFormat();
        switch (format) {
            case "uuid" -> broken.add(new Broken("format", "not a UUID", NODES.textNode("not-a-uuid"), false));
            case "date-time" -> broken.add(new Broken("format", "not an RFC 3339 date-time", NODES.textNode("25/11/2026 10:00"), true));
            case "date" -> broken.add(new Broken("format", "not an RFC 3339 full-date", NODES.textNode("25/11/2026"), true));
            case "email" -> broken.add(new Broken("format", "not a mail address", NODES.textNode("no-at-sign"), true));
            case "uri", "url" -> broken.add(new Broken("format", "not an absolute URI", NODES.textNode("not a uri"), true));
            default -> {
            }
        }
    }

    private static void numbers(Schema<?> schema, String type, List<Broken> broken) {
        boolean integer = "integer".equals(type);
        BigDecimal step = integer ? BigDecimal.ONE : new BigDecimal("0.5");
        if (schema.getMaximum() != null) {
            BigDecimal above = Boolean.TRUE.equals(schema.getExclusiveMaximum()) ? schema.getMaximum() : schema.getMaximum().add(step);
            broken.add(new Broken("above-maximum", above + " > maximum " + schema.getMaximum(), NODES.numberNode(above), true));
        }
        if (schema.getMinimum() != null) {
            BigDecimal below = Boolean.TRUE.equals(schema.getExclusiveMinimum()) ? schema.getMinimum() : schema.getMinimum().subtract(step);
            broken.add(new Broken("below-minimum", below + " < minimum " + schema.getMinimum(), NODES.numberNode(below), true));
        }
        if (integer) {
            broken.add(new Broken("non-integer", "1.5 for an integer", NODES.numberNode(new BigDecimal("1.5")), true));
            if ("int32".equals(schema.getFormat()) && (schema.getMaximum() == null
                    || schema.getMaximum().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) >= 0)) {
                broken.add(new Broken("int32-overflow", "2^31 for an int32", NODES.numberNode(1L << 31), false));
            }
        }
    }

    /** {@code valid} stretched to {@code length} characters by repeating its last character (or 'x'). */
    static String longer(String valid, int length) {
        StringBuilder text = new StringBuilder(valid.length() > length ? valid.substring(0, length) : valid);
        char pad = valid.isEmpty() ? 'x' : valid.charAt(valid.length() - 1);
        while (text.length() < length) {
            text.append(pad);
        }
        return text.toString();
    }

    /**
     * A string the pattern rejects, within the length bounds when one exists (so the pattern is
     * the only rule broken). JSON Schema patterns are not anchored: {@code find}, not {@code matches}.
     */
    static String patternBreaker(String regex, int min, int max, String valid) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null;
        }
        int length = Math.max(1, Math.min(Math.max(min, valid.length()), max));
        List<String> candidates = List.of("!".repeat(length), " ".repeat(length), "\u00e9".repeat(length),
                "x".repeat(length), "0".repeat(length), "-".repeat(length), valid + "!", "!" + valid, valid + " ", "a b",
                "\u30c6\u30b9\u30c8", "!", "");
        String outOfBounds = null;
        for (String candidate : candidates) {
            if (!pattern.matcher(candidate).find()) {
                if (candidate.length() >= min && candidate.length() <= max) {
                    return candidate;
                }
                outOfBounds = outOfBounds == null ? candidate : outOfBounds;
            }
        }
        return outOfBounds;
    }
}
