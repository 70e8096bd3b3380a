package se.nyckeln.launcher;

import org.wildfly.core.launcher.CliCommandBuilder;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Provisions and runs the WildFly server Nyckeln is deployed on.
 *
 * <p>The unpacked {@code wildfly-dist} zip is never changed except for the PostgreSQL JDBC module. Each
 * instance gets its own server base directory, configured by the jboss-cli scripts in {@code cli/} (kept in
 * the repository) in embedded mode; the same code serves {@code run} and the integration tests.
 */
public final class Server {

    public static final String CONFIG = "standalone.xml";
    private static final String CLI_SCRIPT = "cli/configure.cli";

    private Server() {
    }

    /** Ports of one server instance. */
    public record Ports(int http, int https, int management, int managementHttps, int ajp) {
    }

    /**
     * Makes {@code baseDir} a configured server base directory (idempotent: re-configured only when the
     * CLI script changed since the last time).
     */
    public static Path provision(Path jbossHome, Path baseDir) throws IOException, InterruptedException {
        installPostgresModule(jbossHome);
        String script = resource(CLI_SCRIPT);
        String checksum = sha256(script);
        Path marker = baseDir.resolve("nyckeln-configured.sha256");
        if (Files.exists(marker) && Files.readString(marker).trim().equals(checksum)) {
            return baseDir;
        }
        deleteRecursively(baseDir);
        copyRecursively(jbossHome.resolve("standalone"), baseDir);
        runCli(jbossHome, baseDir, "configure", script);
        Files.writeString(marker, checksum);
        return baseDir;
    }

    /**
     * Applies one more of the launcher's CLI scripts (e.g. {@code cli/oidc.cli}) to a provisioned base
     * directory, in embedded mode like {@link #provision}; the script starts and stops its embedded server.
     */
    public static void applyCli(Path jbossHome, Path baseDir, String scriptResource) throws IOException, InterruptedException {
        String name = Path.of(scriptResource).getFileName().toString().replaceFirst("\\.cli$", "");
        runCli(jbossHome, baseDir, name, resource(scriptResource));
    }

