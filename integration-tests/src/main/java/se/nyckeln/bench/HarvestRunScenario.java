package se.nyckeln.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/harvest/runs} over every assignment of the licensing city against a hand-written set-based
 * SQL making the same selection (which open assignments are candidates, and why) into a table.
 */
public final class HarvestRunScenario implements BenchmarkScenario {

    /** Goal: the run takes at most twice the SQL's time, i.e. its rate is at least half. */
    static final double GOAL = 0.5;

    /**
     * The selection on day d (bound 4 times): open assignments begun on or before d; LEFT (person without a
     * membership on d), DEVICE_RETIRED (device without one), MOVED (the member unit is not the assignment's unit
     * or below it in the unit tree valid on d), IDLE (given out on or before d - N and no use of the product
     * within [d - N, d], N from harvest_setting, default 90) — the first that applies.
     */
    static final String SQL = """
            CREATE TEMP TABLE bench_harvest AS
            WITH RECURSIVE tree AS (
                SELECT v.unit_id, v.parent_id FROM nyckeln.org_unit_version v
                WHERE v.valid_from <= ?::date AND (v.valid_to IS NULL OR v.valid_to >= ?::date)),
            closure(unit_id, ancestor_id, depth) AS (
                SELECT unit_id, unit_id, 0 FROM tree
                UNION ALL SELECT c.unit_id, t.parent_id, c.depth + 1 FROM closure c JOIN tree t ON t.unit_id = c.ancestor_id
                WHERE t.parent_id IS NOT NULL AND c.depth < 64),
            sel AS (
                SELECT a.id AS assignment_id, coalesce(up.last_activity, ud.last_activity) AS last_activity,
                       CASE WHEN a.person_id IS NOT NULL AND pm.unit_id IS NULL THEN 'LEFT'
                            WHEN a.device_id IS NOT NULL AND dm.unit_id IS NULL THEN 'DEVICE_RETIRED'
                            WHEN c.unit_id IS NULL THEN 'MOVED'
                            WHEN a.valid_from <= d.d - coalesce(hs.idle_days, 90)
                                 AND coalesce(up.last_activity, ud.last_activity, '-infinity')
                                     < d.d - coalesce(hs.idle_days, 90) THEN 'IDLE' END AS reason
                FROM nyckeln.licence_assignment a
                CROSS JOIN (SELECT ?::date AS d) d
                JOIN nyckeln.licence_pool lp ON lp.id = a.pool_id
                LEFT JOIN nyckeln.harvest_setting hs ON hs.product_id = lp.product_id
                LEFT JOIN nyckeln.person_membership pm ON pm.person_id = a.person_id
                       AND pm.valid_from <= d.d AND (pm.valid_to IS NULL OR pm.valid_to >= d.d)
                LEFT JOIN nyckeln.device_membership dm ON dm.device_id = a.device_id
                       AND dm.valid_from <= d.d AND (dm.valid_to IS NULL OR dm.valid_to >= d.d)
                LEFT JOIN closure c ON c.unit_id = coalesce(pm.unit_id, dm.unit_id) AND c.ancestor_id = a.unit_id
                LEFT JOIN nyckeln.licence_usage up ON up.product_id = lp.product_id AND up.person_id = a.person_id
                LEFT JOIN nyckeln.licence_usage ud ON ud.product_id = lp.product_id AND ud.device_id = a.device_id
                WHERE a.valid_to IS NULL AND a.valid_from <= ?::date)
            SELECT * FROM sel WHERE reason IS NOT NULL""";

    @Override
    public String name() {
        return "Harvest-proposal run over all assignments";
    }

