package dev.renkei.conformance.negative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Negative JSON bodies generated from a request schema: from a valid baseline, each mutation
 * breaks one rule of one member, recursively into nested objects and array items (bounded
 * depth): a wrong JSON type, null where the member is not nullable, a required member missing,
 * and every rule {@link Breakers} knows for scalars, plus the size bounds of arrays.
 *
 * <p>Members that are not in the baseline (optional ones the example leaves out) are mutated
 * too, inserted with their broken value. No mutation adds an undocumented member: the contract
 * never says {@code additionalProperties: false}, so such a member is allowed.
 */
public final class BodyMutations {

    /** One negative body: {@code pointer} is the RFC 6901 pointer of the member at fault ("" for the root). */
    public record Mutation(String kind, String pointer, String description, JsonNode body, boolean bySchema) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 4;

    /** The body mutations start from; absent members being mutated inside are filled in with valid samples first. */
    private JsonNode baseline;
    private final List<Mutation> mutations = new ArrayList<>();

    private BodyMutations(JsonNode baseline) {
        this.baseline = baseline;
    }

    /** Every mutation of {@code baseline}, a valid instance of {@code schema}. */
    public static List<Mutation> of(Schema<?> schema, JsonNode baseline) {
        BodyMutations generator = new BodyMutations(baseline);
        generator.rootTypes(schema);
        generator.members(schema, baseline, List.of(), 0);
        return generator.mutations;
    }

    private void rootTypes(Schema<?> schema) {
        for (Map.Entry<String, JsonNode> wrong : wrongTypes(Samples.typeOf(schema)).entrySet()) {
            mutations.add(new Mutation("root-type", "", wrong.getKey() + " instead of " + Samples.typeOf(schema), wrong.getValue(), true));
        }
    }

    private void members(Schema<?> schema, JsonNode value, List<Object> path, int depth) {
        String type = Samples.typeOf(schema);
        if ("object".equals(type) && schema.getProperties() != null && depth < MAX_DEPTH) {
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            schema.getProperties().forEach((name, property) -> {
                if (Boolean.TRUE.equals(property.getReadOnly())) {
                    return;
                }
                List<Object> at = append(path, name);
                boolean present = value != null && value.has(name) && !value.get(name).isNull();
                JsonNode current = present ? value.get(name) : Samples.of(property);
                within(at, present ? null : current, () -> member(property, current, at, required.contains(name), depth + 1));
            });
        } else if ("array".equals(type) && schema.getItems() != null && depth < MAX_DEPTH) {
            boolean present = value != null && value.size() > 0;
            JsonNode first = present ? value.get(0) : Samples.of(schema.getItems());
            List<Object> at = append(path, 0);
            within(at, present ? null : first, () -> member(schema.getItems(), first, at, false, depth + 1));
        }
    }

    /** Runs {@code mutate} on a baseline holding {@code filler} at {@code path} (when not null), so nested members have valid siblings. */
    private void within(List<Object> path, JsonNode filler, Runnable mutate) {
        JsonNode saved = baseline;
        if (filler != null) {
            baseline = replaced(baseline, path, filler);
        }
        try {
            mutate.run();
        } finally {
            baseline = saved;
        }
    }

