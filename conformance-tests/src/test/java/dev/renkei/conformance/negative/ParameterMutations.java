package dev.renkei.conformance.negative;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * Negative values of one query, path or header parameter generated from its schema: the wrong
 * type (text for a number or a boolean, a fraction for an integer), out of range, too long or
 * too short, a broken pattern or format, an unknown enum value, a required parameter left out,
 * and an undecodable paging cursor (a rule of the contract's prose).
 */
public final class ParameterMutations {

    /** One negative value; {@code value} null means the parameter is left out. */
    public record Mutation(String kind, String description, String value, boolean bySchema) {
    }

    private ParameterMutations() {
    }

    public static List<Mutation> of(Parameter parameter) {
        List<Mutation> mutations = new ArrayList<>();
        Schema<?> schema = parameter.getSchema();
        if (Boolean.TRUE.equals(parameter.getRequired()) && !"path".equals(parameter.getIn())) {
            mutations.add(new Mutation("missing", "required parameter left out", null, true));
        }
        if (schema == null) {
            return mutations;
        }
        String type = Samples.typeOf(schema);
        if ("array".equals(type) && schema.getItems() != null) {
            schema = schema.getItems();
            type = Samples.typeOf(schema);
        }
        switch (type) {
            case "integer", "number" -> {
                mutations.add(new Mutation("wrong-type", "text for a " + type, "ten", true));
            }
            case "boolean" -> mutations.add(new Mutation("wrong-type", "text for a boolean", "maybe", true));
            default -> {
            }
        }
        JsonNode valid = Samples.example(parameter.getExample(), schema);
        if (valid == null) {
            valid = Samples.of(schema);
        }
        for (Breakers.Broken broken : Breakers.of(schema, valid)) {
            if ("path".equals(parameter.getIn()) && Samples.text(broken.value()).isEmpty()) {
                continue; // an empty path segment names another route, not a bad value of this one
            }
            mutations.add(new Mutation(broken.kind(), broken.description(), Samples.text(broken.value()), broken.bySchema()));
        }
        if ("cursor".equals(parameter.getName()) && "query".equals(parameter.getIn())) {
            mutations.add(new Mutation("bad-cursor", "a cursor no page ever returned (not decodable)", "not-a-cursor!", false));
            mutations.add(new Mutation("bad-cursor", "a well-formed base64url cursor of no list", "eyJ4Ijo0Mn0", false));
        }
        return mutations;
    }
}
