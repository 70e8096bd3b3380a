package se.nyckeln.chargeback.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

class InvoiceBasisCsvTest {

    static final YearMonth NOV = YearMonth.of(2026, 11);

    @Test
    void oneBlockPerBolagWithLinesNetVatAndGross() {
        // 25 % of 1 000,00 = 250,00; 12,5 % (125 ‰) of 80,01 = 10,00 (rounded by the engine, carried as given)
        InvoiceBasis hamn = new InvoiceBasis("BOL-HAMN", "Stockholms Hamn AB", "556008-1234", NOV, "2026-11 / körning 3",
                List.of(new InvoiceBasisLine("Microsoft 365 E3; 40 platser", 100_000L, 250, 25_000L),
                        new InvoiceBasisLine("Nätverk", 8_001L, 125, 1_000L)),
                108_001L, 26_000L, 134_001L);
        InvoiceBasis bostad = new InvoiceBasis("BOL-BOST", "=Bostadsbolaget", "556000-0001", NOV, "2026-11 / körning 3",
                List.of(new InvoiceBasisLine("-Rättelse okt", -5_000L, 250, -1_250L)), -5_000L, -1_250L, -6_250L);
        byte[] csv = InvoiceBasisCsv.toBytes(List.of(hamn, bostad));
        assertEquals((byte) 0xEF, csv[0]);
        String s = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertEquals("Fakturaunderlag;Stockholms Hamn AB\r\n"
                + "Bolag;BOL-HAMN\r\n"
                + "Org.nr;556008-1234\r\n"
                + "Period;2026-11\r\n"
                + "Körning;2026-11 / körning 3\r\n"
                + "Rad;Text;Netto (kr);Momssats (%);Moms (kr);Brutto (kr)\r\n"
                + "1;\"Microsoft 365 E3; 40 platser\";1000,00;25;250,00;1250,00\r\n"
                + "2;Nätverk;80,01;12,5;10,00;90,01\r\n"
                + "Summa;;1080,01;;260,00;1340,01\r\n"
                + "\r\n"
                + "Fakturaunderlag;'=Bostadsbolaget\r\n"
                + "Bolag;BOL-BOST\r\n"
                + "Org.nr;556000-0001\r\n"
                + "Period;2026-11\r\n"
                + "Körning;2026-11 / körning 3\r\n"
                + "Rad;Text;Netto (kr);Momssats (%);Moms (kr);Brutto (kr)\r\n"
                + "1;'-Rättelse okt;-50,00;25;-12,50;-62,50\r\n"
                + "Summa;;-50,00;;-12,50;-62,50\r\n", s);
    }

    @Test
    void aBasisThatDoesNotAddUpIsRefused() {
        InvoiceBasisLine l = new InvoiceBasisLine("x", 100L, 250, 25L);
        assertThrows(IllegalArgumentException.class, () -> InvoiceBasisCsv.toBytes(List.of(
                new InvoiceBasis("B", "B", "1", NOV, "r", List.of(l), 101L, 25L, 126L))));
        assertThrows(IllegalArgumentException.class, () -> InvoiceBasisCsv.toBytes(List.of(
                new InvoiceBasis("B", "B", "1", NOV, "r", List.of(l), 100L, 24L, 124L))));
        assertThrows(IllegalArgumentException.class, () -> InvoiceBasisCsv.toBytes(List.of(
                new InvoiceBasis("B", "B", "1", NOV, "r", List.of(l), 100L, 25L, 124L))));
    }
}
