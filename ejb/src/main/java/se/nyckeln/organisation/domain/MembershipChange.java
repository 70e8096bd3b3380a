package se.nyckeln.organisation.domain;

import java.time.LocalDate;

/**
 * What one dated statement ("in unit U from D to E") does to a person's or device's memberships.
 *
 * @param outcome       the reported outcome
 * @param closeId       a membership to end at {@code closeAt} (a move ends the old one the day before), or null
 * @param closeAt       the new end of {@code closeId}
 * @param reassignId    a membership starting the same day whose unit is corrected in place, or null
 * @param insert        a membership to add, or null
 */
public record MembershipChange(Outcome outcome, Long closeId, LocalDate closeAt, Long reassignId, Long reassignTo,
                               Membership insert) {

    public enum Outcome { CREATED, UPDATED, CLOSED, UNCHANGED }

    public static MembershipChange unchanged() {
        return new MembershipChange(Outcome.UNCHANGED, null, null, null, null, null);
    }

    public boolean changes() {
        return outcome != Outcome.UNCHANGED;
    }
}
