package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Stats.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertEquals(7.0, Stats.median(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
    }

    @Test
    void spreadIsMinAndMax() {
        List<Double> ratios = List.of(0.61, 0.52, 0.58, 0.55, 0.60);
        assertEquals(0.52, Stats.min(ratios));
        assertEquals(0.61, Stats.max(ratios));
        assertEquals(0.58, Stats.median(ratios));
    }

    @Test
    void nearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1; // 1..100
        }
        assertEquals(50, Stats.percentile(hundred, 50));
        assertEquals(99, Stats.percentile(hundred, 99));
        assertEquals(100, Stats.percentile(hundred, 100));
        assertEquals(1, Stats.percentile(hundred, 0.5));
    }

    @Test
    void p99OfFewValuesIsTheLargest() {
        // with fewer than 100 samples the 99th percentile is the slowest request, never an interpolation
        assertEquals(40, Stats.percentileOf(new long[]{30, 10, 40, 20}, 99));
        assertEquals(20, Stats.percentileOf(new long[]{30, 10, 40, 20}, 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[]{1}, 0));
    }
}
