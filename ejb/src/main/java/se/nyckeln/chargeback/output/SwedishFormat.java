package se.nyckeln.chargeback.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How the statement shows numbers: Swedish style with a decimal comma and an ordinary space (U+0020) between
 * groups of three digits, a hyphen-minus for negatives. Amounts always have two decimals and " kr":
 * 123456 öre → "1 234,56 kr", -5 öre → "-0,05 kr". The ordinary space (not U+00A0) keeps the text that
 * PDF readers extract identical to what the tests and users search for.
 */
public final class SwedishFormat {

    private SwedishFormat() {
    }

    /** Öre as "1 234,56 kr". */
    public static String kronor(long ore) {
        return number(BigDecimal.valueOf(ore, 2)) + " kr";
    }

    /** Öre as "1 234,56" (no unit). */
    public static String kronorNumber(long ore) {
        return number(BigDecimal.valueOf(ore, 2));
    }

    /** A rate in öre per unit shown as kronor with two to four decimals: 1234.5678 öre → "12,3457 kr". */
    public static String rate(BigDecimal orePerUnit) {
        if (orePerUnit == null) {
            return "";
        }
        BigDecimal kr = orePerUnit.movePointLeft(2).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (kr.scale() < 2) {
            kr = kr.setScale(2);
        }
        return number(kr) + " kr";
    }

    /** A quantity with at most four decimals (half-even), no trailing zeros: 12345.50 → "12 345,5". */
    public static String quantity(BigDecimal q) {
        if (q == null) {
            return "";
        }
        BigDecimal v = q.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        return number(v);
    }

    /** Any plain decimal with grouping and decimal comma, keeping its scale. */
    public static String number(BigDecimal value) {
        String plain = value.toPlainString();
        boolean negative = plain.startsWith("-");
        if (negative) {
            plain = plain.substring(1);
        }
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                sb.append(' ');
            }
            sb.append(whole.charAt(i));
        }
        if (!fraction.isEmpty()) {
            sb.append(',').append(fraction);
        }
        boolean zero = value.signum() == 0;
        return (negative && !zero ? "-" : "") + sb;
    }
}
