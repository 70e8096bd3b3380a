package se.nyckeln.platform.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TableCsvTest {

    static final List<Column> COLUMNS = List.of(new Column("Enhet", ColumnType.TEXT), new Column("Antal", ColumnType.INTEGER),
            new Column("Mängd", ColumnType.DECIMAL), new Column("Belopp (kr)", ColumnType.MONEY_ORE),
            new Column("Datum", ColumnType.DATE), new Column("Andel", ColumnType.PERCENT));

    static String body(byte[] csv) {
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3), "UTF-8 BOM");
        return new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    }

    @Test
    void swedishCsvBytes() {
        Table t = new Table("Debitering", COLUMNS, List.of(
                List.of("Södermalm; \"Åsö\"", 12, new BigDecimal("1234.5"), 123456L, LocalDate.of(2026, 11, 30), new BigDecimal("0.125")),
                Arrays.asList(null, -3, -0.5, -5L, null, 1)));
        byte[] csv = TableCsv.toBytes(t);
        assertEquals("Enhet;Antal;Mängd;Belopp (kr);Datum;Andel\r\n"
                + "\"Södermalm; \"\"Åsö\"\"\";12;1234,5;1234,56;2026-11-30;12,5%\r\n"
                + ";-3;-0,5;-0,05;;100%\r\n", body(csv));
        // the Swedish letters are UTF-8: ö = C3 B6
        assertEquals((byte) 0xC3, csv[3 + "Enhet;Antal;M".length()]);
    }

    @Test
    void formulaInjectionIsInertInTextButNumbersStayNumbers() {
        List<Column> cols = List.of(new Column("Text", ColumnType.TEXT), new Column("Belopp", ColumnType.MONEY_ORE),
                new Column("Tal", ColumnType.INTEGER));
        Table t = new Table("x", cols, List.of(
                List.of("=1+1", -200L, -2),
                List.of("+SUM(A1)", 0L, 0),
                List.of("-2", 1L, 1),
                List.of("@x", 1L, 1),
                List.of("\t=x", 1L, 1),
                List.of("\r=x", 1L, 1),
                List.of("a=1", 1L, 1)));
        String[] lines = body(TableCsv.toBytes(t)).split("\r\n(?=[^\r])|\r\n$", -1);
        assertEquals("'=1+1;-2,00;-2", lines[1]);
        assertEquals("'+SUM(A1);0,00;0", lines[2]);
        assertEquals("'-2;0,01;1", lines[3]);
        assertEquals("'@x;0,01;1", lines[4]);
        assertEquals("'\t=x;0,01;1", lines[5]);
        assertEquals("\"'\r=x\";0,01;1", lines[6]);
        assertEquals("a=1;0,01;1", lines[7]);
    }

    @Test
    void headersAreInertToo() {
        Table t = new Table("x", List.of(new Column("=HYPERLINK(\"http://x\")", ColumnType.TEXT)), List.of());
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"\r\n", body(TableCsv.toBytes(t)));
    }

    @Test
    void wrongTypesAndRaggedRowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TableCsv.toBytes(new Table("x",
                List.of(new Column("Belopp", ColumnType.MONEY_ORE)), List.of(List.of("12")))));
        assertThrows(IllegalArgumentException.class, () -> TableCsv.toBytes(new Table("x",
                List.of(new Column("Belopp", ColumnType.MONEY_ORE)), List.of(List.of(new BigDecimal("1.5"))))));
        assertThrows(IllegalArgumentException.class, () -> TableCsv.toBytes(new Table("x",
                List.of(new Column("A", ColumnType.TEXT)), List.of(List.of("a", "b")))));
    }
}
