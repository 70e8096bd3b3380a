package se.nyckeln.organisation.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MembershipsTest {

    private static final LocalDate JAN = LocalDate.of(2025, 1, 1);
    private static final LocalDate MAR = LocalDate.of(2025, 3, 1);

    @Test
    void moveEndsTheOldMembershipTheDayBeforeAndOpensANewOne() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, null));
        MembershipChange c = Memberships.state(existing, 2, MAR, null);
        assertEquals(MembershipChange.Outcome.UPDATED, c.outcome());
        assertEquals(7L, c.closeId());
        assertEquals(LocalDate.of(2025, 2, 28), c.closeAt());
        assertEquals(2, c.insert().unitId());
        assertEquals(MAR, c.insert().from());
        assertNull(c.insert().to());
    }

    @Test
    void restatingTheSameUnitIsUnchanged() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, null));
        assertEquals(MembershipChange.Outcome.UNCHANGED, Memberships.state(existing, 1, MAR, null).outcome());
        assertEquals(MembershipChange.Outcome.UNCHANGED, Memberships.state(existing, 1, JAN, null).outcome());
    }

    @Test
    void anExplicitEndClosesTheMembership() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, null));
        MembershipChange c = Memberships.state(existing, 1, JAN, LocalDate.of(2025, 6, 30));
        assertEquals(MembershipChange.Outcome.CLOSED, c.outcome());
        assertEquals(LocalDate.of(2025, 6, 30), c.closeAt());
    }

    @Test
    void aStatementOverlappingALaterMembershipIsRefused() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, LocalDate.of(2025, 2, 28)),
                new Membership(8L, 2, MAR, null));
        var e = assertThrows(Memberships.OverlapException.class,
                () -> Memberships.state(existing, 3, LocalDate.of(2025, 2, 1), LocalDate.of(2025, 4, 30)));
        assertEquals(MAR, e.conflicting().from());
        List<Membership> later = List.of(new Membership(8L, 2, MAR, null));
        assertThrows(Memberships.OverlapException.class, () -> Memberships.state(later, 3, JAN, null));
    }

    @Test
    void aMoveInsideAnEndedMembershipKeepsItsEnd() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, LocalDate.of(2025, 2, 28)),
                new Membership(8L, 2, MAR, null));
        MembershipChange c = Memberships.state(existing, 3, LocalDate.of(2025, 2, 1), null);
        assertEquals(LocalDate.of(2025, 2, 28), c.insert().to());
    }

    @Test
    void aMoveOnTheFirstDayCorrectsTheUnitInPlace() {
        List<Membership> existing = List.of(new Membership(7L, 1, MAR, null));
        MembershipChange c = Memberships.state(existing, 2, MAR, null);
        assertEquals(7L, c.reassignId());
        assertEquals(2L, c.reassignTo());
        assertNull(c.insert());
    }

    @Test
    void aLeaverEndsOnTheGivenDayAndOnlyOnce() {
        List<Membership> existing = List.of(new Membership(7L, 1, JAN, null));
        MembershipChange c = Memberships.end(existing, MAR);
        assertEquals(MembershipChange.Outcome.CLOSED, c.outcome());
        assertEquals(MAR, c.closeAt());
        List<Membership> after = List.of(new Membership(7L, 1, JAN, MAR));
        assertEquals(MembershipChange.Outcome.UNCHANGED, Memberships.end(after, MAR).outcome());
    }

    @Test
    void aLedgerAppliesAHistoryInOrder() {
        MembershipLedger ledger = new MembershipLedger(List.of());
        assertEquals(MembershipChange.Outcome.CREATED, ledger.state(1, JAN, null));
        assertEquals(MembershipChange.Outcome.UPDATED, ledger.state(2, MAR, null));
        assertEquals(2, ledger.inserts().size());
        assertEquals(LocalDate.of(2025, 2, 28), ledger.inserts().get(0).to());
    }
}
