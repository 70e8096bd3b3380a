package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChargebackRunScenarioTest {

    private static ChargebackRunScenario.Measure m(String key, long unit, String code, String q) {
        return new ChargebackRunScenario.Measure(key, unit, code, new BigDecimal(q));
    }

    @Test
    void baselineSplitsByModelThenByUnitWithLargestRemainder() {
        List<ChargebackRunScenario.PoolModel> pools = new java.util.ArrayList<>(List.of(
                // 1000 öre: COMPUTER 500 (A 1/3 -> 166.67, B 2/3 -> 333.33; the leftover öre to A), USER 500 (250 each)
                new ChargebackRunScenario.PoolModel(1, 1000, null, "USER", BigDecimal.ONE),
                new ChargebackRunScenario.PoolModel(1, 1000, null, "COMPUTER", BigDecimal.ONE),
                // 101 öre: 51 not distributed (equal remainders and weights: the smaller name), 50 PROJECT, no measure
                new ChargebackRunScenario.PoolModel(2, 101, null, "PROJECT", BigDecimal.ONE),
                new ChargebackRunScenario.PoolModel(2, 101, null, "NOT_DISTRIBUTED", BigDecimal.ONE),
                // seat days without a product: flagged, nothing charged
                new ChargebackRunScenario.PoolModel(3, 999, null, "SEAT_DAYS", BigDecimal.ONE),
                // seat days of product 7: B only (A's zero does not receive)
                new ChargebackRunScenario.PoolModel(4, 10, 7L, "SEAT_DAYS", BigDecimal.ONE)));
        List<ChargebackRunScenario.Measure> measures = List.of(
                m("COMPUTER", 2, "B", "2"), m("COMPUTER", 1, "A", "1"),
                m("USER", 1, "A", "31"), m("USER", 2, "B", "31"),
                m("SEAT_DAYS:7", 1, "A", "0"), m("SEAT_DAYS:7", 2, "B", "12.5"));
        int[] lines = new int[1];
        Map<Long, Long> perUnit = ChargebackRunScenario.distribute(pools, measures, lines);
        assertEquals(Map.of(1L, 417L, 2L, 593L), perUnit);
        assertEquals(5, lines[0]);
    }

    @Test
    void comparisonNamesMismatchesAndTreatsMissingAsZero() {
        assertEquals("per-unit totals equal (2 units)",
                ChargebackRunScenario.compare(Map.of(1L, 5L, 2L, 0L), Map.of(1L, 5L)));
        String diff = ChargebackRunScenario.compare(Map.of(1L, 5L), Map.of(1L, 6L, 3L, 1L));
        assertTrue(diff.startsWith("MISMATCH in 2 of 2 units"), diff);
    }

    @Test
    void readsTheUnitsAnswer() {
        String json = "[{\"unitId\":12,\"unitCode\":\"X\",\"unitName\":\"{weird}\",\"unitKind\":\"BOLAG\",\"bolag\":true,"
                + "\"chargesOre\":-300,\"adjustmentsOre\":0,\"totalOre\":-300},"
                + "{\"chargesOre\":42,\"unitCode\":\"Y \\\"}\",\"unitId\":13}]";
        assertEquals(Map.of(12L, -300L, 13L, 42L), ChargebackRunScenario.perUnit(json));
        assertEquals(7L, ChargebackRunScenario.jsonLong("{\"id\":7,\"poolId\":3}", "id"));
    }
}
