package se.nyckeln.shared;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The invariants of reliability.md §7.3, as properties over random totals and weights. */
class LargestRemainderPropertiesTest {

    private static String[] keys(int n) {
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "unit-" + i;
        }
        return keys;
    }

    private static boolean anyPositive(List<BigDecimal> weights) {
        return weights.stream().anyMatch(w -> w.signum() > 0);
    }

    @Property
    void sharesAlwaysSumToTheTotal(@ForAll long total,
                                   @ForAll @Size(min = 1, max = 60) List<@BigRange(min = "0", max = "1000000") @Scale(4) BigDecimal> weights) {
        Assume.that(anyPositive(weights));
        long[] shares = LargestRemainder.allocate(total, weights.toArray(BigDecimal[]::new), keys(weights.size()));
        BigInteger sum = BigInteger.ZERO;
        for (long s : shares) {
            sum = sum.add(BigInteger.valueOf(s));
        }
        assertEquals(BigInteger.valueOf(total), sum);
    }

    @Property
    void everyShareIsWithinOneOreOfItsExactQuota(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long total,
                                                 @ForAll @Size(min = 1, max = 60) List<@BigRange(min = "0", max = "1000") @Scale(3) BigDecimal> weights) {
        Assume.that(anyPositive(weights));
        long[] shares = LargestRemainder.allocate(total, weights.toArray(BigDecimal[]::new), keys(weights.size()));
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        for (int i = 0; i < shares.length; i++) {
            // |share − total × w / Σw| < 1  ⇔  |share × Σw − total × w| < Σw
            BigDecimal gap = BigDecimal.valueOf(shares[i]).multiply(sum).subtract(BigDecimal.valueOf(total).multiply(weights.get(i))).abs();
            assertTrue(gap.compareTo(sum) < 0, "share " + i + " = " + shares[i] + " is a whole öre or more from its quota");
            if (weights.get(i).signum() == 0) {
                assertEquals(0, shares[i]);
            }
        }
    }

    @Property
    void inputOrderDoesNotChangeWhoGetsWhat(@ForAll @LongRange(min = -10_000_000, max = 10_000_000) long total,
                                            @ForAll @Size(min = 1, max = 30) List<@BigRange(min = "0", max = "20") @Scale(0) BigDecimal> weights,
                                            @ForAll Random random) {
        // small integer weights on purpose: many equal remainders, so the tie-break does the work
        Assume.that(anyPositive(weights));
        String[] keys = keys(weights.size());
        long[] shares = LargestRemainder.allocate(total, weights.toArray(BigDecimal[]::new), keys);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            expected.put(keys[i], shares[i]);
        }
        List<Integer> permutation = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            permutation.add(i);
        }
        Collections.shuffle(permutation, random);
        BigDecimal[] shuffledWeights = new BigDecimal[keys.length];
        String[] shuffledKeys = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            shuffledWeights[i] = weights.get(permutation.get(i));
            shuffledKeys[i] = keys[permutation.get(i)];
        }
        long[] shuffledShares = LargestRemainder.allocate(total, shuffledWeights, shuffledKeys);
        for (int i = 0; i < keys.length; i++) {
            assertEquals(expected.get(shuffledKeys[i]), shuffledShares[i], shuffledKeys[i]);
        }
    }

    @Property
    void creditIsTheExactMirrorOfTheCharge(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long total,
                                           @ForAll @Size(min = 1, max = 30) List<@BigRange(min = "0", max = "100") @Scale(2) BigDecimal> weights) {
        Assume.that(anyPositive(weights));
        BigDecimal[] w = weights.toArray(BigDecimal[]::new);
        long[] charge = LargestRemainder.allocate(total, w, keys(w.length));
        long[] credit = LargestRemainder.allocate(-total, w, keys(w.length));
        for (int i = 0; i < w.length; i++) {
            assertEquals(-charge[i], credit[i]);
        }
    }
}
