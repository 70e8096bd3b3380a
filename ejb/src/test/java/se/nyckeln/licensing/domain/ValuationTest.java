package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ValuationTest {

    @Test
    void theAverageIsWeightedByQuantity() {
        // 10 seats at 100.00 kr and 5 at 160.00 kr: (1 000 000 + 800 000) / 15 = 120.00 kr
        assertEquals(12_000L, Valuation.unitPriceOre(10 * 10_000L + 5 * 16_000L, 15));
    }

    @Test
    void theAverageIsRoundedHalfUpToWholeOre() {
        assertEquals(2L, Valuation.unitPriceOre(3, 2));   // 1.5 → 2
        assertEquals(1L, Valuation.unitPriceOre(4, 3));   // 1.33 → 1
        assertEquals(2L, Valuation.unitPriceOre(5, 3));   // 1.67 → 2
        assertEquals(0L, Valuation.unitPriceOre(0, 7));   // free seats are worth nothing
    }

    @Test
    void withoutValidEntitlementsThereIsNoPrice() {
        assertNull(Valuation.unitPriceOre(0, 0));
        assertNull(Valuation.value(3L, null));
    }

    @Test
    void aCountIsValuedAtThePriceAndAShortfallIsNegative() {
        assertEquals(36_000L, Valuation.value(3L, 12_000L));
        assertEquals(-24_000L, Valuation.value(-2L, 12_000L));
        assertNull(Valuation.value(null, 12_000L));
    }
}
