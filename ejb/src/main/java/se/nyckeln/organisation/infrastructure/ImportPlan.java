package se.nyckeln.organisation.infrastructure;

import se.nyckeln.platform.problem.ImportError;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What an import will do, decided before anything is written: the rows to insert and update per table, the
 * audit events, the counts, or the errors that refuse the whole file. Ids below zero are units created by
 * the same file, resolved when their rows are inserted.
 */
public final class ImportPlan {

    public record NewUnit(long tempId, String code, String kind, String orgNumber, LocalDate from, LocalDate to) {
    }

    public record UnitPatch(long id, String orgNumber, LocalDate to) {
    }

    public record VersionEnd(long id, LocalDate to) {
    }

    public record VersionPatch(long id, String name, Long parentRef, String costCentre) {
    }

    public record NewVersion(long unitRef, LocalDate from, LocalDate to, String name, Long parentRef,
                             String costCentre) {
    }

    public record NewPerson(String upn, String objectId, String displayName, String email) {
    }

    public record PersonPatch(long id, String objectId, String displayName, String email) {
    }

    public record NewDevice(String serial, String name, String kind, Long primaryPersonId) {
    }

    public record DevicePatch(long id, String name, String kind, Long primaryPersonId) {
    }

    /** A membership to add; the owner is a stored id or, when created by this import, its key (UPN/serial). */
    public record NewMembership(Long ownerId, String ownerKey, long unitId, LocalDate from, LocalDate to) {
    }

    public record MembershipPatch(long id, long unitId, LocalDate to) {
    }

    /**
     * An audit event; the entity is a stored id or the key of something this import creates (a unit's code, a
     * person's lower-case UPN, a device's serial), whose id the store knows once it is written. For people and
     * devices {@code after} is {@code {"memberships":[{"unitId","validFrom","validTo"}]}} ordered by start: what
     * the ledger's {@code current()} holds, which is what is stored once the plan is written.
     */
    public record Audit(String action, String entityType, Long entityId, String entityKey, Long unitId,
                        String before, String after) {
    }

    public final List<ImportError> errors = new ArrayList<>();
    public final List<NewUnit> newUnits = new ArrayList<>();
    public final List<UnitPatch> unitPatches = new ArrayList<>();
    public final List<VersionEnd> versionEnds = new ArrayList<>();
    public final List<VersionPatch> versionPatches = new ArrayList<>();
    public final List<NewVersion> newVersions = new ArrayList<>();
    public final List<NewPerson> newPeople = new ArrayList<>();
    public final List<PersonPatch> personPatches = new ArrayList<>();
    public final List<NewDevice> newDevices = new ArrayList<>();
    public final List<DevicePatch> devicePatches = new ArrayList<>();
    public final List<NewMembership> newMemberships = new ArrayList<>();
    public final List<MembershipPatch> membershipPatches = new ArrayList<>();
    public final List<Audit> audits = new ArrayList<>();
    public int rows;
    public int created;
    public int updated;
    public int closed;
    public int unchanged;

    public void error(String file, long line, String column, String value, String reason, Object... args) {
        errors.add(new ImportError(file, line, column, value, reason, args));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
