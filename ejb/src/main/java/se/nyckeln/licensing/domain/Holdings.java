package se.nyckeln.licensing.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.TreeSet;

/**
 * A unit's holding in a pool, from its allocation ledger: on a day it is the sum of the movements dated on or
 * before that day. Because later movements may already be recorded (a reallocation from a future date), what a
 * unit can give away from a date is the least it holds on any day from then on, not only what it holds that day.
 */
public final class Holdings {

    /** One ledger row: a change of the unit's seats from a day on. */
    public record Movement(long delta, LocalDate effectiveFrom) {
    }

    private Holdings() {
    }

    public static long on(Collection<Movement> movements, LocalDate day) {
        long sum = 0;
        for (Movement m : movements) {
            if (!m.effectiveFrom().isAfter(day)) {
                sum += m.delta();
            }
        }
        return sum;
    }

    /** The least the unit holds on {@code from} or any later day. */
    public static long leastFrom(Collection<Movement> movements, LocalDate from) {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(from);
        for (Movement m : movements) {
            if (m.effectiveFrom().isAfter(from)) {
                days.add(m.effectiveFrom());
            }
        }
        long least = Long.MAX_VALUE;
        for (LocalDate d : days) {
            least = Math.min(least, on(movements, d));
        }
        return least;
    }

    /** Whether {@code quantity} seats can move away from the unit from {@code from} without it ever going below zero. */
    public static boolean canGive(Collection<Movement> movements, LocalDate from, long quantity) {
        return quantity > 0 && leastFrom(movements, from) >= quantity;
    }
}