    private void member(Schema<?> schema, JsonNode value, List<Object> path, boolean required, int depth) {
        String type = Samples.typeOf(schema);
        wrongTypes(type).forEach((what, wrong) -> add("wrong-type", path, what + " instead of " + type, wrong, true));
        if (!Boolean.TRUE.equals(schema.getNullable())) {
            add(required ? "null" : "null-optional", path, "null for a member that is not nullable", NODES.nullNode(), true);
        }
        if (required) {
            add("missing", path, "required member left out", null, true);
        }
        for (Breakers.Broken broken : Breakers.of(schema, value)) {
            add(broken.kind(), path, broken.description(), broken.value(), broken.bySchema());
        }
        if ("array".equals(type)) {
            ArrayNode items = value.isArray() && value.size() > 0 ? (ArrayNode) value : NODES.arrayNode().add(Samples.of(schema.getItems()));
            if (schema.getMaxItems() != null) {
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i <= schema.getMaxItems(); i++) {
                    many.add(distinct(schema.getItems(), items, i));
                }
                add("too-many-items", path, (schema.getMaxItems() + 1) + " items > maxItems " + schema.getMaxItems(), many, true);
            }
            if (schema.getMinItems() != null && schema.getMinItems() > 0) {
                ArrayNode few = NODES.arrayNode();
                for (int i = 0; i < schema.getMinItems() - 1; i++) {
                    few.add(distinct(schema.getItems(), items, i));
                }
                add("too-few-items", path, (schema.getMinItems() - 1) + " items < minItems " + schema.getMinItems(), few, true);
            }
            if (Boolean.TRUE.equals(schema.getUniqueItems())) {
                add("duplicate-items", path, "the same item twice where items are unique",
                        NODES.arrayNode().add(items.get(0)).add(items.get(0)), true);
            }
        }
        members(schema, value, path, depth);
    }

    private static final java.util.regex.Pattern UUID_TAIL = java.util.regex.Pattern.compile("^(.{8}-.{4}-.{4}-.{4}-.{8})(.{4})$");

    /**
     * The i-th item of a long array: the baseline's items first, then variants of them, each
     * distinct and still valid (so an array of unique items really holds that many), where the
     * item type allows: the enum's values in turn, a UUID with another tail, text with a suffix.
     */
    private static JsonNode distinct(Schema<?> itemSchema, ArrayNode items, int i) {
        if (i < items.size()) {
            return items.get(i).deepCopy();
        }
        JsonNode base = items.get(i % items.size());
        if (itemSchema != null && itemSchema.getEnum() != null && !itemSchema.getEnum().isEmpty()) {
            return Samples.example(itemSchema.getEnum().get(i % itemSchema.getEnum().size()), itemSchema);
        }
        if (!base.isTextual()) {
            return base.deepCopy();
        }
        java.util.regex.Matcher uuid = UUID_TAIL.matcher(base.asText());
        if (uuid.matches()) {
            return NODES.textNode(uuid.group(1) + String.format("%04x", i));
        }
        return NODES.textNode(base.asText() + i);
    }

    /** Values of every JSON type other than {@code type} (a number for a string, a string for a number...). */
    static Map<String, JsonNode> wrongTypes(String type) {
        Map<String, JsonNode> wrong = new java.util.LinkedHashMap<>();
        if (!"string".equals(type)) {
            wrong.put("a string", NODES.textNode("text"));
        }
        if ("integer".equals(type) || "number".equals(type)) {
            wrong.put("a numeric string", NODES.textNode("12"));
        }
        if ("boolean".equals(type)) {
            wrong.put("the string \"true\"", NODES.textNode("true"));
        }
        if (!"integer".equals(type) && !"number".equals(type)) {
            wrong.put("a number", NODES.numberNode(42));
        }
        if (!"boolean".equals(type)) {
            wrong.put("a boolean", NODES.booleanNode(true));
        }
        if (!"object".equals(type)) {
            wrong.put("an object", NODES.objectNode().put("value", "x"));
        }
        if (!"array".equals(type)) {
            wrong.put("an array", NODES.arrayNode().add("x"));
        }
        return wrong;
    }

    private void add(String kind, List<Object> path, String description, JsonNode replacement, boolean bySchema) {
        mutations.add(new Mutation(kind, pointer(path), description, replaced(baseline, path, replacement), bySchema));
    }

    /** A copy of {@code root} with the member at {@code path} set to {@code value} (removed when null), creating parents. */
    static JsonNode replaced(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            Object next = path.get(i + 1);
            JsonNode child = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
            if (child == null || child.isNull() || !(child.isObject() || child.isArray())) {
                child = next instanceof Integer ? NODES.arrayNode() : NODES.objectNode();
                set(parent, step, child);
            }
            parent = child;
        }
        Object last = path.get(path.size() - 1);
        if (value == null) {
            if (parent instanceof ObjectNode object) {
                object.remove((String) last);
            } else if (parent instanceof ArrayNode array && (Integer) last < array.size()) {
                array.remove((Integer) last);
            }
        } else {
            set(parent, last, value);
        }
        return copy;
    }

    private static void set(JsonNode parent, Object step, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.set((String) step, value);
        } else if (parent instanceof ArrayNode array) {
            int index = (Integer) step;
            if (index < array.size()) {
                array.set(index, value);
            } else {
                array.add(value);
            }
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }

    private static String pointer(List<Object> path) {
        StringBuilder pointer = new StringBuilder();
        path.forEach(step -> pointer.append('/').append(step.toString().replace("~", "~0").replace("/", "~1")));
        return pointer.toString();
    }
}
