package se.nyckeln.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The embedded PostgreSQL that Nyckeln runs on in `run` mode and in the integration tests.
 *
 * <p>Data lives in {@code dataDir/pgdata} and survives restarts. A lock file refuses a second copy on the
 * same directory with a clear message. On every start the two roles are (re)created with fresh passwords:
 * {@value #OWNER} owns the schema and runs migrations, {@value #APP} is what the application connects as
 * (no superuser, no BYPASSRLS), so grants and row-level rules hold as in production.
 */
public final class Database implements AutoCloseable {

    public static final String NAME = "nyckeln";
    public static final String OWNER = "nyckeln_owner";
    public static final String APP = "nyckeln_app";

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int port;
    private final String ownerPassword;
    private final String appPassword;

    private Database(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock, int port,
                     String ownerPassword, String appPassword) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.port = port;
        this.ownerPassword = ownerPassword;
        this.appPassword = appPassword;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDir}.
     *
     * @param durable true for the persistent run mode: fsync and synchronous commit on (zonky turns them off)
     */
    public static Database start(Path dataDir, int port, boolean durable) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve("nyckeln.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath()
                    + " is in use by another running copy of Nyckeln. Stop that copy, or set NYCKELN_DATA_DIR"
                    + " to another directory.");
        }
        try {
            String onOff = durable ? "on" : "off";
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", onOff)
                    .setServerConfig("synchronous_commit", onOff)
                    .setServerConfig("full_page_writes", onOff)
                    .setServerConfig("max_connections", "120")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(java.time.Duration.ofSeconds(120))
                    .start();
            Database db = new Database(postgres, channel, lock, port, secret(), secret());
            db.bootstrap();
            return db;
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void bootstrap() throws IOException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "postgres");
             Statement s = c.createStatement()) {
            ensureRole(c, OWNER, ownerPassword);
            ensureRole(c, APP, appPassword);
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + NAME + " OWNER " + OWNER + " ENCODING 'UTF8' TEMPLATE template0");
            }
        } catch (SQLException e) {
            throw new IOException("Could not prepare the database roles: " + e.getMessage(), e);
        }
        try (Connection c = DriverManager.getConnection(url(NAME), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("REVOKE ALL ON DATABASE " + NAME + " FROM PUBLIC");
            s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + NAME + " TO " + APP);
            s.execute("GRANT ALL ON DATABASE " + NAME + " TO " + OWNER);
            s.execute("CREATE SCHEMA IF NOT EXISTS " + NAME + " AUTHORIZATION " + OWNER);
            s.execute("GRANT USAGE ON SCHEMA " + NAME + " TO " + APP);
        } catch (SQLException e) {
            throw new IOException("Could not prepare the database schema: " + e.getMessage(), e);
        }
    }

    private static void ensureRole(Connection c, String role, String password) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        try (Statement s = c.createStatement()) {
            String verb = exists ? "ALTER ROLE " : "CREATE ROLE ";
            s.execute(verb + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
                    + password + "'");
            s.execute("ALTER ROLE " + role + " SET search_path = " + NAME + ", public");
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The JDBC URL of Nyckeln's database, with the batch rewrite that makes bulk inserts fast. */
    public String jdbcUrl() {
        return url(NAME) + "?reWriteBatchedInserts=true";
    }

    public int port() {
        return port;
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    public String appPassword() {
        return appPassword;
    }

    /** A superuser connection, for test fixtures and benchmark baselines only. */
    public Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(url(NAME), "postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
