package se.nyckeln.shared;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A calendar month in the city's time zone (Europe/Stockholm): the unit of a chargeback run. A period knows
 * its first and last day and its length, which seat-day keys need.
 */
public record Period(YearMonth yearMonth) implements Comparable<Period> {

    public static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    public Period {
        if (yearMonth == null) {
            throw new IllegalArgumentException("period is required");
        }
    }

    public static Period of(int year, int month) {
        return new Period(YearMonth.of(year, month));
    }

    /** Parses {@code 2026-11}. */
    public static Period parse(String text) {
        try {
            return new Period(YearMonth.parse(text.trim()));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a period (YYYY-MM): " + text);
        }
    }

    /** The period containing today in Stockholm according to {@code clock}. */
    public static Period current(Clock clock) {
        return new Period(YearMonth.now(clock.withZone(STOCKHOLM)));
    }

    public static Period containing(LocalDate date) {
        return new Period(YearMonth.from(date));
    }

    public LocalDate firstDay() {
        return yearMonth.atDay(1);
    }

    public LocalDate lastDay() {
        return yearMonth.atEndOfMonth();
    }

    public int days() {
        return yearMonth.lengthOfMonth();
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(firstDay()) && !date.isAfter(lastDay());
    }

    public Period next() {
        return new Period(yearMonth.plusMonths(1));
    }

    public Period previous() {
        return new Period(yearMonth.minusMonths(1));
    }

    @Override
    public int compareTo(Period o) {
        return yearMonth.compareTo(o.yearMonth);
    }

    @Override
    public String toString() {
        return yearMonth.toString();
    }
}
