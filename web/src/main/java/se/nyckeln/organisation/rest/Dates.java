package se.nyckeln.organisation.rest;

import se.nyckeln.platform.problem.BusinessException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The {@code asOf} query parameter: ISO date, today when absent. Parsed here rather than by a JAX-RS
 * converter, because a failed query-parameter conversion is a 404 by the spec and this is a client error.
 */
final class Dates {

    private Dates() {
    }

    static LocalDate asOf(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return LocalDate.now(clock);
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "bad-date-parameter", "asOf", text);
        }
    }
}
