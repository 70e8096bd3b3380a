package se.nyckeln.bench;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Issue 5's benchmark: the supplier dashboard's queries over five years of 50,000 purchase lines each, by the
 * application (REST, JSON) against a hand-written SQL statement per query that gives the same answer on the same
 * data (compared row by row), single user; and each query's p99 under 10 concurrent users.
 */
public final class SupplierDashboardScenario implements BenchmarkScenario {

    static final double GOAL = 0.5;
    static final int FIRST_YEAR = 2021;
    static final int YEARS = 5;
    static final int YEAR = FIRST_YEAR + YEARS - 1;
    static final int USERS = 10;
    static final int REPS = 5;
    static final int TAIL_PERCENT = 20;
    static final long TAIL_THRESHOLD_SEK = 50_000;
    static final int REVIEW_PAGE = 100;
    /**
     * For development only: {@code -Dnyckeln.bench.dashboard.queries=drill-down,review} measures only the queries
     * whose name contains one of the words (and skips the duplicate proposals); unset (the default) measures all.
     */
    static final String ONLY = System.getProperty("nyckeln.bench.dashboard.queries", "").trim();

    @Override
    public String name() {
        return "Supplier dashboard";
    }

    @Override
    public String method() {
        return "Data: the matching scenario's generated purchases (PurchaseCity: 300 suppliers, 400 agreements, 2,000 "
                + "price rows, buyer-reference and product mappings) with " + YEARS + " years (" + FIRST_YEAR + "-" + YEAR
                + ") of " + PurchaseCity.INVOICES + " invoices × " + PurchaseCity.LINES_PER_INVOICE + " lines, each year "
                + "its own seed and invoice numbers, loaded by the ledger CSV import (one file a year, with its re-match) "
                + "with a CPV classification per kind of article (one unknown article in six is office supplies: awaits "
                + "review) and an account per line (BAS 6540; one line in a hundred on 7490: an IT supplier booked "
                + "elsewhere, awaits review; suppliers 280-299 only on 6510: not IT spend); `ANALYZE` after the load. "
                + "Application: what the dashboard (/suppliers/index.xhtml) asks, as the administrator over HTTP (JSON): "
                + "`GET /api/v1/suppliers/consolidation/counts` (active suppliers per year and per year and category, "
                + "all years), `spend?by=supplier&year=" + YEAR + "`, `tail?year=" + YEAR + "` (defaults " + TAIL_PERCENT
                + " %, " + TAIL_THRESHOLD_SEK + " kr), `candidates?year=" + YEAR + "`, `review?offset=0&limit=" + REVIEW_PAGE + "` (the first page of the lines "
                + "pending review, all years, oldest first, with the whole list's total), "
                + "`lines?supplierId=&year=" + YEAR + "` (drill-down to the largest supplier) and `duplicates`. "
                + "Baseline: per query one hand-written SQL statement (superuser JDBC, all rows fetched) over the base "
                + "tables that applies the same rules (effective supplier after merges, category by mapping, CPV/UNSPSC "
                + "rule or agreement, review decisions, IT accounts and IT suppliers) with joins and DISTINCT ON instead "
                + "of the view's per-line lateral subqueries, filtering the year on the invoice date (the review baseline "
                + "does the same page: the same order, LIMIT " + REVIEW_PAGE + " OFFSET 0, and the total as a window count); "
                + "its answer is compared with the application's, row by row. Single user: " + REPS + " interleaved repetitions (A,B "
                + "then B,A) after one discarded warm-up of each, per round; ratio = baseline time / application time "
                + "(goal >= 0.5, i.e. at most twice the baseline's time), median. Then each endpoint under " + USERS
                + " client threads in a closed loop (LoadGenerator; warm-up, then the measurement time): p99 reported. "
                + "Duplicate proposals (Jaro-Winkler in Java) have no SQL equivalent: informational.";
    }

