package se.nyckeln.platform.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import se.nyckeln.platform.problem.ImportError;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A decoded CSV file: header names (matched case-insensitively) and rows with the line each began on.
 * Structural problems (undecodable bytes, missing required columns, unparseable quoting) are collected as
 * {@link ImportError}s rather than thrown, so that one answer can name every problem of the file.
 */
public final class CsvTable {

    /** One data row; values are trimmed and an empty value is null. */
    public record Row(long line, Map<String, String> values) {
        public String get(String column) {
            // headers are stored lower-case; most callers already ask in lower case, so look up as given first
            // (an import asks several columns of each of hundreds of thousands of rows)
            String v = values.get(column);
            return v != null || values.containsKey(column) ? v : values.get(column.toLowerCase(Locale.ROOT));
        }
    }

    private final String file;
    private final List<String> headers;
    private final List<Row> rows;
    private final List<ImportError> errors;

    private CsvTable(String file, List<String> headers, List<Row> rows, List<ImportError> errors) {
        this.file = file;
        this.headers = headers;
        this.rows = rows;
        this.errors = errors;
    }

    public static CsvTable read(String file, byte[] data, List<String> requiredColumns) {
        List<ImportError> errors = new ArrayList<>();
        CsvText.Decoded decoded = CsvText.decode(data);
        for (CsvText.Undecodable u : decoded.problems()) {
            errors.add(new ImportError(file, u.line(), null, u.bytesHex(), "undecodable", decoded.charset().name()));
        }
        String text = decoded.text();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            errors.add(new ImportError(file, 1, null, null, "empty-file"));
            return new CsvTable(file, List.of(), List.of(), errors);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(CsvText.delimiter(text))
                .setIgnoreEmptyLines(true).get();
        List<String> headers = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            long nextLine = 1;
            boolean first = true;
            for (CSVRecord record : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (first) {
                    for (String h : record) {
                        headers.add(h.trim().toLowerCase(Locale.ROOT));
                    }
                    first = false;
                    continue;
                }
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < headers.size() && i < record.size(); i++) {
                    String v = record.get(i).trim();
                    values.putIfAbsent(headers.get(i), v.isEmpty() ? null : v);
                }
                rows.add(new Row(line, values));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            errors.add(new ImportError(file, 0, null, null, "unreadable-csv", String.valueOf(e.getMessage())));
        }
        for (String required : requiredColumns) {
            if (!headers.contains(required.toLowerCase(Locale.ROOT))) {
                errors.add(new ImportError(file, 1, required, null, "missing-column", required));
            }
        }
        return new CsvTable(file, headers, rows, errors);
    }

    public String file() {
        return file;
    }

    public List<String> headers() {
        return headers;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Structural problems; when there is a missing column, row checks would only repeat it. */
    public List<ImportError> errors() {
        return errors;
    }

    public boolean hasMissingColumns() {
        return errors.stream().anyMatch(e -> "missing-column".equals(e.reason()));
    }
}
