package se.nyckeln.shared;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodTest {

    @Test
    void knowsItsLengthIncludingLeapYears() {
        assertEquals(29, Period.of(2024, 2).days());
        assertEquals(28, Period.of(2026, 2).days());
        assertEquals(30, Period.of(2026, 11).days());
        assertEquals(31, Period.of(2026, 12).days());
    }

    @Test
    void knowsItsFirstAndLastDay() {
        Period p = Period.of(2026, 2);
        assertEquals(LocalDate.of(2026, 2, 1), p.firstDay());
        assertEquals(LocalDate.of(2026, 2, 28), p.lastDay());
        assertTrue(p.contains(LocalDate.of(2026, 2, 28)));
        assertFalse(p.contains(LocalDate.of(2026, 3, 1)));
        assertEquals(Period.of(2027, 1), Period.of(2026, 12).next());
        assertEquals(Period.of(2025, 12), Period.of(2026, 1).previous());
    }

    @Test
    void parsesYearDashMonth() {
        assertEquals(Period.of(2026, 11), Period.parse(" 2026-11 "));
        assertEquals("2026-11", Period.of(2026, 11).toString());
        assertThrows(IllegalArgumentException.class, () -> Period.parse("2026-13"));
        assertThrows(IllegalArgumentException.class, () -> Period.parse("11/2026"));
        assertThrows(IllegalArgumentException.class, () -> Period.parse(null));
    }

    @Test
    void currentPeriodFollowsStockholmNotUtcAtMonthEnd() {
        // 23:30 UTC on 30 November is 00:30 on 1 December in Stockholm (UTC+1 in winter)
        Clock lateNovemberUtc = Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC);
        assertEquals(Period.of(2026, 12), Period.current(lateNovemberUtc));
        // 22:59 UTC is still 23:59 on 30 November in Stockholm
        assertEquals(Period.of(2026, 11), Period.current(Clock.fixed(Instant.parse("2026-11-30T22:59:00Z"), ZoneOffset.UTC)));
        // summer time: UTC+2, so 22:30 UTC on 30 June is already July
        assertEquals(Period.of(2026, 7), Period.current(Clock.fixed(Instant.parse("2026-06-30T22:30:00Z"), ZoneOffset.UTC)));
    }

    @Test
    void ordersChronologically() {
        assertTrue(Period.of(2026, 1).compareTo(Period.of(2025, 12)) > 0);
        assertEquals(Period.of(2026, 3), Period.containing(LocalDate.of(2026, 3, 31)));
    }
}
