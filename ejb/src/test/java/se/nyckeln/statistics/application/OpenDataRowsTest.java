package se.nyckeln.statistics.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open-data rows from a hand-made month: grouping by organ and family, suppression and its second cell. */
class OpenDataRowsTest {

    private static final LocalDate M = LocalDate.of(2030, 3, 1);
    private static final LocalDate D = LocalDate.of(2030, 3, 31);

    private static MonthFigures month() {
        MonthFigures mf = new MonthFigures(M, D);
        unit(mf, 1, "KOMMUN", "KOMMUN", null);
        unit(mf, 10, "SDN-A", "STADSDELSNAMND", 1L);
        unit(mf, 11, "SKOLA-A", "SUBUNIT", 10L);
        unit(mf, 20, "SDN-B", "STADSDELSNAMND", 1L);
        unit(mf, 30, "SDN-C", "STADSDELSNAMND", 1L);
        mf.pools.put(100L, new StatisticsStore.PoolMonth(M, 100, 7, "Microsoft", "Visio", "Plan 2", "VISIO", "NAMED_USER", 40, 400_000));
        // SDN-A: 10 seats in the school, 10 assigned, 5 in use; SDN-B: 6 seats, 5 assigned, 5 in use;
        // SDN-C: 4 seats, 2 assigned, 1 in use (too small)
        seat(mf, 11, 10, 10, 5);
        seat(mf, 20, 6, 5, 5);
        seat(mf, 30, 4, 2, 1);
        return mf;
    }

    private static void unit(MonthFigures mf, long id, String code, String kind, Long parent) {
        mf.units.put(id, new StatisticsStore.UnitRow(M, id, code, kind, "Namn " + code, parent));
        if (parent != null) {
            mf.children.computeIfAbsent(parent, k -> new java.util.ArrayList<>()).add(id);
        }
    }

    private static void seat(MonthFigures mf, long unit, long allocated, long assigned, long inUse) {
        StatisticsStore.SeatRow r = new StatisticsStore.SeatRow(M, D, 100, 7, "Microsoft", "Visio", "Plan 2", "VISIO",
                "NAMED_USER", unit, allocated, assigned, inUse, 0);
        mf.add(r, 10_000L);
    }

    @Test
    void cityAndOrganRowsWithPrimaryAndSecondarySuppression() {
        List<OpenData.Row> rows = OpenData.rows(month());
        assertEquals(4, rows.size(), rows.toString());
        OpenData.Row city = rows.get(0);
        assertEquals("CITY", city.level());
        assertEquals("Microsoft Visio", city.productFamily());
        assertEquals(40L, city.entitled());
        assertEquals(20, city.licences());
        assertEquals(17L, city.assigned());
        assertEquals(11L, city.inUse());
        assertEquals(new BigDecimal("55.0"), city.utilisationPercent());
        assertEquals(200_000, city.costOre());
        assertFalse(city.suppressed());

        OpenData.Row a = rows.get(1);
        OpenData.Row b = rows.get(2);
        OpenData.Row c = rows.get(3);
        assertEquals(List.of("SDN-A", "SDN-B", "SDN-C"), List.of(a.organCode(), b.organCode(), c.organCode()));
        // the school's seats count for its nämnd
        assertEquals(10, a.licences());
        assertFalse(a.suppressed());
        assertEquals(10L, a.assigned());
        assertEquals(5L, a.inUse());
        // SDN-C has 2 assigned: suppressed; SDN-B (5 assigned, the smaller shown one) follows, else 17 − 10 − 5 = 2
        assertTrue(c.suppressed());
        assertNull(c.assigned());
        assertNull(c.inUse());
        assertNull(c.utilisationPercent());
        assertTrue(b.suppressed());
        assertNull(b.assigned());
        // seat counts and cost are not about people and stay published
        assertEquals(4, c.licences());
        assertEquals(40_000, c.costOre());
    }

    @Test
    void aRowHasNoFieldThatCouldNameAPersonOrDevice() {
        Set<String> allowed = Set.of("month", "level", "organCode", "organName", "organKind", "productFamily",
                "entitled", "licences", "assigned", "inUse", "utilisationPercent", "costOre", "suppressed");
        assertEquals(allowed, Set.copyOf(Arrays.stream(OpenData.Row.class.getRecordComponents())
                .map(RecordComponent::getName).toList()));
    }
}
