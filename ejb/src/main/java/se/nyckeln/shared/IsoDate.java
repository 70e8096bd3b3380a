package se.nyckeln.shared;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads an import's dates: {@link LocalDate#parse} (ISO {@code yyyy-MM-dd}, strict), with the common plain form read
 * directly, because the formatter costs far more than the ten characters of each date of a file with millions of
 * rows. Anything else, and any impossible date, goes to {@code LocalDate.parse}, which accepts or refuses it (so the
 * same {@link java.time.format.DateTimeParseException} either way).
 */
public final class IsoDate {

    private IsoDate() {
    }

    public static LocalDate parse(String v) {
        if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
            int year = digits(v, 0, 4);
            int month = digits(v, 5, 7);
            int day = digits(v, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException e) {
                    // an impossible date: LocalDate.parse refuses it with its own message
                }
            }
        }
        return LocalDate.parse(v);
    }

    /** The number written by the ASCII digits from {@code from} to {@code to}; -1 if any is not one. */
    private static int digits(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
