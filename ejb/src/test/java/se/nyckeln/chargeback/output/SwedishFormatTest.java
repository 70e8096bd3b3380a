package se.nyckeln.chargeback.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class SwedishFormatTest {

    @Test
    void kronorHaveSpaceGroupingDecimalCommaAndTwoDecimals() {
        assertEquals("1 234,56 kr", SwedishFormat.kronor(123456));
        assertEquals("0,05 kr", SwedishFormat.kronor(5));
        assertEquals("-0,05 kr", SwedishFormat.kronor(-5));
        assertEquals("0,00 kr", SwedishFormat.kronor(0));
        assertEquals("999,99 kr", SwedishFormat.kronor(99999));
        assertEquals("1 000,00 kr", SwedishFormat.kronor(100000));
        assertEquals("-92 233 720 368 547 758,08 kr", SwedishFormat.kronor(Long.MIN_VALUE));
    }

    @Test
    void ratesAndQuantities() {
        assertEquals("12,3457 kr", SwedishFormat.rate(new BigDecimal("1234.5678")));
        assertEquals("92,50 kr", SwedishFormat.rate(new BigDecimal("9250")));
        assertEquals("12 345,5", SwedishFormat.quantity(new BigDecimal("12345.50")));
        assertEquals("12 000", SwedishFormat.quantity(new BigDecimal("1.2E+4")));
        assertEquals("0", SwedishFormat.quantity(new BigDecimal("0.00")));
    }
}
