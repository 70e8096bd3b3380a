package se.nyckeln.organisation.application;

/** What an accepted import did. Re-importing the same file reports everything unchanged. */
public record ImportReport(ImportKind kind, String fileName, int rows, int created, int updated, int closed,
                           int unchanged) {
}
