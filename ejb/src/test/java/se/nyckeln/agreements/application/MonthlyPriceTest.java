package se.nyckeln.agreements.application;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An invoice line's unit price becomes a price per seat and month for the entitlement it creates. */
class MonthlyPriceTest {

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void aYearOfSubscriptionIsDividedIntoTwelveMonths() {
        assertEquals(1_000_00, Purchases.monthlyPrice(12_000_00, d("2026-01-01"), d("2026-12-31")));
        assertEquals(1_000_00, Purchases.monthlyPrice(12_000_00, d("2026-01-15"), d("2027-01-14")));
    }

    @Test
    void aMonthOrLessOrNoEndIsTakenAsItIs() {
        assertEquals(400_00, Purchases.monthlyPrice(400_00, d("2026-05-01"), d("2026-05-31")));
        assertEquals(400_00, Purchases.monthlyPrice(400_00, d("2026-05-10"), d("2026-05-20")));
        assertEquals(400_00, Purchases.monthlyPrice(400_00, d("2026-05-01"), null));
        // one month and eleven days: the remainder is under half a month
        assertEquals(400_00, Purchases.monthlyPrice(400_00, d("2026-01-01"), d("2026-02-11")));
    }

    @Test
    void aRemainderOverHalfAMonthCountsAndTheÖreIsRoundedHalfUp() {
        // one month and 20 days: two months
        assertEquals(200_00, Purchases.monthlyPrice(400_00, d("2026-01-01"), d("2026-02-20")));
        // three months: 10 000 / 3 = 3 333.33 → 3 333; 10 001 / 2 = 5 000.5 → 5 001
        assertEquals(3_333, Purchases.monthlyPrice(10_000, d("2026-01-01"), d("2026-03-31")));
        assertEquals(5_001, Purchases.monthlyPrice(10_001, d("2026-01-01"), d("2026-02-28")));
    }
}
