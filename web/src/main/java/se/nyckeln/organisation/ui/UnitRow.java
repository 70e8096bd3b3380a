package se.nyckeln.organisation.ui;

import se.nyckeln.organisation.application.UnitNode;

import java.io.Serializable;

/**
 * One row of the organisation tree: the unit as the service answered it, plus the people and devices of the
 * unit and every unit below it that the caller can see. Pages call the accessors as methods ({@code unit.name()}):
 * Expression Language 5 (Jakarta EE 10) does not see record components as properties.
 */
public record UnitRow(long id, String name, String code, String kind, String costCentre, String legalEntityName,
                      long people, long devices, long subtreePeople, long subtreeDevices) implements Serializable {

    static UnitRow of(UnitNode unit, long subtreePeople, long subtreeDevices) {
        return new UnitRow(unit.id(), unit.name(), unit.code(), unit.kind(), unit.costCentre(), unit.legalEntityName(),
                unit.people(), unit.devices(), subtreePeople, subtreeDevices);
    }
}