    @Override
    public String method() {
        return "On the licensing city of the usage import scenario (every assignment has usage evidence, dates over "
                + "the past year, so about three in four are idle for more than 90 days; one in a hundred is in "
                + "another unit than its holder's). Application: `POST /api/v1/harvest/runs` as the administrator "
                + "(HarvestProposals.run: one statement selects the candidates with their evidence and value into "
                + "a temporary table, three set-based statements withdraw, refresh and create proposals from it, "
                + "all in one transaction with its audit entry). Its "
                + "**first run** creates every proposal and is measured once; **later runs** (nothing changed, so "
                + "they compare every candidate with its pending proposal and write nothing) are measured in "
                + "rounds. Baseline: a hand-written set-based SQL making the same selection (open assignments, the "
                + "first of LEFT, DEVICE_RETIRED, MOVED by the unit tree valid today, IDLE by the product's idle "
                + "days) with the last use, written into a fresh temporary table (`CREATE TEMP TABLE ... AS`) and "
                + "committed, over JDBC (superuser). It does not compute the proposals' membership-change date and "
                + "monthly value, nor compare with earlier proposals: it is the selection the issue names. "
                + "Interleaved rounds (A,B then B,A) of one run each after one discarded warm-up of the SQL; rate = "
                + "1 / wall time; ratio = SQL time / run time (median over rounds, min-max as spread), so the goal "
                + "`>= 0.5` is \"at most 2x the SQL\". The first run's ratio uses the median SQL time. The note "
                + "shows the candidate counts of both.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        LicensingCity.shared(ctx);
        LocalDate today = LocalDate.now();
        HttpClient client = BenchContext.newClient();
        HttpRequest request = ctx.request("/api/v1/harvest/runs").header("Accept", "application/json")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        long[] sqlCount = new long[1];
        timedSql(ctx, today, sqlCount); // warm-up
        String[] answer = new String[1];
        double first = LicencePositionScenario.timed(() -> callApp(client, request, answer));
        String firstAnswer = answer[0];
        Benchmarks.log("harvest: first run %.1f s: %s", first, firstAnswer);
        List<Double> app = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ctx.load().rounds(); round++) {
            double a;
            double b;
            if (round % 2 == 0) {
                a = LicencePositionScenario.timed(() -> callApp(client, request, answer));
                b = timedSql(ctx, today, sqlCount);
            } else {
                b = timedSql(ctx, today, sqlCount);
                a = LicencePositionScenario.timed(() -> callApp(client, request, answer));
            }
            Benchmarks.log("harvest: round %d: run %.2f s, SQL %.2f s", round + 1, a, b);
            app.add(1 / a);
            base.add(1 / b);
            ratios.add(b / a);
        }
        double baseRate = Stats.median(base);
        String sqlSpread = String.format(Locale.ROOT, "SQL %.2f-%.2f s", 1 / Stats.max(base), 1 / Stats.min(base));
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow("first run (creates the proposals), runs/s", 1 / first, baseRate, "runs/s",
                (1 / baseRate) / first, GOAL, "run measured once (" + String.format(Locale.ROOT, "%.1f s", first)
                + "); " + sqlSpread + " over " + ctx.load().rounds() + " rounds",
                "answer " + firstAnswer + "; SQL candidates " + sqlCount[0]));
        rows.add(new ResultRow("later run (no change), runs/s", Stats.median(app), baseRate, "runs/s",
                Stats.median(ratios), GOAL,
                String.format(Locale.ROOT, "ratio %.2f-%.2f; run %.2f-%.2f s, %s; %d rounds", Stats.min(ratios),
                        Stats.max(ratios), 1 / Stats.max(app), 1 / Stats.min(app), sqlSpread, ctx.load().rounds()),
                "last answer " + answer[0]));
        return rows;
    }

    private static String callApp(HttpClient client, HttpRequest request, String[] answer) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        answer[0] = r.body();
        return r.statusCode() / 100 == 2 ? null : "POST /api/v1/harvest/runs answered HTTP " + r.statusCode() + " "
                + r.body();
    }

    /** Seconds for the selection into a fresh temporary table, commit included; its row count in {@code count}. */
    private static double timedSql(BenchContext ctx, LocalDate today, long[] count) throws Exception {
        try (Connection c = ctx.database().superuserConnection()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                String d = today.toString();
                for (int i = 1; i <= 4; i++) {
                    ps.setString(i, d);
                }
                ps.executeUpdate();
            }
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_harvest")) {
                rs.next();
                count[0] = rs.getLong(1);
            }
            return seconds;
        }
    }
}
