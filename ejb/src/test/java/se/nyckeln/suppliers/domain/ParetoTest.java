package se.nyckeln.suppliers.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParetoTest {

    // A 1000, B 500, C 300, D 100, E 60, F 40 kr: total 2000 kr
    private static final List<Pareto.Entry> SIX = List.of(new Pareto.Entry(1, 100_000), new Pareto.Entry(2, 50_000),
            new Pareto.Entry(3, 30_000), new Pareto.Entry(4, 10_000), new Pareto.Entry(5, 6_000),
            new Pareto.Entry(6, 4_000));

    private static List<Long> ids(List<Pareto.Entry> tail) {
        return tail.stream().map(Pareto.Entry::id).toList();
    }

    @Test
    void theTailIsTheSmallestSuppliersWhoseSpendTogetherIsAtMostThePercentage() {
        // 10 % = 200 kr: F 40, E 100, D 200 (= 200, in), C 500 (out)
        assertEquals(List.of(6L, 5L, 4L), ids(Pareto.tail(SIX, 10)));
        // 20 % = 400 kr: C would make 500
        assertEquals(List.of(6L, 5L, 4L), ids(Pareto.tail(SIX, 20)));
        // 25 % = 500 kr: C makes exactly 500
        assertEquals(List.of(6L, 5L, 4L, 3L), ids(Pareto.tail(SIX, 25)));
        // 1 % = 20 kr: not even F
        assertEquals(List.of(), ids(Pareto.tail(SIX, 1)));
        assertEquals(6, Pareto.tail(SIX, 100).size());
    }

    @Test
    void zeroAndNegativeSpendIsAlwaysInTheTailAndTiesAreStable() {
        List<Pareto.Entry> e = List.of(new Pareto.Entry(1, 5_000), new Pareto.Entry(2, 5_000),
                new Pareto.Entry(3, 90_000), new Pareto.Entry(4, 0), new Pareto.Entry(5, -1_000));
        // total 1000 kr (negative counts as 0); 5 % = 50 kr: 5, 4 (nothing), then 2 before 1 (higher id first)
        assertEquals(List.of(5L, 4L, 2L), ids(Pareto.tail(e, 5)));
        assertEquals(List.of(5L, 4L), ids(Pareto.tail(e, 0)));
        assertThrows(IllegalArgumentException.class, () -> Pareto.tail(e, 101));
    }
}
