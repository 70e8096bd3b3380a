package se.nyckeln.chargeback.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import se.nyckeln.platform.export.ExportCells;

/**
 * The invoice basis (fakturaunderlag) for bolag as one Swedish CSV file: UTF-8 with BOM, ';', CRLF, decimal
 * comma, amounts in kronor with two decimals and no thousands separator. One block per bolag, blocks
 * separated by an empty line:
 * <pre>
 * Fakturaunderlag;&lt;bolagName&gt;
 * Bolag;&lt;bolagCode&gt;
 * Org.nr;&lt;bolagOrgNr&gt;
 * Period;2026-11
 * Körning;&lt;runReference&gt;
 * Rad;Text;Netto (kr);Momssats (%);Moms (kr);Brutto (kr)
 * 1;&lt;text&gt;;1000,00;25;250,00;1250,00
 * Summa;;&lt;net&gt;;;&lt;vat&gt;;&lt;gross&gt;
 * </pre>
 * Every text field is formula-safe ({@link ExportCells#inert}). A basis whose totals do not match its lines
 * (net = Σ line net, VAT = Σ line VAT, gross = net + VAT) is refused with an IllegalArgumentException, so an
 * inconsistent invoice can never leave the system. The stream is flushed, not closed.
 */
public final class InvoiceBasisCsv {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private InvoiceBasisCsv() {
    }

    public static void write(List<InvoiceBasis> bases, OutputStream out) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (InvoiceBasis b : bases) {
            check(b);
            if (!first) {
                sb.append("\r\n");
            }
            first = false;
            row(sb, text("Fakturaunderlag"), text(b.bolagName()));
            row(sb, text("Bolag"), text(b.bolagCode()));
            row(sb, text("Org.nr"), text(b.bolagOrgNr()));
            row(sb, text("Period"), b.period() == null ? "" : b.period().toString());
            row(sb, text("Körning"), text(b.runReference()));
            row(sb, "Rad", "Text", "Netto (kr)", "Momssats (%)", "Moms (kr)", "Brutto (kr)");
            int n = 1;
            for (InvoiceBasisLine l : b.lines()) {
                row(sb, Integer.toString(n++), text(l.text()), kr(l.netOre()), permille(l.vatRatePermille()),
                        kr(l.vatOre()), kr(Math.addExact(l.netOre(), l.vatOre())));
            }
            row(sb, "Summa", "", kr(b.netOre()), "", kr(b.vatOre()), kr(b.grossOre()));
        }
        try {
            out.write(BOM);
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(List<InvoiceBasis> bases) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(bases, out);
        return out.toByteArray();
    }

    static void check(InvoiceBasis b) {
        long net = 0;
        long vat = 0;
        for (InvoiceBasisLine l : b.lines()) {
            net = Math.addExact(net, l.netOre());
            vat = Math.addExact(vat, l.vatOre());
        }
        if (net != b.netOre() || vat != b.vatOre() || Math.addExact(b.netOre(), b.vatOre()) != b.grossOre()) {
            throw new IllegalArgumentException("invoice basis for " + b.bolagCode() + " does not add up: lines net " + net
                    + ", VAT " + vat + "; stated net " + b.netOre() + ", VAT " + b.vatOre() + ", gross " + b.grossOre());
        }
    }

    private static void row(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(ExportCells.csvField(fields[i]));
        }
        sb.append("\r\n");
    }

    private static String text(String s) {
        return s == null ? "" : ExportCells.inert(s);
    }

    private static String kr(long ore) {
        return ExportCells.decimalComma(ExportCells.kronor(ore));
    }

    /** 250 → "25", 125 → "12,5". */
    private static String permille(int p) {
        BigDecimal v = BigDecimal.valueOf(p, 1).stripTrailingZeros();
        return ExportCells.decimalComma(v.scale() < 0 ? v.setScale(0) : v);
    }
}
