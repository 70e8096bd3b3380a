package se.nyckeln.shared;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LargestRemainderTest {

    private static BigDecimal[] w(String... weights) {
        BigDecimal[] out = new BigDecimal[weights.length];
        for (int i = 0; i < weights.length; i++) {
            out[i] = new BigDecimal(weights[i]);
        }
        return out;
    }

    @Test
    void hundredOreOverThreeEqualWeightsGivesTheExtraOreToTheSmallestKey() {
        assertArrayEquals(new long[] {34, 33, 33}, LargestRemainder.allocate(100, w("1", "1", "1"), new String[] {"a", "b", "c"}));
        assertArrayEquals(new long[] {33, 33, 34}, LargestRemainder.allocate(100, w("1", "1", "1"), new String[] {"c", "b", "a"}));
    }

    @Test
    void creditNoteMirrorsTheCharge() {
        assertArrayEquals(new long[] {-34, -33, -33}, LargestRemainder.allocate(-100, w("1", "1", "1"), new String[] {"a", "b", "c"}));
    }

    @Test
    void zeroWeightGetsNothing() {
        assertArrayEquals(new long[] {50, 0, 50}, LargestRemainder.allocate(100, w("1", "0", "1"), new String[] {"a", "b", "c"}));
    }

    @Test
    void equalRemaindersGoToTheLargerWeightBeforeTheKey() {
        // quotas 0.5 and 1.5: equal remainders; the larger weight wins although its key sorts later
        assertArrayEquals(new long[] {0, 2}, LargestRemainder.allocate(2, w("1", "3"), new String[] {"a", "b"}));
    }

    @Test
    void largestRemainderWinsOverWeightAndKey() {
        // quotas 10 × 1/7 = 1.43 and 10 × 6/7 = 8.57: floors 1 + 8, the one öre left goes to the larger remainder
        assertArrayEquals(new long[] {1, 9}, LargestRemainder.allocate(10, w("1", "6"), new String[] {"a", "b"}));
    }

    @Test
    void weightsOfDifferentScalesAreExact() {
        assertArrayEquals(new long[] {25, 75}, LargestRemainder.allocate(100, w("0.25", "0.750"), new String[] {"a", "b"}));
        assertArrayEquals(new long[] {1, 1, 1}, LargestRemainder.allocate(3, w("1E+2", "100", "100.00"), new String[] {"a", "b", "c"}));
    }

    @Test
    void extremeTotalsDoNotOverflow() {
        assertArrayEquals(new long[] {Long.MIN_VALUE}, LargestRemainder.allocate(Long.MIN_VALUE, w("7"), new String[] {"a"}));
        long[] max = LargestRemainder.allocate(Long.MAX_VALUE, w("1", "1"), new String[] {"a", "b"});
        assertArrayEquals(new long[] {Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2}, max);
    }

    @Test
    void zeroTotalNeedsNoWeights() {
        assertArrayEquals(new long[] {0, 0}, LargestRemainder.allocate(0, w("0", "0"), new String[] {"a", "b"}));
    }

    @Test
    void refusesWhatCannotBeDistributed() {
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.allocate(1, w("0", "0"), new String[] {"a", "b"}));
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.allocate(1, w("-1", "2"), new String[] {"a", "b"}));
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.allocate(1, w("1", "2"), new String[] {"a", "a"}));
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.allocate(1, w("1", "2"), new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> LargestRemainder.allocate(1, w(), new String[] {}));
    }
}
