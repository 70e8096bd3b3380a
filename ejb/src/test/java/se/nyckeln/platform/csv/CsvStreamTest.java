package se.nyckeln.platform.csv;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.problem.ImportError;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader gives the same rows and problems as {@link CsvTable} for files in one encoding. */
class CsvStreamTest {

    private static final List<String> COLUMNS = List.of("user_upn", "sku");

    private record Read(List<String> headers, List<String> rows, List<String> errors) {
    }

    private static Read stream(byte[] data) {
        List<String> headers = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        CsvStream.read("f.csv", new ByteArrayInputStream(data), COLUMNS, new CsvStream.Handler() {
            @Override
            public void header(List<String> h, boolean missing) {
                headers.addAll(h);
            }

            @Override
            public void row(CsvTable.Row row) {
                rows.add(row.line() + ":" + row.get("user_upn") + "|" + row.get("sku"));
            }

            @Override
            public void error(ImportError e) {
                errors.add(e.line() + ":" + e.reason() + ":" + e.value());
            }
        });
        return new Read(headers, rows, errors);
    }

    private static Read table(byte[] data) {
        CsvTable t = CsvTable.read("f.csv", data, COLUMNS);
        return new Read(t.headers(), t.rows().stream().map(r -> r.line() + ":" + r.get("user_upn") + "|" + r.get("sku"))
                .toList(), t.errors().stream().map(e -> e.line() + ":" + e.reason() + ":" + e.value()).toList());
    }

    private static void same(byte[] data) {
        Read s = stream(data);
        assertEquals(table(data), s);
    }

    @Test
    void readsLikeTheTableSemicolonsQuotesAndLinesSpanningRecords() {
        byte[] data = ("User_UPN;SKU;last_used\r\nanna@stad.se;\"E3; med semikolon\";2025-01-01\r\n\r\n"
                + "bo@stad.se;\"två\nrader\";2025-01-02\nceve@stad.se;;\n").getBytes(StandardCharsets.UTF_8);
        same(data);
        assertEquals(List.of("2:anna@stad.se|E3; med semikolon", "3:bo@stad.se|två\nrader", "6:ceve@stad.se|null"),
                stream(data).rows());
    }

    @Test
    void utf8WithBomCommasAndNoFinalNewline() {
        byte[] body = "user_upn,sku\nåsa@stad.se,Ö".getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[body.length + 3];
        data[0] = (byte) 0xEF;
        data[1] = (byte) 0xBB;
        data[2] = (byte) 0xBF;
        System.arraycopy(body, 0, data, 3, body.length);
        same(data);
        assertEquals(List.of("2:åsa@stad.se|Ö"), stream(data).rows());
    }

    @Test
    void windows1252IsRecognisedAndItsUndefinedBytesReportedWithTheirLine() {
        byte[] data = "user_upn;sku\nöjd@stad.se;a\nx@stad.se;b\u0081\n".getBytes(CsvText.WINDOWS_1252);
        data[data.length - 2] = (byte) 0x81; // undefined in Windows-1252
        Read s = stream(data);
        assertEquals(List.of("2:öjd@stad.se|a", "3:x@stad.se|b\uFFFD"), s.rows());
        assertEquals(List.of("3:undecodable:81"), s.errors());
        same(data);
    }

    @Test
    void missingColumnsAndEmptyFilesAreProblems() {
        Read missing = stream("user_upn;other\na;b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("1:missing-column:null"), missing.errors());
        assertTrue(missing.rows().isEmpty());
        assertEquals(List.of("1:empty-file:null"), stream(new byte[0]).errors());
        same(new byte[0]);
    }

    @Test
    void aLongFileStreamsRowByRow() {
        StringBuilder sb = new StringBuilder("user_upn;sku\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append("p").append(i).append("@stad.se;S").append(i % 7).append('\n');
        }
        Read s = stream(sb.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(100_000, s.rows().size());
        assertEquals("100001:p99999@stad.se|S4", s.rows().get(99_999));
        assertTrue(s.errors().isEmpty());
    }
}
