package se.nyckeln.chargeback.domain;

import se.nyckeln.shared.LargestRemainder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits one cost pool exactly, in two largest-remainder steps ({@link LargestRemainder}): first the pool amount over
 * its cost type's models by their shares (tie-break key: the model's name), then each model's part over the units by
 * their measure (tie-break key: the unit's code). Every öre of the pool ends up in exactly one place: a unit line, the
 * not-distributed part (model 1, stays on the IT budget) or a <b>flagged</b> part (the key has no measure in the
 * period: nothing to split by, so the part is reported on the run and not charged, never silently dropped).
 *
 * <p>Deterministic: the result depends only on the amounts, shares, measures and codes, never on iteration order
 * (receivers are sorted by code before splitting), so a recomputed draft on the same data is identical.
 */
public final class Distribution {

    private Distribution() {
    }

    public enum Outcome { DISTRIBUTED, NOT_DISTRIBUTED, FLAGGED }

    /** A unit that can receive a charge: id and its code (the tie-break key). */
    public record Unit(long id, String code) {
    }

    public record Share(Model model, BigDecimal share) {
    }

    public record UnitAmount(Unit unit, BigDecimal quantity, long amountOre) {
    }

    public record Part(Model model, String measureKey, long amountOre, BigDecimal totalQuantity, Outcome outcome,
                       String flag, List<UnitAmount> lines) {
    }

    /**
     * @param amountOre the pool (may be negative: a credit)
     * @param shares    the cost type's models and shares (not empty)
     * @param productId the pool's product, for seat-days
     * @param measures  measure key → unit → quantity (units with no entry or zero get nothing)
     */
    public static List<Part> split(long amountOre, List<Share> shares, Long productId,
                                   Map<String, Map<Unit, BigDecimal>> measures) {
        if (shares.isEmpty()) {
            return List.of(new Part(null, null, amountOre, null, Outcome.FLAGGED, "no-model", List.of()));
        }
        List<Share> sorted = new ArrayList<>(shares);
        sorted.sort(Comparator.comparing(s -> s.model().name()));
        BigDecimal[] w = new BigDecimal[sorted.size()];
        String[] k = new String[sorted.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = sorted.get(i).share();
            k[i] = sorted.get(i).model().name();
        }
        long[] parts = LargestRemainder.allocate(amountOre, w, k);
        List<Part> result = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Model model = sorted.get(i).model();
            result.add(part(model, parts[i], productId, measures));
        }
        return result;
    }

    static Part part(Model model, long amountOre, Long productId, Map<String, Map<Unit, BigDecimal>> measures) {
        if (model == Model.NOT_DISTRIBUTED) {
            return new Part(model, null, amountOre, null, Outcome.NOT_DISTRIBUTED, null, List.of());
        }
        String key = model.measureKey(productId);
        if (key == null) {
            return new Part(model, null, amountOre, null, Outcome.FLAGGED, "no-product", List.of());
        }
        SortedMap<String, Map.Entry<Unit, BigDecimal>> byCode = new TreeMap<>();
        for (Map.Entry<Unit, BigDecimal> e : measures.getOrDefault(key, Map.of()).entrySet()) {
            if (e.getValue() != null && e.getValue().signum() > 0) {
                byCode.put(e.getKey().code(), Map.entry(e.getKey(), e.getValue()));
            }
        }
        BigDecimal total = byCode.values().stream().map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (byCode.isEmpty()) {
            return new Part(model, key, amountOre, BigDecimal.ZERO, Outcome.FLAGGED, "no-measure", List.of());
        }
        BigDecimal[] w = new BigDecimal[byCode.size()];
        String[] k = new String[byCode.size()];
        List<Map.Entry<Unit, BigDecimal>> receivers = new ArrayList<>(byCode.values());
        for (int i = 0; i < w.length; i++) {
            w[i] = receivers.get(i).getValue();
            k[i] = receivers.get(i).getKey().code();
        }
        long[] amounts = LargestRemainder.allocate(amountOre, w, k);
        List<UnitAmount> lines = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            lines.add(new UnitAmount(receivers.get(i).getKey(), w[i], amounts[i]));
        }
        return new Part(model, key, amountOre, total, Outcome.DISTRIBUTED, null, lines);
    }
}
