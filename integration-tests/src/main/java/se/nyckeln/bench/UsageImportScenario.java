package se.nyckeln.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Usage rows imported through {@code POST /api/v1/imports/usage/inventory} against PostgreSQL COPY of the same
 * rows into an empty copy of {@code licence_usage}. Also sets up the licensing city (products, pools,
 * assignments) the following licensing scenarios read.
 */
public final class UsageImportScenario implements BenchmarkScenario {

    static final double GOAL = 0.5;
    private static final String SCHEMA = "bench_usage_baseline";
    private static final int BASELINE_RUNS = 3;

    private long rows = -1;

    @Override
    public String name() {
        return "Usage import";
    }

    @Override
    public String method() {
        return "Setup (not measured, after the organisation import): the harness writes the licensing part of the "
                + "benchmark city with SQL and COPY (LicensingCity): " + LicensingCity.PRODUCTS + " products "
                + "(half per named user, half per device), one pool, entitlement and unit seats each, and the "
                + "assignments (target " + LicensingCity.TARGET_ASSIGNMENTS + ", `-Dnyckeln.bench.assignments=`; "
                + "capped by the distinct (product, holder) pairs the imported city allows). Then it writes the usage "
                + "rows as an inventory file (`user_upn;device_serial;sku;last_used`, one distinct product and "
                + "person or device per row, every assignment's holder among them, dates over the past year; "
                + "target " + LicensingCity.TARGET_USAGE_ROWS + " rows, `-Dnyckeln.bench.usage.rows=`; the "
                + "count actually run is in the note). Application: the administrator posts the file to "
                + "`POST /api/v1/imports/usage/inventory` as a raw `text/csv` body streamed from disk; the server "
                + "streams it (row-by-row check, names resolved per batch of 5,000 rows, good records held 8 bytes "
                + "each, then grouped per key and sorted into the unique key's order in the server; the file's "
                + "products have no evidence yet, so the keys go straight into `licence_usage` with one `COPY` after "
                + "the references are read back and key-share locked once per distinct id; a file with stored keys "
                + "is staged and merged instead, docs/imports.md; one transaction), into an empty `licence_usage`, "
                + "so every row is created. It is measured once (a first import cannot be repeated on the same "
                + "data). Baseline: `COPY licence_usage (...) FROM STDIN` (pgjdbc CopyManager, superuser, one "
                + "transaction) of the same rows, with product and holder ids already resolved by the harness "
                + "(before the clock), into an empty `CREATE TABLE " + SCHEMA + ".licence_usage (LIKE "
                + "nyckeln.licence_usage INCLUDING ALL)` (same checks and unique index, no foreign keys); "
                + BASELINE_RUNS + " runs on fresh tables, median, min-max as spread. Both rates use the file's rows.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        LicensingCity city = LicensingCity.shared(ctx);
        rows = city.usageRows;
        Path file = ctx.workDir().resolve("usage-inventory.csv");
        Path copyFile = ctx.workDir().resolve("usage.copy");
        Benchmarks.log("usage import: writing %d usage rows", rows);
        city.writeInventoryFile(file);
        city.writeUsageCopyFile(copyFile, 0);
        long bytes = Files.size(file);
        List<ResultRow> out = new ArrayList<>();
        try {
            HttpRequest request = ctx.request("/api/v1/imports/usage/inventory?fileName=bench-usage.csv")
                    .timeout(Duration.ofMinutes(60)).header("Content-Type", "text/csv; charset=UTF-8")
                    .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofFile(file)).build();
            Benchmarks.log("usage import: posting %d rows (%d MiB)", rows, bytes >> 20);
            long start = System.nanoTime();
            HttpResponse<String> r = BenchContext.newClient().send(request, HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Double> copyRates = new ArrayList<>();
            for (int i = 0; i < BASELINE_RUNS; i++) {
                double s = copyBaseline(ctx, copyFile);
                copyRates.add(rows / s);
                Benchmarks.log("usage import: COPY run %d: %.1f s", i + 1, s);
            }
            double base = Stats.median(copyRates);
            String spread = String.format(Locale.ROOT, "import measured once; COPY %.0f-%.0f rows/s over %d runs",
                    Stats.min(copyRates), Stats.max(copyRates), BASELINE_RUNS);
            if (r.statusCode() != 200) {
                out.add(ResultRow.notAvailable("import, rows/s", "HTTP " + r.statusCode() + ": "
                        + abbreviate(r.body())));
                return out;
            }
            double rate = rows / seconds;
            Benchmarks.log("usage import: %.1f s, %.0f rows/s; COPY %.0f rows/s", seconds, rate, base);
            out.add(new ResultRow("import, rows/s", rate, base, "rows/s", rate / base, GOAL, spread,
                    String.format(Locale.ROOT, "%d rows (%d MiB), %d assignments in the city; %.1f s; "
                                    + "server reported rows %s, created %s, updated %s, unchanged %s", rows, bytes >> 20,
                            city.assignments, seconds, number(r.body(), "rows"), number(r.body(), "created"),
                            number(r.body(), "updated"), number(r.body(), "unchanged"))));
            return out;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(copyFile);
            try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                s.execute("ANALYZE nyckeln.licence_usage");
            }
        }
    }

    /** A number field of a small flat JSON answer (the harness has no JSON library on its class path). */
    static String number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Seconds for one COPY of the rows into a fresh empty copy of licence_usage, commit included. */
    private static double copyBaseline(BenchContext ctx, Path copyFile) throws SQLException, java.io.IOException {
        try (Connection c = ctx.database().superuserConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                s.execute("CREATE SCHEMA " + SCHEMA);
                s.execute("CREATE TABLE " + SCHEMA + ".licence_usage (LIKE nyckeln.licence_usage INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            try (Reader in = Files.newBufferedReader(copyFile, StandardCharsets.UTF_8)) {
                copy.copyIn("COPY " + SCHEMA + ".licence_usage (product_id, person_id, device_id, last_activity,"
                        + " source, import_run_id) FROM STDIN", in);
            }
            c.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Today as the server sees it (same machine, same zone). */
    static LocalDate today() {
        return LocalDate.now();
    }
}
