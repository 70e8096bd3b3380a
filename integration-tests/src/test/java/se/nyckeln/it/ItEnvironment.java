package se.nyckeln.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import se.nyckeln.launcher.Database;
import se.nyckeln.launcher.Server;

import java.nio.file.Path;
import java.util.List;

/**
 * Brings up what the integration tests run against, with the launcher's own code: the embedded PostgreSQL
 * (fresh for every test run) and a configured WildFly base directory. Arquillian then starts the managed
 * WildFly with {@link #javaOptions} and deploys the real EAR. WildFly stops (Arquillian, at the end of the
 * test plan) before PostgreSQL (here, when the launcher session closes).
 */
public class ItEnvironment implements LauncherSessionListener {

    private static Database database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String dbPort = System.getProperty("nyckeln.it.db.port");
        if (dbPort == null || database != null) {
            return;
        }
        try {
            Path itDir = Path.of(System.getProperty("nyckeln.it.dir"));
            Path jbossHome = Path.of(System.getProperty("nyckeln.wildfly.home"));
            Server.deleteRecursively(itDir.resolve("postgres"));
            database = Database.start(itDir.resolve("postgres"), Integer.parseInt(dbPort), false);
            Path baseDir = Server.provision(jbossHome, itDir.resolve("server"));
            Server.Ports ports = new Server.Ports(port("http"), port("https"), port("mgmt"), port("mgmts"), port("ajp"));
            List<String> options = Server.javaOptions(baseDir, ports, database, true, true);
            System.setProperty("nyckeln.it.jvm.args", String.join(" ", options));
        } catch (Exception e) {
            throw new IllegalStateException("Could not provision the integration-test environment: " + e.getMessage(), e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (database != null) {
            try {
                database.close();
            } catch (Exception e) {
                System.err.println("Could not stop PostgreSQL: " + e);
            }
            database = null;
        }
    }

    /** The running test database (for fixtures that must look under the API, e.g. as the app role). */
    public static Database database() {
        return database;
    }

    private static int port(String name) {
        return Integer.parseInt(System.getProperty("nyckeln.it." + name + ".port"));
    }
}
