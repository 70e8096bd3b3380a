package se.nyckeln.licensing.domain;

import java.time.LocalDate;

/** The part of an entitlement that decides capacity: how many seats, from when, until when (inclusive; null = open). */
public record EntitlementTerm(long quantity, LocalDate validFrom, LocalDate validTo) {

    public EntitlementTerm {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (validFrom == null || (validTo != null && validTo.isBefore(validFrom))) {
            throw new IllegalArgumentException("invalid validity");
        }
    }

    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
