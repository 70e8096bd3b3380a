package se.nyckeln.suppliers.domain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tail rule over random spends: within the share, maximal, and made of the smallest suppliers. */
class ParetoPropertiesTest {

    private static List<Pareto.Entry> entries(List<Long> spends) {
        List<Pareto.Entry> e = new ArrayList<>();
        for (int i = 0; i < spends.size(); i++) {
            e.add(new Pareto.Entry(i + 1, spends.get(i)));
        }
        return e;
    }

    @Property
    void theTailIsWithinTheShareAndCannotTakeOneMore(
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 1, max = 100_000_000) Long> spends,
            @ForAll @IntRange(min = 0, max = 100) int percent) {
        List<Pareto.Entry> all = entries(spends);
        List<Pareto.Entry> tail = Pareto.tail(all, percent);
        long total = spends.stream().mapToLong(Long::longValue).sum();
        long inTail = tail.stream().mapToLong(Pareto.Entry::spendOre).sum();
        assertTrue(inTail * 100 <= (long) percent * total, "within the share");
        Set<Long> ids = new HashSet<>();
        tail.forEach(t -> ids.add(t.id()));
        List<Pareto.Entry> rest = all.stream().filter(e -> !ids.contains(e.id())).toList();
        if (!rest.isEmpty()) {
            long smallestRest = rest.stream().mapToLong(Pareto.Entry::spendOre).min().orElseThrow();
            assertTrue((inTail + smallestRest) * 100 > (long) percent * total, "maximal");
            long largestTail = tail.stream().mapToLong(Pareto.Entry::spendOre).max().orElse(0);
            assertTrue(largestTail <= smallestRest, "the smallest suppliers");
        }
    }

    @Property
    void aLargerShareNeverShrinksTheTail(
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = -1_000, max = 10_000_000) Long> spends,
            @ForAll @IntRange(min = 0, max = 99) int percent) {
        List<Pareto.Entry> all = entries(spends);
        assertTrue(Pareto.tail(all, percent + 1).containsAll(Pareto.tail(all, percent)));
    }
}
