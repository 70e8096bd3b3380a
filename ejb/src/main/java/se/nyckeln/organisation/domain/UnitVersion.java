package se.nyckeln.organisation.domain;

import java.time.LocalDate;
import java.util.Objects;

/** One dated version of a unit's changeable attributes: name, parent and cost centre (ansvar). */
public record UnitVersion(Long id, LocalDate from, LocalDate to, String name, Long parentId, String costCentre) {

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && (to == null || !day.isAfter(to));
    }

    public boolean sameAttributes(String otherName, Long otherParent, String otherCostCentre) {
        return Objects.equals(name, otherName) && Objects.equals(parentId, otherParent)
                && Objects.equals(blankToNull(costCentre), blankToNull(otherCostCentre));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
