package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrawRuleTest {

    private static final long KOMMUN = 1;
    private static final long BOLAG_A = 2;
    private static final long BOLAG_B = 3;

    @Test
    void aUnitDrawsFromItsOwnLegalEntitysPool() {
        assertTrue(DrawRule.mayDraw(KOMMUN, true, false, KOMMUN, true));
        assertTrue(DrawRule.mayDraw(BOLAG_A, false, false, BOLAG_A, false));
    }

    @Test
    void aBolagDrawsFromTheKommunPoolOnlyWhenItsEntitlementAllowsBolag() {
        assertFalse(DrawRule.mayDraw(KOMMUN, true, false, BOLAG_A, false));
        assertTrue(DrawRule.mayDraw(KOMMUN, true, true, BOLAG_A, false));
    }

    @Test
    void neverFromAnotherBolagsPoolNorTheKommunFromABolags() {
        assertFalse(DrawRule.mayDraw(BOLAG_B, false, true, BOLAG_A, false));
        assertFalse(DrawRule.mayDraw(BOLAG_A, false, true, KOMMUN, true));
    }
}