    private static void runCli(Path jbossHome, Path baseDir, String name, String script)
            throws IOException, InterruptedException {
        Path scriptFile = baseDir.resolve(name + ".cli");
        Files.writeString(scriptFile, script);
        CliCommandBuilder cli = CliCommandBuilder.of(jbossHome)
                .setScriptFile(scriptFile)
                .addJavaOption("-Djboss.server.base.dir=" + baseDir.toAbsolutePath())
                .addJavaOption("-Xmx256m");
        Path log = baseDir.resolve(name + ".log");
        Process p = Launcher.of(cli).addEnvironmentVariable("JBOSS_HOME", jbossHome.toAbsolutePath().toString())
                .setRedirectErrorStream(true).redirectOutput(log).launch();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jboss-cli did not finish " + name + ".cli on " + baseDir + " within 5 minutes; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("jboss-cli failed to apply " + name + ".cli to " + baseDir + " (exit " + p.exitValue()
                    + "):\n" + Files.readString(log));
        }
    }

    /** The JVM options every Nyckeln server gets: ports, database, and application settings. */
    public static List<String> javaOptions(Path baseDir, Ports ports, Database db, boolean demo, boolean testMode) {
        List<String> o = new ArrayList<>();
        o.add("-Xms256m");
        o.add("-Xmx1g");
        o.add("-XX:MetaspaceSize=96M");
        o.add("-Djava.net.preferIPv4Stack=true");
        o.add("-Duser.timezone=Europe/Stockholm");
        o.add("-Dfile.encoding=UTF-8");
        // PDFBox: avoids the one-time "Unmapping is not supported" warning
        o.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        o.add("-Djboss.server.base.dir=" + baseDir.toAbsolutePath());
        o.add("-Djboss.bind.address=127.0.0.1");
        o.add("-Djboss.bind.address.management=127.0.0.1");
        o.add("-Djboss.http.port=" + ports.http());
        o.add("-Djboss.https.port=" + ports.https());
        o.add("-Djboss.management.http.port=" + ports.management());
        o.add("-Djboss.management.https.port=" + ports.managementHttps());
        o.add("-Djboss.ajp.port=" + ports.ajp());
        o.add("-Dnyckeln.db.url=" + db.jdbcUrl());
        o.add("-Dnyckeln.db.user=" + Database.APP);
        o.add("-Dnyckeln.db.password=" + db.appPassword());
        o.add("-Dnyckeln.db.owner.user=" + Database.OWNER);
        o.add("-Dnyckeln.db.owner.password=" + db.ownerPassword());
        o.add("-Dnyckeln.demo=" + demo);
        o.add("-Dnyckeln.testmode=" + testMode);
        return o;
    }

    /** Copies the EAR into the deployment scanner's folder. */
    public static void deploy(Path ear, Path baseDir) throws IOException {
        if (!Files.isRegularFile(ear)) {
            throw new IOException("The application archive " + ear + " is missing: build it first (mvn install).");
        }
        Path deployments = baseDir.resolve("deployments");
        Files.createDirectories(deployments);
        try (var stream = Files.list(deployments)) {
            for (Path p : stream.toList()) {
                if (p.getFileName().toString().startsWith("nyckeln.ear.")) {
                    Files.delete(p);
                }
            }
        }
        Files.copy(ear, deployments.resolve("nyckeln.ear"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts WildFly in its own process, with its console output written to {@code log}. */
    public static Process start(Path jbossHome, Path baseDir, List<String> javaOptions, Path log) throws IOException {
        return start(jbossHome, baseDir, javaOptions, Map.of(), log);
    }

    /**
     * Starts WildFly with extra environment variables, e.g. {@code NYCKELN_OIDC_PROVIDER_URL} for a server
     * configured by {@code oidc.cli}, whose expressions read them at start.
     */
    public static Process start(Path jbossHome, Path baseDir, List<String> javaOptions, Map<String, String> env,
                                Path log) throws IOException {
        StandaloneCommandBuilder builder = StandaloneCommandBuilder.of(jbossHome)
                .setBaseDirectory(baseDir)
                .setServerConfiguration(CONFIG)
                .addJavaOptions(javaOptions);
        Files.createDirectories(log.getParent());
        Launcher launcher = Launcher.of(builder).setRedirectErrorStream(true).redirectOutput(log);
        env.forEach(launcher::addEnvironmentVariable);
        return launcher.launch();
    }

    /** Waits until {@code GET /api/v1/health} answers 200, or fails if the server dies or time runs out. */
    public static void awaitHealthy(Process server, int httpPort, Duration timeout, Path log)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IOException("WildFly stopped during start-up (exit " + server.exitValue() + "); see " + log);
            }
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IOException("Nyckeln did not become healthy within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Stops WildFly gracefully (SIGTERM, which WildFly handles with an orderly shutdown). */
    public static void stop(Process server) throws InterruptedException {
        if (server == null || !server.isAlive()) {
            return;
        }
        server.destroy();
        if (!server.waitFor(90, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Installs the PostgreSQL JDBC driver as the module {@code org.postgresql} (idempotent). */
    static void installPostgresModule(Path jbossHome) throws IOException {
        Path moduleDir = jbossHome.resolve("modules/org/postgresql/main");
        Path moduleXml = moduleDir.resolve("module.xml");
        if (Files.exists(moduleXml)) {
            return;
        }
        Path driverJar;
        try {
            driverJar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        Files.createDirectories(moduleDir);
        String jarName = driverJar.getFileName().toString();
        Files.copy(driverJar, moduleDir.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <module xmlns="urn:jboss:module:1.9" name="org.postgresql">
                    <resources>
                        <resource-root path="%s"/>
                    </resources>
                    <dependencies>
                        <module name="java.logging"/>
                        <module name="java.sql"/>
                        <module name="java.naming"/>
                        <module name="java.security.jgss"/>
                        <module name="javax.transaction.api"/>
                    </dependencies>
                </module>
                """.formatted(jarName);
        Path tmp = moduleDir.resolve("module.xml.tmp");
        Files.writeString(tmp, xml);
        Files.move(tmp, moduleXml, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = Server.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Missing launcher resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
