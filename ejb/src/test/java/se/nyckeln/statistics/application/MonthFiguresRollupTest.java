package se.nyckeln.statistics.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.statistics.domain.Seats;
import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rolled-up figures (each unit's seats and members added to its ancestors once) answer exactly what a pass over
 * every seat row of the unit's subtree answers: on a small hand-checked tree and on random trees.
 */
class MonthFiguresRollupTest {

    private static final LocalDate M = LocalDate.of(2026, 1, 1);
    private static final LocalDate D = LocalDate.of(2026, 1, 31);

    private static void unit(MonthFigures mf, long id, String kind, Long parent) {
        mf.units.put(id, new StatisticsStore.UnitRow(M, id, "U" + id, kind, "Enhet " + id, parent));
        if (parent != null) {
            mf.children.computeIfAbsent(parent, k -> new ArrayList<>()).add(id);
        }
    }

    private static void seat(MonthFigures mf, long pool, long product, String name, long unit, long allocated,
                             long assigned, long inUse, Long price) {
        mf.add(new StatisticsStore.SeatRow(M, D, pool, product, "Pub", name, null, "SKU" + product, "NAMED_USER",
                unit, allocated, assigned, inUse, 0), price);
    }

    @Test
    void aSmallTreeByHand() {
        MonthFigures mf = new MonthFigures(M, D);
        unit(mf, 1, "KOMMUN", null);
        unit(mf, 2, "STADSDELSNAMND", 1L);
        unit(mf, 3, "SUBUNIT", 2L);
        unit(mf, 4, "STADSDELSNAMND", 1L);
        seat(mf, 10, 100, "Alfa", 3, 5, 4, 2, 1_000L);
        seat(mf, 11, 101, "Beta", 2, 3, 3, 3, 2_000L);
        seat(mf, 11, 101, "Beta", 4, 2, 0, 0, 2_000L);
        mf.members.put(3L, new StatisticsStore.MemberRow(M, 3, 4, 1));
        mf.members.put(2L, new StatisticsStore.MemberRow(M, 2, 1, 0));
        mf.roll();

        // unit 2 = itself and 3: 8 held, 7 assigned, 5 in use; 5 × 1000 + 3 × 2000 = 11 000 öre over 5 persons
        StatisticsViews.Figures two = mf.treeFigures(2);
        assertEquals(8, two.allocated());
        assertEquals(7, two.assigned());
        assertEquals(5, two.inUse());
        assertEquals(11_000, two.allocatedValueOre());
        assertEquals(5L, two.persons());
        assertEquals(1L, two.devices());
        assertEquals(2_200L, two.costPerUserOre());
        assertEquals(10, mf.treeFigures(1).allocated());
        assertEquals(0, mf.treeFigures(99).allocated());
        assertEquals(Set.of(2L, 4L), mf.seatHoldingOrgans());
        assertEquals(List.of("Alfa", "Beta"),
                mf.treeProducts(2).stream().map(StatisticsViews.ProductFigures::productName).toList());
        assertEquals(Map.of(101L, Seats.of(2, 0, 0, 0, 2_000L, "NAMED_USER")), mf.treeSeatsByProduct(4));
    }

    @Test
    void randomTreesAgreeWithThePassOverTheSubtree() {
        for (long seed = 1; seed <= 200; seed++) {
            Random r = new Random(seed);
            MonthFigures mf = new MonthFigures(M, D);
            int n = 2 + r.nextInt(30);
            String[] kinds = {"STADSDELSNAMND", "FACKNAMND", "BOLAG", "SUBUNIT", "SUBUNIT"};
            unit(mf, 1, "KOMMUN", null);
            for (long id = 2; id <= n; id++) {
                unit(mf, id, kinds[r.nextInt(kinds.length)], 1 + (long) r.nextInt((int) id - 1));
            }
            // seat rows in the store's order (product name, pool, unit); some on units unknown on the day
            int products = 1 + r.nextInt(6);
            for (int p = 0; p < products; p++) {
                for (long u = 1; u <= n + 2; u++) {
                    if (r.nextInt(3) == 0) {
                        long allocated = r.nextInt(20);
                        long assigned = r.nextInt(20);
                        seat(mf, 500 + p, 100 + p / 2, "P" + (p / 2), u, allocated, assigned,
                                assigned == 0 ? 0 : r.nextInt((int) assigned + 1), r.nextBoolean() ? null : 100L + p);
                    }
                }
            }
            for (long u = 1; u <= n; u++) {
                if (r.nextBoolean()) {
                    mf.members.put(u, new StatisticsStore.MemberRow(M, u, r.nextInt(50), r.nextInt(10)));
                }
            }
            mf.roll();
            Set<Long> organs = new HashSet<>();
            mf.seats.forEach(s -> organs.add(mf.organOf(s.row().unitId())));
            assertEquals(organs, mf.seatHoldingOrgans(), "seed " + seed);
            for (long u = 1; u <= n + 2; u++) {
                Set<Long> tree = mf.subtree(u);
                assertEquals(mf.unitFigures(tree), mf.treeFigures(u), "seed " + seed + " unit " + u);
                assertEquals(mf.products(tree), mf.treeProducts(u), "seed " + seed + " unit " + u);
                for (long product = 100; product < 100 + products; product++) {
                    Seats expected = mf.seatsOf(tree, product);
                    Seats rolled = mf.treeSeatsByProduct(u).getOrDefault(product, Seats.ZERO);
                    assertEquals(expected, rolled, "seed " + seed + " unit " + u + " product " + product);
                }
            }
        }
    }
}
