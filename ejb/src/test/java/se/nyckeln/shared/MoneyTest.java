package se.nyckeln.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MoneyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 234,50|123450",
            "1\u00a0234,50 kr|123450",
            "1234.50|123450",
            "1,234.50|123450",
            "1.234,50|123450",
            "12,5|1250",
            "-12|-1200",
            "0,01|1",
            "SEK 99|9900",
            "1234.500|123450"})
    void parsesSwedishAndEnglishNotation(String text, long ore) {
        assertEquals(ore, Money.parse(text).ore());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,001", "12.345", "1 234,567"})
    void refusesMoreThanTwoDecimalsInsteadOfRounding(String text) {
        assertThrows(IllegalArgumentException.class, () -> Money.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "tolv", "12,50,00x"})
    void refusesWhatIsNotAnAmount(String text) {
        assertThrows(IllegalArgumentException.class, () -> Money.parse(text));
    }

    @Test
    void refusesAnAmountBeyondTheRangeOfOre() {
        assertThrows(ArithmeticException.class, () -> Money.parse("92233720368547758,08"));
    }

    @Test
    void arithmeticThatWouldOverflowThrowsInsteadOfWrapping() {
        Money max = Money.ofOre(Long.MAX_VALUE);
        assertThrows(ArithmeticException.class, () -> max.plus(Money.ofOre(1)));
        assertThrows(ArithmeticException.class, () -> Money.ofOre(Long.MIN_VALUE).minus(Money.ofOre(1)));
        assertThrows(ArithmeticException.class, () -> max.times(2));
        assertThrows(ArithmeticException.class, () -> Money.ofOre(Long.MIN_VALUE).negate());
        assertThrows(ArithmeticException.class, () -> Money.ofKronor(Long.MAX_VALUE / 10));
    }

    @Test
    void arithmeticIsExactInOre() {
        assertEquals(Money.ofOre(30), Money.ofOre(10).plus(Money.ofOre(20)));
        assertEquals(Money.ofOre(-10), Money.ofOre(10).minus(Money.ofOre(20)));
        assertEquals(Money.ofKronor(3), Money.ofKronor(1).times(3));
        assertEquals(new BigDecimal("1234.50"), Money.ofOre(123450).toKronor());
    }

    @Test
    void formatsSwedishWithSpaceGroupingCommaDecimalsAndKr() {
        // non-breaking spaces, so that the amount never wraps inside a table cell
        assertEquals("1\u00a0234,50\u00a0kr", Money.ofOre(123450).format(Locale.forLanguageTag("sv-SE")));
        assertEquals("0,05\u00a0kr", Money.ofOre(5).format(Locale.forLanguageTag("sv")));
    }

    @Test
    void formatsEnglishWithSekPrefix() {
        assertEquals("SEK 1,234.50", Money.ofOre(123450).format(Locale.ENGLISH));
    }
}
