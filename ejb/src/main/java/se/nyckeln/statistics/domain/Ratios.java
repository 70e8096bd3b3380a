package se.nyckeln.statistics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Percentages, amounts per head and medians, rounded half up once (no floating point). */
public final class Ratios {

    private Ratios() {
    }

    /** part / whole × 100 with one decimal, half up; null when the whole is zero (nothing to be a share of). */
    public static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /** value / heads in whole öre, half up; null without heads. */
    public static Long perHead(long valueOre, long heads) {
        if (heads <= 0) {
            return null;
        }
        return BigDecimal.valueOf(valueOre).divide(BigDecimal.valueOf(heads), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The median with one decimal (the mean of the two middle values for an even count); null when empty. */
    public static BigDecimal median(Collection<BigDecimal> values) {
        List<BigDecimal> sorted = new ArrayList<>(values.stream().filter(v -> v != null).toList());
        if (sorted.isEmpty()) {
            return null;
        }
        sorted.sort(null);
        int n = sorted.size();
        BigDecimal m = n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
        return m.setScale(1, RoundingMode.HALF_UP);
    }

    /** The median of whole öre amounts, half up to whole öre; null when empty. */
    public static Long medianOre(Collection<Long> values) {
        List<Long> sorted = new ArrayList<>(values.stream().filter(v -> v != null).toList());
        if (sorted.isEmpty()) {
            return null;
        }
        sorted.sort(null);
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        long a = sorted.get(n / 2 - 1);
        long b = sorted.get(n / 2);
        return BigDecimal.valueOf(a).add(BigDecimal.valueOf(b)).divide(BigDecimal.valueOf(2), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }
}
