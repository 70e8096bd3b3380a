package se.nyckeln.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import se.nyckeln.organisation.infrastructure.demo.DemoCity;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.net.http.HttpClient;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Importing the generated city through the REST API against PostgreSQL COPY of the same rows.
 *
 * <p>An import cannot be repeated on the same data (a re-import is by design a no-op), and a fresh database
 * per repetition would make the run far too long, so the first import is measured once, the no-op re-import
 * of the same files is a second figure, and the COPY baseline is repeated three times (median).
 */
public final class OrganisationImportScenario implements BenchmarkScenario {

    static final double GOAL = 0.5;
    private static final int COPY_REPEATS = 3;
    private static final String SCHEMA = "bench_baseline";
    private static final List<String> TABLES = List.of("org_unit", "org_unit_version", "person", "person_membership",
            "device", "device_membership");

    @Override
    public String name() {
        return "Organisation import";
    }

    @Override
    public String method() {
        return "The deterministic demo city (DemoCity) at the chosen size is written to the three import files (units, people "
                + "with one row per membership, devices with one row per membership). Application: the administrator "
                + "posts them to `POST /api/v1/imports/units`, then `people`, then `devices` (raw CSV body, "
                + "`text/csv`); rows/s = CSV data rows of the three files / wall time of the three calls. The "
                + "organisation is empty before (demo mode off), so every row is new. "
                + "A first import cannot be repeated on the same data (re-importing is a no-op by design) and a "
                + "fresh database per repetition would take too long, so the **first import is measured once** "
                + "(the honest figure, no spread), and the **re-import of the same files** (meant to be the no-op "
                + "path: parsing and comparing every row, changing nothing; the note shows the counts the server "
                + "reported, so a re-import that does change rows is visible) is a second figure. Baseline: PostgreSQL "
                + "`COPY ... FROM STDIN` (pgjdbc CopyManager, superuser connection, one transaction) of the same "
                + "data, shaped in the harness into rows of org_unit, org_unit_version, person, person_membership, "
                + "device and device_membership, into empty tables of a scratch schema made with "
                + "`CREATE TABLE bench_baseline.x (LIKE nyckeln.x INCLUDING ALL)`: the same columns, checks, "
                + "unique, primary-key and exclusion indexes (LIKE does not copy foreign keys, so the baseline "
                + "skips those checks). Shaping happens before the clock starts; the COPY and its commit are "
                + "timed. The baseline is run " + COPY_REPEATS + " times, each on freshly created empty tables, "
                + "median shown, min-max as spread. Its rate uses the same row count (the CSV rows), so the ratio "
                + "compares the same logical data. "
                + "**Where the application's time goes, and what the baseline does not do.** Measured while tuning "
                + "(2026-12-02, per-statement timing in the server and `INSERT`s of the imported rows replayed in "
                + "psql on the same data, before the changes below): inserting the memberships was the largest part "
                + "of writing a first import (devices 6.7 s, people 2.9 s), and in it the GiST index of the "
                + "no-overlap exclusion constraint dominates (155,000 device memberships: 9.0 s with it, 2.7 s "
                + "without it, 0.4 s without it, the btree and the foreign-key checks). The baseline has the same "
                + "exclusion index (`LIKE ... INCLUDING ALL`), so it pays that too. What only the application pays: "
                + "the references of memberships and of devices' primary users (checked once per statement since "
                + "V12/V13, see below), one audit row per created or changed person or device (jsonb before/after, "
                + "215,000 rows; about 3.4 s when built in Java), checking the whole file in Java before anything "
                + "is written (CSV decoding and parsing, the plan, the snapshot of what is stored: 2-4 s per large "
                + "file on a fresh server), staging the rows, and the HTTP upload. The server logs each import's "
                + "check and write times, the write split into new people/devices, memberships and audit rows. "
                + "Changes made (2026-12-02): memberships are inserted ordered by start date, then owner, instead "
                + "of owner by owner (GiST splits far better; about 30 % less time for that statement in psql); "
                + "the audit trail's time index is a BRIN index instead of a btree (V50); reading a CSV row's "
                + "columns no longer lower-cases the column name on every lookup; memberships' owner and unit "
                + "(V12) and devices' primary user (V13) are checked once per statement over all its rows instead "
                + "of one locking foreign-key lookup per row and key (the same refusal, SQLSTATE 23503); new people "
                + "or devices, their memberships and the audit rows were streamed with `COPY ... FROM STDIN` into "
                + "per-transaction `TEMP` staging tables and written with one set-based statement per table, with "
                + "the audit after-state built in SQL (`jsonb_agg` over the memberships just written; replaced "
                + "since, see the end); the device "
                + "file's check loads the stored people without their memberships. Measured after these changes "
                + "(partial runs on the shared machine, other helpers' builds and benchmarks running, load 3-15 "
                + "on 2 cores, so only indicative): first import 25.5 s against COPY 9.9-11.5 s (ratio 0.43); the "
                + "server's log of that run: people checked in 2.2 s, written in 5.7 s (new people 1.8 s, "
                + "memberships 2.3 s, audit rows 1.6 s), devices checked in 4.3 s, written in 12.0 s (new devices "
                + "2.6 s, memberships 5.5 s, audit rows 3.9 s); a second run under heavier load (COPY 14.0-53.3 s, "
                + "first import 92.9 s) gave 0.56, which says nothing beyond the noise, and a third (COPY "
                + "21.1-23.2 s, first import 61.6 s; written: devices 4.7 s, memberships 12.5 s, audit rows 14.3 s) "
                + "0.35. Under that load the application's Java check slows far more than COPY does (the re-import, "
                + "which writes nothing, took 10.2-34.5 s against 4.7 s in the last complete run), so these runs do not "
                + "show whether the goal is met on a quiet machine. Measured and not taken "
                + "earlier: dropping the exclusion constraints or per-entity audit rows (they are what the "
                + "application guarantees, and the exclusion constraint sits in the baseline too, so removing it "
                + "would speed both sides alike). "
                + "Later change (2026-12-02, issue 2): no staging tables. The ids of new people or devices are taken "
                + "from their identity sequences first (one query), and the new people or devices, their memberships "
                + "(ordered by start, then owner) and the audit rows are each written with one `COPY ... FROM STDIN` "
                + "straight into their tables, which fires the same triggers and checks as an INSERT (V12/V13, unique "
                + "keys, exclusion constraints); the audit after-state of a person or device comes from the plan "
                + "(its memberships once the file is applied, the same JSON content), and the planner and the "
                + "membership rules allocate less per row. The same device write replayed in psql on the benchmark "
                + "city, old and new statements one after the other (load about 2): new devices 1.7 s -> 0.6 s, "
                + "memberships 4.4 s -> 3.3 s, audit rows 4.9 s -> 1.3 s. The server also logs the check split into "
                + "reading the file, loading the stored organisation and planning. Partial runs after it (shared "
                + "machine, other helpers' work running): load 3.4-4.5, first import 15.4 s against COPY 6.9-7.1 s "
                + "(ratio 0.46; people checked in 1.6 s, written in 3.8 s: new people 1.2 s, memberships 1.6 s, audit "
                + "rows 0.9 s; devices checked in 1.7 s, written in 7.0 s: new devices 1.5 s, memberships 4.1 s, audit "
                + "rows 1.4 s); load 2.6-6.6, first import 22.1 s against COPY 11.2-11.9 s (ratio 0.51); before it, "
                + "at load 3.5-5.5, 40.5 s against COPY 13.4-15.5 s (0.35). Near the goal, within the noise of "
                + "single measurements on a loaded machine.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        Benchmarks.log("import: generating the %s city", ctx.size());
        DemoCity city = DemoCity.generate(ctx.size());
        Path dir = Files.createDirectories(ctx.workDir().resolve("city"));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("units", write(dir.resolve("units.csv"), city::writeUnitsCsv));
        files.put("people", write(dir.resolve("people.csv"), city::writePeopleCsv));
        files.put("devices", write(dir.resolve("devices.csv"), city::writeDevicesCsv));
        long rows = 0;
        Map<String, Long> perFile = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            long n;
            try (var lines = Files.lines(f.getValue(), StandardCharsets.UTF_8)) {
                n = lines.count() - 1; // header
            }
            perFile.put(f.getKey(), n);
            rows += n;
        }
        String rowNote = "rows: units " + perFile.get("units") + ", people " + perFile.get("people")
                + ", devices " + perFile.get("devices");
        Benchmarks.log("import: %s", rowNote);

