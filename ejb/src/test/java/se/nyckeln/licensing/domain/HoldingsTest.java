package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldingsTest {

    private static Holdings.Movement m(long delta, String from) {
        return new Holdings.Movement(delta, LocalDate.parse(from));
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void aHoldingIsTheSumOfTheMovementsUpToTheDay() {
        List<Holdings.Movement> ledger = List.of(m(10, "2026-01-01"), m(5, "2026-02-01"), m(-3, "2026-03-01"));
        assertEquals(0, Holdings.on(ledger, d("2025-12-31")));
        assertEquals(10, Holdings.on(ledger, d("2026-01-31")));
        assertEquals(15, Holdings.on(ledger, d("2026-02-01")));
        assertEquals(12, Holdings.on(ledger, d("2026-12-31")));
    }

    @Test
    void aReallocationCannotMoveMoreThanTheUnitHolds() {
        List<Holdings.Movement> ledger = List.of(m(10, "2026-01-01"));
        assertTrue(Holdings.canGive(ledger, d("2026-02-01"), 10));
        assertFalse(Holdings.canGive(ledger, d("2026-02-01"), 11));
        assertFalse(Holdings.canGive(ledger, d("2025-12-01"), 1), "nothing is held before the first allocation");
        assertFalse(Holdings.canGive(ledger, d("2026-02-01"), 0), "moving nothing is not a reallocation");
    }

    @Test
    void aLaterRecordedMoveLimitsWhatCanBeGivenFromAnEarlierDay() {
        // 10 seats; 8 already move away from 1 June. From 1 March only 2 can go, or the unit would be at -6 in June.
        List<Holdings.Movement> ledger = List.of(m(10, "2026-01-01"), m(-8, "2026-06-01"));
        assertEquals(2, Holdings.leastFrom(ledger, d("2026-03-01")));
        assertTrue(Holdings.canGive(ledger, d("2026-03-01"), 2));
        assertFalse(Holdings.canGive(ledger, d("2026-03-01"), 3));
    }
}
