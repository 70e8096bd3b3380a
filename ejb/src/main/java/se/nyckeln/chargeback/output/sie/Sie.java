package se.nyckeln.chargeback.output.sie;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Shared SIE 4 syntax: CP437, dates, amounts, quoting. */
final class Sie {

    /** {@code #FORMAT PC8} = IBM code page 437 (module jdk.charsets). */
    static final Charset CP437 = Charset.forName("IBM437");
    static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private Sie() {
    }

    static String date(LocalDate d) {
        return d.format(DATE);
    }

    /** Öre as kronor with a period and exactly two decimals: -3811000 → "-38110.00". */
    static String amount(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    /**
     * A quoted string field. Inside the quotes a quote is written {@code \"} and a backslash {@code \\};
     * CR, LF and TAB become a space (a record is one line).
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\r', '\n', '\t' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** What the writer puts between the quotes, unescaped — the bytes the checksum covers. */
    static String cleaned(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
}
