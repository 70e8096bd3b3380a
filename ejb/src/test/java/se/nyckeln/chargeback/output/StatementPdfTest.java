package se.nyckeln.chargeback.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Statements rendered, then read back with PDFBox's text extraction. */
class StatementPdfTest {

    static final YearMonth NOV = YearMonth.of(2026, 11);

    static StatementLine line(String pool, long ore) {
        return new StatementLine(pool, "Licenser", "Platsdagar", new BigDecimal("412"), new BigDecimal("12360"),
                "platsdagar", new BigDecimal("9250.0000"), ore);
    }

    static StatementDocument namnd(List<StatementLine> lines, List<AdjustmentLine> adj, List<InfluenceItem> infl) {
        long total = lines.stream().mapToLong(StatementLine::amountOre).sum()
                + adj.stream().mapToLong(AdjustmentLine::amountOre).sum();
        return new StatementDocument("SDN-SODERMALM", "Södermalms stadsdelsnämnd, Åsö och Ängby", "1500",
                false, "Stockholms stad", "212000-0142", NOV, "2026-11 / körning 3", "Bokförd",
                lines, adj, total, null, infl);
    }

    /** Text of the whole document; no-break spaces normalised to spaces and runs of whitespace to one space. */
    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return normalise(new PDFTextStripper().getText(doc));
        }
    }

    static String normalise(String s) {
        return s.replace('\u00a0', ' ').replaceAll("[ \\t]+", " ");
    }

    static int pages(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    @Test
    void headerLinesTotalsAndInfluenceAreExtractableWithSwedishLetters() throws IOException {
        StatementDocument d = namnd(
                List.of(line("Microsoft 365 E3", 123456789L), line("Drift PC och applikationer", 5_00L)),
                List.of(new AdjustmentLine("2026-10 / körning 2, rad 14", "Rättelse av platsdagar", -1_234_56L)),
                List.of(new InfluenceItem("Adobe Acrobat Pro", 7, 1_050_00L)));
        byte[] pdf = StatementPdf.render(d);
        assertTrue(pdf.length > 1000);
        String t = text(pdf);

        assertTrue(t.contains("Södermalms stadsdelsnämnd, Åsö och Ängby"), t);
        assertTrue(t.contains("SDN-SODERMALM"), t);
        assertTrue(t.contains("Kostnadsställe"), t);
        assertTrue(t.contains("1500"), t);
        assertTrue(t.contains("2026-11 (november 2026)"), t);
        assertTrue(t.contains("2026-11 / körning 3"), t);
        assertTrue(t.contains("Bokförd"), t);
        assertTrue(t.contains("Intern debitering"), t);
        assertFalse(t.contains("Faktureras"), t);
        // amounts: 123456789 öre = 1 234 567,89 kr; 500 öre = 5,00 kr
        assertTrue(t.contains("1 234 567,89 kr"), t);
        assertTrue(t.contains("5,00 kr"), t);
        // rate 9250 öre per unit = 92,50 kr; quantities with grouping
        assertTrue(t.contains("92,50 kr"), t);
        assertTrue(t.contains("12 360"), t);
        assertTrue(t.contains("Platsdagar (platsdagar)"), t);
        // lines sum 1 234 572,89; adjustment -1 234,56; total 1 233 338,33
        assertTrue(t.contains("Summa kostnadspooler 1 234 572,89 kr"), t);
        assertTrue(t.contains("2026-10 / körning 2, rad 14"), t);
        assertTrue(t.contains("Rättelse av platsdagar"), t);
        assertTrue(t.contains("-1 234,56 kr"), t);
        assertTrue(t.contains("Att debitera 1 233 338,33 kr"), t);
        assertFalse(t.contains("Moms"), t);
        assertTrue(t.contains("Det här kan ni påverka"), t);
        assertTrue(t.contains("Adobe Acrobat Pro"), t);
        assertTrue(t.contains("1 050,00 kr"), t);
        assertTrue(t.contains("Sida 1 av 1"), t);
    }

    @Test
    void theFontIsEmbedded() throws IOException {
        byte[] pdf = StatementPdf.render(namnd(List.of(line("Pool", 100)), List.of(), List.of()));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int fonts = 0;
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                assertTrue(f.isEmbedded(), f.getName());
                assertTrue(f.getName().contains("DejaVuSans"), f.getName());
                fonts++;
            }
            assertTrue(fonts >= 2);
        }
    }

    @Test
    void bolagIsInvoicedToItsLegalEntityWithVat() throws IOException {
        StatementDocument d = new StatementDocument("BOL-HAMN", "Hamnbolaget AB", "9100", true, "Stockholms Hamn AB",
                "556008-1234", NOV, "2026-11 / körning 1", "Utkast", List.of(line("Nätverk", 10_000_00L)), List.of(),
                10_000_00L, 2_500_00L, List.of());
        String t = text(StatementPdf.render(d));
        assertTrue(t.contains("Faktureras Stockholms Hamn AB (org.nr 556008-1234)"), t);
        assertFalse(t.contains("Intern debitering"), t);
        assertTrue(t.contains("Summa exkl. moms 10 000,00 kr"), t);
        assertTrue(t.contains("Moms 2 500,00 kr"), t);
        assertTrue(t.contains("Att fakturera inkl. moms 12 500,00 kr"), t);
        assertTrue(t.contains("Utkast"), t);
    }

    @Test
    void nothingToReturnIsSaidInWords() throws IOException {
        String t = text(StatementPdf.render(namnd(List.of(line("Pool", 100)), List.of(), List.of())));
        assertTrue(t.contains("Det här kan ni påverka"), t);
        assertTrue(t.contains("Just nu finns inga licenser som ni kan lämna tillbaka"), t);
        assertTrue(t.contains("Inga justeringar denna period."), t);
    }

    @Test
    void twoHundredLinesPaginateAndEveryAmountIsPresent() throws IOException {
        List<StatementLine> lines = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            // distinct amounts: i * 1 000 000 + i öre → e.g. line 57 = 570 000,57 kr
            lines.add(line("Kostnadspool nr " + i + " med ett långt namn som radbryts i kolumnen", i * 1_000_000L + i));
        }
        byte[] pdf = StatementPdf.render(namnd(lines, List.of(), List.of(new InfluenceItem("Visio", 2, 300_00L))));
        int pages = pages(pdf);
        assertTrue(pages > 1, "pages: " + pages);
        String t = text(pdf);
        for (int i = 1; i <= 200; i++) {
            String expected = SwedishFormat.kronor(i * 1_000_000L + i);
            assertTrue(t.contains(expected), "line " + i + " amount " + expected);
            assertTrue(t.contains("Kostnadspool nr " + i + " "), "line " + i + " pool");
        }
        assertTrue(t.contains("Sida " + pages + " av " + pages), t);
        assertTrue(t.contains("Kostnader per kostnadspool (forts.)"), t);
        // sum = 1 000 000 * 20100 + 20100 öre = 201 000 201,00 kr
        assertTrue(t.contains("Summa kostnadspooler 201 000 201,00 kr"), t);
        assertTrue(t.contains("Det här kan ni påverka"), t);
    }

    @Test
    void aTotalThatIsNotTheSumIsRefused() {
        StatementDocument ok = namnd(List.of(line("Pool", 100)), List.of(), List.of());
        StatementDocument wrong = new StatementDocument(ok.unitCode(), ok.unitName(), ok.costCentre(), false, null, null,
                NOV, "r", "Utkast", ok.lines(), List.of(), 101, null, List.of());
        assertThrows(IllegalArgumentException.class, () -> StatementPdf.render(wrong));
    }

    @Test
    void zipHasOnePdfPerUnitNamedByCodeAndPeriod() throws IOException {
        List<StatementDocument> ds = new ArrayList<>();
        for (String code : List.of("SDN-SODERMALM", "UTB", "BOL/HAMN")) {
            StatementDocument base = namnd(List.of(line("Pool", 4200)), List.of(), List.of());
            ds.add(new StatementDocument(code, "Enhet " + code, "1", false, null, null, NOV, "r", "Bokförd",
                    base.lines(), List.of(), 4200, null, List.of()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatementPdf.zip(ds, out);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                names.add(e.getName());
                byte[] pdf = zip.readAllBytes();
                String t = text(pdf);
                assertTrue(t.contains("42,00 kr"), t);
            }
        }
        assertEquals(List.of("SDN-SODERMALM-2026-11.pdf", "UTB-2026-11.pdf", "BOL_HAMN-2026-11.pdf"), names);
    }

    @Test
    void duplicateEntryNamesAreRefused() {
        StatementDocument d = namnd(List.of(line("Pool", 1)), List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> StatementPdf.zip(List.of(d, d), new ByteArrayOutputStream()));
    }
}
