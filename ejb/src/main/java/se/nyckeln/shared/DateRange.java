package se.nyckeln.shared;

import java.time.LocalDate;

/**
 * An effective-dated validity: from {@code from} (inclusive) to {@code to} (inclusive); an open end is
 * {@code null}. This is how units, memberships and keys are dated.
 */
public record DateRange(LocalDate from, LocalDate to) {

    public DateRange {
        if (from == null) {
            throw new IllegalArgumentException("valid from is required");
        }
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("valid to is before valid from");
        }
    }

    public static DateRange from(LocalDate from) {
        return new DateRange(from, null);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && (to == null || !date.isAfter(to));
    }

    public boolean overlaps(DateRange other) {
        boolean thisEndsBefore = to != null && to.isBefore(other.from);
        boolean otherEndsBefore = other.to != null && other.to.isBefore(from);
        return !thisEndsBefore && !otherEndsBefore;
    }

    public boolean isOpen() {
        return to == null;
    }

    /** Days of this range inside [first, last], both inclusive; 0 if they do not meet. */
    public long daysWithin(LocalDate first, LocalDate last) {
        LocalDate start = from.isAfter(first) ? from : first;
        LocalDate end = to == null || to.isAfter(last) ? last : to;
        return end.isBefore(start) ? 0 : end.toEpochDay() - start.toEpochDay() + 1;
    }
}
