package se.nyckeln.statistics.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The month outcomes rolled up by hand: a unit's reuse and licence spend count for it and every ancestor, for its
 * organ (nämnd/bolag) and the city; spend of no unit only for the city; a supplier counts once per organ and once
 * city-wide however many units buy from it. Fidelity: öre-exact sums, the share one decimal half up.
 */
class MonthOutcomesTest {

    private static final LocalDate M = LocalDate.of(2026, 1, 1);
    private static final LocalDate D = LocalDate.of(2026, 1, 31);

    private static void unit(MonthFigures mf, long id, String kind, Long parent) {
        mf.units.put(id, new StatisticsStore.UnitRow(M, id, "U" + id, kind, "Enhet " + id, parent));
        if (parent != null) {
            mf.children.computeIfAbsent(parent, k -> new ArrayList<>()).add(id);
        }
    }

    @Test
    void rolledUpByHand() {
        MonthFigures mf = new MonthFigures(M, D);
        unit(mf, 1, "KOMMUN", null);
        unit(mf, 2, "STADSDELSNAMND", 1L);
        unit(mf, 3, "SUBUNIT", 2L);
        unit(mf, 4, "STADSDELSNAMND", 1L);
        MonthOutcomes mo = new MonthOutcomes(mf);
        mo.addReuse(3, new long[] {2, 0, 3, 36_000, 1});
        mo.addReuse(2, new long[] {0, 5, 0, 0, 0});
        mo.addReuse(4, new long[] {1, 0, 1, 10_000, 0});
        // unit 3: 1000.00 kr of licence lines, 666.67 kr OK, 100.00 kr wrong price
        mo.addSpend(3L, new long[] {100_000, 66_667, 10_000, 0, 3});
        mo.addSpend(4L, new long[] {50_000, 0, 0, 20_000, 1});
        mo.addSpend(null, new long[] {7_000, 0, 0, 0, 1});
        mo.addSupplier(3L, 77);
        mo.addSupplier(2L, 77);
        mo.addSupplier(4L, 77);
        mo.addSupplier(4L, 78);
        mo.addSupplier(null, 79);

        StatisticsViews.Reuse two = StatisticsViews.Reuse.of(mo.treeReuse(2));
        assertEquals(new StatisticsViews.Reuse(2, 5, 3, 36_000, 1), two);
        assertEquals(new StatisticsViews.Reuse(3, 5, 4, 46_000, 1), StatisticsViews.Reuse.of(mo.treeReuse(1)));
        assertEquals(new StatisticsViews.Reuse(3, 5, 4, 46_000, 1), StatisticsViews.Reuse.of(mo.cityReuse));
        assertEquals(new StatisticsViews.Reuse(2, 5, 3, 36_000, 1), StatisticsViews.Reuse.of(mo.organReuse.get(2L)));

        // 66 667 / 100 000 = 66.667 % → 66.7; other = 100 000 − 66 667 − 10 000 = 23 333
        StatisticsViews.Fidelity f3 = StatisticsViews.Fidelity.of(mo.treeSpend(3));
        assertEquals(new StatisticsViews.Fidelity(100_000, 66_667, 10_000, 0, 23_333, 3, new BigDecimal("66.7")), f3);
        assertEquals(f3, StatisticsViews.Fidelity.of(mo.treeSpend(2)));
        assertEquals(new BigDecimal("0.0"), StatisticsViews.Fidelity.of(mo.treeSpend(4)).percent());
        // the kommun's subtree: 150 000, of which 66 667 OK = 44.4444 % → 44.4; the city adds the unmapped 7 000
        assertEquals(new BigDecimal("44.4"), StatisticsViews.Fidelity.of(mo.treeSpend(1)).percent());
        StatisticsViews.Fidelity city = StatisticsViews.Fidelity.of(mo.citySpend);
        assertEquals(157_000, city.licenceSpendOre());
        assertEquals(new BigDecimal("42.5"), city.percent()); // 66 667 / 157 000 = 42.4631 %
        assertNull(StatisticsViews.Fidelity.of(new long[5]).percent());

        assertEquals(3, mo.citySuppliers.size());
        assertEquals(1, mo.organSuppliers.get(2L).size());
        assertEquals(2, mo.organSuppliers.get(4L).size());
        assertEquals(java.util.Set.of(2L, 4L), mo.organs());
    }
}
