package se.nyckeln.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/licence-position} (every pool, city-wide) against a hand-written SQL aggregate of the same
 * figures, on the licensing city with its usage evidence, interleaved.
 */
public final class LicencePositionScenario implements BenchmarkScenario {

    /** Goal: the endpoint takes at most twice the SQL's time, i.e. its rate is at least half. */
    static final double GOAL = 0.5;
    static final int IN_USE_DAYS = 90;

    /**
     * Per pool on day d: entitled (entitlements valid on d), allocated (ledger up to d), assigned (in force on d)
     * and in use (holder's evidence for the product within [d - 90, d]). The evidence is joined by its unique key
     * (product, person) or (product, device), one join per kind of holder.
     */
    static final String SQL = """
            WITH a AS (
                SELECT a.pool_id, count(*) AS assigned,
                       count(*) FILTER (WHERE coalesce(up.last_activity, ud.last_activity) BETWEEN ?::date AND ?::date)
                           AS in_use
                FROM nyckeln.licence_assignment a JOIN nyckeln.licence_pool p ON p.id = a.pool_id
                LEFT JOIN nyckeln.licence_usage up
                       ON up.product_id = p.product_id AND up.person_id = a.person_id AND up.device_id IS NULL
                LEFT JOIN nyckeln.licence_usage ud
                       ON ud.product_id = p.product_id AND ud.device_id = a.device_id AND ud.person_id IS NULL
                WHERE a.valid_from <= ?::date AND (a.valid_to IS NULL OR a.valid_to >= ?::date)
                GROUP BY a.pool_id),
            m AS (SELECT pool_id, sum(delta) AS allocated FROM nyckeln.allocation_movement
                  WHERE effective_from <= ?::date GROUP BY pool_id),
            e AS (SELECT pool_id, sum(quantity) AS qty, sum(quantity * unit_price_ore) AS value FROM nyckeln.entitlement
                  WHERE valid_from <= ?::date AND (valid_to IS NULL OR valid_to >= ?::date) GROUP BY pool_id)
            SELECT lp.id, p.name, p.sku, coalesce(e.qty, 0), coalesce(e.value, 0), coalesce(m.allocated, 0),
                   coalesce(a.assigned, 0), coalesce(a.in_use, 0)
            FROM nyckeln.licence_pool lp JOIN nyckeln.product p ON p.id = lp.product_id
            LEFT JOIN e ON e.pool_id = lp.id LEFT JOIN m ON m.pool_id = lp.id LEFT JOIN a ON a.pool_id = lp.id
            ORDER BY p.name, lp.id""";

    @Override
    public String name() {
        return "Licence position, all products city-wide";
    }

    @Override
    public String method() {
        return "On the licensing city of the usage import scenario (its products, pools, assignments and the imported "
                + "usage evidence). Application: `GET /api/v1/licence-position` as the administrator (every pool's "
                + "entitled, allocated, assigned and in-use figures today, in use = evidence within "
                + IN_USE_DAYS + " days, JSON, body read completely). Baseline: a hand-written SQL aggregate of the "
                + "same figures per pool (entitlements valid today, allocation ledger up to today, assignments in "
                + "force today joined to their evidence by the usage table's unique key), run by the harness over "
                + "JDBC (superuser) with every row read. One discarded warm-up of each, then interleaved rounds "
                + "(A,B then B,A) of one call each; rate = 1 / wall time. Ratio = SQL time / endpoint time per "
                + "round (median, min-max as spread): the goal `>= 0.5` is the issue's \"at most 2x the raw SQL\". "
                + "The note compares the totals of both answers (assigned, in use), so a fast wrong answer shows.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        LicensingCity.shared(ctx);
        LocalDate today = LocalDate.now();
        HttpClient client = BenchContext.newClient();
        HttpRequest request = ctx.request("/api/v1/licence-position?inUseDays=" + IN_USE_DAYS)
                .header("Accept", "application/json").timeout(Duration.ofMinutes(10)).GET().build();
        long[] appTotals = new long[3];
        long[] sqlTotals = new long[3];
        String problem = callApp(client, request, appTotals);
        if (problem != null) {
            return List.of(ResultRow.notAvailable("position, runs/s", problem));
        }
        callSql(ctx, today, sqlTotals);
        List<Double> app = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ctx.load().rounds(); round++) {
            double a;
            double b;
            if (round % 2 == 0) {
                a = timed(() -> callApp(client, request, appTotals));
                b = timed(() -> callSql(ctx, today, sqlTotals));
            } else {
                b = timed(() -> callSql(ctx, today, sqlTotals));
                a = timed(() -> callApp(client, request, appTotals));
            }
            Benchmarks.log("licence position: round %d: endpoint %.2f s, SQL %.2f s", round + 1, a, b);
            app.add(1 / a);
            base.add(1 / b);
            ratios.add(b / a);
        }
        return List.of(new ResultRow("position, runs/s", Stats.median(app), Stats.median(base), "runs/s",
                Stats.median(ratios), GOAL,
                String.format(Locale.ROOT, "ratio %.2f-%.2f; endpoint %.2f-%.2f s, SQL %.2f-%.2f s; %d rounds",
                        Stats.min(ratios), Stats.max(ratios), 1 / Stats.max(app), 1 / Stats.min(app),
                        1 / Stats.max(base), 1 / Stats.min(base), ctx.load().rounds()),
                String.format(Locale.ROOT, "pools: endpoint %d, SQL %d; assigned: %d / %d; in use: %d / %d",
                        appTotals[0], sqlTotals[0], appTotals[1], sqlTotals[1], appTotals[2], sqlTotals[2])));
    }

    interface Call {
        String run() throws Exception;
    }

    static double timed(Call call) throws Exception {
        long start = System.nanoTime();
        String problem = call.run();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Null when the endpoint answered 200; totals: rows, sum of assigned, sum of inUse. */
    private static String callApp(HttpClient client, HttpRequest request, long[] totals) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return "GET /api/v1/licence-position answered HTTP " + r.statusCode();
        }
        totals[0] = count(r.body(), "poolId");
        totals[1] = sum(r.body(), "assigned");
        totals[2] = sum(r.body(), "inUse");
        return null;
    }

    private static String callSql(BenchContext ctx, LocalDate today, long[] totals) throws Exception {
        try (Connection c = ctx.database().superuserConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            String d = today.toString();
            ps.setString(1, today.minusDays(IN_USE_DAYS).toString());
            for (int i = 2; i <= 7; i++) {
                ps.setString(i, d);
            }
            long rows = 0;
            long assigned = 0;
            long inUse = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    rs.getLong(1);
                    rs.getString(2);
                    rs.getString(3);
                    rs.getLong(4);
                    rs.getLong(5);
                    rs.getLong(6);
                    assigned += rs.getLong(7);
                    inUse += rs.getLong(8);
                }
            }
            totals[0] = rows;
            totals[1] = assigned;
            totals[2] = inUse;
        }
        return null;
    }

    /** Sum of every {@code "field": n} in a JSON text (flat numeric fields; the harness has no JSON library). */
    static long sum(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    static long count(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:").matcher(json);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
