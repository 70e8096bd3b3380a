package se.nyckeln.organisation.domain;

import se.nyckeln.shared.DateRange;

import java.time.LocalDate;

/** A person or device belonging to a unit over a date range (both ends inclusive, open end = still there). */
public record Membership(Long id, long unitId, DateRange range) {

    public Membership(Long id, long unitId, LocalDate from, LocalDate to) {
        this(id, unitId, new DateRange(from, to));
    }

    public LocalDate from() {
        return range.from();
    }

    public LocalDate to() {
        return range.to();
    }
}
