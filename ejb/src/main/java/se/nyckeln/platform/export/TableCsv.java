package se.nyckeln.platform.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A table as Swedish CSV, the way Excel in Swedish opens it with a double click: UTF-8 with BOM, ';' between
 * fields, CRLF line ends, a header row with the column headers, decimal comma, no thousands separator.
 * MONEY_ORE is written as kronor with two decimals ("-1234,50"), DATE as ISO ({@code 2026-11-30}), PERCENT
 * (a fraction) as a percentage with a sign ("12,5%"). Text (TEXT values and headers) that starts with
 * {@code = + - @}, TAB or CR gets a leading apostrophe ({@link ExportCells#inert}). The title is not written
 * (it names the file). The stream is flushed, not closed.
 */
public final class TableCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TableCsv() {
    }

    public static void write(Table t, OutputStream out) {
        StringBuilder sb = new StringBuilder();
        List<Column> columns = t.columns();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                sb.append(';');
            }
            sb.append(ExportCells.csvField(ExportCells.inert(columns.get(c).header())));
        }
        sb.append("\r\n");
        for (int r = 0; r < t.rows().size(); r++) {
            ExportCells.checkRow(t, r);
            List<Object> row = t.rows().get(r);
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(';');
                }
                sb.append(ExportCells.csvField(cell(row.get(c), columns.get(c).type(), r, c)));
            }
            sb.append("\r\n");
        }
        try {
            out.write(BOM);
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(Table t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(t, out);
        return out.toByteArray();
    }

    static String cell(Object value, ColumnType type, int r, int c) {
        if (value == null) {
            return "";
        }
        return switch (type) {
            case TEXT -> ExportCells.inert(String.valueOf(value));
            case INTEGER -> Long.toString(ExportCells.integer(value, r, c));
            case DECIMAL -> ExportCells.decimalComma(ExportCells.decimal(value, type, r, c));
            case MONEY_ORE -> ExportCells.decimalComma(ExportCells.kronor(ExportCells.ore(value, r, c)));
            case DATE -> ExportCells.date(value, r, c).toString();
            case PERCENT -> ExportCells.decimalComma(plain(ExportCells.decimal(value, type, r, c).movePointRight(2))) + "%";
        };
    }

    private static BigDecimal plain(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
