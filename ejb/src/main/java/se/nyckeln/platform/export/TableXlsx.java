package se.nyckeln.platform.export;

import java.io.OutputStream;
import java.util.List;

/** Tables as one .xlsx workbook (hand-written Office Open XML), one sheet per table. */
public final class TableXlsx {

    private TableXlsx() {
    }

    public static void write(List<Table> sheets, OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
