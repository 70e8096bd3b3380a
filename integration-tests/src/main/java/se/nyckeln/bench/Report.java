package se.nyckeln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes docs/benchmarks.md: the fixed introduction, the machine, and one table per scenario. */
public final class Report {

    /** One scenario's section. */
    public record Section(String name, String method, List<ResultRow> rows, double seconds) {
    }

    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();

    public void machine(String key, String value) {
        machine.put(key, value);
    }

    public void add(Section section) {
        sections.add(section);
    }

    public String render() {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Benchmarks

                *This file is written by the benchmark harness; every figure below was measured in the run it
                describes. Do not edit it by hand: run the harness again.*

                Run: `./nyckeln bench` (the `benchmark` city; `./nyckeln bench demo` for a quick try on the small
                demo city). The harness (`se.nyckeln.bench.Benchmarks`, integration-tests module) starts a fresh
                embedded PostgreSQL and WildFly in `integration-tests/target/bench/` on free ports (test mode off),
                creates the administrator `admin` (password `nyckeln-demo`), runs each scenario against the real
                server, writes this file, and stops WildFly and then PostgreSQL. Demo mode is off on purpose: it
                would pre-load the small demo city, whose pupil and shared devices reuse serial numbers of the
                benchmark city with other histories, so the importer would rightly reject the benchmark devices
                file; the import is measured into an empty organisation, as on a new installation. A whole run
                takes tens of minutes (the table below gives its time). Without the wrapper: `mvn -q clean -pl ear` (so changed library versions
                reach the EAR), then `mvn -Pbench package -DskipTests -pl integration-tests -am
                -Dnyckeln.bench.scale=benchmark`: the profile runs the harness (exec execution `bench`) in the
                same reactor, on the EAR and classes just built. Optional: `-Dnyckeln.bench.seconds=`,
                `.warmup=`, `.rounds=` (defaults 12, 5, 5).

                **How to read it.** Each application figure stands beside a *baseline*: the physical limit of the
                same job, measured in the same run, on the same machine and data (reliability.md §9). Absolute
                numbers from a shared 2-core machine say little; the **ratio** application / baseline is what the
                goal judges, for figures where more is better (rows/s, requests/s). A goal such as `>= 0.5` means
                the application reaches at least half of what the baseline reaches. Latency lines are
                informational (lower is better; the ratio there is application latency / baseline latency).
                Repeated measurements are reduced to their median; *spread* gives the min-max over the repetitions,
                so a ratio near the goal with a wide spread is not a settled pass or fail. Warm-ups are discarded.

                **The load generator shares the machine.** The HTTP client threads run in the harness JVM on the
                same cores as WildFly and PostgreSQL, and other work on the machine (builds) may run too: the load
                average before and after is recorded below. Both sides of every comparison pay the same, which is
                why only ratios are judged.

                Later issues add their scenarios (implement `BenchmarkScenario`, list it in `Benchmarks.SCENARIOS`).

                """);
        md.append("## The run\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append('\n');
        for (Section s : sections) {
            md.append("## ").append(s.name()).append("\n\n").append(s.method()).append("\n\n");
            md.append("| measure | application | baseline | unit | ratio | goal | result | spread | note |\n");
            md.append("|---|---:|---:|---|---:|---:|---|---|---|\n");
            for (ResultRow r : s.rows()) {
                md.append("| ").append(cell(r.measure()))
                        .append(" | ").append(figure(r.app(), r.unit()))
                        .append(" | ").append(figure(r.baseline(), r.unit()))
                        .append(" | ").append(cell(r.unit()))
                        .append(" | ").append(Double.isNaN(r.ratio()) ? "-" : fmt("%.2f", r.ratio()))
                        .append(" | ").append(Double.isNaN(r.goal()) ? "-" : fmt(">= %.1f", r.goal()))
                        .append(" | ").append(r.verdict().equals("-") ? "-" : "**" + r.verdict() + "**")
                        .append(" | ").append(cell(r.spread()))
                        .append(" | ").append(cell(r.note()))
                        .append(" |\n");
            }
            md.append('\n').append(fmt("*Scenario time: %.0f s.*", s.seconds())).append("\n\n");
        }
        return md.toString();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    static String figure(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return "ms".equals(unit) ? fmt("%.1f", v) : fmt("%.0f", v);
    }

    /** A table cell: no line breaks, no stray pipes. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
