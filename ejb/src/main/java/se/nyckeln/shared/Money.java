package se.nyckeln.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * An amount of Swedish kronor held as whole öre ({@code long}). Never a floating-point number: öre are
 * counted, not approximated. Arithmetic that would overflow throws instead of wrapping.
 */
public record Money(long ore) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public static Money ofOre(long ore) {
        return new Money(ore);
    }

    /** Whole kronor. */
    public static Money ofKronor(long kronor) {
        return new Money(Math.multiplyExact(kronor, 100L));
    }

    /**
     * Parses a SEK amount as written in Swedish or English files: "1 234,50", "1234.50", "-12", "12,5".
     * More than two decimals is an error, not a silent rounding.
     */
    public static Money parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty amount");
        }
        String s = text.trim().replace("\u00a0", "").replace(" ", "").replace("kr", "").replace("SEK", "");
        int comma = s.lastIndexOf(',');
        int dot = s.lastIndexOf('.');
        if (comma >= 0 && dot >= 0) {
            // the later separator is the decimal one; the other groups thousands
            if (comma > dot) {
                s = s.replace(".", "").replace(',', '.');
            } else {
                s = s.replace(",", "");
            }
        } else if (comma >= 0) {
            s = s.replace(',', '.');
        }
        BigDecimal value;
        try {
            value = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: " + text);
        }
        if (value.scale() > 2 && value.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("more than two decimals: " + text);
        }
        return new Money(value.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(ore, other.ore));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(ore, other.ore));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(ore, factor));
    }

    public Money negate() {
        return new Money(Math.negateExact(ore));
    }

    public boolean isNegative() {
        return ore < 0;
    }

    public boolean isZero() {
        return ore == 0;
    }

    /** Kronor with two decimals, e.g. {@code 1234.50}: the form SIE and JSON use. */
    public BigDecimal toKronor() {
        return BigDecimal.valueOf(ore, 2);
    }

    /** "1 234,50 kr" in Swedish, "SEK 1,234.50" in English. */
    public String format(Locale locale) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(locale));
        if ("sv".equals(locale.getLanguage())) {
            DecimalFormatSymbols sym = DecimalFormatSymbols.getInstance(locale);
            sym.setGroupingSeparator('\u00a0');
            f.setDecimalFormatSymbols(sym);
            return f.format(toKronor()) + "\u00a0kr";
        }
        return "SEK " + f.format(toKronor());
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(ore, o.ore);
    }

    @Override
    public String toString() {
        return toKronor().toPlainString() + " SEK";
    }
}
