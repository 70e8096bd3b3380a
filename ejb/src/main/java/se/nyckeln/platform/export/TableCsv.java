package se.nyckeln.platform.export;

import java.io.OutputStream;

/** A table as Swedish CSV: UTF-8 with BOM, ';', decimal comma, CRLF; formula injection neutralised. */
public final class TableCsv {

    private TableCsv() {
    }

    public static void write(Table t, OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
