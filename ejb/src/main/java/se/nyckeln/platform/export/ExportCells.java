package se.nyckeln.platform.export;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;

/**
 * Cell rules shared by every export (CSV, XLSX, the invoice basis): formula-injection neutralisation and the
 * conversion of typed values. Public so other contexts' CSV writers apply the same rule.
 */
public final class ExportCells {

    private ExportCells() {
    }

    /**
     * A text that a spreadsheet would treat as a formula or command (first character {@code = + - @}, TAB or
     * CR) gets a leading apostrophe, so it is shown as the text it is and never evaluated. Null stays null.
     */
    public static String inert(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char c = text.charAt(0);
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
            return "'" + text;
        }
        return text;
    }

    /** Öre as kronor with exactly two decimals and a period: -123456 → "-1234.56". */
    public static BigDecimal kronor(long ore) {
        return BigDecimal.valueOf(ore, 2);
    }

    /** A numeric cell value as an exact BigDecimal; refuses non-numbers and non-finite doubles. */
    static BigDecimal decimal(Object value, ColumnType type, int row, int column) {
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                return BigDecimal.valueOf(d);
            }
        }
        throw wrongType(value, type, row, column);
    }

    static long ore(Object value, int row, int column) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw wrongType(value, ColumnType.MONEY_ORE, row, column);
    }

    static long integer(Object value, int row, int column) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger bi) {
            return bi.longValueExact();
        }
        if (value instanceof BigDecimal b) {
            try {
                return b.longValueExact();
            } catch (ArithmeticException e) {
                throw wrongType(value, ColumnType.INTEGER, row, column);
            }
        }
        throw wrongType(value, ColumnType.INTEGER, row, column);
    }

    static LocalDate date(Object value, int row, int column) {
        if (value instanceof LocalDate d) {
            return d;
        }
        throw wrongType(value, ColumnType.DATE, row, column);
    }

    static IllegalArgumentException wrongType(Object value, ColumnType type, int row, int column) {
        return new IllegalArgumentException("row " + (row + 1) + ", column " + (column + 1) + ": "
                + value.getClass().getSimpleName() + " is not a " + type + " value");
    }

    /** Plain decimal (no exponent, no grouping) with a decimal comma: -1234.5 → "-1234,5". */
    public static String decimalComma(BigDecimal value) {
        return value.toPlainString().replace('.', ',');
    }

    /** A CSV field for ';' files: quoted when it holds ';', '"', CR or LF (quotes doubled). */
    public static String csvField(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(';') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    static void checkRow(Table t, int rowIndex) {
        if (t.rows().get(rowIndex).size() != t.columns().size()) {
            throw new IllegalArgumentException("row " + (rowIndex + 1) + " has " + t.rows().get(rowIndex).size()
                    + " values for " + t.columns().size() + " columns");
        }
    }
}
