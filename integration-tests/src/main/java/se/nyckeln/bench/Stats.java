package se.nyckeln.bench;

import java.util.Arrays;
import java.util.List;

/** The small statistics the report needs: medians, percentiles, min-max spreads. Pure functions. */
public final class Stats {

    private Stats() {
    }

    /** Median of the values (mean of the two middle values for an even count). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of nothing");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    public static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * The nearest-rank percentile of {@code sorted} (ascending): the smallest value such that at least
     * {@code p} percent of the values are at or below it. Nearest-rank never interpolates, so a p99 is a
     * latency some request really had.
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("percentile of nothing");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("p must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Sorts a copy and takes the percentile. */
    public static long percentileOf(long[] values, double p) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return percentile(copy, p);
    }
}
