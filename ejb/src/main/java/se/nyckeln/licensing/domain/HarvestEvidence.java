package se.nyckeln.licensing.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The evidence a harvest proposal rests on, and the rules that read it. Evidence is two dates: the holder's newest
 * use of the product ({@code lastActivity}, null when never seen) and the holder's latest membership event on or
 * before the day ({@code membershipChange}: the start of the membership in force, or the last day of the last one).
 *
 * <p><b>Remembered rejection.</b> A rejected proposal keeps the evidence it showed. The same assignment is proposed
 * again only on <em>new evidence</em>: a later last-use date, or a later membership event (a move, a leaving, a
 * return), than the rejection saw. Nothing else counts — not the passing of time, not a changed idle setting, not
 * a changed price — so an administrator who said "keep it" is not asked again every night.
 */
public record HarvestEvidence(LocalDate lastActivity, LocalDate membershipChange) {

    /** Whether this (current) evidence is new compared with what a rejection saw. */
    public boolean isNewerThan(HarvestEvidence rejected) {
        return later(lastActivity, rejected.lastActivity) || later(membershipChange, rejected.membershipChange);
    }

    /** {@code a} after {@code b}, where null means "never" and is before every date. */
    private static boolean later(LocalDate a, LocalDate b) {
        return a != null && (b == null || a.isAfter(b));
    }

    /**
     * Whether a seat is idle on {@code day}: held since at least {@code idleDays} days and not used within
     * {@code [day − idleDays, day]} (both ends inclusive, as the licence position's "in use"). A seat given out
     * more recently has not had the chance to be used for that long and is never idle.
     */
    public static boolean idle(LocalDate lastActivity, LocalDate assignedFrom, LocalDate day, int idleDays) {
        LocalDate windowStart = day.minusDays(idleDays);
        return !assignedFrom.isAfter(windowStart) && (lastActivity == null || lastActivity.isBefore(windowStart));
    }

    /**
     * Why an approval may not end an assignment that started {@code assignedFrom} with {@code endDate} as the first
     * day without the seat, or empty when it may. The seat goes back to the pool when the approval is recorded, so
     * the end may not lie in the future; and the assignment must have lasted at least one day.
     */
    public static Optional<String> endRefusal(LocalDate assignedFrom, LocalDate endDate, LocalDate today) {
        if (endDate.isAfter(today)) {
            return Optional.of("harvest-end-in-future");
        }
        if (!endDate.isAfter(assignedFrom)) {
            return Optional.of("harvest-end-before-start");
        }
        return Optional.empty();
    }
}
