package dev.renkei.conformance.negative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * Valid values taken from a schema: its {@code example} when it has one (every schema of the
 * contract has), else a value built from its type, format and bounds. They are the baselines the
 * mutations start from, so that each negative request breaks exactly one rule.
 */
public final class Samples {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 6;

    private Samples() {
    }

    /** The schema's own example as JSON, or a value built from the schema. */
    public static JsonNode of(Schema<?> schema) {
        return of(schema, 0);
    }

    private static JsonNode of(Schema<?> schema, int depth) {
        JsonNode example = example(schema.getExample(), schema);
        if (example != null) {
            return example;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return example(schema.getEnum().get(0), schema);
        }
        String type = typeOf(schema);
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (schema.getProperties() != null && depth < MAX_DEPTH) {
                    schema.getProperties().forEach((name, property) -> object.set(name, of(property, depth + 1)));
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int count = Math.max(1, schema.getMinItems() == null ? 1 : schema.getMinItems());
                for (int i = 0; i < count && schema.getItems() != null && depth < MAX_DEPTH; i++) {
                    array.add(of(schema.getItems(), depth + 1));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(schema.getMinimum() == null ? 1L : schema.getMinimum().longValue());
            case "number" -> NODES.numberNode(schema.getMinimum() == null ? java.math.BigDecimal.ONE : schema.getMinimum());
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(string(schema));
        };
    }

    private static String string(Schema<?> schema) {
        String format = schema.getFormat() == null ? "" : schema.getFormat();
        return switch (format) {
            case "uuid" -> "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a10";
            case "date-time" -> "2026-11-25T10:00:00Z";
            case "date" -> "2026-11-25";
            case "email" -> "someone@example.com";
            case "uri", "url" -> "https://example.com/";
            default -> "x".repeat(Math.max(1, schema.getMinLength() == null ? 1 : schema.getMinLength()));
        };
    }

    /**
     * swagger-parser turns the examples of date and date-time schemas into Java dates; they go
     * back to the RFC 3339 text the contract wrote.
     */
    static JsonNode example(Object example, Schema<?> schema) {
        if (example == null) {
            return null;
        }
        if (example instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (example instanceof OffsetDateTime time) {
            return NODES.textNode(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (example instanceof Date date) {
            OffsetDateTime utc = date.toInstant().atOffset(ZoneOffset.UTC);
            return NODES.textNode("date".equals(schema.getFormat())
                    ? utc.toLocalDate().toString() : utc.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        return JSON.valueToTree(example);
    }

    /** The schema's type; an untyped schema with properties or items is an object or an array. */
    public static String typeOf(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            return schema.getTypes().iterator().next();
        }
        if (schema.getProperties() != null) {
            return "object";
        }
        if (schema.getItems() != null) {
            return "array";
        }
        return "string";
    }

    /** A value as it travels in a query string, path or form field. */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
