package se.nyckeln.licensing.domain;

import java.time.LocalDate;

/**
 * The part of an entitlement that decides capacity: how many seats, from when, until when (inclusive; null = open).
 * Zero seats is an entitlement fully credited (a credit note took all its seats back): it counts for nothing.
 */
public record EntitlementTerm(long quantity, LocalDate validFrom, LocalDate validTo) {

    public EntitlementTerm {
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative");
        }
        if (validFrom == null || (validTo != null && validTo.isBefore(validFrom))) {
            throw new IllegalArgumentException("invalid validity");
        }
    }

    /** Valid on the day and still holding seats (a fully credited entitlement grants nothing). */
    public boolean grantsOn(LocalDate day) {
        return quantity > 0 && validOn(day);
    }

    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
