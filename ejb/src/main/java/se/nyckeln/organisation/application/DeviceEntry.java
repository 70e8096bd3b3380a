package se.nyckeln.organisation.application;

import java.time.LocalDate;

/** A device with the membership in force on the asked date (unit null when none: retired that day). */
public record DeviceEntry(long id, String serialNumber, String name, String kind, String primaryUserUpn,
                          Long unitId, String unitCode, LocalDate validFrom, LocalDate validTo) {
}
