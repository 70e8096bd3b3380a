package se.nyckeln.chargeback.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-computed splits, including the documented tie-break. */
class DistributionTest {

    private static final Distribution.Unit A = new Distribution.Unit(1, "SDN-A");
    private static final Distribution.Unit B = new Distribution.Unit(2, "SDN-B");
    private static final Distribution.Unit C = new Distribution.Unit(3, "SDN-C");

    @Test
    void fiftyFiftyBetweenTwoModelsThenByMeasure() {
        // 1001 öre, COMPUTER 1 : USER 1 → 501 / 500 (the odd öre: equal remainders and weights, "COMPUTER" < "USER")
        // COMPUTER 501 over A 1, B 2 → 167 / 334; USER 500 over A 3, B 1 → 375 / 125
        List<Distribution.Part> parts = Distribution.split(1001,
                List.of(new Distribution.Share(Model.USER, BigDecimal.ONE),
                        new Distribution.Share(Model.COMPUTER, BigDecimal.ONE)), null,
                Map.of("COMPUTER", Map.of(A, BigDecimal.ONE, B, BigDecimal.valueOf(2)),
                        "USER", Map.of(A, BigDecimal.valueOf(3), B, BigDecimal.ONE)));
        assertEquals(Model.COMPUTER, parts.get(0).model());
        assertEquals(501, parts.get(0).amountOre());
        assertEquals(List.of(167L, 334L), parts.get(0).lines().stream().map(Distribution.UnitAmount::amountOre).toList());
        assertEquals(500, parts.get(1).amountOre());
        assertEquals(List.of(375L, 125L), parts.get(1).lines().stream().map(Distribution.UnitAmount::amountOre).toList());
    }

    @Test
    void tieBreakGivesTheLeftoverOreToTheSmallerUnitCode() {
        // 100 öre over three equal measures: 33 each, one left over, all remainders and weights equal → SDN-A
        Distribution.Part p = Distribution.split(100, List.of(new Distribution.Share(Model.USER, BigDecimal.ONE)), null,
                Map.of("USER", Map.of(C, BigDecimal.TEN, B, BigDecimal.TEN, A, BigDecimal.TEN))).get(0);
        assertEquals(List.of("SDN-A", "SDN-B", "SDN-C"), p.lines().stream().map(l -> l.unit().code()).toList());
        assertEquals(List.of(34L, 33L, 33L), p.lines().stream().map(Distribution.UnitAmount::amountOre).toList());
    }

    @Test
    void aKeyWithoutMeasureIsFlaggedNotDropped() {
        List<Distribution.Part> parts = Distribution.split(999, List.of(
                new Distribution.Share(Model.CONNECTION, BigDecimal.ONE),
                new Distribution.Share(Model.NOT_DISTRIBUTED, BigDecimal.ONE),
                new Distribution.Share(Model.SEAT_DAYS, BigDecimal.ONE)), null,
                Map.of("CONNECTION", Map.of(A, BigDecimal.ZERO)));
        // 999 / 3 = 333 each
        assertEquals(Distribution.Outcome.FLAGGED, parts.get(0).outcome());
        assertEquals("no-measure", parts.get(0).flag());
        assertEquals(333, parts.get(0).amountOre());
        assertEquals(Distribution.Outcome.NOT_DISTRIBUTED, parts.get(1).outcome());
        assertEquals(Distribution.Outcome.FLAGGED, parts.get(2).outcome());
        assertEquals("no-product", parts.get(2).flag());
    }
}
