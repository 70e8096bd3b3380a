package se.nyckeln.organisation.application;

import java.time.LocalDate;

/**
 * One organisation unit as of a date: the version valid that day, its legal entity (the kommun or the bolag it
 * falls under) and how many people and devices belong to it that day (directly, not counting sub-units).
 */
public record UnitNode(long id, String code, String name, String kind, Long parentId, String costCentre,
                       String orgNumber, LocalDate validFrom, LocalDate validTo, long legalEntityId,
                       String legalEntityName, long people, long devices) {
}
