package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.nyckeln.launcher.Database;
import se.nyckeln.launcher.FreePorts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's promises about the embedded database, checked on the database the tests run on (with the EAR
 * deployed, so the migrations have run).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LauncherIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void secondCopyOnTheSameDataDirectoryIsRefusedClearly() {
        Path dataDir = Path.of(System.getProperty("nyckeln.it.dir")).resolve("postgres");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Database.start(dataDir, FreePorts.any(), false));
        assertTrue(e.getMessage().contains("in use by another running copy"), e.getMessage());
        assertTrue(e.getMessage().contains("NYCKELN_DATA_DIR"), e.getMessage());
    }

    @Test
    void applicationRoleIsNeitherSuperuserNorAllowedToBypassRowSecurity() throws SQLException {
        try (Connection c = ItEnvironment.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles"
                     + " WHERE rolname = '" + Database.APP + "'")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1), "superuser");
            assertFalse(rs.getBoolean(2), "bypassrls");
            assertFalse(rs.getBoolean(3), "createrole");
            assertFalse(rs.getBoolean(4), "createdb");
        }
    }

    @Test
    void applicationRoleCannotChangeTheAuditTrailOrTheSchema() throws SQLException {
        Database db = ItEnvironment.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement s = c.createStatement()) {
            s.execute("SET search_path = nyckeln");
            SQLException update = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE audit_event SET actor = 'someone-else'"));
            assertEquals("42501", update.getSQLState(), update.getMessage());
            assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit_event"));
            assertThrows(SQLException.class, () -> s.execute("DROP TABLE org_unit"));
            assertThrows(SQLException.class, () -> s.execute("CREATE TABLE sneaky (id int)"));
        }
    }

    @Test
    void schemaOwnerCannotRewriteTheAuditTrailEither() throws SQLException {
        try (Connection c = ItEnvironment.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + Database.OWNER);
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE nyckeln.audit_event SET actor = 'x'"));
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        }
    }
}
