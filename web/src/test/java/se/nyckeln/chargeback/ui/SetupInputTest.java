package se.nyckeln.chargeback.ui;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The set-up screens' input rules: kronor shown and edited, weights, required and optional texts. */
class SetupInputTest {

    @Test
    void kronorAreShownWithSpacesAndEditedWithoutThem() {
        assertEquals("1 234,50", SetupScreen.kronor(123_450L));
        assertEquals("−0,05", SetupScreen.kronor(-5L));
        assertEquals("", SetupScreen.kronor(null));
        assertEquals("1234,50", SetupScreen.kronorPlain(123_450L));
        assertEquals("-0,05", SetupScreen.kronorPlain(-5L));
        // what the edit form shows is read back to the same öre
        assertEquals(123_450L, ChargebackView.ore(SetupScreen.kronorPlain(123_450L)));
        assertEquals(-5L, ChargebackView.ore(SetupScreen.kronorPlain(-5L)));
    }

    @Test
    void weightsAreNonNegativeWithAtMostFourDecimals() {
        assertEquals(0, new BigDecimal("0.5").compareTo(ChargebackKeysView.weight("0,5")));
        assertEquals(0, new BigDecimal("8").compareTo(ChargebackKeysView.weight(" 8 ")));
        assertEquals(0, BigDecimal.ZERO.compareTo(ChargebackKeysView.weight("0")));
        assertEquals(0, new BigDecimal("1.2500").compareTo(ChargebackKeysView.weight("1.25000")));
        assertThrows(IllegalArgumentException.class, () -> ChargebackKeysView.weight("-1"));
        assertThrows(IllegalArgumentException.class, () -> ChargebackKeysView.weight("0,12345"));
        assertThrows(IllegalArgumentException.class, () -> ChargebackKeysView.weight("100000000"));
        assertThrows(IllegalArgumentException.class, () -> ChargebackKeysView.weight("tre"));
        assertThrows(IllegalArgumentException.class, () -> ChargebackKeysView.weight(""));
    }

    @Test
    void textsAreTrimmedAndLimited() {
        assertEquals("KS 2025/12", SetupScreen.require("  KS 2025/12 ", 20));
        assertThrows(IllegalArgumentException.class, () -> SetupScreen.require("  ", 20));
        assertThrows(IllegalArgumentException.class, () -> SetupScreen.require(null, 20));
        assertThrows(IllegalArgumentException.class, () -> SetupScreen.require("x".repeat(21), 20));
        assertEquals(null, SetupScreen.optional(" ", 5));
        assertEquals("abc", SetupScreen.optional(" abc ", 5));
        assertThrows(IllegalArgumentException.class, () -> SetupScreen.optional("abcdef", 5));
    }
}