    /** One dashboard query: its REST path, the equivalent SQL, and how each answer becomes comparable rows. */
    record DashboardQuery(String name, String path, String sql, Function<Object, List<String>> appRows) {
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        HttpClient client = BenchContext.newClient();
        PurchaseCity.Units units = PurchaseCity.units(ctx, client);
        if (units.kommun().isEmpty() || units.bolag().isEmpty()) {
            return List.of(ResultRow.notAvailable("supplier dashboard", "no kommun or bolag units after the units import"));
        }
        long setup = System.nanoTime();
        double ledgerSeconds = 0;
        for (int y = FIRST_YEAR; y <= YEAR; y++) {
            PurchaseCity.Data data = PurchaseCity.generate(units.kommun(), units.bolag(),
                    new PurchaseCity.Year(LocalDate.of(y, 1, 1), "SD" + y + "-", PurchaseCity.SEED + y, true));
            if (y == FIRST_YEAR) {
                PurchaseCity.loadMasterData(ctx, client, data, units);
            }
            double s = PurchaseCity.loadLedger(ctx, client, data.ledgerCsv(), "bench-dashboard-" + y + ".csv");
            ledgerSeconds += s;
            Benchmarks.log("dashboard: ledger %d imported in %.1f s", y, s);
        }
        long lines;
        long allLines;
        long topSupplier;
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
            lines = single(s, "SELECT count(*) FROM nyckeln.purchase_line l JOIN nyckeln.purchase_invoice i"
                    + " ON i.id = l.invoice_id WHERE i.invoice_number LIKE 'SD%'");
            allLines = single(s, "SELECT count(*) FROM nyckeln.purchase_line");
        }
        Benchmarks.log("dashboard: %d lines loaded (%d in the database) in %.1f s", lines, allLines,
                (System.nanoTime() - setup) / 1e9);
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = nyckeln");
            topSupplier = single(s, base("i.issue_date >= DATE '" + YEAR + "-01-01' AND i.issue_date < DATE '"
                    + (YEAR + 1) + "-01-01'") + "SELECT sid FROM c WHERE counted GROUP BY sid ORDER BY sum(amt) DESC, sid LIMIT 1");
        }

        List<ResultRow> rows = new ArrayList<>();
        List<String> only = ONLY.isEmpty() ? List.of() : Arrays.stream(ONLY.split(",")).map(String::trim)
                .filter(w -> !w.isEmpty()).toList();
        for (DashboardQuery q : queries(topSupplier)) {
            if (only.isEmpty() || only.stream().anyMatch(q.name()::contains)) {
                rows.addAll(measure(ctx, client, q));
            }
        }
        if (only.isEmpty()) {
            rows.addAll(duplicates(ctx, client));
        }
        if (!rows.isEmpty()) {
            ResultRow first = rows.get(0);
            rows.set(0, new ResultRow(first.measure(), first.app(), first.baseline(), first.unit(), first.ratio(),
                    first.goal(), first.spread(), first.note() + String.format(Locale.ROOT,
                    "; data: %d dashboard lines over %d years (%d lines in the database), ledger imports %.1f s",
                    lines, YEARS, allLines, ledgerSeconds)));
        }
        return rows;
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ measuring

    private List<ResultRow> measure(BenchContext ctx, HttpClient client, DashboardQuery q) throws Exception {
        HttpRequest req = ctx.request(q.path()).header("Accept", "application/json").timeout(Duration.ofMinutes(5))
                .GET().build();
        HttpResponse<String> probe = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (probe.statusCode() != 200) {
            return List.of(ResultRow.notAvailable(q.name(), "GET " + q.path() + " answered HTTP " + probe.statusCode()));
        }
        List<String> appRows = q.appRows().apply(JsonText.parse(probe.body()));
        List<String> baseRows = new ArrayList<>();
        List<Double> appMs = new ArrayList<>();
        List<Double> baseMs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = nyckeln");
            baseline(s, q.sql(), baseRows); // warm-up, and the answer compared
            timedApp(client, req);
            for (int i = 0; i < REPS; i++) {
                double a;
                double b;
                if (i % 2 == 0) {
                    a = timedApp(client, req);
                    b = baseline(s, q.sql(), null);
                } else {
                    b = baseline(s, q.sql(), null);
                    a = timedApp(client, req);
                }
                appMs.add(a);
                baseMs.add(b);
                ratios.add(b / a);
            }
        }
        String comparison = compare(appRows, baseRows);
        Benchmarks.log("dashboard: %s app %.0f ms, baseline %.0f ms; %s", q.name(), Stats.median(appMs),
                Stats.median(baseMs), comparison);
        List<ResultRow> out = new ArrayList<>();
        out.add(new ResultRow(q.name() + ", single user", Stats.median(appMs), Stats.median(baseMs), "ms",
                Stats.median(ratios), GOAL,
                String.format(Locale.ROOT, "ratio %.2f-%.2f; application %.0f-%.0f ms, baseline %.0f-%.0f ms; %d repetitions",
                        Stats.min(ratios), Stats.max(ratios), Stats.min(appMs), Stats.max(appMs), Stats.min(baseMs),
                        Stats.max(baseMs), REPS),
                "GET " + q.path() + " (" + probe.body().length() + " chars); ratio = baseline / application time; "
                        + comparison));
        out.add(concurrent(ctx, client, q.name(), req));
        return out;
    }

    private static ResultRow concurrent(BenchContext ctx, HttpClient client, String name, HttpRequest req)
            throws InterruptedException {
        LoadGenerator.run(client, req, USERS, ctx.load().warmup());
        LoadGenerator.Measurement m = LoadGenerator.run(client, req, USERS, ctx.load().measurement());
        Benchmarks.log("dashboard: %s at %d users: %.1f req/s, p50 %.0f ms, p99 %.0f ms, %d errors", name, USERS,
                m.throughput(), m.p50Millis(), m.p99Millis(), m.errors());
        return new ResultRow(name + ", p99 at " + USERS + " users", m.p99Millis(), Double.NaN, "ms", Double.NaN,
                Double.NaN, String.format(Locale.ROOT, "%d requests in %d s", m.ok(), ctx.load().measurement().toSeconds()),
                String.format(Locale.ROOT, "%.2f req/s, p50 %.0f ms; %d errors%s", m.throughput(), m.p50Millis(),
                        m.errors(), m.firstError() == null ? "" : " (" + m.firstError() + ")"));
    }

    private List<ResultRow> duplicates(BenchContext ctx, HttpClient client) throws Exception {
        String path = "/api/v1/suppliers/consolidation/duplicates";
        HttpRequest req = ctx.request(path).header("Accept", "application/json").timeout(Duration.ofMinutes(5))
                .GET().build();
        HttpResponse<String> probe = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (probe.statusCode() != 200) {
            return List.of(ResultRow.notAvailable("duplicate proposals", "GET " + path + " answered HTTP "
                    + probe.statusCode()));
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < REPS; i++) {
            ms.add(timedApp(client, req));
        }
        long suppliers;
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            suppliers = single(s, "SELECT count(*) FROM nyckeln.supplier WHERE merged_into IS NULL");
        }
        return List.of(new ResultRow("duplicate proposals, single user", Stats.median(ms), Double.NaN, "ms", Double.NaN,
                Double.NaN, String.format(Locale.ROOT, "%.0f-%.0f ms; %d repetitions", Stats.min(ms), Stats.max(ms), REPS),
                "GET " + path + " (" + ((List<?>) JsonText.parse(probe.body())).size() + " proposals among " + suppliers
                        + " suppliers); name similarity is computed in Java: no SQL baseline"),
                concurrent(ctx, client, "duplicate proposals", req));
    }

    private static double timedApp(HttpClient client, HttpRequest req) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(req.uri() + " answered HTTP " + r.statusCode());
        }
        return ms;
    }

    /** Runs the baseline, reading every row; fills {@code rows} (pipe-joined columns) when given. Milliseconds. */
    private static double baseline(Statement s, String sql, List<String> rows) throws SQLException {
        long start = System.nanoTime();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        String[] codes = (String[]) a.getArray();
                        Arrays.sort(codes);
                        v = String.join(" ", codes);
                    } else if (v instanceof BigDecimal d) {
                        v = d.stripTrailingZeros().toPlainString();
                    }
                    b.append(i > 1 ? "|" : "").append(v);
                }
                if (rows != null) {
                    rows.add(b.toString());
                }
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Whether the two answers hold the same rows (in any order), in words. */
    static String compare(List<String> app, List<String> baseline) {
        List<String> a = new ArrayList<>(app);
        List<String> b = new ArrayList<>(baseline);
        a.sort(null);
        b.sort(null);
        if (a.equals(b)) {
            return "application and baseline agree on all " + a.size() + " rows";
        }
        List<String> onlyApp = new ArrayList<>(a);
        onlyApp.removeAll(b);
        List<String> onlyBase = new ArrayList<>(b);
        onlyBase.removeAll(a);
        return "**MISMATCH**: application " + a.size() + " rows, baseline " + b.size() + "; only in the application: "
                + onlyApp.stream().limit(3).toList() + ", only in the baseline: " + onlyBase.stream().limit(3).toList();
    }

    // ------------------------------------------------------------------ the application's answers as rows

    /** The value of a JSON field as the baseline prints it ({@code null}, numbers plain, lists sorted and joined). */
    static String field(Map<?, ?> o, String name) {
        Object v = o.get(name);
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof List<?> l) {
            return String.join(" ", l.stream().map(String::valueOf).sorted().toList());
        }
        return String.valueOf(v);
    }

    /** One pipe-joined row per object of a JSON array, from the given fields. */
    static List<String> rows(Object array, String... fields) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) array) {
            Map<?, ?> m = (Map<?, ?>) o;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                b.append(i > 0 ? "|" : "").append(fields[i].startsWith("'") ? fields[i].substring(1) : field(m, fields[i]));
            }
            out.add(b.toString());
        }
        return out;
    }

    /** A review page as rows: each line's id with the whole list's total. */
    private static List<String> reviewRows(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        return rows(m.get("lines"), "id", "'" + field(m, "total"));
    }

    private static List<String> countRows(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        List<String> out = new ArrayList<>(rows(m.get("years"), "'year", "year", "'-", "suppliers"));
        out.addAll(rows(m.get("perCategory"), "'category", "year", "category", "suppliers"));
        return out;
    }

    // ------------------------------------------------------------------ the queries and their baselines

    List<DashboardQuery> queries(long topSupplier) {
        String year = "i.issue_date >= DATE '" + YEAR + "-01-01' AND i.issue_date < DATE '" + (YEAR + 1) + "-01-01'";
        String c = "/api/v1/suppliers/consolidation";
        return List.of(
                new DashboardQuery("active suppliers per year and category (counts)", c + "/counts",
                        base("true") + """
                        SELECT CASE WHEN GROUPING(category) = 1 THEN 'year' ELSE 'category' END, year,
                               CASE WHEN GROUPING(category) = 1 THEN '-' ELSE category END, count(DISTINCT sid)
                          FROM (SELECT year, coalesce(category, '-') AS category, sid FROM c WHERE counted) x
                         GROUP BY GROUPING SETS ((year), (year, category))
                        """, SupplierDashboardScenario::countRows),
                new DashboardQuery("spend per supplier " + YEAR, c + "/spend?by=supplier&year=" + YEAR,
                        base(year) + """
                        SELECT c.sid, s.name, sum(c.amt), count(*), 1 FROM c JOIN supplier s ON s.id = c.sid
                         WHERE c.counted GROUP BY c.sid, s.name
                        """, j -> rows(j, "key", "label", "spendOre", "lines", "suppliers")),
                new DashboardQuery("tail " + YEAR, c + "/tail?year=" + YEAR, base(year) + """
                        , t AS (SELECT c.sid, sum(c.amt) AS spend, count(*) AS n, count(DISTINCT c.invoice_id) AS inv,
                                       coalesce(array_agg(DISTINCT u.code) FILTER (WHERE u.code IS NOT NULL), '{}') AS units
                                  FROM c LEFT JOIN org_unit u ON u.id = c.unit_id WHERE c.counted GROUP BY c.sid),
                          w AS (SELECT t.*, sum(greatest(spend, 0)) OVER (ORDER BY spend, sid DESC ROWS UNBOUNDED PRECEDING) AS cum,
                                       sum(greatest(spend, 0)) OVER () AS total FROM t)
                        SELECT sid, spend, n, inv, units, p, u, o FROM (
                            SELECT w.*, (spend <= 0 OR %d * total >= cum * 100) AS p, spend < %d AS u, inv = 1 AS o FROM w) x
                         WHERE p OR u OR o
                        """.formatted(TAIL_PERCENT, TAIL_THRESHOLD_SEK * 100),
                        j -> rows(((Map<?, ?>) j).get("entries"), "supplierId", "spendOre", "lines", "invoices", "units",
                                "pareto", "underThreshold", "oneOff")),
                new DashboardQuery("consolidation candidates " + YEAR, c + "/candidates?year=" + YEAR, base(year) + """
                        , o AS (SELECT * FROM c WHERE counted AND verdict = 'OFF_AGREEMENT'),
                          prod AS (SELECT DISTINCT ON (o.id) o.id, a.id AS aid, p.unit_price_ore AS price
                                     FROM o JOIN price_row p ON p.sku_key IN (lower(btrim(o.seller_item_id)), lower(btrim(o.standard_item_id)))
                                     JOIN agreement a ON a.id = p.agreement_id JOIN supplier sa ON sa.id = a.supplier_id
                                    WHERE p.currency = 'SEK' AND p.min_quantity <= greatest(1, abs(o.quantity))
                                      AND p.valid_from <= o.issue_date AND (p.valid_to IS NULL OR p.valid_to >= o.issue_date)
                                      AND a.valid_from <= o.issue_date AND (a.valid_to IS NULL OR a.valid_to >= o.issue_date)
                                      AND coalesce(sa.merged_into, sa.id) <> o.sid
                                    ORDER BY o.id, p.unit_price_ore, a.id),
                          catm AS (SELECT DISTINCT ON (o.id) o.id, a.id AS aid
                                     FROM o JOIN spend_category sc ON sc.code = o.category
                                     JOIN agreement a ON lower(btrim(a.category)) IN (lower(sc.code), lower(sc.name))
                                     JOIN supplier sa ON sa.id = a.supplier_id
                                    WHERE a.valid_from <= o.issue_date AND (a.valid_to IS NULL OR a.valid_to >= o.issue_date)
                                      AND coalesce(sa.merged_into, sa.id) <> o.sid
                                      AND NOT EXISTS (SELECT 1 FROM prod WHERE prod.id = o.id)
                                    ORDER BY o.id, a.id),
                          m AS (SELECT id, 'PRODUCT' AS match, aid, price FROM prod
                                UNION ALL SELECT id, 'CATEGORY', aid, NULL::bigint FROM catm)
                        SELECT o.sid, o.category_name, m.match, m.aid, count(*), sum(o.amt), count(m.price),
                               coalesce(sum(o.amt) FILTER (WHERE m.price IS NOT NULL), 0),
                               coalesce(sum(o.amt - round(m.price * o.quantity)) FILTER (WHERE m.price IS NOT NULL), 0)
                          FROM o JOIN m ON m.id = o.id GROUP BY 1, 2, 3, 4
                        """, j -> rows(j, "supplierId", "category", "match", "agreementId", "lines", "movingOre",
                        "pricedLines", "pricedOre", "priceDifferenceOre")),
                new DashboardQuery("lines awaiting review (first page of " + REVIEW_PAGE + ")", c + "/review?offset=0&limit="
                        + REVIEW_PAGE, base("true") + """
                        SELECT id, count(*) OVER () FROM c WHERE reason IS NOT NULL AND review IS NULL
                         ORDER BY issue_date, id LIMIT %d OFFSET 0
                        """.formatted(REVIEW_PAGE), SupplierDashboardScenario::reviewRows),
                new DashboardQuery("drill-down: the largest supplier's lines " + YEAR, c + "/lines?supplierId="
                        + topSupplier + "&year=" + YEAR, base(year + " AND coalesce(s.merged_into, s.id) = " + topSupplier)
                        + """
                        SELECT id FROM c WHERE counted ORDER BY issue_date, id LIMIT 2000
                        """, j -> rows(j, "id")));
    }

    /**
     * The lines of {@code where} (on purchase_invoice i and supplier s) as the consolidation rules read them: CTE
     * {@code c} with the effective supplier {@code sid}, category, review decision, account status, {@code counted}
     * (in the IT spend) and {@code reason} (awaiting review: CATEGORY or ACCOUNT). Written by hand: the category
     * by joins (mapping of the invoiced supplier, of the survivor, the longest CPV/UNSPSC prefix, the agreement),
     * the IT suppliers once as a set.
     */
    static String base(String where) {
        return """
                WITH b AS (
                    SELECT l.id, l.invoice_id, i.issue_date, extract(year FROM i.issue_date)::int AS year,
                           coalesce(s.merged_into, s.id) AS sid, l.unit_id, l.line_amount_ore AS amt, l.quantity, l.verdict,
                           l.seller_item_id, l.standard_item_id, cat.code AS category, cat.name AS category_name,
                           cat.is_it, r.is_it AS review,
                           CASE WHEN l.account IS NULL THEN NULL
                                ELSE EXISTS (SELECT 1 FROM it_account x WHERE l.account LIKE x.prefix || '%%') END AS acct_it
                      FROM purchase_line l
                      JOIN purchase_invoice i ON i.id = l.invoice_id
                      JOIN supplier s ON s.id = i.supplier_id
                      CROSS JOIN LATERAL (SELECT lower(btrim(coalesce(nullif(btrim(l.seller_item_id), ''),
                                                 nullif(btrim(l.standard_item_id), ''), l.item_name, ''))) AS item_key,
                                 CASE WHEN l.classification_list = 'STI' THEN 'CPV' WHEN l.classification_list = 'TST' THEN 'UNSPSC'
                                      WHEN l.classification_list IS NULL AND l.classification ~ '^\\s*[0-9]{8}(-[0-9])?\\s*$'
                                      THEN 'CPV' END AS list,
                                 regexp_replace(coalesce(l.classification, ''), '[^0-9]', '', 'g') AS digits) k
                      LEFT JOIN category_mapping m1 ON m1.supplier_id = s.id AND m1.item_key = k.item_key
                      LEFT JOIN category_mapping m2 ON m2.supplier_id = s.merged_into AND m2.item_key = k.item_key
                      LEFT JOIN LATERAL (SELECT cr.category FROM category_rule cr WHERE cr.list = k.list
                                            AND k.digits LIKE cr.prefix || '%%' ORDER BY length(cr.prefix) DESC LIMIT 1) rule
                             ON k.list IS NOT NULL
                      LEFT JOIN agreement a ON a.id = l.agreement_id
                      LEFT JOIN LATERAL (SELECT sc.code FROM spend_category sc WHERE lower(sc.code) = lower(btrim(a.category))
                                            OR lower(sc.name) = lower(btrim(a.category)) LIMIT 1) ac ON a.id IS NOT NULL
                      LEFT JOIN spend_category cat ON cat.code = coalesce(m1.category, m2.category, rule.category, ac.code)
                      LEFT JOIN line_review r ON r.purchase_line_id = l.id
                     WHERE %s
                ), itsup AS (
                    SELECT DISTINCT coalesce(s.merged_into, s.id) AS sid FROM purchase_line l
                      JOIN purchase_invoice i ON i.id = l.invoice_id JOIN supplier s ON s.id = i.supplier_id
                     WHERE l.account IS NULL OR EXISTS (SELECT 1 FROM it_account x WHERE l.account LIKE x.prefix || '%%')
                ), c AS (
                    SELECT b.*,
                           CASE WHEN review IS NOT NULL THEN review WHEN is_it = false THEN NULL
                                WHEN acct_it IS DISTINCT FROM false THEN true
                                WHEN sid IN (SELECT sid FROM itsup) THEN NULL ELSE false END AS counted,
                           CASE WHEN is_it = false THEN 'CATEGORY'
                                WHEN acct_it = false AND sid IN (SELECT sid FROM itsup) THEN 'ACCOUNT' END AS reason
                      FROM b
                )
                """.formatted(where);
    }
}
