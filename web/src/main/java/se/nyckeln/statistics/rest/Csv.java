package se.nyckeln.statistics.rest;

import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV (comma, CRLF, UTF-8 with BOM so that spreadsheet programs read å, ä, ö) for the numbers behind
 * the charts and for open data. Empty field = no value (absent or suppressed).
 */
final class Csv {

    private final StringBuilder out = new StringBuilder("\uFEFF");

    Csv row(Object... fields) {
        return row(java.util.Arrays.asList(fields));
    }

    Csv row(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof java.math.BigDecimal b ? b.toPlainString() : String.valueOf(value);
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    String text() {
        return out.toString();
    }

    /** The table as a stored answer ({@link StatisticsAnswers}) downloaded under the file name. */
    StatisticsAnswers.Body body(String fileName) {
        return StatisticsAnswers.Body.of(out.toString().getBytes(StandardCharsets.UTF_8), fileName);
    }

    Response download(String fileName) {
        return Response.ok(out.toString().getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }
}
