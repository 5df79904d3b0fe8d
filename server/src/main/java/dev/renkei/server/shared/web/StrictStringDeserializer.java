package dev.renkei.server.shared.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * A JSON string member accepts a JSON string only. The default deserializer also turns numbers
 * and booleans into their text and an array into its first element: {@code "name": 42} or
 * {@code "subject": ["x"]} would be stored instead of being refused as the wrong type (400).
 */
@Singleton
@Order(-1000)
public class StrictStringDeserializer implements Deserializer<String> {

    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (node.isString()) {
            return node.getStringValue();
        }
        throw decoder.createDeserializationException("Expected a string but found " + StrictNumbers.describe(node), null);
    }
}
