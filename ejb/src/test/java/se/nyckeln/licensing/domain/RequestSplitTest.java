package se.nyckeln.licensing.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSplitTest {

    @Test
    void freeSeatsFirstThenHarvestThenPurchase() {
        assertEquals(new RequestSplit(2, 3, 5), RequestSplit.of(10, 2L, 3));
        assertEquals(new RequestSplit(4, 0, 0), RequestSplit.of(4, 9L, 3));
        assertEquals(new RequestSplit(0, 3, 1), RequestSplit.of(4, 0L, 7 - 4));
        assertEquals(new RequestSplit(0, 0, 6), RequestSplit.of(6, 0L, 0));
        assertEquals(new RequestSplit(1, 2, 0), RequestSplit.of(3, 1L, 5));
    }

    @Test
    void anUnlimitedPoolMeetsEverything() {
        assertEquals(new RequestSplit(500, 0, 0), RequestSplit.of(500, null, 20));
    }

    @Test
    void aPurchaseIsAllowedOnlyWithoutFreeSeats() {
        assertTrue(RequestSplit.purchaseAllowed(0L));
        assertFalse(RequestSplit.purchaseAllowed(1L));
        assertFalse(RequestSplit.purchaseAllowed(null));
    }

    @Property
    void thePartsAlwaysAddUpAndPurchaseOnlyWhenReuseIsExhausted(@ForAll @LongRange(max = 1_000_000) long outstanding,
                                                               @ForAll @LongRange(max = 1_000_000) long free,
                                                               @ForAll @LongRange(max = 1_000_000) long harvestable) {
        RequestSplit s = RequestSplit.of(outstanding, free, harvestable);
        assertEquals(outstanding, s.fromFree() + s.fromHarvest() + s.toPurchase());
        assertTrue(s.fromFree() <= free && s.fromHarvest() <= harvestable);
        if (s.toPurchase() > 0) {
            assertEquals(free, s.fromFree());
            assertEquals(harvestable, s.fromHarvest());
        }
    }
}
