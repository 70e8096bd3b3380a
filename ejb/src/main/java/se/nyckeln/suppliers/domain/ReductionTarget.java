package se.nyckeln.suppliers.domain;

/**
 * Progress towards a reduction target of the number of active suppliers: from {@code base} suppliers in the
 * base year, a target of {@code percent} % fewer means {@code target = base − round(base × percent / 100)}
 * (half up). {@code progress} is the share of the wanted reduction achieved: (base − now) / (base − target),
 * 0 when nothing is reduced (or the count grew), above 1 when the target is passed.
 */
public record ReductionTarget(int percent, long base, long target, long now, double achievedReduction,
                              double progress, boolean reached) {

    public static ReductionTarget of(int percent, long base, long now) {
        long cut = (base * percent * 2 + 100) / 200;
        long target = base - cut;
        double achieved = base == 0 ? 0 : (double) (base - now) / base;
        double progress = cut == 0 ? (now <= target ? 1 : 0) : Math.max(0, (double) (base - now) / cut);
        return new ReductionTarget(percent, base, target, now, achieved, progress, now <= target);
    }
}
