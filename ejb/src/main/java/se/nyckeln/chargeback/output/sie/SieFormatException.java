package se.nyckeln.chargeback.output.sie;

/** A file that is not valid SIE 4 as Nyckeln reads it (syntax, checksum, unbalanced voucher); names the line. */
public class SieFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public SieFormatException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** 1-based line number, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
