package se.nyckeln.organisation.domain;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The effective-dating rules for a unit's versions (rename, move under another parent, new cost centre) and
 * its closing. Versions of one unit never overlap and lie within the unit's own validity. A change takes
 * effect from a date: the version in force that day ends the day before and a new one begins (or, when the
 * version began that very day, it is corrected in place). Changes before the latest version are refused —
 * rewriting history would silently change charges already computed.
 */
public final class UnitTimeline {

    private UnitTimeline() {
    }

    /** Why a dated change cannot be applied. */
    public enum Refusal { NOT_VALID_ON_DATE, LATER_VERSION_EXISTS, CLOSE_BEFORE_LATEST_VERSION }

    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super(refusal.name());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * @param endId    a version to end at {@code endAt} (null: none)
     * @param updateId a version whose attributes are replaced in place (null: none)
     * @param insert   a new version to add (null: none)
     */
    public record Change(Long endId, LocalDate endAt, Long updateId, UnitVersion insert, boolean changes) {
    }

    public static Optional<UnitVersion> on(List<UnitVersion> versions, LocalDate day) {
        return versions.stream().filter(v -> v.contains(day)).findFirst();
    }

    /** The attributes from {@code from} on; unchanged when the version in force that day already says so. */
    public static Change change(List<UnitVersion> versions, LocalDate from, String name, Long parentId,
                                String costCentre) {
        UnitVersion current = on(versions, from).orElseThrow(() -> new RefusedException(Refusal.NOT_VALID_ON_DATE));
        if (current.sameAttributes(name, parentId, costCentre)) {
            return new Change(null, null, null, null, false);
        }
        boolean laterExists = versions.stream().anyMatch(v -> v.from().isAfter(from));
        if (laterExists) {
            throw new RefusedException(Refusal.LATER_VERSION_EXISTS);
        }
        UnitVersion next = new UnitVersion(current.from().equals(from) ? current.id() : null, from, current.to(),
                name, parentId, costCentre);
        if (current.from().equals(from)) {
            return new Change(null, null, current.id(), next, true);
        }
        return new Change(current.id(), from.minusDays(1), null, next, true);
    }

    /** Closing on {@code lastDay}: the last version ends then; versions starting later make it refused. */
    public static Change close(List<UnitVersion> versions, LocalDate lastDay) {
        UnitVersion latest = versions.stream().max(Comparator.comparing(UnitVersion::from))
                .orElseThrow(() -> new RefusedException(Refusal.NOT_VALID_ON_DATE));
        if (latest.from().isAfter(lastDay)) {
            throw new RefusedException(Refusal.CLOSE_BEFORE_LATEST_VERSION);
        }
        if (lastDay.equals(latest.to())) {
            return new Change(null, null, null, null, false);
        }
        return new Change(latest.id(), lastDay, null, null, true);
    }
}
