package se.nyckeln.platform.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tables as one .xlsx workbook, written by hand as Office Open XML (SpreadsheetML) — no POI. One sheet per
 * table (named after its title, made unique and legal), a bold frozen header row, text as inline strings,
 * numbers as real numbers with number formats that Excel shows in Swedish with a Swedish locale
 * ("1 234,56"): INTEGER {@code #,##0}, DECIMAL {@code #,##0.00##}, MONEY_ORE (kronor) {@code #,##0.00 "kr"},
 * PERCENT {@code 0.00%}, DATE a date serial with {@code yyyy-mm-dd}. Formats in the file are always in the
 * neutral (en-US) notation; Excel localises them on display. TEXT cells starting with {@code = + - @}, TAB or
 * CR get a leading apostrophe, exactly as in the CSV. The stream is finished, not closed.
 */
public final class TableXlsx {

    static final String MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final LocalDate EPOCH = LocalDate.of(1899, 12, 30);

    /** Style indexes into cellXfs (styles.xml below). */
    static final int S_HEADER = 1;
    static final int S_INTEGER = 2;
    static final int S_DECIMAL = 3;
    static final int S_MONEY = 4;
    static final int S_DATE = 5;
    static final int S_PERCENT = 6;

    private TableXlsx() {
    }

    public static void write(List<Table> sheets, OutputStream out) {
        if (sheets == null || sheets.isEmpty()) {
            throw new IllegalArgumentException("a workbook needs at least one sheet");
        }
        List<String> names = sheetNames(sheets);
        try {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            entry(zip, "[Content_Types].xml", contentTypes(sheets.size()));
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, "xl/workbook.xml", workbook(names));
            entry(zip, "xl/_rels/workbook.xml.rels", workbookRels(sheets.size()));
            entry(zip, "xl/styles.xml", STYLES);
            for (int i = 0; i < sheets.size(); i++) {
                entry(zip, "xl/worksheets/sheet" + (i + 1) + ".xml", sheet(sheets.get(i)));
            }
            zip.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(List<Table> sheets) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(sheets, out);
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String contentTypes(int n) {
        StringBuilder sb = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
        for (int i = 1; i <= n; i++) {
            sb.append("<Override PartName=\"/xl/worksheets/sheet").append(i)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return sb.append("</Types>").toString();
    }

    private static String workbook(List<String> names) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"")
                .append(MAIN_NS).append("\" xmlns:r=\"").append(REL_NS).append("\"><sheets>");
        for (int i = 0; i < names.size(); i++) {
            sb.append("<sheet name=\"").append(xml(names.get(i))).append("\" sheetId=\"").append(i + 1)
                    .append("\" r:id=\"rId").append(i + 1).append("\"/>");
        }
        return sb.append("</sheets></workbook>").toString();
    }

    private static String workbookRels(int n) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= n; i++) {
            sb.append("<Relationship Id=\"rId").append(i)
                    .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet")
                    .append(i).append(".xml\"/>");
        }
        sb.append("<Relationship Id=\"rId").append(n + 1)
                .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
        return sb.append("</Relationships>").toString();
    }

    private static final String STYLES = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="3">\
            <numFmt numFmtId="164" formatCode="#,##0.00&quot; kr&quot;"/>\
            <numFmt numFmtId="165" formatCode="#,##0.00##"/>\
            <numFmt numFmtId="166" formatCode="yyyy\\-mm\\-dd"/>\
            </numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="7">\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
            <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
            </cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>""";

    private static String sheet(Table t) {
        List<Column> columns = t.columns();
        StringBuilder sb = new StringBuilder(256 + 64 * t.rows().size() * Math.max(1, columns.size()));
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"").append(MAIN_NS)
                .append("\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>");
        if (!columns.isEmpty()) {
            sb.append("<cols>");
            for (int c = 0; c < columns.size(); c++) {
                int width = Math.min(60, Math.max(10, columns.get(c).header().length() + 4));
                sb.append("<col min=\"").append(c + 1).append("\" max=\"").append(c + 1).append("\" width=\"")
                        .append(width).append("\" customWidth=\"1\"/>");
            }
            sb.append("</cols>");
        }
        sb.append("<sheetData><row r=\"1\">");
        for (int c = 0; c < columns.size(); c++) {
            inlineString(sb, ref(c, 1), S_HEADER, ExportCells.inert(columns.get(c).header()));
        }
        sb.append("</row>");
        for (int r = 0; r < t.rows().size(); r++) {
            ExportCells.checkRow(t, r);
            int rowNumber = r + 2;
            sb.append("<row r=\"").append(rowNumber).append("\">");
            List<Object> row = t.rows().get(r);
            for (int c = 0; c < columns.size(); c++) {
                Object v = row.get(c);
                if (v == null) {
                    continue;
                }
                String ref = ref(c, rowNumber);
                switch (columns.get(c).type()) {
                    case TEXT -> inlineString(sb, ref, 0, ExportCells.inert(String.valueOf(v)));
                    case INTEGER -> number(sb, ref, S_INTEGER, Long.toString(ExportCells.integer(v, r, c)));
                    case DECIMAL -> number(sb, ref, S_DECIMAL, ExportCells.decimal(v, ColumnType.DECIMAL, r, c).toPlainString());
                    case MONEY_ORE -> number(sb, ref, S_MONEY, ExportCells.kronor(ExportCells.ore(v, r, c)).toPlainString());
                    case DATE -> number(sb, ref, S_DATE, Long.toString(ChronoUnit.DAYS.between(EPOCH, ExportCells.date(v, r, c))));
                    case PERCENT -> number(sb, ref, S_PERCENT, ExportCells.decimal(v, ColumnType.PERCENT, r, c).toPlainString());
                }
            }
            sb.append("</row>");
        }
        return sb.append("</sheetData></worksheet>").toString();
    }

    private static void inlineString(StringBuilder sb, String ref, int style, String text) {
        sb.append("<c r=\"").append(ref).append('"');
        if (style != 0) {
            sb.append(" s=\"").append(style).append('"');
        }
        sb.append(" t=\"inlineStr\"><is><t xml:space=\"preserve\">").append(xml(text)).append("</t></is></c>");
    }

    private static void number(StringBuilder sb, String ref, int style, String value) {
        sb.append("<c r=\"").append(ref).append("\" s=\"").append(style).append("\"><v>").append(value).append("</v></c>");
    }

    /** Column index (0-based) and row number to an A1 reference: (27, 3) → "AB3". */
    static String ref(int column, int row) {
        StringBuilder letters = new StringBuilder();
        int n = column + 1;
        while (n > 0) {
            int m = (n - 1) % 26;
            letters.insert(0, (char) ('A' + m));
            n = (n - 1) / 26;
        }
        return letters.append(row).toString();
    }

    /** Escapes for XML 1.0 text and attributes; CR and TAB as character references; other control characters dropped. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                case '\n' -> sb.append("&#10;");
                default -> {
                    if (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF) {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Sheet names: the title, without []:*?/\, at most 31 characters, unique (case-insensitive), never empty. */
    static List<String> sheetNames(List<Table> sheets) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < sheets.size(); i++) {
            String base = sheets.get(i).title() == null ? "" : sheets.get(i).title().replaceAll("[\\[\\]:*?/\\\\\\p{Cntrl}]", " ").strip();
            if (base.startsWith("'")) {
                base = base.substring(1);
            }
            if (base.isEmpty()) {
                base = "Blad" + (i + 1);
            }
            base = base.length() > 31 ? base.substring(0, 31) : base;
            String name = base;
            int k = 2;
            while (!used.add(name.toLowerCase(Locale.ROOT))) {
                String suffix = " (" + k++ + ")";
                name = (base.length() + suffix.length() > 31 ? base.substring(0, 31 - suffix.length()) : base) + suffix;
            }
            names.add(name);
        }
        return names;
    }
}
