package se.nyckeln.platform.csv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTextTest {

    private static final String CSV = "code;name\nSDN-1;Södermalm\n";

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void readsUtf8WithByteOrderMark() {
        byte[] data = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, CSV.getBytes(StandardCharsets.UTF_8));
        CsvTable t = CsvTable.read("f.csv", data, List.of("code", "name"));
        assertTrue(t.errors().isEmpty(), t.errors().toString());
        assertEquals("code", t.headers().get(0), "the BOM must not stick to the first header");
        assertEquals("Södermalm", t.rows().get(0).get("name"));
    }

    @Test
    void readsUtf8WithoutByteOrderMark() {
        CsvText.Decoded d = CsvText.decode(CSV.getBytes(StandardCharsets.UTF_8));
        assertEquals(StandardCharsets.UTF_8, d.charset());
        assertTrue(d.text().contains("Södermalm"));
    }

    @Test
    void readsUtf16LittleAndBigEndianWithByteOrderMark() {
        byte[] le = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, CSV.getBytes(StandardCharsets.UTF_16LE));
        byte[] be = concat(new byte[]{(byte) 0xFE, (byte) 0xFF}, CSV.getBytes(StandardCharsets.UTF_16BE));
        assertEquals("Södermalm", CsvTable.read("le.csv", le, List.of("code")).rows().get(0).get("name"));
        assertEquals("Södermalm", CsvTable.read("be.csv", be, List.of("code")).rows().get(0).get("name"));
    }

    @Test
    void fallsBackToWindows1252WhenTheFileIsNotUtf8() {
        byte[] data = CSV.getBytes(CsvText.WINDOWS_1252);
        CsvText.Decoded d = CsvText.decode(data);
        assertEquals(CsvText.WINDOWS_1252, d.charset());
        assertTrue(d.problems().isEmpty());
        assertEquals("Södermalm", CsvTable.read("w.csv", data, List.of("code")).rows().get(0).get("name"));
    }

    @Test
    void detectsSemicolonOrCommaFromTheHeaderLine() {
        assertEquals(';', CsvText.delimiter("code;name;kind\nA,B;C"));
        assertEquals(',', CsvText.delimiter("userPrincipalName,displayName,\"a;b\"\nx;y;z;w"));
        CsvTable comma = CsvTable.read("c.csv", "code,name\nA,\"Kultur, fritid\"\n".getBytes(StandardCharsets.UTF_8),
                List.of("code", "name"));
        assertEquals("Kultur, fritid", comma.rows().get(0).get("name"));
    }

    @Test
    void reportsUndecodableBytesWithTheirLine() {
        byte[] head = "code;name\nA;ok\nB;".getBytes(StandardCharsets.UTF_8);
        byte[] bad = concat(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, head),
                new byte[]{(byte) 0xC3, (byte) 0x28, '\n'});
        CsvTable t = CsvTable.read("bad.csv", bad, List.of("code"));
        assertEquals(1, t.errors().size(), t.errors().toString());
        assertEquals("undecodable", t.errors().get(0).reason());
        assertEquals(3, t.errors().get(0).line());
        assertEquals("C3", t.errors().get(0).value());
    }

    @Test
    void bytesUndefinedInWindows1252AreUndecodableToo() {
        byte[] data = "code;name\nA;x\u0000".getBytes(StandardCharsets.ISO_8859_1);
        data[data.length - 1] = (byte) 0x81;
        CsvText.Decoded d = CsvText.decode(data);
        assertEquals(1, d.problems().size());
        assertEquals(2, d.problems().get(0).line());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndMissingColumnsAreErrors() {
        CsvTable t = CsvTable.read("h.csv", "CODE;Name\nA;B\n".getBytes(StandardCharsets.UTF_8),
                List.of("code", "name", "kind"));
        assertEquals("A", t.rows().get(0).get("code"));
        assertEquals(1, t.errors().size());
        assertEquals("missing-column", t.errors().get(0).reason());
        assertEquals("kind", t.errors().get(0).column());
    }
}
