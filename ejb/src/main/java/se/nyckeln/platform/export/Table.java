package se.nyckeln.platform.export;

import java.util.List;

/** A titled table for export; each row has one value per column (null = empty cell). */
public record Table(String title, List<Column> columns, List<List<Object>> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = rows == null ? List.of() : rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
}
