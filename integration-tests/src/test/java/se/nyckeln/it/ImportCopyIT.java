package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.nyckeln.launcher.Database;
import se.nyckeln.platform.persistence.CopyRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imports' COPY path and what replaced licence_usage's row-by-row foreign keys (V12), on the test database
 * the deployed application migrated, as the application's own role: COPY into a TEMP table (the role may create
 * temporary tables and nothing else) carries awkward text exactly, and a missing product, person, device or import
 * run is still refused (SQLSTATE 23503), as is deleting a referenced row.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ImportCopyIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static Connection app() throws SQLException {
        Database db = ItEnvironment.database();
        return DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
    }

    private static final List<String> AWKWARD = Arrays.asList(
            "Åsa Öberg-Ärlig",
            "\"Kultur, fritid\"; stadsdel",
            "kolumn1\tkolumn2",
            "rad ett\nrad två\r\nrad tre",
            "C:\\Users\\åsa\\",
            "\\N",
            "\\.",
            "",
            null,
            "ünïcödé ✓ – “citat” ’apostrof’",
            "'; DROP TABLE person; --");

    @Test
    void copyCarriesAwkwardTextExactlyIntoATempTableAsTheApplicationRole() throws SQLException {
        try (Connection c = app()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE copy_probe (n bigint NOT NULL, t text, d date, b boolean) ON COMMIT DROP");
            }
            try (CopyRows rows = CopyRows.open(c, "COPY copy_probe (n, t, d, b) FROM STDIN")) {
                for (int i = 0; i < AWKWARD.size(); i++) {
                    rows.add((long) i).add(AWKWARD.get(i)).add(i % 2 == 0 ? LocalDate.of(2025, 2, 28) : null)
                            .add(i % 3 == 0).endRow();
                }
                assertEquals(AWKWARD.size(), rows.finish());
            }
            List<String> back = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT n, t, d, b FROM copy_probe ORDER BY n")) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    back.add(rs.getString(2));
                    if (i % 2 == 0) {
                        assertEquals(LocalDate.of(2025, 2, 28), rs.getObject(3, LocalDate.class));
                    } else {
                        assertNull(rs.getObject(3));
                    }
                    assertEquals(i % 3 == 0, rs.getBoolean(4));
                }
            }
            assertEquals(AWKWARD, back, "every value as it was sent, NULL and the empty string kept apart");
            c.rollback();
        }
    }

    @Test
    void aLongRowLargerThanTheBufferArrivesWhole() throws SQLException {
        String big = "Ö\t\\".repeat(40_000); // 120,000 characters, more than the 64 KiB buffer once escaped
        try (Connection c = app()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE copy_big (t text) ON COMMIT DROP");
            }
            try (CopyRows rows = CopyRows.open(c, "COPY copy_big (t) FROM STDIN")) {
                rows.add(big).endRow();
                rows.add("efter").endRow();
                rows.add("ascii ".repeat(25_000)).endRow(); // plain text longer than the buffer as well (150,000)
                rows.finish();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT t FROM copy_big ORDER BY length(t) DESC")) {
                rs.next();
                assertEquals("ascii ".repeat(25_000), rs.getString(1));
                rs.next();
                assertEquals(big, rs.getString(1));
                rs.next();
                assertEquals("efter", rs.getString(1));
            }
            c.rollback();
        }
    }

    /**
     * Ids a usage row may name, in this (rolled-back) transaction: a new product (the test city's catalogue may be
     * empty), an existing person and device, and a new import run.
     */
    private static long[] existing(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long product;
            long person;
            long device;
            try (ResultSet rs = s.executeQuery("INSERT INTO product (publisher, name, sku, metric, term) VALUES"
                    + " ('Probe AB', 'Probe', 'COPY-IT-' || clock_timestamp(), 'NAMED_USER', 'SUBSCRIPTION')"
                    + " RETURNING id")) {
                rs.next();
                product = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT (SELECT min(id) FROM person), (SELECT min(id) FROM device)")) {
                rs.next();
                person = rs.getLong(1);
                device = rs.getLong(2);
            }
            assertTrue(product > 0 && person > 0 && device > 0, "the test city has people and devices");
            long run;
            try (ResultSet rs = s.executeQuery("INSERT INTO import_run (kind, file_name, sha256, imported_by, rows_read,"
                    + " created, updated, closed, unchanged) VALUES ('USAGE_INVENTORY', 'probe.csv', 'x', 'it', 1, 0, 0,"
                    + " 0, 0) RETURNING id")) {
                rs.next();
                run = rs.getLong(1);
            }
            return new long[] {product, person, device, run};
        }
    }

    private static void insertUsage(Connection c, long product, Long person, Long device, long run)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO licence_usage (product_id, person_id, device_id,"
                + " last_activity, source, import_run_id) VALUES (?, ?, ?, DATE '2025-01-31', 'INVENTORY', ?)")) {
            ps.setLong(1, product);
            ps.setObject(2, person);
            ps.setObject(3, device);
            ps.setLong(4, run);
            ps.executeUpdate();
        }
    }

    private static String state(SQLException e) {
        return e.getSQLState();
    }

    @Test
    void usageNamingAMissingProductPersonDeviceOrRunIsRefusedAtTheEndOfTheStatement() throws SQLException {
        try (Connection c = app()) {
            c.setAutoCommit(false);
            long[] ok = existing(c);
            try (Statement s = c.createStatement()) {
                s.execute("SAVEPOINT probe");
            }
            insertUsage(c, ok[0], null, ok[2], ok[3]); // all present: accepted (a key the bad rows below do not use)
            long missing = 999_999_999L;
            for (long[] bad : new long[][] {
                    {missing, ok[1], 0, ok[3]}, {ok[0], missing, 0, ok[3]}, {ok[0], 0, missing, ok[3]},
                    {ok[0], ok[1], 0, missing}}) {
                try (Statement s = c.createStatement()) {
                    s.execute("SAVEPOINT bad");
                }
                SQLException e = assertThrows(SQLException.class, () -> insertUsage(c, bad[0],
                        bad[1] == 0 ? null : bad[1], bad[2] == 0 ? null : bad[2], bad[3]));
                assertEquals("23503", state(e), e.getMessage());
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK TO SAVEPOINT bad");
                }
            }
            // an UPDATE that points a row at a missing run is refused too
            try (Statement s = c.createStatement()) {
                s.execute("SAVEPOINT bad");
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
                        "UPDATE licence_usage SET import_run_id = " + missing + " WHERE import_run_id = " + ok[3]));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT bad");
            }
            c.rollback();
        }
    }

    @Test
    void aReferencedDeviceOrRunCannotBeDeletedNoIdChangedAndTheApplicationMayNotDeletePeople() throws SQLException {
        try (Connection c = app()) {
            c.setAutoCommit(false);
            long[] ok = existing(c);
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("DELETE FROM person WHERE id = " + ok[1]));
                assertEquals("42501", state(e), "the application role has no DELETE on person: " + e.getMessage());
            }
            c.rollback();
        }
        // as the superuser (who keeps DELETE), in one transaction that is rolled back: nothing stays behind
        try (Connection c = ItEnvironment.database().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL search_path = nyckeln");
                long[] ok = existing(c);
                insertUsage(c, ok[0], null, ok[2], ok[3]);
                s.execute("SAVEPOINT x");
                SQLException e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("DELETE FROM device WHERE id = " + ok[2]));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("DELETE FROM import_run WHERE id = " + ok[3]));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("UPDATE device SET id = -id WHERE id = " + ok[2]));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                e = assertThrows(SQLException.class, () -> s.execute("TRUNCATE product CASCADE"));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                // an import run nothing names may go (the check is about references, not a blanket refusal)
                long[] other = existing(c);
                assertEquals(1, s.executeUpdate("DELETE FROM import_run WHERE id = " + other[3]));
            }
            c.rollback();
        }
    }

    @Test
    void membershipsStillNeedTheirOwnerAndUnitAndGoWithTheirOwner() throws SQLException {
        try (Connection c = ItEnvironment.database().superuserConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL search_path = nyckeln");
                long unit;
                long device;
                try (ResultSet rs = s.executeQuery("SELECT (SELECT min(id) FROM org_unit),"
                        + " (SELECT min(device_id) FROM device_membership)")) {
                    rs.next();
                    unit = rs.getLong(1);
                    device = rs.getLong(2);
                }
                long missing = 999_999_999L;
                long lone;
                try (ResultSet rs = s.executeQuery("INSERT INTO device (serial_number, name, kind) VALUES"
                        + " ('COPY-IT-1', 'Probe', 'SHARED_DEVICE') RETURNING id")) {
                    rs.next();
                    lone = rs.getLong(1);
                }
                s.execute("SAVEPOINT x");
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO"
                        + " device_membership (device_id, unit_id, valid_from) VALUES (" + lone + ", " + missing
                        + ", DATE '2030-01-01')"));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO person_membership"
                        + " (person_id, unit_id, valid_from) VALUES (" + missing + ", " + unit + ", DATE '2030-01-01')"));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                e = assertThrows(SQLException.class, () -> s.executeUpdate(
                        "UPDATE device_membership SET unit_id = " + missing + " WHERE device_id = " + device));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                long memberUnit;
                try (ResultSet rs = s.executeQuery("SELECT unit_id FROM device_membership WHERE device_id = " + device
                        + " LIMIT 1")) {
                    rs.next();
                    memberUnit = rs.getLong(1);
                }
                e = assertThrows(SQLException.class,
                        () -> s.executeUpdate("DELETE FROM org_unit WHERE id = " + memberUnit));
                assertEquals("23503", state(e), e.getMessage());
                s.execute("ROLLBACK TO SAVEPOINT x");
                // a device nothing else names: its memberships go with it (ON DELETE CASCADE as before)
                s.executeUpdate("INSERT INTO device_membership (device_id, unit_id, valid_from) VALUES (" + lone
                        + ", " + unit + ", DATE '2030-01-01')");
                assertEquals(1, s.executeUpdate("DELETE FROM device WHERE id = " + lone));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM device_membership WHERE device_id = " + lone)) {
                    rs.next();
                    assertEquals(0, rs.getLong(1));
                }
            }
            c.rollback();
        }
    }
}
