package se.nyckeln.organisation.application;

import java.time.LocalDate;

/** Inputs of people and device changes (validated at the REST edge; rules in {@link PeopleAndDevices}). */
public final class MemberCommands {

    private MemberCommands() {
    }

    public record NewPerson(String upn, String displayName, String objectId, String email, long unitId,
                            LocalDate validFrom) {
    }

    public record NewDevice(String serialNumber, String name, String kind, String primaryUserUpn, long unitId,
                            LocalDate validFrom) {
    }

    /** From {@code from} on, in {@code unitId}: the old membership ends the day before. */
    public record Move(long unitId, LocalDate from) {
    }

    /** The membership in force on {@code lastDay} ends that day (a leaver, a retired device). */
    public record End(LocalDate lastDay) {
    }
}
