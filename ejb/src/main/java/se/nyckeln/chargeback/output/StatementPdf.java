package se.nyckeln.chargeback.output;

import java.io.OutputStream;
import java.util.List;

/** Renders unit statements as PDF (PDFBox 3, embedded DejaVu Sans so å ä ö render and the text is extractable). */
public final class StatementPdf {

    private StatementPdf() {
    }

    public static byte[] render(StatementDocument d) {
        throw new UnsupportedOperationException("not yet");
    }

    /** One PDF per unit, named {@code <unitCode>-<period>.pdf}. The stream is finished, not closed. */
    public static void zip(List<StatementDocument> ds, OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
