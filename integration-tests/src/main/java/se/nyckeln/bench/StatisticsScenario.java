package se.nyckeln.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The statistics queries of the department dashboard and the city view under 20 concurrent users, each against
 * the trivial endpoint with the same authentication, interleaved (as {@link UnitsEndpointScenario}).
 */
public final class StatisticsScenario implements BenchmarkScenario {

    static final int USERS = 20;
    static final double THROUGHPUT_GOAL = 0.25;
    /** p99 at most 3x the trivial endpoint's: as a ratio trivial / endpoint, at least 1/3. */
    static final double P99_GOAL = 1.0 / 3;

    @Override
    public String name() {
        return "Statistics: department dashboard and city view";
    }

    @Override
    public String method() {
        return "On the licensing city of the usage import scenario: its assignments began over the past 24 months "
                + "(LicensingCity), allocations and entitlements from 25 months back, so every month of the "
                + "dashboards' range has history. Application, one line each, as the administrator (HTTP Basic, "
                + "JSON): the city view `GET /api/v1/statistics/city`, and the department dashboard's queries for "
                + "the department (stadsdelsnämnd or facknämnd) with the most members: `GET /api/v1/statistics/units/{id}`, "
                + "`.../trend` (twelve months), `.../comparison` and `.../outcomes` (reuse and agreement fidelity, twelve "
                + "months). Baseline: `GET " + UnitsEndpointScenario.TRIVIAL
                + "` (same authentication and role check, no database). The answers are kept as JSON bytes per (data "
                + "revision, today, endpoint, unit, parameters) (`StatisticsAnswers`, web module; ETag/304): a request "
                + "is one revision query and the stored bytes; the first after a change computes them from month "
                + "figures in which every unit's seats are rolled up once per months window. Load: " + USERS + " client threads in a "
                + "closed loop (LoadGenerator); per endpoint one discarded warm-up of each, then interleaved rounds "
                + "(A,B then B,A). Throughput ratio = endpoint / trivial per round, median over rounds (goal >= "
                + THROUGHPUT_GOAL + "); p99 ratio = trivial p99 / endpoint p99 per round, median (goal >= 0.33, "
                + "i.e. the endpoint's p99 at most 3x the trivial one's). Only 2xx answers count.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        LicensingCity.shared(ctx);
        long department = department(ctx);
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("city view", "/api/v1/statistics/city");
        endpoints.put("department", "/api/v1/statistics/units/" + department);
        endpoints.put("department trend", "/api/v1/statistics/units/" + department + "/trend");
        endpoints.put("department comparison", "/api/v1/statistics/units/" + department + "/comparison");
        endpoints.put("department outcomes", "/api/v1/statistics/units/" + department + "/outcomes");
        HttpClient client = BenchContext.newClient();
        HttpRequest trivial = ctx.request(UnitsEndpointScenario.TRIVIAL).header("Accept", "application/json")
                .timeout(Duration.ofMinutes(2)).GET().build();
        List<ResultRow> rows = new ArrayList<>();
        BenchContext.Load load = ctx.load();
        for (var e : endpoints.entrySet()) {
            HttpRequest app = ctx.request(e.getValue()).header("Accept", "application/json")
                    .timeout(Duration.ofMinutes(2)).GET().build();
            HttpResponse<String> probe = client.send(app, HttpResponse.BodyHandlers.ofString());
            if (probe.statusCode() != 200) {
                rows.add(ResultRow.notAvailable(e.getKey() + " throughput, N=" + USERS,
                        "GET " + e.getValue() + " answered HTTP " + probe.statusCode()));
                continue;
            }
            Benchmarks.log("statistics: %s warm-up", e.getKey());
            LoadGenerator.run(client, app, USERS, load.warmup());
            LoadGenerator.run(client, trivial, USERS, load.warmup());
            List<Double> at = new ArrayList<>();
            List<Double> bt = new ArrayList<>();
            List<Double> tRatio = new ArrayList<>();
            List<Double> ap99 = new ArrayList<>();
            List<Double> bp99 = new ArrayList<>();
            List<Double> pRatio = new ArrayList<>();
            long errors = 0;
            for (int round = 0; round < load.rounds(); round++) {
                LoadGenerator.Measurement a;
                LoadGenerator.Measurement b;
                if (round % 2 == 0) {
                    a = LoadGenerator.run(client, app, USERS, load.measurement());
                    b = LoadGenerator.run(client, trivial, USERS, load.measurement());
                } else {
                    b = LoadGenerator.run(client, trivial, USERS, load.measurement());
                    a = LoadGenerator.run(client, app, USERS, load.measurement());
                }
                Benchmarks.log("statistics: %s round %d: %.1f req/s p99 %.0f ms (%d errors); trivial %.0f req/s p99 %.0f ms",
                        e.getKey(), round + 1, a.throughput(), a.p99Millis(), a.errors(), b.throughput(), b.p99Millis());
                errors += a.errors() + b.errors();
                at.add(a.throughput());
                bt.add(b.throughput());
                tRatio.add(a.throughput() / b.throughput());
                ap99.add(a.p99Millis());
                bp99.add(b.p99Millis());
                pRatio.add(b.p99Millis() / a.p99Millis());
            }
            rows.add(new ResultRow(e.getKey() + " throughput, N=" + USERS, Stats.median(at), Stats.median(bt), "req/s",
                    Stats.median(tRatio), THROUGHPUT_GOAL,
                    String.format(Locale.ROOT, "ratio %.2f-%.2f; endpoint %.1f-%.1f, trivial %.0f-%.0f req/s; %d rounds",
                            Stats.min(tRatio), Stats.max(tRatio), Stats.min(at), Stats.max(at), Stats.min(bt),
                            Stats.max(bt), load.rounds()),
                    "GET " + e.getValue() + ", body " + probe.body().length() + " chars; errors " + errors));
            rows.add(new ResultRow(e.getKey() + " latency p99, N=" + USERS, Stats.median(ap99), Stats.median(bp99), "ms",
                    Stats.median(pRatio), P99_GOAL,
                    String.format(Locale.ROOT, "ratio %.3f-%.3f; endpoint %.0f-%.0f, trivial %.0f-%.0f ms",
                            Stats.min(pRatio), Stats.max(pRatio), Stats.min(ap99), Stats.max(ap99), Stats.min(bp99),
                            Stats.max(bp99)),
                    "ratio here = trivial p99 / endpoint p99 (goal: endpoint at most 3x)"));
        }
        return rows;
    }

    /** The stadsdelsnämnd or facknämnd with the most current person members (its own and its direct subunits'). */
    private static long department(BenchContext ctx) throws Exception {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT u.id FROM nyckeln.org_unit u"
                     + " JOIN nyckeln.org_unit_version v ON v.valid_to IS NULL AND (v.unit_id = u.id OR v.parent_id = u.id)"
                     + " JOIN nyckeln.person_membership m ON m.unit_id = v.unit_id AND m.valid_to IS NULL"
                     + " WHERE u.kind IN ('STADSDELSNAMND', 'FACKNAMND') GROUP BY u.id ORDER BY count(*) DESC, u.id"
                     + " LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no department with members");
            }
            return rs.getLong(1);
        }
    }
}
