package dev.renkei.server.shared.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * A JSON boolean member accepts {@code true} and {@code false} only. The default deserializer
 * also reads strings, and reads any string but "true" as false: {@code "active": "yes"} would
 * silently store false. Here it is refused like any other value of the wrong type (400).
 */
@Singleton
@Order(-1000)
public class StrictBooleanDeserializer implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        throw decoder.createDeserializationException("Expected true or false but found " + describe(node), null);
    }

    private static String describe(JsonNode node) {
        if (node.isString()) {
            return "the string \"" + node.getStringValue() + "\"";
        }
        return node.isNumber() ? "a number" : node.isArray() ? "an array" : node.isObject() ? "an object" : "another value";
    }
}
