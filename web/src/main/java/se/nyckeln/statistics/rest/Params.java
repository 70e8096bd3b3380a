package se.nyckeln.statistics.rest;

import se.nyckeln.platform.problem.BusinessException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Query parameters of the statistics, parsed here so that a bad one is a 400 problem, not a 404. */
final class Params {

    static final int DEFAULT_IN_USE_DAYS = 90;
    static final int MAX_IN_USE_DAYS = 3650;

    private Params() {
    }

    /** YYYY-MM; {@code fallback} when absent. */
    static YearMonth month(String name, String text, YearMonth fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "statistics-bad-month", name, text);
        }
    }

    static YearMonth month(String text, LocalDate today) {
        return month("month", text, YearMonth.from(today));
    }

    static int inUseDays(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_IN_USE_DAYS;
        }
        try {
            int days = Integer.parseInt(text.trim());
            if (days >= 1 && days <= MAX_IN_USE_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // same answer as a number out of range
        }
        throw new BusinessException(400, "bad-in-use-days", "inUseDays", text, MAX_IN_USE_DAYS);
    }
}
