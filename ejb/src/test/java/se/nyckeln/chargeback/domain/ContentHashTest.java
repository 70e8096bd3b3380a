package se.nyckeln.chargeback.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ContentHashTest {

    @Test
    void orderAndTrailingZerosDoNotMatterButContentDoes() {
        String a = new ContentHash().add("line", 1, new BigDecimal("41.000"), 554054L).add("line", 2, BigDecimal.TEN, 1L)
                .hex();
        String b = new ContentHash().add("line", 2, new BigDecimal("10.00"), 1L).add("line", 1, new BigDecimal("41"), 554054L)
                .hex();
        String c = new ContentHash().add("line", 2, BigDecimal.TEN, 1L).add("line", 1, new BigDecimal("41"), 554055L)
                .hex();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(64, a.length());
    }

    @Test
    void aSeparatorInsideAFieldCannotForgeAnotherRecord() {
        assertNotEquals(new ContentHash().add("x", "a|b").hex(), new ContentHash().add("x", "a", "b").hex());
    }
}
