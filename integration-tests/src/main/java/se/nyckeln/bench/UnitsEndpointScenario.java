package se.nyckeln.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * GET /api/v1/units against GET /api/v1/bench/trivial: same server, same authentication (the demo admin over
 * HTTP Basic), same client, interleaved rounds. The trivial endpoint does everything but the work, so the
 * ratio is the share of the server's request capacity that listing units leaves.
 */
public final class UnitsEndpointScenario implements BenchmarkScenario {

    static final String TRIVIAL = "/api/v1/bench/trivial";
    static final double GOAL = 0.5;
    private static final int[] CONCURRENCY = {8, 32};

    private final String unitsPath;

    public UnitsEndpointScenario() {
        // overridable only to try the harness against another endpoint; the report shows the path used
        this.unitsPath = System.getProperty("nyckeln.bench.units.path", "/api/v1/units");
    }

    @Override
    public String name() {
        return "Units endpoint under concurrency";
    }

    @Override
    public String method() {
        return "Application: `GET " + unitsPath + "` as the administrator (HTTP Basic, JSON), measured after the import scenario, i.e. on the imported city. Baseline: `GET " + TRIVIAL
                + "`, a fixed small JSON record behind the same authentication and role check, no database. "
                + "Load: a closed loop of N client threads (N = 8 and 32) on one keep-alive HTTP/1.1 client in the "
                + "harness JVM, on the same machine. Per N: one discarded warm-up of each endpoint (twice as long at the first N, which also warms the "
                + "cold server), then "
                + "rounds of one measurement of each endpoint, alternating which goes first (A,B then B,A), "
                + "each measurement a fixed time. Only 2xx answers count; anything else is reported as errors. "
                + "Throughput ratio = units / trivial per round; the table shows the median over rounds, the "
                + "spread is min-max of the per-round ratios. Latency p50/p99 are nearest-rank percentiles of "
                + "each measurement, median over rounds (lower is better; informational, no goal). "
                + "**What a units request costs (since 2026-12-02).** The server keeps the list's JSON per "
                + "(organisation revision, date, caller's scope) (`UnitListCache`, web module): a request is the "
                + "authentication, the caller's scope (no query for the broad roles), one revision read "
                + "(`max(audit_event.id)`, one step on the primary-key index, no transaction) and writing the stored "
                + "bytes; the JSON is made again only after a change to the organisation (any new audit event) or "
                + "for a new date or scope. Before, every request turned the cached tree into ~60 views and "
                + "serialised them with JSON-B (Yasson), 14.5 kB each time, which was most of its cost beyond the "
                + "trivial endpoint. The answer carries an `ETag` (SHA-256 of the bytes) and honours "
                + "`If-None-Match` with 304, but the harness sends no `If-None-Match`: every measured request gets "
                + "and counts the full body.";
    }

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        HttpClient client = BenchContext.newClient();
        HttpRequest units = ctx.request(unitsPath).header("Accept", "application/json").GET().build();
        HttpRequest trivial = ctx.request(TRIVIAL).header("Accept", "application/json").GET().build();
        List<ResultRow> rows = new ArrayList<>();
        int[] unitsBytes = new int[1];
        int[] trivialBytes = new int[1];
        String unitsProblem = probe(client, units, unitsBytes);
        String trivialProblem = probe(client, trivial, trivialBytes);
        if (unitsProblem != null || trivialProblem != null) {
            for (int n : CONCURRENCY) {
                rows.add(ResultRow.notAvailable("throughput, N=" + n, unitsProblem != null
                        ? "GET " + unitsPath + " answered " + unitsProblem : "GET " + TRIVIAL + " answered " + trivialProblem));
            }
            return rows;
        }
        BenchContext.Load load = ctx.load();
        boolean cold = true;
        for (int n : CONCURRENCY) {
            // the first level also warms a cold server (JIT, pools), so it gets twice the warm-up
            Duration warmup = cold ? load.warmup().multipliedBy(2) : load.warmup();
            cold = false;
            Benchmarks.log("units endpoint: warm-up at N=%d, %d s per endpoint", n, warmup.toSeconds());
            LoadGenerator.run(client, units, n, warmup);
            LoadGenerator.run(client, trivial, n, warmup);
            List<Double> appThroughput = new ArrayList<>();
            List<Double> baseThroughput = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> appP50 = new ArrayList<>();
            List<Double> appP99 = new ArrayList<>();
            List<Double> baseP50 = new ArrayList<>();
            List<Double> baseP99 = new ArrayList<>();
            long appErrors = 0;
            long baseErrors = 0;
            String firstError = null;
            for (int round = 0; round < load.rounds(); round++) {
                LoadGenerator.Measurement a;
                LoadGenerator.Measurement b;
                if (round % 2 == 0) {
                    a = LoadGenerator.run(client, units, n, load.measurement());
                    b = LoadGenerator.run(client, trivial, n, load.measurement());
                } else {
                    b = LoadGenerator.run(client, trivial, n, load.measurement());
                    a = LoadGenerator.run(client, units, n, load.measurement());
                }
                Benchmarks.log("units endpoint: N=%d round %d: units %.0f req/s (p99 %.1f ms, %d errors), trivial %.0f req/s"
                                + " (p99 %.1f ms, %d errors)", n, round + 1, a.throughput(), a.p99Millis(), a.errors(),
                        b.throughput(), b.p99Millis(), b.errors());
                appThroughput.add(a.throughput());
                baseThroughput.add(b.throughput());
                ratios.add(a.throughput() / b.throughput());
                appP50.add(a.p50Millis());
                appP99.add(a.p99Millis());
                baseP50.add(b.p50Millis());
                baseP99.add(b.p99Millis());
                appErrors += a.errors();
                baseErrors += b.errors();
                if (firstError == null) {
                    firstError = a.firstError() != null ? "units: " + a.firstError()
                            : b.firstError() != null ? "trivial: " + b.firstError() : null;
                }
            }
            String errors = "response bodies: units " + unitsBytes[0] + " B, trivial " + trivialBytes[0] + " B; "
                    + "errors: units " + appErrors + ", trivial " + baseErrors
                    + (firstError == null ? "" : " (first: " + firstError + ")");
            rows.add(new ResultRow("throughput, N=" + n, Stats.median(appThroughput), Stats.median(baseThroughput),
                    "req/s", Stats.median(ratios), GOAL,
                    String.format(Locale.ROOT, "ratio %.2f-%.2f; units %.0f-%.0f, trivial %.0f-%.0f req/s; %d rounds",
                            Stats.min(ratios), Stats.max(ratios), Stats.min(appThroughput), Stats.max(appThroughput),
                            Stats.min(baseThroughput), Stats.max(baseThroughput), load.rounds()),
                    errors));
            rows.add(new ResultRow("latency p99, N=" + n, Stats.median(appP99), Stats.median(baseP99), "ms",
                    Stats.median(appP99) / Stats.median(baseP99), Double.NaN,
                    String.format(Locale.ROOT, "units %.1f-%.1f, trivial %.1f-%.1f ms", Stats.min(appP99),
                            Stats.max(appP99), Stats.min(baseP99), Stats.max(baseP99)),
                    "lower is better"));
            rows.add(new ResultRow("latency p50, N=" + n, Stats.median(appP50), Stats.median(baseP50), "ms",
                    Stats.median(appP50) / Stats.median(baseP50), Double.NaN,
                    String.format(Locale.ROOT, "units %.1f-%.1f, trivial %.1f-%.1f ms", Stats.min(appP50),
                            Stats.max(appP50), Stats.min(baseP50), Stats.max(baseP50)),
                    "lower is better"));
        }
        return rows;
    }

    /** Null when the endpoint answers 2xx (its body size in {@code bytes[0]}), else what it answered. */
    private static String probe(HttpClient client, HttpRequest request, int[] bytes) throws InterruptedException {
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            bytes[0] = r.body().length;
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
