package se.nyckeln.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code run} mode: embedded PostgreSQL (persistent, in {@code NYCKELN_DATA_DIR}), WildFly configured from the
 * repository's CLI scripts, the EAR deployed, the demo city loaded on first start. Stays in the foreground;
 * Ctrl-C (SIGINT/SIGTERM) stops WildFly first, then PostgreSQL.
 */
public final class Nyckeln {

    private Nyckeln() {
    }

    public static void main(String[] args) throws Exception {
        int http = intEnv("NYCKELN_HTTP_PORT", 8080);
        Path dataDir = dataDir();
        Path jbossHome = Path.of(required("nyckeln.wildfly.home"));
        Path ear = Path.of(required("nyckeln.ear"));
        if (!FreePorts.isFree(http)) {
            fail("Port " + http + " is already in use. Set NYCKELN_HTTP_PORT to a free port, e.g. NYCKELN_HTTP_PORT=8180.");
        }
        Server.Ports ports = new Server.Ports(http, FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any());
        int dbPort = FreePorts.any();

        System.out.println("Nyckeln: starting PostgreSQL (data in " + dataDir.toAbsolutePath() + ") ...");
        Database db;
        try {
            db = Database.start(dataDir.resolve("postgres"), dbPort, true);
        } catch (IllegalStateException inUse) {
            fail(inUse.getMessage());
            return;
        }
        AtomicReference<Process> server = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                System.out.println("Nyckeln: stopping WildFly ...");
                Server.stop(server.get());
                System.out.println("Nyckeln: stopping PostgreSQL ...");
                db.close();
                System.out.println("Nyckeln: stopped.");
            } catch (Exception e) {
                System.err.println("Nyckeln: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "nyckeln-shutdown"));

        Path baseDir = jbossHome.getParent().resolve("run-" + http).resolve("standalone");
        System.out.println("Nyckeln: configuring WildFly in " + baseDir + " ...");
        Server.provision(jbossHome, baseDir);
        Server.deploy(ear, baseDir);
        Path log = baseDir.resolve("log/console.log");
        server.set(Server.start(jbossHome, baseDir,
                Server.javaOptions(baseDir, ports, db, true, false), log));
        System.out.println("Nyckeln: starting WildFly (log: " + log + ") ...");
        try {
            Server.awaitHealthy(server.get(), http, Duration.ofMinutes(5), log);
        } catch (Exception e) {
            System.err.println("Nyckeln: " + e.getMessage());
            System.exit(1);
        }
        String url = "http://localhost:" + http + "/";
        System.out.println();
        System.out.println("============================================================");
        System.out.println(" Nyckeln is running: " + url);
        System.out.println(" REST API:  " + url + "api/v1/   OpenAPI: " + url + "openapi");
        System.out.println(" Demo logins (password nyckeln-demo):");
        System.out.println("   admin       licence administrator (LICENCE_ADMIN)");
        System.out.println("   finance     finance (FINANCE)");
        System.out.println("   finance2    finance, second approver (FINANCE)");
        System.out.println("   procurement procurement (PROCUREMENT)");
        System.out.println("   auditor     auditor, read-only (AUDITOR)");
        System.out.println("   viewer      department viewer of Södermalms stadsdelsnämnd (UNIT_VIEWER)");
        System.out.println(" Data: " + dataDir.toAbsolutePath() + "   Stop: Ctrl-C");
        System.out.println("============================================================");
        int exit = server.get().waitFor();
        if (!stopping.get()) {
            System.err.println("Nyckeln: WildFly exited unexpectedly (exit " + exit + "); see " + log);
            System.exit(1);
        }
    }

    static Path dataDir() {
        String configured = System.getenv("NYCKELN_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("nyckeln");
    }

    private static int intEnv(String name, int defaultValue) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            fail(name + " must be a port number, was '" + v + "'");
            return -1;
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            fail("System property " + property + " is not set; start Nyckeln with ./nyckeln run");
        }
        return v;
    }

    private static void fail(String message) {
        System.err.println("Nyckeln: " + message);
        System.exit(2);
    }
}