        List<ResultRow> result = new ArrayList<>();
        // the baseline first: it does not touch the application's tables, and a failed import must not cost it
        List<Double> copySeconds = new ArrayList<>();
        String baselineProblem = null;
        try {
            for (int i = 0; i < COPY_REPEATS; i++) {
                double s = copyBaseline(ctx, city);
                Benchmarks.log("import: COPY baseline %d: %.2f s", i + 1, s);
                copySeconds.add(s);
            }
        } catch (SQLException e) {
            baselineProblem = "COPY failed: " + e.getMessage();
        } finally {
            dropSchema(ctx);
        }
        List<Double> copyRates = new ArrayList<>();
        for (double s : copySeconds) {
            copyRates.add(rows / s);
        }
        double copyRate = baselineProblem == null ? Stats.median(copyRates) : Double.NaN;
        String copySpread = baselineProblem == null ? String.format(Locale.ROOT, "COPY %.0f-%.0f rows/s over %d runs",
                Stats.min(copyRates), Stats.max(copyRates), COPY_REPEATS) : baselineProblem;

        HttpClient client = BenchContext.newClient();
        Timed first = importAll(ctx, client, files);
        if (first.problem != null) {
            result.add(ResultRow.notAvailable("first import, rows/s", first.problem));
            result.add(ResultRow.notAvailable("re-import of the same files, rows/s", first.problem));
            result.add(new ResultRow("COPY baseline alone", Double.NaN, copyRate, "rows/s", Double.NaN, Double.NaN,
                    copySpread, rowNote));
            return result;
        }
        Benchmarks.log("import: first import %.2f s", first.seconds);
        Timed again = importAll(ctx, client, files);
        Benchmarks.log("import: re-import %.2f s", again.seconds);
        double firstRate = rows / first.seconds;
        result.add(new ResultRow("first import, rows/s", firstRate, copyRate, "rows/s", firstRate / copyRate, GOAL,
                "import measured once (see method); " + copySpread,
                rowNote + "; " + String.format(Locale.ROOT, "%.1f s", first.seconds) + "; " + first.reports));
        if (again.problem != null) {
            result.add(ResultRow.notAvailable("re-import of the same files, rows/s", again.problem));
        } else {
            double againRate = rows / again.seconds;
            result.add(new ResultRow("re-import of the same files, rows/s", againRate, copyRate, "rows/s", againRate / copyRate,
                    Double.NaN, "measured once; " + copySpread,
                    String.format(Locale.ROOT, "%.1f s", again.seconds) + "; " + again.reports));
        }
        return result;
    }

    // ------------------------------------------------------------------ the application

    private record Timed(double seconds, String reports, String problem) {
    }

    private static Timed importAll(BenchContext ctx, HttpClient client, Map<String, Path> files)
            throws IOException, InterruptedException {
        List<String> reports = new ArrayList<>();
        long start = System.nanoTime();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            HttpResponse<String> r = post(ctx, client, f.getKey(), f.getValue(), false);
            if (r.statusCode() == 415) {
                // the endpoint may take only a form upload; both are documented ways to send the file
                r = post(ctx, client, f.getKey(), f.getValue(), true);
            }
            if (r.statusCode() / 100 != 2) {
                String body = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
                return new Timed(Double.NaN, "", "POST /api/v1/imports/" + f.getKey() + " answered HTTP "
                        + r.statusCode() + (body.isBlank() ? "" : ": " + abbreviate(body, 200)));
            }
            reports.add(f.getKey() + " " + summary(r.body()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed(seconds, String.join("; ", reports), null);
    }

    private static HttpResponse<String> post(BenchContext ctx, HttpClient client, String kind, Path file,
                                             boolean multipart) throws IOException, InterruptedException {
        HttpRequest.Builder b = ctx.request("/api/v1/imports/" + kind + "?fileName=" + file.getFileName()).timeout(Duration.ofMinutes(15))
                .header("Accept", "application/json");
        if (multipart) {
            String boundary = "nyckeln-bench-" + UUID.randomUUID();
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)));
        } else {
            b.header("Content-Type", "text/csv; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofFile(file));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern COUNT = Pattern.compile("\"(created|updated|closed|unchanged)\"\\s*:\\s*(\\d+)");

    /** The import report's counts in a few words, so the reader sees what the import really did. */
    static String summary(String json) {
        Matcher m = COUNT.matcher(json == null ? "" : json);
        List<String> parts = new ArrayList<>();
        while (m.find()) {
            parts.add(m.group(2) + " " + m.group(1));
        }
        return parts.isEmpty() ? abbreviate(String.valueOf(json), 120) : String.join(", ", parts);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private interface CsvWriter {
        void write(Writer w) throws IOException;
    }

    private static Path write(Path file, CsvWriter writer) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(w);
        }
        return file;
    }

    // ------------------------------------------------------------------ the baseline

    /** Seconds for one COPY of the whole city into fresh empty copies of the tables. */
    private static double copyBaseline(BenchContext ctx, DemoCity city) throws SQLException, IOException {
        Map<String, String> data = shape(city);
        try (Connection c = ctx.database().superuserConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                s.execute("CREATE SCHEMA " + SCHEMA);
                for (String t : TABLES) {
                    s.execute("CREATE TABLE " + SCHEMA + "." + t + " (LIKE nyckeln." + t + " INCLUDING ALL)");
                }
            }
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (String t : TABLES) {
                String[] parts = data.get(t).split("\n", 2);
                copy.copyIn("COPY " + SCHEMA + "." + t + " (" + parts[0] + ") FROM STDIN", new StringReader(parts[1]));
            }
            c.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void dropSchema(BenchContext ctx) {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            Benchmarks.log("import: could not drop the scratch schema: %s", e.getMessage());
        }
    }

    /**
     * The city as COPY text per table: first line the column list, then tab-separated rows with ids assigned
     * here (identity columns are GENERATED BY DEFAULT, so explicit ids are allowed).
     */
    static Map<String, String> shape(DemoCity city) {
        Map<String, Long> unitIds = new HashMap<>();
        long id = 1;
        for (DemoCity.Unit u : city.units()) {
            unitIds.put(u.code(), id++);
        }
        StringBuilder units = new StringBuilder("id, code, kind, org_number, valid_from, valid_to, merged_into, version\n");
        StringBuilder versions = new StringBuilder("id, unit_id, valid_from, valid_to, name, parent_id, cost_centre\n");
        for (DemoCity.Unit u : city.units()) {
            long uid = unitIds.get(u.code());
            row(units, uid, u.code(), u.kind(), u.orgNumber(), u.validFrom(), u.validTo(),
                    u.mergedInto() == null ? null : unitIds.get(u.mergedInto()), 0);
            row(versions, uid, uid, u.validFrom(), u.validTo(), u.name(),
                    u.parentCode() == null ? null : unitIds.get(u.parentCode()), u.costCentre());
        }
        Map<String, Long> personIds = new HashMap<>();
        StringBuilder people = new StringBuilder("id, upn, object_id, display_name, email, version\n");
        StringBuilder personMemberships = new StringBuilder("id, person_id, unit_id, valid_from, valid_to\n");
        long pid = 1;
        long mid = 1;
        for (DemoCity.Person p : city.people()) {
            personIds.put(p.upn(), pid);
            row(people, pid, p.upn(), p.objectId(), p.displayName(), p.email(), 0);
            for (DemoCity.Membership m : p.memberships()) {
                row(personMemberships, mid++, pid, unitIds.get(m.unitCode()), m.validFrom(), m.validTo());
            }
            pid++;
        }
        StringBuilder devices = new StringBuilder("id, serial_number, name, kind, primary_person_id, version\n");
        StringBuilder deviceMemberships = new StringBuilder("id, device_id, unit_id, valid_from, valid_to\n");
        long did = 1;
        mid = 1;
        for (DemoCity.Device d : city.devices()) {
            row(devices, did, d.serialNumber(), d.name(), d.kind(),
                    d.primaryUserUpn() == null ? null : personIds.get(d.primaryUserUpn()), 0);
            for (DemoCity.Membership m : d.memberships()) {
                row(deviceMemberships, mid++, did, unitIds.get(m.unitCode()), m.validFrom(), m.validTo());
            }
            did++;
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("org_unit", units.toString());
        out.put("org_unit_version", versions.toString());
        out.put("person", people.toString());
        out.put("person_membership", personMemberships.toString());
        out.put("device", devices.toString());
        out.put("device_membership", deviceMemberships.toString());
        return out;
    }

    /** One row in COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
    static void row(StringBuilder sb, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                sb.append("\\N");
            } else {
                String s = v instanceof LocalDate d ? d.toString() : v.toString();
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    switch (ch) {
                        case '\\' -> sb.append("\\\\");
                        case '\t' -> sb.append("\\t");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        default -> sb.append(ch);
                    }
                }
            }
        }
        sb.append('\n');
    }
}
