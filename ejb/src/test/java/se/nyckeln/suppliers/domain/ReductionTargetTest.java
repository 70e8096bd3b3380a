package se.nyckeln.suppliers.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReductionTargetTest {

    @Test
    void molndalReachedTwentyButNotFiftyPercent() {
        // 150 suppliers, 98 now (52 fewer, 34.7 %)
        ReductionTarget t20 = ReductionTarget.of(20, 150, 98);
        assertEquals(120, t20.target());
        assertEquals(52.0 / 30, t20.progress(), 1e-9);
        assertEquals(52.0 / 150, t20.achievedReduction(), 1e-9);
        assertTrue(t20.reached());
        ReductionTarget t50 = ReductionTarget.of(50, 150, 98);
        assertEquals(75, t50.target());
        assertEquals(52.0 / 75, t50.progress(), 1e-9);
        assertFalse(t50.reached());
    }

    @Test
    void targetRoundsHalfUpAndGrowthIsNoProgress() {
        assertEquals(6, ReductionTarget.of(35, 10, 10).target()); // 3.5 -> 4 fewer
        assertEquals(0.0, ReductionTarget.of(20, 10, 12).progress());
        assertEquals(-0.2, ReductionTarget.of(20, 10, 12).achievedReduction(), 1e-9);
        assertTrue(ReductionTarget.of(0, 10, 10).reached());
        assertEquals(0.0, ReductionTarget.of(20, 0, 0).achievedReduction());
    }
}
