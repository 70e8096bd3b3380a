package se.nyckeln.suppliers.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tail rule. Suppliers are ordered by spend, smallest first (ties: the higher id first, so the order is
 * stable); a supplier is in the <b>tail of X %</b> when its spend plus the spend of every supplier before it is
 * at most X % of the total spend (exact integer arithmetic in öre). Suppliers with zero or negative net spend
 * are always in the tail. With X = 0 only those are.
 */
public final class Pareto {

    public record Entry(long id, long spendOre) {
    }

    private Pareto() {
    }

    public static List<Entry> tail(List<Entry> suppliers, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent " + percent);
        }
        long total = suppliers.stream().mapToLong(e -> Math.max(0, e.spendOre())).sum();
        List<Entry> sorted = new ArrayList<>(suppliers);
        sorted.sort(Comparator.comparingLong(Entry::spendOre).thenComparing(Entry::id, Comparator.reverseOrder()));
        List<Entry> tail = new ArrayList<>();
        long cumulative = 0;
        for (Entry e : sorted) {
            cumulative += Math.max(0, e.spendOre());
            // cumulative / total <= percent / 100, without division
            if (e.spendOre() <= 0 || (long) percent * total >= cumulative * 100L) {
                tail.add(e);
            } else {
                break;
            }
        }
        return tail;
    }
}
