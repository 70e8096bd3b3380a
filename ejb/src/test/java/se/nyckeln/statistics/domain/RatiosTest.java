package se.nyckeln.statistics.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import se.nyckeln.licensing.domain.Valuation;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatiosTest {

    @Test
    void percentIsRoundedHalfUpToOneDecimal() {
        assertEquals(new BigDecimal("33.3"), Ratios.percent(1, 3));
        assertEquals(new BigDecimal("66.7"), Ratios.percent(2, 3));
        assertEquals(new BigDecimal("12.5"), Ratios.percent(1, 8));
        assertEquals(new BigDecimal("0.1"), Ratios.percent(1, 1000)); // 0.1 exactly
        assertEquals(new BigDecimal("0.1"), Ratios.percent(1, 1999)); // 0.05002… → 0.1
        assertNull(Ratios.percent(3, 0));
    }

    @Test
    void perHeadIsWholeOreHalfUp() {
        assertEquals(3333L, Ratios.perHead(10_000, 3));
        assertEquals(5L, Ratios.perHead(9, 2)); // 4.5 → 5
        assertNull(Ratios.perHead(100, 0));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(new BigDecimal("50.0"), Ratios.median(List.of(new BigDecimal("80.0"), new BigDecimal("50.0"),
                new BigDecimal("10.0"))));
        assertEquals(new BigDecimal("45.1"), Ratios.median(List.of(new BigDecimal("40.0"), new BigDecimal("50.1"),
                new BigDecimal("90.0"), new BigDecimal("10.0")))); // (40.0 + 50.1) / 2 = 45.05 → 45.1
        assertNull(Ratios.median(List.of()));
        assertEquals(150L, Ratios.medianOre(List.of(100L, 200L)));
        assertEquals(2L, Ratios.medianOre(List.of(1L, 2L))); // 1.5 → 2
        assertEquals(7L, Ratios.medianOre(List.of(9L, 7L, 1L)));
    }

    @Test
    void smallCountsAreSuppressedButZeroAndFiveAreNot() {
        assertFalse(Disclosure.tooSmall(0));
        for (long n = 1; n < Disclosure.MIN_COUNT; n++) {
            assertTrue(Disclosure.tooSmall(n), "" + n);
        }
        assertFalse(Disclosure.tooSmall(Disclosure.MIN_COUNT));
    }

    @Test
    void seatsAreValuedAtThePriceAndSplitByMetric() {
        Seats user = Seats.of(6, 3, 1, 1, 12_000L, "NAMED_USER");
        assertEquals(72_000, user.allocatedValueOre());
        assertEquals(24_000, user.shelfwareValueOre()); // (3 − 1) × 12000
        assertEquals(72_000, user.userValueOre());
        assertEquals(0, user.deviceValueOre());
        Seats device = Seats.of(2, 2, 2, 0, 5_000L, "DEVICE");
        Seats unpriced = Seats.of(4, 1, 0, 1, null, "NAMED_USER");
        Seats sum = user.plus(device).plus(unpriced);
        assertEquals(12, sum.allocated());
        assertEquals(82_000, sum.allocatedValueOre());
        assertEquals(10_000, sum.deviceValueOre());
        assertEquals(4, sum.unpricedSeats());
        assertEquals(new BigDecimal("25.0"), sum.utilisationPercent()); // 3 in use of 12
    }

    /** The statistics price seats exactly as the licence position does. */
    @Property
    void seatPriceIsTheLicensingValuationRule(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long value,
                                              @ForAll @LongRange(min = 0, max = 1_000_000L) long quantity) {
        assertEquals(Valuation.unitPriceOre(value, quantity), SeatPrice.unitPriceOre(value, quantity));
    }
}
