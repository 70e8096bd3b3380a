package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssignmentRulesTest {

    @Test
    void theMetricDecidesWhoHoldsTheSeat() {
        assertTrue(AssignmentRules.accepts(LicenceMetric.NAMED_USER, AssignmentRules.Target.PERSON));
        assertFalse(AssignmentRules.accepts(LicenceMetric.NAMED_USER, AssignmentRules.Target.DEVICE));
        assertTrue(AssignmentRules.accepts(LicenceMetric.DEVICE, AssignmentRules.Target.DEVICE));
        assertFalse(AssignmentRules.accepts(LicenceMetric.DEVICE, AssignmentRules.Target.PERSON));
        assertFalse(AssignmentRules.accepts(LicenceMetric.PER_CORE, AssignmentRules.Target.PERSON));
        assertFalse(AssignmentRules.accepts(LicenceMetric.CONCURRENT, AssignmentRules.Target.DEVICE));
        assertTrue(AssignmentRules.accepts(LicenceMetric.SITE, AssignmentRules.Target.PERSON));
        assertTrue(AssignmentRules.accepts(LicenceMetric.SITE, AssignmentRules.Target.DEVICE));
        assertEquals(Optional.empty(), AssignmentRules.requiredTarget(LicenceMetric.SITE));
    }

    @Test
    void aMemberBelongsToItsUnitAndEveryUnitAboveIt() {
        Map<Long, Long> parents = Map.of(3L, 2L, 2L, 1L, 4L, 1L);
        assertTrue(AssignmentRules.belongsTo(3L, 3L, parents::get));
        assertTrue(AssignmentRules.belongsTo(3L, 2L, parents::get));
        assertTrue(AssignmentRules.belongsTo(3L, 1L, parents::get));
        assertFalse(AssignmentRules.belongsTo(3L, 4L, parents::get), "a sibling branch");
        assertFalse(AssignmentRules.belongsTo(null, 1L, parents::get), "no membership that day");
    }

    @Test
    void aCycleInTheTreeDoesNotLoopForever() {
        Map<Long, Long> cycle = Map.of(1L, 2L, 2L, 1L);
        assertFalse(AssignmentRules.belongsTo(1L, 9L, cycle::get));
    }

    @Test
    void anAssignmentEndsNoEarlierThanItStartedAndNoLaterThanToday() {
        LocalDate today = LocalDate.of(2026, 5, 10);
        LocalDate from = LocalDate.of(2026, 5, 1);
        assertEquals(Optional.empty(), AssignmentRules.endRefusal(from, from, today), "one day is enough");
        assertEquals(Optional.empty(), AssignmentRules.endRefusal(from, today, today));
        assertEquals(Optional.of("assignment-end-before-start"),
                AssignmentRules.endRefusal(from, from.minusDays(1), today));
        assertEquals(Optional.empty(), AssignmentRules.endRefusal(from, today.plusDays(1), today),
                "a dated end in the future is allowed");
        assertTrue(AssignmentRules.returnsSeatNow(today, today));
        assertTrue(AssignmentRules.returnsSeatNow(today.minusDays(3), today));
        assertFalse(AssignmentRules.returnsSeatNow(today.plusDays(1), today), "the seat stays counted until then");
    }
}
