package se.nyckeln.platform.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Lets resources take ISO-8601 instants as query parameters. A malformed value is a 400 (the default for a failed
 * query-parameter conversion would be a misleading 404).
 */
@Provider
public class InstantParamConverter implements ParamConverterProvider {

    private static final ParamConverter<Instant> CONVERTER = new ParamConverter<>() {
        @Override
        public Instant fromString(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("not an ISO-8601 instant: " + value, e);
            }
        }

        @Override
        public String toString(Instant value) {
            return value == null ? null : value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == Instant.class ? (ParamConverter<T>) CONVERTER : null;
    }
}
