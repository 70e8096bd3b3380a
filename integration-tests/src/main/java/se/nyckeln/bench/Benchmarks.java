package se.nyckeln.bench;

import se.nyckeln.launcher.Database;
import se.nyckeln.launcher.FreePorts;
import se.nyckeln.launcher.Server;
import se.nyckeln.organisation.infrastructure.demo.DemoCity;
import se.nyckeln.platform.security.PasswordHash;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./nyckeln bench}: a fresh embedded PostgreSQL and WildFly (via the launcher classes, on free ports,
 * demo and test mode off, the administrator created by the harness), every scenario in {@link #SCENARIOS}, docs/benchmarks.md written, WildFly
 * stopped, then PostgreSQL.
 *
 * <p>System properties: {@code nyckeln.wildfly.home}, {@code nyckeln.ear} (set by the Maven execution),
 * {@code nyckeln.bench.scale} ({@code benchmark}, default, or {@code demo}), {@code nyckeln.bench.report}
 * (the Markdown file), {@code nyckeln.bench.dir} (scratch directory, wiped at start),
 * {@code nyckeln.bench.seconds} / {@code .warmup} / {@code .rounds} (load measurement time, warm-up time,
 * interleaved rounds), {@code nyckeln.bench.assignments} / {@code nyckeln.bench.usage.rows} (the licensing city,
 * targets 1,000,000 and 10,000,000, see LicensingCity), {@code nyckeln.bench.only} (scenario class names,
 * comma-separated: only those run, for development; the partial report goes to the scratch directory, never over
 * docs/benchmarks.md).
 */
public final class Benchmarks {

    /** The scenarios, in the order they run. Later issues append theirs. */
    static final List<BenchmarkScenario> SCENARIOS = List.of(
            new OrganisationImportScenario(),
            new UnitsEndpointScenario(),
            new UsageImportScenario(),
            new LicencePositionScenario(),
            new HarvestRunScenario(),
            new StatisticsScenario(),
            new PurchaseMatchingScenario(),
            new ChargebackRunScenario(),
            new SupplierDashboardScenario());

    /** Ports a developer's own Nyckeln, WildFly or PostgreSQL may be using; never taken by a bench run. */
    private static final Set<Integer> RESERVED = Set.of(8080, 8443, 9990, 9993, 8009, 5432);

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path jbossHome = Path.of(required("nyckeln.wildfly.home"));
        Path ear = Path.of(required("nyckeln.ear"));
        Path dir = Path.of(System.getProperty("nyckeln.bench.dir", "target/bench"));
        String only = System.getProperty("nyckeln.bench.only", "");
        List<BenchmarkScenario> scenarios = selected(SCENARIOS, only);
        // a partial run never overwrites the report of a complete one
        Path reportFile = only.isBlank() ? Path.of(System.getProperty("nyckeln.bench.report", "docs/benchmarks.md"))
                : dir.resolve("benchmarks-partial.md");
        DemoCity.Size size = switch (System.getProperty("nyckeln.bench.scale", "benchmark").trim().toLowerCase(Locale.ROOT)) {
            case "benchmark" -> DemoCity.Size.BENCHMARK;
            case "demo" -> DemoCity.Size.DEMO;
            default -> throw new IllegalArgumentException("nyckeln.bench.scale must be benchmark or demo");
        };
        BenchContext.Load load = new BenchContext.Load(
                Duration.ofSeconds(Long.getLong("nyckeln.bench.warmup", 5)),
                Duration.ofSeconds(Long.getLong("nyckeln.bench.seconds", 12)),
                Integer.getInteger("nyckeln.bench.rounds", 5));

        Report report = new Report();
        report.machine("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        report.machine("cores (available to the JVM)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        report.machine("CPU", MachineInfo.cpuModel());
        report.machine("memory", MachineInfo.memory());
        report.machine("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.machine("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.machine("city size", size + " (DemoCity.Size)");
        report.machine("load settings", String.format(Locale.ROOT, "warm-up %d s, measurement %d s, %d interleaved rounds",
                load.warmup().toSeconds(), load.measurement().toSeconds(), load.rounds()));
        report.machine("load average before (1/5/15 min)", MachineInfo.loadAverage());

        Server.deleteRecursively(dir.resolve("postgres"));
        Files.createDirectories(dir);
        int dbPort = freePort();
        Server.Ports ports = new Server.Ports(freePort(), freePort(), freePort(), freePort(), freePort());
        report.machine("server", "WildFly in its own JVM (-Xmx1g), demo and test mode off; PostgreSQL with fsync and synchronous commit on"
                + " (as in run mode); fresh database; HTTP port " + ports.http());

        long runStart = System.nanoTime();
        log("starting PostgreSQL in %s", dir.resolve("postgres").toAbsolutePath());
        Database db = Database.start(dir.resolve("postgres"), dbPort, true);
        Process[] server = new Process[1];
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            try {
                log("stopping WildFly");
                Server.stop(server[0]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    log("stopping PostgreSQL");
                    db.close();
                } catch (IOException e) {
                    log("error stopping PostgreSQL: %s", e);
                }
            }
        };
        // Ctrl-C during a run must not leave a WildFly or PostgreSQL behind
        Thread hook = new Thread(stop, "nyckeln-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path baseDir = dir.resolve("wildfly").toAbsolutePath();
            log("configuring WildFly in %s", baseDir);
            Server.provision(jbossHome, baseDir);
            // provisioning is reused between runs; the server's state is not
            for (String sub : List.of("data", "tmp", "log")) {
                Server.deleteRecursively(baseDir.resolve(sub));
            }
            Server.deploy(ear, baseDir);
            Path log = dir.resolve("server.log").toAbsolutePath();
            // Demo mode off: it would pre-load the small demo city, whose pupil and shared devices reuse the
            // benchmark city's serial numbers with other histories, and the importer (rightly) rejects the
            // benchmark devices file for overlapping periods. The import is measured into an empty organisation,
            // as on a new installation; the harness creates the administrator itself.
            server[0] = Server.start(jbossHome, baseDir, Server.javaOptions(baseDir, ports, db, false, false), log);
            log("starting WildFly (log: %s)", log);
            Server.awaitHealthy(server[0], ports.http(), Duration.ofMinutes(5), log);
            createAdministrator(db);
            log("healthy after %.0f s", (System.nanoTime() - runStart) / 1e9);

            BenchContext ctx = new BenchContext(db, "http://localhost:" + ports.http(), dir, size, load);
            for (BenchmarkScenario scenario : scenarios) {
                log("scenario: %s", scenario.name());
                long start = System.nanoTime();
                List<ResultRow> rows;
                try {
                    rows = scenario.run(ctx);
                } catch (Exception e) {
                    // one broken scenario must not cost the others their figures
                    log("scenario %s failed: %s", scenario.name(), e);
                    rows = List.of(ResultRow.notAvailable("scenario", "failed with " + e));
                }
                report.add(new Report.Section(scenario.name(), scenario.method(), rows, (System.nanoTime() - start) / 1e9));
            }
        } finally {
            report.machine("load average after (1/5/15 min)", MachineInfo.loadAverage());
            report.machine("whole run", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - runStart) / 1e9));
            stop.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        report.write(reportFile);
        log("wrote %s", reportFile.toAbsolutePath());
        System.out.println(report.render());
    }

    /**
     * The scenarios named (by class simple name, comma-separated) in {@code only}, in {@link #SCENARIOS} order; all
     * when {@code only} is blank. For development runs ({@code -Dnyckeln.bench.only=}); such a run writes
     * its report into the scratch directory, never over docs/benchmarks.md.
     */
    static List<BenchmarkScenario> selected(List<BenchmarkScenario> all, String only) {
        if (only == null || only.isBlank()) {
            return all;
        }
        Set<String> names = new java.util.HashSet<>();
        for (String n : only.split(",")) {
            names.add(n.trim());
        }
        List<BenchmarkScenario> chosen = all.stream().filter(s -> names.remove(s.getClass().getSimpleName())).toList();
        if (!names.isEmpty()) {
            throw new IllegalArgumentException("unknown scenario(s) " + names);
        }
        return chosen;
    }

    /**
     * The administrator the scenarios log in as ({@link BenchContext#ADMIN}, the demo password), written once the
     * migrations have run: the user directory reads user_account, so this is the same account demo mode makes.
     */
    private static void createAdministrator(Database db) throws SQLException {
        try (Connection c = db.superuserConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO nyckeln.user_account (username, display_name,"
                     + " password_hash, roles) VALUES (?, ?, ?, ARRAY['LICENCE_ADMIN']) ON CONFLICT (username) DO NOTHING")) {
            ps.setString(1, BenchContext.ADMIN);
            ps.setString(2, "Licensadministratör (benchmark)");
            ps.setString(3, PasswordHash.hash(BenchContext.PASSWORD));
            ps.executeUpdate();
        }
        createUser(db, BenchContext.FINANCE, "Ekonom (benchmark)", "FINANCE");
        createUser(db, BenchContext.FINANCE2, "Ekonom 2 (benchmark)", "FINANCE");
    }

    /** A further user with one role and the demo password, written like the administrator. */
    private static void createUser(Database db, String username, String displayName, String role) throws SQLException {
        try (Connection c = db.superuserConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO nyckeln.user_account (username, display_name,"
                     + " password_hash, roles) VALUES (?, ?, ?, ARRAY[?::text]) ON CONFLICT (username) DO NOTHING")) {
            ps.setString(1, username);
            ps.setString(2, displayName);
            ps.setString(3, PasswordHash.hash(BenchContext.PASSWORD));
            ps.setString(4, role);
            ps.executeUpdate();
        }
    }

    static void log(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    private static int freePort() throws IOException {
        while (true) {
            int p = FreePorts.any();
            if (!RESERVED.contains(p)) {
                return p;
            }
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new IllegalStateException("System property " + property + " is not set; run ./nyckeln bench");
        }
        return v;
    }

    /** What the report says about the machine; Linux /proc, with the JVM's view as fallback. */
    static final class MachineInfo {

        private MachineInfo() {
        }

        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " / " + f[1] + " / " + f[2];
            } catch (IOException | RuntimeException e) {
                return String.format(Locale.ROOT, "%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }

        static String memory() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through
            }
            return "unknown";
        }

        static String cpuModel() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through
            }
            return System.getProperty("os.arch");
        }
    }
}
