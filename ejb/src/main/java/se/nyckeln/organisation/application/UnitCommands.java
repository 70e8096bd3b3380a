package se.nyckeln.organisation.application;

import java.time.LocalDate;
import java.util.List;

/** The inputs of unit changes (validated at the REST edge; business rules in {@link UnitChanges}). */
public final class UnitCommands {

    private UnitCommands() {
    }

    public record NewUnit(String code, String name, String kind, Long parentId, String costCentre,
                          String orgNumber, LocalDate validFrom) {
    }

    /** From {@code from} on, the unit has this name, parent and cost centre. */
    public record Change(LocalDate from, String name, Long parentId, String costCentre) {
    }

    /** The units close the day before {@code from}; {@code into} begins that day and takes their people and devices. */
    public record Merge(List<Long> unitIds, LocalDate from, NewUnit into) {
    }
}
