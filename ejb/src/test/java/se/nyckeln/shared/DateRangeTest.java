package se.nyckeln.shared;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateRangeTest {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void containsBothEnds() {
        DateRange r = new DateRange(d("2026-01-15"), d("2026-02-10"));
        assertTrue(r.contains(d("2026-01-15")));
        assertTrue(r.contains(d("2026-02-10")));
        assertFalse(r.contains(d("2026-01-14")));
        assertFalse(r.contains(d("2026-02-11")));
    }

    @Test
    void openEndContainsEverythingAfterTheStart() {
        DateRange r = DateRange.from(d("2026-01-01"));
        assertTrue(r.isOpen());
        assertTrue(r.contains(d("2099-12-31")));
        assertFalse(r.contains(d("2025-12-31")));
    }

    @Test
    void rangesSharingOneDayOverlapButAdjacentOnesDoNot() {
        DateRange january = new DateRange(d("2026-01-01"), d("2026-01-31"));
        assertTrue(january.overlaps(new DateRange(d("2026-01-31"), d("2026-02-28"))));
        assertFalse(january.overlaps(new DateRange(d("2026-02-01"), d("2026-02-28"))));
        assertFalse(new DateRange(d("2026-02-01"), d("2026-02-28")).overlaps(january));
        assertTrue(january.overlaps(DateRange.from(d("2025-06-01"))));
        assertTrue(DateRange.from(d("2026-01-31")).overlaps(january));
    }

    @Test
    void daysWithinCountsBothEnds() {
        DateRange r = new DateRange(d("2026-01-15"), d("2026-02-10"));
        assertEquals(10, r.daysWithin(d("2026-02-01"), d("2026-02-28")));
        assertEquals(17, r.daysWithin(d("2026-01-01"), d("2026-01-31")));
        assertEquals(0, r.daysWithin(d("2026-03-01"), d("2026-03-31")));
        assertEquals(1, new DateRange(d("2026-02-28"), d("2026-02-28")).daysWithin(d("2026-02-01"), d("2026-02-28")));
        assertEquals(28, DateRange.from(d("2020-01-01")).daysWithin(d("2026-02-01"), d("2026-02-28")));
    }

    @Test
    void refusesAnEndBeforeTheStartOrNoStart() {
        assertThrows(IllegalArgumentException.class, () -> new DateRange(d("2026-02-01"), d("2026-01-31")));
        assertThrows(IllegalArgumentException.class, () -> new DateRange(null, d("2026-01-31")));
    }
}
