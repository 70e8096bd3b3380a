package se.nyckeln.organisation.application;

/** An Entra ID department value and the unit it means. */
public record DepartmentMapping(String department, long unitId, String unitCode) {
}
