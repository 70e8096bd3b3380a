package se.nyckeln.platform.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The workbook opened as a zip and its parts parsed with the JDK's (securely configured) XML parser. */
class TableXlsxTest {

    static Map<String, byte[]> unzip(byte[] xlsx) throws IOException {
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        return parts;
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(xml));
    }

    /** A cell as seen by a reader: type attribute, style, value or inline text, and whether it has a formula. */
    record Cell(String type, String style, String value, boolean formula) {
    }

    static Map<String, Cell> cells(Document sheet) {
        Map<String, Cell> cells = new HashMap<>();
        NodeList cs = sheet.getElementsByTagNameNS(TableXlsx.MAIN_NS, "c");
        for (int i = 0; i < cs.getLength(); i++) {
            Element c = (Element) cs.item(i);
            String value;
            NodeList t = c.getElementsByTagNameNS(TableXlsx.MAIN_NS, "t");
            NodeList v = c.getElementsByTagNameNS(TableXlsx.MAIN_NS, "v");
            value = t.getLength() > 0 ? t.item(0).getTextContent() : v.getLength() > 0 ? v.item(0).getTextContent() : null;
            boolean formula = c.getElementsByTagNameNS(TableXlsx.MAIN_NS, "f").getLength() > 0;
            cells.put(c.getAttribute("r"), new Cell(c.getAttribute("t"), c.getAttribute("s"), value, formula));
        }
        return cells;
    }

    @Test
    void aRealWorkbookWithTypedCellsAndSwedishFormats() throws Exception {
        Table t = new Table("Debitering 2026-11", TableCsvTest.COLUMNS, List.of(
                List.of("Södermalm & <Åsö>", 12, new BigDecimal("1234.5"), 123456L, LocalDate.of(2026, 11, 30), new BigDecimal("0.125")),
                Arrays.asList(null, -3, -0.5, -5L, LocalDate.of(1900, 3, 1), 1)));
        Table second = new Table("Debitering 2026-11", List.of(new Column("A", ColumnType.TEXT)), List.of(List.of("b")));
        Map<String, byte[]> parts = unzip(TableXlsx.toBytes(List.of(t, second)));
        for (String p : List.of("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml")) {
            assertTrue(parts.containsKey(p), p);
            parse(parts.get(p));
        }
        Document wb = parse(parts.get("xl/workbook.xml"));
        NodeList sheets = wb.getElementsByTagNameNS(TableXlsx.MAIN_NS, "sheet");
        assertEquals("Debitering 2026-11", ((Element) sheets.item(0)).getAttribute("name"));
        assertEquals("Debitering 2026-11 (2)", ((Element) sheets.item(1)).getAttribute("name"));

        Map<String, Cell> c = cells(parse(parts.get("xl/worksheets/sheet1.xml")));
        assertEquals(new Cell("inlineStr", "1", "Enhet", false), c.get("A1"));
        assertEquals(new Cell("inlineStr", "", "Södermalm & <Åsö>", false), c.get("A2"));
        assertEquals(new Cell("", "2", "12", false), c.get("B2"));
        assertEquals(new Cell("", "3", "1234.5", false), c.get("C2"));
        assertEquals(new Cell("", "4", "1234.56", false), c.get("D2"));
        assertEquals(new Cell("", "5", "46356", false), c.get("E2")); // 2026-11-30 as an Excel serial day
        assertEquals(new Cell("", "6", "0.125", false), c.get("F2"));
        assertNull(c.get("A3"));
        assertEquals("-3", c.get("B3").value());
        assertEquals("-0.5", c.get("C3").value());
        assertEquals("-0.05", c.get("D3").value());
        assertEquals("61", c.get("E3").value()); // 1900-03-01 is serial 61 in Excel
        assertEquals("1", c.get("F3").value());

        Document styles = parse(parts.get("xl/styles.xml"));
        Map<String, String> formats = new HashMap<>();
        NodeList nf = styles.getElementsByTagNameNS(TableXlsx.MAIN_NS, "numFmt");
        for (int i = 0; i < nf.getLength(); i++) {
            Element e = (Element) nf.item(i);
            formats.put(e.getAttribute("numFmtId"), e.getAttribute("formatCode"));
        }
        assertEquals("#,##0.00\" kr\"", formats.get("164"));
        assertEquals("yyyy\\-mm\\-dd", formats.get("166"));
        NodeList xfs = ((Element) styles.getElementsByTagNameNS(TableXlsx.MAIN_NS, "cellXfs").item(0))
                .getElementsByTagNameNS(TableXlsx.MAIN_NS, "xf");
        assertEquals("164", ((Element) xfs.item(TableXlsx.S_MONEY)).getAttribute("numFmtId"));
        assertEquals("166", ((Element) xfs.item(TableXlsx.S_DATE)).getAttribute("numFmtId"));
        assertEquals("3", ((Element) xfs.item(TableXlsx.S_INTEGER)).getAttribute("numFmtId"));
        assertEquals("10", ((Element) xfs.item(TableXlsx.S_PERCENT)).getAttribute("numFmtId"));
    }

    @Test
    void formulaInjectionIsInertAndNegativeNumbersStayNumbers() throws Exception {
        List<Column> cols = List.of(new Column("Text", ColumnType.TEXT), new Column("Belopp", ColumnType.MONEY_ORE));
        List<String> attacks = List.of("=1+1", "+SUM(A1)", "-2", "@x", "\t=x", "\r=x");
        List<List<Object>> rows = attacks.stream().map(a -> List.<Object>of(a, -200L)).toList();
        Map<String, byte[]> parts = unzip(TableXlsx.toBytes(List.of(new Table("x", cols, rows))));
        Map<String, Cell> c = cells(parse(parts.get("xl/worksheets/sheet1.xml")));
        for (int i = 0; i < attacks.size(); i++) {
            Cell text = c.get("A" + (i + 2));
            assertEquals("inlineStr", text.type(), attacks.get(i));
            assertEquals("'" + attacks.get(i), text.value(), "attack " + i);
            assertTrue(!text.formula());
            Cell money = c.get("B" + (i + 2));
            assertEquals("", money.type());
            assertEquals("-2.00", money.value());
        }
        assertTrue(!new String(parts.get("xl/worksheets/sheet1.xml"), java.nio.charset.StandardCharsets.UTF_8).contains("<f>"));
    }

    @Test
    void referencesAndSheetNames() {
        assertEquals("A1", TableXlsx.ref(0, 1));
        assertEquals("Z9", TableXlsx.ref(25, 9));
        assertEquals("AA2", TableXlsx.ref(26, 2));
        assertEquals("AB3", TableXlsx.ref(27, 3));
        assertEquals(List.of("a b", "Blad2", "1234567890123456789012345678901"),
                TableXlsx.sheetNames(List.of(new Table("a/b", List.of(), List.of()), new Table(null, List.of(), List.of()),
                        new Table("12345678901234567890123456789012345", List.of(), List.of()))));
    }
}
