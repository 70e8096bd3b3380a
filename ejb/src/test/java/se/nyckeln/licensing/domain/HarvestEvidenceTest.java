package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarvestEvidenceTest {

    private static final LocalDate D = LocalDate.of(2026, 6, 30);

    private static HarvestEvidence ev(String lastActivity, String membershipChange) {
        return new HarvestEvidence(lastActivity == null ? null : LocalDate.parse(lastActivity),
                membershipChange == null ? null : LocalDate.parse(membershipChange));
    }

    @Test
    void theSameEvidenceIsNotNew() {
        assertFalse(ev("2026-01-10", "2020-01-01").isNewerThan(ev("2026-01-10", "2020-01-01")));
        assertFalse(ev(null, null).isNewerThan(ev(null, null)));
        assertFalse(ev(null, "2020-01-01").isNewerThan(ev(null, "2020-01-01")));
    }

    @Test
    void aLaterLastUseIsNewEvidence() {
        assertTrue(ev("2026-01-11", "2020-01-01").isNewerThan(ev("2026-01-10", "2020-01-01")));
        // first use ever after a rejection of a seat never used
        assertTrue(ev("2025-01-01", "2020-01-01").isNewerThan(ev(null, "2020-01-01")));
    }

    @Test
    void aLaterMembershipEventIsNewEvidence() {
        assertTrue(ev("2026-01-10", "2026-05-01").isNewerThan(ev("2026-01-10", "2020-01-01")));
        assertTrue(ev(null, "2026-05-01").isNewerThan(ev(null, null)));
    }

    @Test
    void olderOrVanishedEvidenceIsNotNew() {
        assertFalse(ev("2026-01-09", "2020-01-01").isNewerThan(ev("2026-01-10", "2020-01-01")));
        assertFalse(ev(null, "2019-12-31").isNewerThan(ev("2026-01-10", "2020-01-01")));
    }

    @Test
    void idleMeansNoUseWithinTheInclusiveWindowAndASeatAtLeastThatOld() {
        LocalDate longAgo = LocalDate.of(2020, 1, 1);
        assertFalse(HarvestEvidence.idle(D.minusDays(90), longAgo, D, 90), "used exactly 90 days ago: in use");
        assertTrue(HarvestEvidence.idle(D.minusDays(91), longAgo, D, 90), "91 days ago: idle");
        assertTrue(HarvestEvidence.idle(null, longAgo, D, 90), "never used: idle");
        assertFalse(HarvestEvidence.idle(null, D.minusDays(89), D, 90), "given out 89 days ago: not yet idle");
        assertTrue(HarvestEvidence.idle(null, D.minusDays(90), D, 90), "given out 90 days ago, never used: idle");
        assertFalse(HarvestEvidence.idle(D.minusDays(20), longAgo, D, 30));
        assertTrue(HarvestEvidence.idle(D.minusDays(31), longAgo, D, 30));
    }

    @Test
    void anApprovalEndsNoLaterThanTodayAndAfterTheFirstDay() {
        LocalDate from = LocalDate.of(2026, 6, 1);
        assertEquals(Optional.empty(), HarvestEvidence.endRefusal(from, D, D));
        assertEquals(Optional.empty(), HarvestEvidence.endRefusal(from, from.plusDays(1), D));
        assertEquals(Optional.of("harvest-end-in-future"), HarvestEvidence.endRefusal(from, D.plusDays(1), D));
        assertEquals(Optional.of("harvest-end-before-start"), HarvestEvidence.endRefusal(from, from, D));
    }

    @Test
    void reasonsAreOrderedStrongestFirst() {
        assertTrue(HarvestReason.LEFT.compareTo(HarvestReason.MOVED) < 0);
        assertTrue(HarvestReason.MOVED.compareTo(HarvestReason.IDLE) < 0);
    }
}
