package se.nyckeln.licensing.domain;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What an assignment of a seat may be given to, and when it may end. The metric decides the holder: a named-user
 * or concurrent licence is counted per person, a device or per-core licence per device; a site licence may be
 * given to either (it is counted nowhere).
 */
public final class AssignmentRules {

    public enum Target { PERSON, DEVICE }

    private AssignmentRules() {
    }

    /** The holder the metric requires; empty when either will do (a site licence). */
    public static Optional<Target> requiredTarget(LicenceMetric metric) {
        return switch (metric) {
            case NAMED_USER, CONCURRENT -> Optional.of(Target.PERSON);
            case DEVICE, PER_CORE -> Optional.of(Target.DEVICE);
            case SITE -> Optional.empty();
        };
    }

    public static boolean accepts(LicenceMetric metric, Target target) {
        return requiredTarget(metric).map(t -> t == target).orElse(true);
    }

    /**
     * Whether a person or device whose unit is {@code memberUnitId} belongs to {@code unitId}: in it or in a unit
     * below it (seats are allocated to a förvaltning, used by the people of its sections). {@code parentOf} answers
     * a unit's parent on the day in question, null at the root.
     */
    public static boolean belongsTo(Long memberUnitId, long unitId, LongFunction<Long> parentOf) {
        Long current = memberUnitId;
        for (int depth = 0; current != null && depth < 64; depth++) { // 64: a cycle can never loop forever
            if (current == unitId) {
                return true;
            }
            current = parentOf.apply(current);
        }
        return false;
    }

    /**
     * Why an assignment from {@code validFrom} may not end on {@code lastDay}, or empty when it may. A last day in
     * the future is allowed (a dated end): see {@link #returnsSeatNow}.
     */
    public static Optional<String> endRefusal(LocalDate validFrom, LocalDate lastDay, LocalDate today) {
        if (lastDay.isBefore(validFrom)) {
            return Optional.of("assignment-end-before-start");
        }
        return Optional.empty();
    }

    /**
     * Whether ending on {@code lastDay} gives the seat back to the unit at once. Up to today it does (the seat is
     * free for a new holder from the day after). A later last day keeps the seat counted — otherwise it could be
     * given to someone else while its holder still has it — until the nightly {@code assignment-ends} job returns
     * it on the day after the last day.
     */
    public static boolean returnsSeatNow(LocalDate lastDay, LocalDate today) {
        return !lastDay.isAfter(today);
    }
}
