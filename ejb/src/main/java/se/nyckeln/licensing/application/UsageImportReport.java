package se.nyckeln.licensing.application;

/**
 * What an accepted usage import did. {@code rows} are the file's data lines; {@code created}, {@code updated}
 * and {@code unchanged} count usage records (one per product and person or device, so one M365 row with two
 * products is two records). Re-importing the same file reports every record unchanged.
 */
public record UsageImportReport(UsageFormat format, String fileName, int rows, int created, int updated,
                                int unchanged) {
}
