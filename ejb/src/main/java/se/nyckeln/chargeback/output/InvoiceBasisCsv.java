package se.nyckeln.chargeback.output;

import java.io.OutputStream;
import java.util.List;

/** The invoice basis for bolag as a Swedish CSV (UTF-8 with BOM, ';', decimal comma), one block per bolag. */
public final class InvoiceBasisCsv {

    private InvoiceBasisCsv() {
    }

    public static void write(List<InvoiceBasis> bases, OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
