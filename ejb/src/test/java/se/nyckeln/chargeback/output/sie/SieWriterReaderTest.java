package se.nyckeln.chargeback.output.sie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class SieWriterReaderTest {

    static final Charset CP437 = Charset.forName("IBM437");
    static final LocalDate NOV30 = LocalDate.of(2026, 11, 30);

    static Map<Integer, String> objects(int dim1, String ansvar, int dim2, String motpart) {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(dim1, ansvar);
        m.put(dim2, motpart);
        return m;
    }

    static SieFile sample() {
        return new SieFile("Nyckeln", "1.0", NOV30, "nyckeln", "212000-0142", "Stockholms stad",
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
                List.of(new SieAccount("4010", "Licenskostnader"), new SieAccount("3710", "Interna intäkter")),
                List.of(new SieDimension(1, "Ansvar"), new SieDimension(20, "Motpart")),
                List.of(new SieObject(1, "1500", "Utbildningsförvaltningen"), new SieObject(1, "1010", "Stadsledningskontoret"),
                        new SieObject(20, "100", "Kommuninternt")),
                List.of(new SieVoucher("L", "2611001", NOV30, "Licensfördelning M365 E3 nov-26", List.of(
                        new SieTransaction("4010", objects(1, "1500", 20, "100"), 3_811_000L, "M365 E3 412 st"),
                        new SieTransaction("3710", objects(1, "1010", 20, "100"), -3_811_000L, "M365 E3 412 st")))));
    }

    static String lines(byte[] sie) {
        return new String(sie, CP437);
    }

    @Test
    void writesTheRecordsInOrderWithCrlfAndTheReferenceSyntax() {
        String s = lines(SieWriter.toBytes(sample()));
        String[] l = s.split("\r\n", -1);
        assertEquals("#FLAGGA 0", l[0]);
        assertEquals("#KSUMMA", l[1]);
        assertEquals("#PROGRAM \"Nyckeln\" \"1.0\"", l[2]);
        assertEquals("#FORMAT PC8", l[3]);
        assertEquals("#GEN 20261130 \"nyckeln\"", l[4]);
        assertEquals("#SIETYP 4", l[5]);
        assertEquals("#FNAMN \"Stockholms stad\"", l[6]);
        assertEquals("#ORGNR 212000-0142", l[7]);
        assertEquals("#RAR 0 20260101 20261231", l[8]);
        assertEquals("#VALUTA SEK", l[9]);
        assertEquals("#KONTO 4010 \"Licenskostnader\"", l[10]);
        assertEquals("#DIM 1 \"Ansvar\"", l[12]);
        assertEquals("#OBJEKT 1 \"1500\" \"Utbildningsförvaltningen\"", l[14]);
        assertEquals("#VER \"L\" \"2611001\" 20261130 \"Licensfördelning M365 E3 nov-26\" 20261130", l[17]);
        assertEquals("{", l[18]);
        assertEquals("#TRANS 4010 {1 \"1500\" 20 \"100\"} 38110.00 20261130 \"M365 E3 412 st\"", l[19]);
        assertEquals("#TRANS 3710 {1 \"1010\" 20 \"100\"} -38110.00 20261130 \"M365 E3 412 st\"", l[20]);
        assertEquals("}", l[21]);
        assertTrue(l[22].matches("#KSUMMA \\d+"), l[22]);
        assertEquals("", l[23]);
        assertEquals(24, l.length);
        assertTrue(!s.replace("\r\n", "").contains("\n"), "no bare LF");
    }

    @Test
    void ksummaIsTheCrc32OfLabelsAndFieldContentsWithoutSeparatorsQuotesOrBraces() {
        SieFile f = new SieFile("P", "1", NOV30, null, null, "Åbo \"AB\"", null, null, List.of(), List.of(), List.of(),
                List.of(new SieVoucher("A", "1", NOV30, "t", List.of(
                        new SieTransaction("1930", Map.of(1, "10"), 150L, null),
                        new SieTransaction("3000", Map.of(), -150L, null)))));
        String s = lines(SieWriter.toBytes(f));
        // hand-assembled covered content, in the writer's record order
        String covered = "#PROGRAM" + "P" + "1"
                + "#FORMAT" + "PC8"
                + "#GEN" + "20261130"
                + "#SIETYP" + "4"
                + "#FNAMN" + "Åbo \"AB\""
                + "#VALUTA" + "SEK"
                + "#VER" + "A" + "1" + "20261130" + "t" + "20261130"
                + "#TRANS" + "1930" + "1" + "10" + "1.50" + "20261130"
                + "#TRANS" + "3000" + "-1.50" + "20261130";
        CRC32 crc = new CRC32();
        crc.update(covered.getBytes(CP437));
        assertTrue(s.contains("#FNAMN \"Åbo \\\"AB\\\"\"\r\n"), s);
        assertTrue(s.endsWith("#KSUMMA " + crc.getValue() + "\r\n"), s);
        // and the reader accepts it, also printed signed
        long unsigned = crc.getValue();
        String signed = s.replace("#KSUMMA " + unsigned, "#KSUMMA " + (int) unsigned);
        SieFile back = SieReader.read(new ByteArrayInputStream(signed.getBytes(CP437)));
        assertEquals("Åbo \"AB\"", back.companyName());
    }

    /**
     * #KSUMMA of a full file with accounts, dimensions, objects and object lists, computed independently of the
     * writer per formats.md §1.6: CRC-32 (java.util.zip) over every record between the opening and the closing
     * #KSUMMA, label and field contents as CP437 bytes, without the separating whitespace, the enclosing quotes and
     * the braces (also none of the quotes inside an object list — the known bug of another implementation); the
     * voucher's "{" and "}" lines contribute nothing. Spaces inside a quoted field stay.
     */
    @Test
    void ksummaOfAFileWithObjectListsCoversNoQuotesOrBracesInsideTheLists() {
        String s = lines(SieWriter.toBytes(sample()));
        String covered = "#PROGRAM" + "Nyckeln" + "1.0"
                + "#FORMAT" + "PC8"
                + "#GEN" + "20261130" + "nyckeln"
                + "#SIETYP" + "4"
                + "#FNAMN" + "Stockholms stad"
                + "#ORGNR" + "212000-0142"
                + "#RAR" + "0" + "20260101" + "20261231"
                + "#VALUTA" + "SEK"
                + "#KONTO" + "4010" + "Licenskostnader"
                + "#KONTO" + "3710" + "Interna intäkter"
                + "#DIM" + "1" + "Ansvar"
                + "#DIM" + "20" + "Motpart"
                + "#OBJEKT" + "1" + "1500" + "Utbildningsförvaltningen"
                + "#OBJEKT" + "1" + "1010" + "Stadsledningskontoret"
                + "#OBJEKT" + "20" + "100" + "Kommuninternt"
                + "#VER" + "L" + "2611001" + "20261130" + "Licensfördelning M365 E3 nov-26" + "20261130"
                + "#TRANS" + "4010" + "1" + "1500" + "20" + "100" + "38110.00" + "20261130" + "M365 E3 412 st"
                + "#TRANS" + "3710" + "1" + "1010" + "20" + "100" + "-38110.00" + "20261130" + "M365 E3 412 st";
        CRC32 crc = new CRC32();
        crc.update(covered.getBytes(CP437));
        String[] l = s.split("\r\n", -1);
        assertEquals("#KSUMMA " + crc.getValue(), l[22]);
        // what a receiver computes when it wrongly keeps the quotes inside the object lists differs
        CRC32 wrong = new CRC32();
        wrong.update(covered.replace("#TRANS40101150020100", "#TRANS40101\"1500\"20\"100\"").getBytes(CP437));
        assertTrue(wrong.getValue() != crc.getValue());
    }

    @Test
    void roundTrip() {
        SieFile f = sample();
        SieFile back = SieReader.read(new ByteArrayInputStream(SieWriter.toBytes(f)));
        assertEquals(f, back);
    }

    @Test
    void swedishLettersAreCp437Bytes() {
        SieFile f = new SieFile("Nyckeln", "1.0", NOV30, null, null, "ÅÄÖåäö", null, null, List.of(), List.of(), List.of(), List.of());
        byte[] b = SieWriter.toBytes(f);
        byte[] expected = {'#', 'F', 'N', 'A', 'M', 'N', ' ', '"', (byte) 0x8F, (byte) 0x8E, (byte) 0x99, (byte) 0x86,
            (byte) 0x84, (byte) 0x94, '"', '\r', '\n'};
        int at = indexOf(b, "#FNAMN".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, Arrays.copyOfRange(b, at, at + expected.length));
        assertEquals(-1, indexOf(b, "Å".getBytes(StandardCharsets.UTF_8)), "no UTF-8 bytes");
        assertEquals("ÅÄÖåäö", SieReader.read(new ByteArrayInputStream(b)).companyName());
    }

    @Test
    void textsWithQuotesBackslashesSpacesAndLineBreaksAreQuotedAndReadBack() {
        String tricky = "Rättelse \"nov\" av C:\\temp  dubbla  mellanslag";
        SieFile f = new SieFile("Nyckeln", "1.0", NOV30, "a b", null, "x", null, null, List.of(new SieAccount("4010", tricky)),
                List.of(), List.of(new SieObject(1, "15 00", "Namn med {klammer}")),
                List.of(new SieVoucher("L", "", NOV30, tricky, List.of(
                        new SieTransaction("4010", Map.of(1, "15 00"), 1L, tricky),
                        new SieTransaction("3710", Map.of(), -1L, "")))));
        byte[] b = SieWriter.toBytes(f);
        String s = lines(b);
        assertTrue(s.contains("#KONTO 4010 \"Rättelse \\\"nov\\\" av C:\\\\temp  dubbla  mellanslag\""), s);
        assertTrue(s.contains("#TRANS 4010 {1 \"15 00\"} 0.01 "), s);
        assertEquals(f, SieReader.read(new ByteArrayInputStream(b)));

        SieFile withBreak = new SieFile("Nyckeln", "1.0", NOV30, null, null, "rad1\nrad2\ttab", null, null,
                List.of(), List.of(), List.of(), List.of());
        String s2 = lines(SieWriter.toBytes(withBreak));
        assertTrue(s2.contains("#FNAMN \"rad1 rad2 tab\"\r\n"), s2);
        assertEquals("rad1 rad2 tab", SieReader.read(new ByteArrayInputStream(SieWriter.toBytes(withBreak))).companyName());
    }

    @Test
    void aTamperedFileIsRejected() {
        byte[] b = SieWriter.toBytes(sample());
        String s = lines(b);
        String tampered = s.replace("38110.00", "38111.00").replace("-38110.00", "-38111.00");
        SieFormatException e = assertThrows(SieFormatException.class,
                () -> SieReader.read(new ByteArrayInputStream(tampered.getBytes(CP437))));
        assertTrue(e.getMessage().contains("#KSUMMA"), e.getMessage());

        String renamed = s.replace("Stadsledningskontoret", "Stadsledningskontoret ");
        assertThrows(SieFormatException.class, () -> SieReader.read(new ByteArrayInputStream(renamed.getBytes(CP437))));

        // whitespace between fields is not covered: reformatting keeps the checksum valid
        String respaced = s.replace("#KONTO 4010 ", "#KONTO\t4010   ");
        assertEquals(sample(), SieReader.read(new ByteArrayInputStream(respaced.getBytes(CP437))));
    }

    @Test
    void aTruncatedFileIsRejected() {
        String s = lines(SieWriter.toBytes(sample()));
        String truncated = s.substring(0, s.lastIndexOf("#KSUMMA "));
        SieFormatException e = assertThrows(SieFormatException.class,
                () -> SieReader.read(new ByteArrayInputStream(truncated.getBytes(CP437))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anUnbalancedVoucherIsRefusedByTheWriterAndTheReader() {
        SieFile f = new SieFile("Nyckeln", "1.0", NOV30, null, null, "x", null, null, List.of(), List.of(), List.of(),
                List.of(new SieVoucher("L", "1", NOV30, "t", List.of(
                        new SieTransaction("4010", Map.of(), 100L, "a"),
                        new SieTransaction("3710", Map.of(), -99L, "b")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SieWriter.toBytes(f));
        assertTrue(e.getMessage().contains("unbalanced"), e.getMessage());
        assertTrue(e.getMessage().contains("0.01"), e.getMessage());

        // a hand-made unbalanced file without checksum is refused by the reader, naming the #VER line
        String file = "#FLAGGA 0\r\n#PROGRAM \"x\" 1\r\n#FORMAT PC8\r\n#GEN 20261130\r\n#SIETYP 4\r\n#FNAMN \"x\"\r\n"
                + "#VER \"L\" \"1\" 20261130 \"t\"\r\n{\r\n#TRANS 4010 {} 1.00\r\n#TRANS 3710 {} -0.99\r\n}\r\n";
        SieFormatException r = assertThrows(SieFormatException.class,
                () -> SieReader.read(new ByteArrayInputStream(file.getBytes(CP437))));
        assertEquals(7, r.line());
    }

    @Test
    void optionalRecordsAreOmittedNotWrittenAsNull() {
        SieFile f = new SieFile("Nyckeln", "1.0", NOV30, null, null, "x", null, null, List.of(), List.of(), List.of(), List.of());
        String s = lines(SieWriter.toBytes(f));
        assertTrue(!s.contains("#ORGNR") && !s.contains("#RAR") && !s.contains("null"), s);
        assertTrue(s.contains("#GEN 20261130\r\n"), s);
        SieFile back = SieReader.read(new ByteArrayInputStream(SieWriter.toBytes(f)));
        assertNull(back.orgNr());
        assertNull(back.fiscalYearStart());
        assertThrows(IllegalArgumentException.class, () -> SieWriter.toBytes(new SieFile("N", "1", null, null, null, "x",
                null, null, List.of(), List.of(), List.of(), List.of())));
    }

    @Test
    void readerToleratesLfUnknownLabelsAndAFileWithoutChecksumButNotAWrongStart() {
        String file = "#FLAGGA 0\n#PROGRAM \"x\" 1\n#FORMAT PC8\n#GEN 20261130\n#SIETYP 4\n#OKAND 1 2 \"3\"\n\n#FNAMN \"Bolaget\"\n"
                + "#VER \"L\" \"1\" 20261130 \"t\"\n{\n#TRANS 4010 {1 \"100\"} 12.5\n#TRANS 3710 {} -12.50 20261130 \"x\"\n}\n";
        SieFile f = SieReader.read(new ByteArrayInputStream(file.getBytes(CP437)));
        assertEquals("Bolaget", f.companyName());
        assertEquals(1, f.vouchers().size());
        assertEquals(1250L, f.vouchers().get(0).transactions().get(0).amountOre());
        assertEquals(Map.of(1, "100"), f.vouchers().get(0).transactions().get(0).objects());
        assertNull(f.vouchers().get(0).transactions().get(0).text());

        assertThrows(SieFormatException.class, () -> SieReader.read(new ByteArrayInputStream(
                "#PROGRAM \"x\" 1\n".getBytes(CP437))));
        assertThrows(SieFormatException.class, () -> SieReader.read(new ByteArrayInputStream(
                file.replace("12.5\n", "12.505\n").getBytes(CP437))));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
