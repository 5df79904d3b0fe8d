package dev.renkei.server.shared.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * JSON integer members accept integral JSON numbers only. The default deserializers also read
 * numeric strings ("12"), booleans (true as 1) and fractions (1.5 truncated to 1), so a
 * wrongly typed value was stored instead of being refused (400).
 */
public final class StrictNumbers {

    private StrictNumbers() {
    }

    /** An integral JSON number within [min, max]; anything else is refused as the wrong type. */
    static long integral(Decoder decoder, long min, long max) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (node.isNumber()) {
            BigDecimal value = new BigDecimal(node.getNumberValue().toString());
            if (value.stripTrailingZeros().scale() <= 0
                    && value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return value.longValueExact();
            }
            throw decoder.createDeserializationException("Expected an integer between " + min + " and " + max
                    + " but found " + value.toPlainString(), null);
        }
        throw decoder.createDeserializationException("Expected an integer but found " + describe(node), null);
    }

    static String describe(JsonNode node) {
        if (node.isString()) {
            return "a string";
        }
        return node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : node.isArray() ? "an array"
                : node.isObject() ? "an object" : "another value";
    }

    /** Number members: a JSON number only, never a numeric string or a boolean. */
    @Singleton
    @Order(-1000)
    public static class StrictDoubleDeserializer implements Deserializer<Double> {

        @Override
        public Double deserialize(Decoder decoder, DecoderContext context, Argument<? super Double> type) throws IOException {
            JsonNode node = decoder.decodeNode();
            if (node.isNumber()) {
                return node.getNumberValue().doubleValue();
            }
            throw decoder.createDeserializationException("Expected a number but found " + describe(node), null);
        }
    }

    /** Integer members. */
    @Singleton
    @Order(-1000)
    public static class StrictIntegerDeserializer implements Deserializer<Integer> {

        @Override
        public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
            return (int) integral(decoder, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }

    /** Long members. */
    @Singleton
    @Order(-1000)
    public static class StrictLongDeserializer implements Deserializer<Long> {

        @Override
        public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
            return integral(decoder, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }
}
