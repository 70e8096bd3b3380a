package se.nyckeln.platform.rest;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import se.nyckeln.platform.persistence.Health;
import se.nyckeln.platform.persistence.Migrations;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness check without a container: an unreachable database or unapplied migrations answer 503, which
 * the integration tests cannot provoke on the shared test server.
 */
class HealthResourceTest {

    @Test
    void unreachableDatabaseIs503() throws Exception {
        Response r = resource(new UnreachableDatabase(), migrated(true)).health();
        assertEquals(503, r.getStatus());
        HealthResource.HealthView view = (HealthResource.HealthView) r.getEntity();
        assertEquals("DOWN", view.status());
        assertFalse(view.database());
        assertTrue(view.migrations());
    }

    @Test
    void pendingMigrationsAre503EvenWithADatabase() throws Exception {
        Response r = resource(null, migrated(false)).health();
        assertEquals(503, r.getStatus());
        assertFalse(((HealthResource.HealthView) r.getEntity()).migrations());
    }

    private static HealthResource resource(DataSource dataSource, Migrations migrations) throws Exception {
        Health health = new Health();
        set(health, "dataSource", dataSource == null ? new UnreachableDatabase() : dataSource);
        set(health, "migrations", migrations);
        HealthResource resource = new HealthResource();
        set(resource, "health", health);
        return resource;
    }

    private static Migrations migrated(boolean applied) throws Exception {
        Migrations m = new Migrations();
        set(m, "applied", applied);
        return m;
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** A data source whose database does not answer, as when PostgreSQL is down. */
    private static final class UnreachableDatabase implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
