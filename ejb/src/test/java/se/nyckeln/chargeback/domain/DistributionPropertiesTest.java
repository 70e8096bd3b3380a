package se.nyckeln.chargeback.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact money over thousands of random pools and keys: whatever the amount (huge, tiny, negative, zero), the models
 * and shares, and the measures (none, zero, one unit, many), every öre of a pool lands in exactly one place, every
 * distributed part sums exactly to its amount, a part without measure is flagged with its whole amount, and the
 * result does not depend on the order the inputs come in.
 */
class DistributionPropertiesTest {

    record Case(long amount, List<Distribution.Share> shares, Long product,
                Map<String, Map<Distribution.Unit, BigDecimal>> measures) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> amount = Arbitraries.oneOf(Arbitraries.longs().between(-5, 5),
                Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L),
                Arbitraries.longs().between(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4),
                Arbitraries.of(Long.MAX_VALUE / 2, 1L, -1L, 0L));
        Arbitrary<List<Distribution.Share>> shares = Arbitraries.of(Model.values()).set().ofMinSize(1).ofMaxSize(4)
                .flatMap(models -> Arbitraries.integers().between(1, 1000).list().ofSize(models.size()).map(ws -> {
                    List<Distribution.Share> list = new ArrayList<>();
                    int i = 0;
                    for (Model m : models) {
                        list.add(new Distribution.Share(m, BigDecimal.valueOf(ws.get(i++), 1)));
                    }
                    return list;
                }));
        Arbitrary<Long> product = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of(7L));
        Arbitrary<Map<String, Map<Distribution.Unit, BigDecimal>>> measures = Arbitraries.longs()
                .map(seed -> randomMeasures(new Random(seed)));
        return Combinators.combine(amount, shares, product, measures).as(Case::new);
    }

    private static Map<String, Map<Distribution.Unit, BigDecimal>> randomMeasures(Random r) {
        Map<String, Map<Distribution.Unit, BigDecimal>> m = new HashMap<>();
        for (String key : List.of("USER", "COMPUTER", "SYSTEM_TIER", "CONNECTION", "PROJECT", "FIXED", "SEAT_DAYS:7")) {
            int kind = r.nextInt(5);
            if (kind == 0) {
                continue; // no measure at all
            }
            int units = kind == 1 ? 1 : r.nextInt(12);
            Map<Distribution.Unit, BigDecimal> byUnit = new HashMap<>();
            for (int i = 0; i < units; i++) {
                BigDecimal q = switch (r.nextInt(4)) {
                    case 0 -> BigDecimal.ZERO;
                    case 1 -> BigDecimal.valueOf(r.nextInt(31) + 1);
                    case 2 -> BigDecimal.valueOf(r.nextLong(1, 1_000_000_000L), 4);
                    default -> BigDecimal.valueOf(r.nextInt(1000) + 1, 1);
                };
                byUnit.put(new Distribution.Unit(1000 + i, "U" + (char) ('A' + r.nextInt(26)) + i), q);
            }
            m.put(key, byUnit);
        }
        return m;
    }

    @Property(tries = 3000)
    void everyOreOfThePoolLandsInExactlyOnePlace(@ForAll("cases") Case c) {
        List<Distribution.Part> parts = Distribution.split(c.amount(), c.shares(), c.product(), c.measures());
        BigInteger sum = BigInteger.ZERO;
        for (Distribution.Part p : parts) {
            sum = sum.add(BigInteger.valueOf(p.amountOre()));
            long lines = p.lines().stream().mapToLong(Distribution.UnitAmount::amountOre).sum();
            switch (p.outcome()) {
                case DISTRIBUTED -> {
                    assertEquals(p.amountOre(), lines, "lines of " + p.model());
                    assertTrue(p.lines().stream().allMatch(l -> l.quantity().signum() > 0));
                    BigDecimal total = p.lines().stream().map(Distribution.UnitAmount::quantity)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertEquals(0, total.compareTo(p.totalQuantity()));
                    assertTrue(p.lines().stream().allMatch(l -> Long.signum(l.amountOre()) * Long.signum(p.amountOre()) >= 0),
                            "a charge never turns into a credit");
                }
                case FLAGGED -> {
                    assertTrue(p.lines().isEmpty());
                    String key = p.model().measureKey(c.product());
                    boolean hasMeasure = key != null && c.measures().getOrDefault(key, Map.of()).values().stream()
                            .anyMatch(q -> q.signum() > 0);
                    assertTrue(!hasMeasure, "flagged although the key has a measure: " + p);
                }
                case NOT_DISTRIBUTED -> {
                    assertEquals(Model.NOT_DISTRIBUTED, p.model());
                    assertTrue(p.lines().isEmpty());
                }
            }
        }
        assertEquals(BigInteger.valueOf(c.amount()), sum, "parts sum to the pool");
    }

    @Property(tries = 1000)
    void theResultDoesNotDependOnInputOrder(@ForAll("cases") Case c) {
        List<Distribution.Share> shuffledShares = new ArrayList<>(c.shares());
        Collections.shuffle(shuffledShares, new Random(c.amount()));
        Map<String, Map<Distribution.Unit, BigDecimal>> shuffled = new HashMap<>();
        c.measures().forEach((k, v) -> {
            List<Map.Entry<Distribution.Unit, BigDecimal>> entries = new ArrayList<>(v.entrySet());
            Collections.shuffle(entries, new Random(k.hashCode()));
            Map<Distribution.Unit, BigDecimal> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            shuffled.put(k, m);
        });
        assertEquals(Distribution.split(c.amount(), c.shares(), c.product(), c.measures()),
                Distribution.split(c.amount(), shuffledShares, c.product(), shuffled));
    }
}
