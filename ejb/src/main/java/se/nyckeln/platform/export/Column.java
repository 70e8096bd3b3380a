package se.nyckeln.platform.export;

/** A column header and the type its values have. */
public record Column(String header, ColumnType type) {
}
