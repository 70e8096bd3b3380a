package se.nyckeln.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * Distributes a whole number of öre over receivers in proportion to their weights, exactly (Hamilton / largest
 * remainder): everyone gets the floor of their quota {@code total × wᵢ / Σw}, and the öre left over go one each to
 * the largest fractional remainders. All arithmetic is {@link BigInteger}, so the shares always sum to the total.
 *
 * <p><b>Tie-break</b> (for the leftover öre): larger remainder first, then larger weight, then the smaller
 * tie-break key ({@link String#compareTo}, i.e. by UTF-16 code unit, independent of locale). The result therefore
 * depends only on the (key, weight) pairs, never on the order they are given in, and the same input gives
 * byte-identical output, which re-runs and run hashes rely on.
 *
 * <p><b>Zero and negative.</b> A zero weight gets 0. A negative total (a credit note) is allocated as its absolute
 * value and every share negated, so a credit mirrors the corresponding charge exactly.
 *
 * <p><b>Alabama paradox.</b> Like every largest-remainder method this one can give a receiver one öre less when
 * the total grows by one öre (the leftover öre are re-ranked). Each share is still within one öre of its exact
 * quota; finance should know that the paradox exists and is bounded by one öre.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * @param totalOre     the amount to distribute, in öre (may be negative)
     * @param weights      non-negative weights, any scale; not all zero unless the total is zero
     * @param tieBreakKeys one unique key per receiver (e.g. the unit's code), same length as {@code weights}
     * @return the shares, index for index with {@code weights}; they sum to {@code totalOre}
     */
    public static long[] allocate(long totalOre, BigDecimal[] weights, String[] tieBreakKeys) {
        validate(weights, tieBreakKeys);
        int n = weights.length;
        long[] shares = new long[n];
        if (totalOre == 0) {
            return shares;
        }
        // Bring all weights to one integer scale, so that quotas are integer fractions over one denominator.
        int scale = 0;
        for (BigDecimal w : weights) {
            scale = Math.max(scale, w.stripTrailingZeros().scale());
        }
        BigInteger[] scaled = new BigInteger[n];
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i].setScale(scale).unscaledValue();
            sum = sum.add(scaled[i]);
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("all weights are zero: nothing to distribute " + totalOre + " öre over");
        }
        BigInteger total = BigInteger.valueOf(totalOre).abs();
        BigInteger[] floor = new BigInteger[n];
        BigInteger[] remainder = new BigInteger[n];
        BigInteger allocated = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = total.multiply(scaled[i]).divideAndRemainder(sum);
            floor[i] = qr[0];
            remainder[i] = qr[1];
            allocated = allocated.add(qr[0]);
        }
        // Fewer than n öre are left over, and at most as many receivers have a non-zero remainder.
        int leftover = total.subtract(allocated).intValueExact();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<Integer> byRemainder = (a, b) -> remainder[b].compareTo(remainder[a]);
        Comparator<Integer> byWeight = (a, b) -> scaled[b].compareTo(scaled[a]);
        Comparator<Integer> byKey = Comparator.comparing(i -> tieBreakKeys[i]);
        Arrays.sort(order, byRemainder.thenComparing(byWeight).thenComparing(byKey));
        for (int k = 0; k < leftover; k++) {
            floor[order[k]] = floor[order[k]].add(BigInteger.ONE);
        }
        boolean negative = totalOre < 0;
        for (int i = 0; i < n; i++) {
            shares[i] = (negative ? floor[i].negate() : floor[i]).longValueExact();
        }
        return shares;
    }

    private static void validate(BigDecimal[] weights, String[] keys) {
        if (weights == null || keys == null || weights.length != keys.length) {
            throw new IllegalArgumentException("one tie-break key per weight is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == null || weights[i].signum() < 0) {
                throw new IllegalArgumentException("weight " + i + " is missing or negative: " + weights[i]);
            }
            if (keys[i] == null || !seen.add(keys[i])) {
                throw new IllegalArgumentException("tie-break key " + i + " is missing or not unique: " + keys[i]);
            }
        }
    }
}
