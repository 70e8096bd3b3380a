package se.nyckeln.organisation.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitTimelineTest {

    private static final LocalDate START = LocalDate.of(2020, 1, 1);
    private static final List<UnitVersion> ONE = List.of(new UnitVersion(1L, START, null, "Kultur", 10L, "4100"));

    @Test
    void renameFromADateEndsTheCurrentVersionTheDayBefore() {
        UnitTimeline.Change c = UnitTimeline.change(ONE, LocalDate.of(2025, 1, 1), "Kultur och fritid", 10L, "4100");
        assertTrue(c.changes());
        assertEquals(1L, c.endId());
        assertEquals(LocalDate.of(2024, 12, 31), c.endAt());
        assertEquals("Kultur och fritid", c.insert().name());
    }

    @Test
    void sameAttributesAreNoChange() {
        assertFalse(UnitTimeline.change(ONE, LocalDate.of(2025, 1, 1), "Kultur", 10L, "4100").changes());
    }

    @Test
    void changeBeforeALaterVersionIsRefused() {
        List<UnitVersion> two = List.of(new UnitVersion(1L, START, LocalDate.of(2024, 12, 31), "A", 10L, null),
                new UnitVersion(2L, LocalDate.of(2025, 1, 1), null, "B", 10L, null));
        var e = assertThrows(UnitTimeline.RefusedException.class,
                () -> UnitTimeline.change(two, LocalDate.of(2024, 6, 1), "C", 10L, null));
        assertEquals(UnitTimeline.Refusal.LATER_VERSION_EXISTS, e.refusal());
    }

    @Test
    void closingEndsTheLatestVersion() {
        UnitTimeline.Change c = UnitTimeline.close(ONE, LocalDate.of(2025, 6, 30));
        assertEquals(1L, c.endId());
        assertEquals(LocalDate.of(2025, 6, 30), c.endAt());
        assertThrows(UnitTimeline.RefusedException.class, () -> UnitTimeline.close(ONE, LocalDate.of(2019, 1, 1)));
    }

    @Test
    void aChangeBeforeTheUnitExistsIsRefused() {
        var e = assertThrows(UnitTimeline.RefusedException.class,
                () -> UnitTimeline.change(ONE, LocalDate.of(2019, 1, 1), "X", 10L, null));
        assertEquals(UnitTimeline.Refusal.NOT_VALID_ON_DATE, e.refusal());
    }
}
