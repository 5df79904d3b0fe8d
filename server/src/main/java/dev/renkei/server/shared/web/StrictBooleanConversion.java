package dev.renkei.server.shared.web;

import io.micronaut.core.convert.MutableConversionService;
import io.micronaut.core.convert.TypeConverterRegistrar;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Query and header booleans are {@code true} or {@code false} (any case): the default conversion
 * also takes "yes", "on", "1" and reads every other word as false, so {@code ?active=perhaps}
 * would silently filter for inactive rows. Anything else fails the binding: 400.
 */
@Singleton
public class StrictBooleanConversion implements TypeConverterRegistrar {

    @Override
    public void register(MutableConversionService conversionService) {
        conversionService.addConverter(CharSequence.class, Boolean.class, (text, target, context) -> {
            String value = text.toString().trim();
            if (value.equalsIgnoreCase("true")) {
                return Optional.of(Boolean.TRUE);
            }
            if (value.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.FALSE);
            }
            context.reject(value, new IllegalArgumentException("Expected true or false but found \"" + value + "\""));
            return Optional.empty();
        });
    }
}
