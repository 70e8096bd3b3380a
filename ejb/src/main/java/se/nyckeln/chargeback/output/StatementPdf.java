package se.nyckeln.chargeback.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders a unit's monthly statement as PDF with PDFBox 3: A4 portrait, DejaVu Sans (regular and bold)
 * embedded as subsets so å ä ö render everywhere and the text is extractable. Layout, top to bottom: title;
 * header (unit and code, cost centre, period, run reference and state, and how it is charged — a nämnd gets
 * "Intern debitering", a bolag "Faktureras &lt;legal entity&gt; (org.nr …)"); the table of cost pools (pool and
 * cost type, key and quantity unit, the unit's quantity, the total quantity, the rate per unit, the amount)
 * with its sum; adjustments with what they correct, and their sum; totals (ex VAT, and for a bolag the VAT
 * and the total including VAT when VAT applies); "Det här kan ni påverka" (harvestable seats per product and
 * the saving per month, or a sentence that there is nothing to return). Tables continue on new pages with
 * their header repeated; every page has "Sida n av m". Texts come from
 * {@code se/nyckeln/chargeback/output/statement.properties}; amounts per {@link SwedishFormat}.
 */
public final class StatementPdf {

    private static final String BUNDLE = "se.nyckeln.chargeback.output.statement";
    private static final String FONT_REGULAR = "/se/nyckeln/chargeback/output/fonts/DejaVuSans.ttf";
    private static final String FONT_BOLD = "/se/nyckeln/chargeback/output/fonts/DejaVuSans-Bold.ttf";
    private static final byte[] REGULAR = withoutGlyphSubstitution(resource(FONT_REGULAR));
    private static final byte[] BOLD = withoutGlyphSubstitution(resource(FONT_BOLD));
    private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");

    static final float MARGIN = 40f;
    static final float PAGE_W = PDRectangle.A4.getWidth();
    static final float PAGE_H = PDRectangle.A4.getHeight();
    static final float BOTTOM = 60f;
    static final float BODY = 8f;
    static final float LEADING = 1.25f;

    private StatementPdf() {
    }

    public static byte[] render(StatementDocument d) {
        check(d);
        try (Fonts fonts = Fonts.parse()) {
            return render(d, fonts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The two DejaVu faces parsed once, for a batch of statements rendered one after the other (parsing the
     * fonts was most of the time of a small statement). Not for concurrent use.
     */
    static final class Fonts implements AutoCloseable {
        final TrueTypeFont regular;
        final TrueTypeFont bold;

        private Fonts(TrueTypeFont regular, TrueTypeFont bold) {
            this.regular = regular;
            this.bold = bold;
        }

        static Fonts parse() throws IOException {
            TrueTypeFont regular = new TTFParser().parse(new RandomAccessReadBuffer(REGULAR));
            try {
                return new Fonts(regular, new TTFParser().parse(new RandomAccessReadBuffer(BOLD)));
            } catch (IOException | RuntimeException e) {
                regular.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                regular.close();
            } finally {
                bold.close();
            }
        }
    }

    private static byte[] render(StatementDocument d, Fonts fonts) throws IOException {
        check(d);
        ResourceBundle texts = ResourceBundle.getBundle(BUNDLE, Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        try (PDDocument doc = new PDDocument()) {
            PDType0Font regular = PDType0Font.load(doc, fonts.regular, true);
            PDType0Font bold = PDType0Font.load(doc, fonts.bold, true);
            Writer w = new Writer(doc, regular, bold, texts);
            w.statement(d);
            w.close();
            w.footers(d);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(w.t("title") + " " + d.unitCode() + " " + d.period());
            info.setCreator("Nyckeln");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /**
     * One PDF per unit, named {@code <unitCode>-<period>.pdf} (characters other than letters, digits, '.',
     * '_' and '-' in the code become '_'). Two statements with the same entry name are refused. The stream is
     * finished, not closed.
     */
    public static void zip(List<StatementDocument> ds, OutputStream out) {
        Set<String> names = new HashSet<>();
        try (Fonts fonts = Fonts.parse()) {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (StatementDocument d : ds) {
                String name = fileName(d);
                if (!names.add(name)) {
                    throw new IllegalArgumentException("two statements would both be named " + name);
                }
                byte[] pdf = render(d, fonts);
                zip.putNextEntry(new ZipEntry(name));
                zip.write(pdf);
                zip.closeEntry();
            }
            zip.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <unitCode>-<period>.pdf}, e.g. {@code SDN-SODERMALM-2026-11.pdf}. */
    public static String fileName(StatementDocument d) {
        String code = d.unitCode() == null ? "enhet" : d.unitCode().replaceAll("[^A-Za-z0-9._-]", "_");
        return code + "-" + d.period() + ".pdf";
    }

    private static void check(StatementDocument d) {
        if (d.period() == null || d.unitCode() == null) {
            throw new IllegalArgumentException("a statement needs a unit code and a period");
        }
        long sum = 0;
        for (StatementLine l : d.lines()) {
            sum = Math.addExact(sum, l.amountOre());
        }
        for (AdjustmentLine a : d.adjustments()) {
            sum = Math.addExact(sum, a.amountOre());
        }
        if (sum != d.totalOre()) {
            throw new IllegalArgumentException("totalOre " + d.totalOre() + " is not the sum of lines and adjustments ("
                    + sum + ")");
        }
    }

    /**
     * The font with its GSUB (glyph substitution) table hidden: PDFBox 3 otherwise runs every shown string through
     * the OpenType substitution rules (regular expressions compiled per call), which was most of the time of a
     * statement. Swedish text needs no shaping; the glyphs drawn are the characters' own (and text extraction is
     * unchanged). Only the tag in the table directory is renamed, so every offset stays valid; the embedded subset
     * never carried GSUB anyway.
     */
    static byte[] withoutGlyphSubstitution(byte[] ttf) {
        byte[] out = ttf.clone();
        int tables = ((out[4] & 0xff) << 8) | (out[5] & 0xff);
        for (int i = 0; i < tables; i++) {
            int at = 12 + 16 * i;
            if (out[at] == 'G' && out[at + 1] == 'S' && out[at + 2] == 'U' && out[at + 3] == 'B') {
                out[at] = 'x';
            }
        }
        return out;
    }

    private static byte[] resource(String path) {
        try (InputStream in = StatementPdf.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing font " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table column: header key, width, right-aligned or not. */
    record Col(String header, float width, boolean right) {
    }

    /** Lays text out top-down, opening pages as needed. */
    private static final class Writer {
        final PDDocument doc;
        final PDType0Font regular;
        final PDType0Font bold;
        final ResourceBundle texts;
        PDPageContentStream cs;
        float y;

        Writer(PDDocument doc, PDType0Font regular, PDType0Font bold, ResourceBundle texts) throws IOException {
            this.doc = doc;
            this.regular = regular;
            this.bold = bold;
            this.texts = texts;
            newPage();
        }

        String t(String key, Object... args) {
            String s = texts.getString("statement." + key);
            return args.length == 0 ? s : new MessageFormat(s, SWEDISH).format(args);
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PAGE_H - MARGIN;
        }

        void close() throws IOException {
            cs.close();
            cs = null;
        }

        /** Makes room for {@code height}; returns true when a new page was opened. */
        boolean ensure(float height) throws IOException {
            if (y - height < BOTTOM) {
                newPage();
                return true;
            }
            return false;
        }

        void text(PDType0Font font, float size, float x, float baseline, String s) throws IOException {
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, baseline);
            cs.showText(s);
            cs.endText();
        }

        float width(PDType0Font font, float size, String s) throws IOException {
            return font.getStringWidth(s) / 1000f * size;
        }

        void statement(StatementDocument d) throws IOException {
            y -= 16;
            text(bold, 15, MARGIN, y, clean(t("title")));
            y -= 10;
            header(d);
            linesSection(d);
            adjustmentsSection(d);
            totalsSection(d);
            influenceSection(d);
        }

        void header(StatementDocument d) throws IOException {
            String charging;
            if (d.bolag()) {
                String entity = d.legalEntityName() == null ? "" : d.legalEntityName();
                charging = d.legalEntityOrgNr() == null || d.legalEntityOrgNr().isBlank()
                        ? t("charging.bolag", entity) : t("charging.bolag.orgnr", entity, d.legalEntityOrgNr());
            } else {
                charging = t("charging.namnd");
            }
            String month = d.period().format(DateTimeFormatter.ofPattern("LLLL yyyy", SWEDISH));
            String[][] rows = {
                {t("header.unit"), nz(d.unitName()) + " (" + d.unitCode() + ")"},
                {t("header.costCentre"), nz(d.costCentre())},
                {t("header.period"), d.period() + " (" + month + ")"},
                {t("header.run"), nz(d.runReference())},
                {t("header.state"), nz(d.runState())},
                {t("header.charging"), charging},
            };
            y -= 8;
            for (String[] r : rows) {
                List<String> value = wrap(regular, 10, clean(r[1]), PAGE_W - 2 * MARGIN - 110);
                for (int i = 0; i < value.size(); i++) {
                    y -= 10 * LEADING;
                    if (i == 0) {
                        text(bold, 10, MARGIN, y, clean(r[0]));
                    }
                    text(regular, 10, MARGIN + 110, y, value.get(i));
                }
            }
            y -= 10;
        }

        void sectionTitle(String title) throws IOException {
            ensure(22 + 3 * BODY * LEADING);
            y -= 22;
            text(bold, 12, MARGIN, y, clean(title));
            y -= 5;
        }

        void linesSection(StatementDocument d) throws IOException {
            sectionTitle(t("lines.title"));
            if (d.lines().isEmpty()) {
                paragraph(t("lines.none"));
                return;
            }
            List<Col> cols = List.of(new Col(t("lines.pool"), 145, false), new Col(t("lines.key"), 110, false),
                    new Col(t("lines.unitQuantity"), 60, true), new Col(t("lines.totalQuantity"), 70, true),
                    new Col(t("lines.rate"), 62, true), new Col(t("lines.amount"), 68, true));
            List<String[]> rows = new ArrayList<>();
            long sum = 0;
            for (StatementLine l : d.lines()) {
                String pool = nz(l.costPool()) + (l.costType() == null || l.costType().isBlank() ? "" : " – " + l.costType());
                String key = nz(l.key()) + (l.quantityUnit() == null || l.quantityUnit().isBlank() ? "" : " (" + l.quantityUnit() + ")");
                rows.add(new String[] {pool, key, SwedishFormat.quantity(l.unitQuantity()),
                    SwedishFormat.quantity(l.totalQuantity()), SwedishFormat.rate(l.rateOrePerUnit()),
                    SwedishFormat.kronor(l.amountOre())});
                sum = Math.addExact(sum, l.amountOre());
            }
            table(t("lines.title"), cols, rows);
            sumRow(t("lines.sum"), sum);
        }

        void adjustmentsSection(StatementDocument d) throws IOException {
            sectionTitle(t("adjustments.title"));
            if (d.adjustments().isEmpty()) {
                paragraph(t("adjustments.none"));
                return;
            }
            List<Col> cols = List.of(new Col(t("adjustments.reference"), 170, false),
                    new Col(t("adjustments.text"), 260, false), new Col(t("adjustments.amount"), 85, true));
            List<String[]> rows = new ArrayList<>();
            long sum = 0;
            for (AdjustmentLine a : d.adjustments()) {
                rows.add(new String[] {nz(a.reference()), nz(a.text()), SwedishFormat.kronor(a.amountOre())});
                sum = Math.addExact(sum, a.amountOre());
            }
            table(t("adjustments.title"), cols, rows);
            sumRow(t("adjustments.sum"), sum);
        }

        void totalsSection(StatementDocument d) throws IOException {
            sectionTitle(t("totals.title"));
            if (!d.bolag()) {
                sumRow(t("totals.namnd"), d.totalOre());
            } else if (d.vatOre() == null) {
                sumRow(t("totals.noVat"), d.totalOre());
            } else {
                sumRow(t("totals.exVat"), d.totalOre());
                sumRow(t("totals.vat"), d.vatOre());
                sumRow(t("totals.incVat"), Math.addExact(d.totalOre(), d.vatOre()));
            }
        }

        void influenceSection(StatementDocument d) throws IOException {
            sectionTitle(t("influence.title"));
            if (d.influence().isEmpty()) {
                paragraph(t("influence.none"));
                return;
            }
            paragraph(t("influence.intro"));
            List<Col> cols = List.of(new Col(t("influence.product"), 285, false),
                    new Col(t("influence.seats"), 115, true), new Col(t("influence.saving"), 115, true));
            List<String[]> rows = new ArrayList<>();
            long sum = 0;
            for (InfluenceItem i : d.influence()) {
                rows.add(new String[] {nz(i.product()), SwedishFormat.number(java.math.BigDecimal.valueOf(i.harvestableSeats())),
                    SwedishFormat.kronor(i.savingOrePerMonth())});
                sum = Math.addExact(sum, i.savingOrePerMonth());
            }
            table(t("influence.title"), cols, rows);
            sumRow(t("influence.sum"), sum);
        }

        void paragraph(String s) throws IOException {
            for (String line : wrap(regular, 9, clean(s), PAGE_W - 2 * MARGIN)) {
                ensure(9 * LEADING);
                y -= 9 * LEADING;
                text(regular, 9, MARGIN, y, line);
            }
            y -= 4;
        }

        void sumRow(String label, long ore) throws IOException {
            ensure(9 * LEADING + 2);
            y -= 9 * LEADING + 2;
            String amount = SwedishFormat.kronor(ore);
            text(bold, 9, MARGIN, y, clean(label));
            text(bold, 9, PAGE_W - MARGIN - width(bold, 9, amount), y, amount);
        }

        void tableHeader(List<Col> cols) throws IOException {
            List<List<String>> cells = new ArrayList<>();
            int lines = 1;
            for (Col c : cols) {
                List<String> w = wrap(bold, BODY, clean(c.header()), c.width() - 4);
                cells.add(w);
                lines = Math.max(lines, w.size());
            }
            float top = y;
            drawCells(bold, cols, cells, lines);
            y -= 2;
            cs.setLineWidth(0.5f);
            cs.moveTo(MARGIN, y);
            cs.lineTo(PAGE_W - MARGIN, y);
            cs.stroke();
            if (top < y) {
                throw new IllegalStateException();
            }
        }

        void table(String title, List<Col> cols, List<String[]> rows) throws IOException {
            ensure(4 * BODY * LEADING);
            tableHeader(cols);
            for (String[] row : rows) {
                List<List<String>> cells = new ArrayList<>();
                int lines = 1;
                for (int c = 0; c < cols.size(); c++) {
                    Col col = cols.get(c);
                    String v = clean(row[c]);
                    List<String> w = col.right() ? List.of(v) : wrap(regular, BODY, v, col.width() - 4);
                    cells.add(w);
                    lines = Math.max(lines, w.size());
                }
                if (ensure(lines * BODY * LEADING + 2)) {
                    y -= 12;
                    text(bold, 10, MARGIN, y, clean(title + " " + t("continued")));
                    y -= 4;
                    tableHeader(cols);
                }
                drawCells(regular, cols, cells, lines);
            }
            y -= 2;
        }

        void drawCells(PDType0Font font, List<Col> cols, List<List<String>> cells, int lines) throws IOException {
            float x = MARGIN;
            float top = y;
            for (int c = 0; c < cols.size(); c++) {
                Col col = cols.get(c);
                List<String> w = cells.get(c);
                for (int i = 0; i < w.size(); i++) {
                    float base = top - (i + 1) * BODY * LEADING;
                    String s = w.get(i);
                    float size = BODY;
                    float width = width(font, size, s);
                    while (col.right() && width > col.width() - 4 && size > 5) {
                        size -= 0.5f;
                        width = width(font, size, s);
                    }
                    float tx = col.right() ? x + col.width() - 2 - width : x + 2;
                    text(font, size, tx, base, s);
                }
                x += col.width();
            }
            y = top - lines * BODY * LEADING - 1;
        }

        /** Word wrap to a width; a single word wider than the width is cut into pieces. */
        List<String> wrap(PDType0Font font, float size, String s, float maxWidth) throws IOException {
            List<String> out = new ArrayList<>();
            if (s.isEmpty()) {
                out.add("");
                return out;
            }
            StringBuilder line = new StringBuilder();
            for (String word : s.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(font, size, candidate) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(font, size, rest) > maxWidth && rest.length() > 1) {
                    int n = rest.length() - 1;
                    while (n > 1 && width(font, size, rest.substring(0, n)) > maxWidth) {
                        n--;
                    }
                    out.add(rest.substring(0, n));
                    rest = rest.substring(n);
                }
                line.append(rest);
            }
            if (line.length() > 0) {
                out.add(line.toString());
            }
            return out;
        }

        void footers(StatementDocument d) throws IOException {
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                PDPage page = doc.getPage(i);
                try (PDPageContentStream f = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    String left = clean(d.unitCode() + " " + d.period() + " – " + t("footer.note"));
                    String right = t("footer.page", i + 1, n);
                    f.beginText();
                    f.setFont(regular, 7);
                    f.newLineAtOffset(MARGIN, 30);
                    f.showText(left);
                    f.endText();
                    f.beginText();
                    f.setFont(regular, 7);
                    f.newLineAtOffset(PAGE_W - MARGIN - width(regular, 7, right), 30);
                    f.showText(right);
                    f.endText();
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Control characters (tabs, line breaks) become spaces: a PDF text run is one line. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
