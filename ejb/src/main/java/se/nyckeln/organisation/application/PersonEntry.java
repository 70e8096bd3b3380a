package se.nyckeln.organisation.application;

import java.time.LocalDate;

/** A person with the membership in force on the asked date (unit null when none: a leaver that day). */
public record PersonEntry(long id, String upn, String objectId, String displayName, String email, Long unitId,
                          String unitCode, LocalDate validFrom, LocalDate validTo) {
}
