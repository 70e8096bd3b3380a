package se.nyckeln.platform.problem;

/**
 * One problem found in an imported file: where (file, line, column), what value, and why (a stable reason code
 * plus arguments; the text comes from the {@code problems} bundle).
 */
public record ImportError(String file, long line, String column, String value, String reason, Object... args) {

    public ImportError {
        args = args == null ? new Object[0] : args.clone();
    }
}
