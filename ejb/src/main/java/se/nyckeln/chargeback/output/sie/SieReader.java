package se.nyckeln.chargeback.output.sie;

import java.io.InputStream;

/** Reads SIE 4I back; verifies {@code #KSUMMA} when present and rejects a truncated or tampered file. */
public final class SieReader {

    private SieReader() {
    }

    public static SieFile read(InputStream in) {
        throw new UnsupportedOperationException("not yet");
    }
}
