package se.nyckeln.agreements.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.agreements.domain.Verdict;
import se.nyckeln.agreements.infrastructure.PurchaseStore;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every verdict explains itself: which agreement, which price row, which tier, and the SEK at stake. */
class ExplanationTest {

    private static PurchaseStore.LineRow line(String verdict, Long supplierId, LocalDate issued, Long priceRow,
                                              Long tier, Long expected, long unitPrice, Long alt, Long stake) {
        return new PurchaseStore.LineRow(1, 2, "1001", "INVOICE", issued, "SEK", "0007:5564480282", supplierId,
                "Atea Sverige AB", "SOD-IT", "RA-1", 42L, "1", "Microsoft 365 E3", "M365-E3", null, null, null,
                new BigDecimal("60"), unitPrice, unitPrice * 60, new BigDecimal("25"), verdict, "m365-e3", 7L, "RA-1",
                LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31), priceRow, tier, new BigDecimal("110.0000"),
                expected, alt == null ? null : 8L, alt == null ? null : "RA-2", alt == null ? null : 99L, alt, stake,
                null, null, null, null, null, null, null, null);
    }

    @Test
    void wrongPriceNamesTheRowTheTierAndTheOvercharge() {
        String text = Purchases.explain(line("WRONG_PRICE", 3L, LocalDate.of(2025, 3, 10), 12L, 100L, 35000L, 40000,
                null, 300000L));
        assertEquals("Avtal RA-1: avtalat pris 350.00 kr (prisrad 12, volymsteg från 100 st; stadens antal 110),"
                + " fakturerat 400.00 kr; överdebitering 3000.00 kr.", text);
        String under = Purchases.explain(line("WRONG_PRICE", 3L, LocalDate.of(2025, 3, 10), 12L, 100L, 40000L,
                35000, null, -300000L));
        assertTrue(under.endsWith("underdebitering 3000.00 kr."), under);
    }

    @Test
    void wrongAgreementNamesTheCheaperAgreement() {
        String text = Purchases.explain(line("WRONG_AGREEMENT", 3L, LocalDate.of(2025, 3, 10), 12L, 1L, 12000L, 12000,
                10000L, 120000L));
        assertTrue(text.contains("avtal RA-2 (prisrad 99) säljer samma produkt för 100.00 kr; skillnad 1200.00 kr"),
                text);
    }

    @Test
    void validityTellsExpiredFromNotYetBegun() {
        assertTrue(Purchases.explain(line("AGREEMENT_NOT_VALID", 3L, LocalDate.of(2027, 1, 5), null, null, null,
                40000, null, 2400000L)).contains("det hade löpt ut på fakturadagen 2027-01-05"));
        assertTrue(Purchases.explain(line("AGREEMENT_NOT_VALID", 3L, LocalDate.of(2024, 12, 5), null, null, null,
                40000, null, 2400000L)).contains("det hade inte börjat gälla"));
    }

    @Test
    void everyVerdictHasAnExplanationAndAnUnjudgedLineNone() {
        for (Verdict v : Verdict.values()) {
            String text = Purchases.explain(line(v.name(), 3L, LocalDate.of(2025, 3, 10), 12L, 1L, 40000L, 40000,
                    30000L, 0L));
            assertTrue(text != null && !text.isBlank() && !text.contains("null"), v + ": " + text);
        }
        assertTrue(Purchases.explain(line("OFF_AGREEMENT", null, LocalDate.of(2025, 3, 10), null, null, null, 5000,
                null, 300000L)).contains("0007:5564480282 finns inte i leverantörsregistret"));
        assertNull(Purchases.explain(line(null, 3L, LocalDate.of(2025, 3, 10), null, null, null, 1, null, null)));
        assertEquals(Verdict.WRONG_PRICE, Verdict.parse("wrong-price").orElseThrow());
        assertTrue(Verdict.parse("nope").isEmpty());
    }

    @Test
    void theSameExplanationInEnglishFromTheSameKeyAndParameters() {
        var row = line("WRONG_PRICE", 3L, LocalDate.of(2025, 3, 10), 12L, 100L, 35000L, 40000, null, 300000L);
        var why = Purchases.explanation(row);
        assertEquals("agreements.explain.wrong-price.over", why.key());
        assertEquals(java.util.List.of("RA-1", "350.00", "12", "100", "110", "400.00", "3000.00"), why.args());
        assertEquals("Agreement RA-1: agreed price SEK 350.00 (price row 12, volume band from 100; city quantity 110),"
                + " invoiced SEK 400.00; overcharge SEK 3000.00.", Purchases.explain(row, java.util.Locale.ENGLISH));
        // Swedish for Swedish and for any other language (the default), never the JVM's default locale
        assertEquals(Purchases.explain(row), Purchases.explain(row, java.util.Locale.forLanguageTag("sv")));
        assertEquals(Purchases.explain(row), Purchases.explain(row, java.util.Locale.GERMAN));
        assertTrue(Purchases.explain(line("UNKNOWN_PRODUCT", 3L, LocalDate.of(2025, 3, 10), null, null, null, 1,
                null, 1L), java.util.Locale.ENGLISH).contains("supplier's price lists"));
        assertTrue(Purchases.explain(line("AGREEMENT_NOT_VALID", 3L, LocalDate.of(2027, 1, 5), null, null, null,
                40000, null, 2400000L), java.util.Locale.ENGLISH).endsWith("it had expired on the invoice date 2027-01-05."));
        for (Verdict v : Verdict.values()) {
            String text = Purchases.explain(line(v.name(), 3L, LocalDate.of(2025, 3, 10), 12L, 1L, 40000L, 40000,
                    30000L, 0L), java.util.Locale.ENGLISH);
            assertTrue(text != null && !text.isBlank() && !text.contains("{") && !text.startsWith("agreements."),
                    v + ": " + text);
            assertTrue(!text.contains("Avtal") && !text.contains("kr"), v + " is English: " + text);
        }
    }
}
