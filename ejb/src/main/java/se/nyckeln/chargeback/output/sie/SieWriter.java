package se.nyckeln.chargeback.output.sie;

import java.io.OutputStream;

/** Writes SIE 4I: CP437 ({@code #FORMAT PC8}), {@code #KSUMMA} CRC-32, balanced vouchers only. */
public final class SieWriter {

    private SieWriter() {
    }

    /** @throws IllegalArgumentException for a voucher whose transactions do not sum to zero */
    public static void write(SieFile f, OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
