package se.nyckeln.organisation.domain;

import se.nyckeln.shared.DateRange;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The effective-dating rules for memberships. Memberships of one person (or device) never overlap. Stating
 * "in unit U from D (to E)":
 * <ul>
 *   <li>restates a membership in U that covers D: unchanged, unless an explicit end E differs (then it closes);</li>
 *   <li>in another unit that covers D and began before D: a move (the old one ends D-1, a new one starts D);</li>
 *   <li>in another unit that began on D: a correction of that membership's unit;</li>
 *   <li>no membership on D: a new membership.</li>
 * </ul>
 * A statement that would overlap a later membership is refused: history is corrected by explicit end dates,
 * never silently rewritten. An open statement never reopens an ended membership (a file is a delta; closing
 * and reopening need explicit dates).
 */
public final class Memberships {

    private Memberships() {
    }

    /** Thrown when the statement overlaps a later membership. */
    public static final class OverlapException extends RuntimeException {
        private final transient Membership conflicting;

        public OverlapException(Membership conflicting) {
            super("overlaps membership from " + conflicting.from());
            this.conflicting = conflicting;
        }

        public Membership conflicting() {
            return conflicting;
        }
    }

    public static Optional<Membership> on(List<Membership> existing, LocalDate day) {
        for (Membership m : existing) {
            if (m.range().contains(day)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static MembershipChange state(List<Membership> existing, long unitId, LocalDate from, LocalDate to) {
        DateRange wanted = new DateRange(from, to);
        Optional<Membership> covering = on(existing, from);
        if (covering.isPresent()) {
            Membership m = covering.get();
            if (m.unitId() == unitId) {
                if (to == null || to.equals(m.to())) {
                    return MembershipChange.unchanged();
                }
                checkNoLater(existing, m, new DateRange(m.from(), to));
                return new MembershipChange(MembershipChange.Outcome.CLOSED, m.id(), to, null, null, null);
            }
            LocalDate end = to != null ? to : m.to();
            checkNoLater(existing, m, new DateRange(from, end));
            if (m.from().equals(from)) {
                if (to != null && !to.equals(m.to())) {
                    return new MembershipChange(MembershipChange.Outcome.UPDATED, m.id(), to, m.id(), unitId, null);
                }
                return new MembershipChange(MembershipChange.Outcome.UPDATED, null, null, m.id(), unitId, null);
            }
            return new MembershipChange(MembershipChange.Outcome.UPDATED, m.id(), from.minusDays(1), null, null,
                    new Membership(null, unitId, from, end));
        }
        checkNoLater(existing, null, wanted);
        return new MembershipChange(existing.isEmpty() ? MembershipChange.Outcome.CREATED
                : MembershipChange.Outcome.UPDATED, null, null, null, null, new Membership(null, unitId, from, to));
    }

    /** Ends the membership that covers {@code lastDay} on that day (a leaver); unchanged if none is open then. */
    public static MembershipChange end(List<Membership> existing, LocalDate lastDay) {
        Optional<Membership> covering = on(existing, lastDay);
        if (covering.isEmpty() || lastDay.equals(covering.get().to())) {
            return MembershipChange.unchanged();
        }
        return new MembershipChange(MembershipChange.Outcome.CLOSED, covering.get().id(), lastDay, null, null, null);
    }

    private static void checkNoLater(List<Membership> existing, Membership self, DateRange wanted) {
        Membership first = null;
        for (Membership m : existing) {
            if (m != self && m.from().isAfter(wanted.from()) && wanted.overlaps(m.range())
                    && (first == null || m.from().isBefore(first.from()))) {
                first = m;
            }
        }
        if (first != null) {
            throw new OverlapException(first);
        }
    }
}
