package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.nyckeln.launcher.Database;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organisation import's set-based write path (people, devices, memberships and audit rows staged with COPY,
 * the audit after-state built in SQL): the audit rows carry exactly what the planner wrote in Java before
 * (action, entity, unit, before/after JSON), a file whose last row is wrong writes nothing, an overlapping
 * membership is still refused (the import's error, and the exclusion constraint underneath), and a device's
 * primary user is still checked (V13).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganisationImportWriteIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static final Api ADMIN = Api.as("admin");

    private static Connection app() throws SQLException {
        Database db = ItEnvironment.database();
        return DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
    }

    private static Api.Reply importText(String kind, String fileName, String text) {
        return ADMIN.upload("/api/v1/imports/" + kind, fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCounts(Api.Reply r, int rows, int created, int updated, int closed, int unchanged) {
        assertEquals(200, r.status(), r.toString());
        JsonObject j = r.json();
        assertEquals(List.of(rows, created, updated, closed, unchanged), List.of(j.getInt("rows"),
                j.getInt("created"), j.getInt("updated"), j.getInt("closed"), j.getInt("unchanged")), r.toString());
    }

    private static String organisation(String s) {
        assertCounts(importText("units", "enheter.csv", Fixtures.text("organisation/units-good.csv", s)),
                4, 4, 0, 0, 0);
        assertCounts(importText("people", "personer.csv", Fixtures.text("organisation/people-good.csv", s)),
                2, 2, 0, 0, 0);
        assertCounts(importText("devices", "datorer.csv", Fixtures.text("organisation/devices-good.csv", s)),
                2, 2, 0, 0, 0);
        return s;
    }

    private static long id(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql + " " + key);
                return rs.getLong(1);
            }
        }
    }

    private record AuditRow(String action, String actor, Long unitId, boolean beforeAsExpected,
                            boolean afterAsExpected, String before, String after, String detail) {
    }

    /** The entity's audit rows, oldest first, each compared as jsonb with the expected before/after texts. */
    private static List<AuditRow> audits(Connection c, String type, long id, List<String[]> expected)
            throws SQLException {
        List<AuditRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT action, actor, unit_id, before_state::text, after_state::text, detail
                  FROM audit_event WHERE entity_type = ? AND entity_id = ? ORDER BY id""")) {
            ps.setString(1, type);
            ps.setString(2, Long.toString(id));
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    String[] e = i < expected.size() ? expected.get(i) : new String[]{null, null};
                    long unit = rs.getLong(3);
                    rows.add(new AuditRow(rs.getString(1), rs.getString(2), rs.wasNull() ? null : unit,
                            sameJson(c, rs.getString(4), e[0]), sameJson(c, rs.getString(5), e[1]),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                    i++;
                }
            }
        }
        return rows;
    }

    private static boolean sameJson(Connection c, String actual, String expected) throws SQLException {
        if (actual == null || expected == null) {
            return actual == null && expected == null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb = ?::jsonb")) {
            ps.setString(1, actual);
            ps.setString(2, expected);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The JSON the planner built in Java before (ImportPlanner.memberships via Json.object), written by hand. */
    private static String memberships(String... items) {
        return "{\"memberships\":[" + String.join(",", items) + "]}";
    }

    private static String m(long unit, String from, String to) {
        return "{\"unitId\":" + unit + ",\"validFrom\":\"" + from + "\",\"validTo\":"
                + (to == null ? "null" : "\"" + to + "\"") + "}";
    }

    @Test
    void auditRowsOfCreatedAndChangedPeopleAndDevicesCarryTheSameContentAsBefore() throws SQLException {
        String s = organisation(Fixtures.suffix());
        // anna moves from the school to Drift on 2023-06-01; SN-1 is renamed, its membership unchanged
        assertCounts(importText("people", "flytt.csv", "upn;display_name;object_id;email;unit_code;valid_from;valid_to\n"
                + "anna." + s + "@test.stockholm.se;Anna Andersson;" + s + "-obj-1;anna." + s
                + "@test.stockholm.se;IT-" + s + "-BOLAG-DRIFT;2023-06-01;\n"), 1, 0, 1, 0, 0);
        assertCounts(importText("devices", "namn.csv", "serial_number;name;kind;primary_user_upn;unit_code;valid_from;valid_to\n"
                + "SN-" + s + "-1;Elevdator 1b;PUPIL_DEVICE;;IT-" + s + "-SDN-SKOLA;2022-08-01;\n"), 1, 0, 1, 0, 0);
        try (Connection c = app()) {
            long skola = id(c, "SELECT id FROM org_unit WHERE code = ?", "IT-" + s + "-SDN-SKOLA");
            long drift = id(c, "SELECT id FROM org_unit WHERE code = ?", "IT-" + s + "-BOLAG-DRIFT");
            long anna = id(c, "SELECT id FROM person WHERE upn = ?", "anna." + s + "@test.stockholm.se");
            long sn1 = id(c, "SELECT id FROM device WHERE serial_number = ?", "SN-" + s + "-1");
            long sn2 = id(c, "SELECT id FROM device WHERE serial_number = ?", "SN-" + s + "-2");

            String annaAtSchool = memberships(m(skola, "2022-01-01", null));
            String annaMoved = memberships(m(skola, "2022-01-01", "2023-05-31"), m(drift, "2023-06-01", null));
            List<AuditRow> person = audits(c, "Person", anna, List.of(new String[]{null, annaAtSchool},
                    new String[]{annaAtSchool, annaMoved}));
            assertEquals(2, person.size(), person.toString());
            assertEquals(new AuditRow("CREATE", "admin", skola, true, true, null, person.get(0).after(),
                    "import PEOPLE personer.csv"), person.get(0));
            assertEquals(new AuditRow("UPDATE", "admin", drift, true, true, person.get(1).before(),
                    person.get(1).after(), "import PEOPLE flytt.csv"), person.get(1));

            String pupil = memberships(m(skola, "2022-08-01", null));
            List<AuditRow> device1 = audits(c, "Device", sn1, List.of(new String[]{null, pupil},
                    new String[]{pupil, pupil}));
            assertEquals(2, device1.size(), device1.toString());
            assertEquals(new AuditRow("CREATE", "admin", skola, true, true, null, device1.get(0).after(),
                    "import DEVICES datorer.csv"), device1.get(0));
            assertEquals(new AuditRow("UPDATE", "admin", skola, true, true, device1.get(1).before(),
                    device1.get(1).after(), "import DEVICES namn.csv"), device1.get(1));

            List<AuditRow> device2 = audits(c, "Device", sn2, List.<String[]>of(new String[]{null,
                    memberships(m(skola, "2022-01-01", null))}));
            assertEquals(1, device2.size(), device2.toString());
            assertEquals(new AuditRow("CREATE", "admin", skola, true, true, null, device2.get(0).after(),
                    "import DEVICES datorer.csv"), device2.get(0));
            try (PreparedStatement ps = c.prepareStatement("SELECT primary_person_id FROM device WHERE id = ?")) {
                ps.setLong(1, sn2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(anna, rs.getLong(1), "the primary user resolved by the staged insert");
                }
            }
        }
    }

    @Test
    void aFileWhoseLastRowIsWrongWritesNothing() throws SQLException {
        String s = organisation(Fixtures.suffix());
        StringBuilder file = new StringBuilder("serial_number;name;kind;primary_user_upn;unit_code;valid_from;valid_to\n");
        for (int i = 1; i <= 300; i++) {
            file.append("BULK-").append(s).append('-').append(i).append(";Dator ").append(i)
                    .append(";SHARED_DEVICE;;IT-").append(s).append("-SDN-SKOLA;2022-09-01;\n");
        }
        file.append("BULK-").append(s).append("-301;Dator 301;SHARED_DEVICE;;IT-").append(s)
                .append("-FINNS-INTE;2022-09-01;\n");
        long auditsBefore;
        try (Connection c = app()) {
            auditsBefore = id(c, "SELECT count(*) FROM audit_event WHERE detail LIKE ?", "%bulk.csv");
        }
        Api.Reply r = importText("devices", "bulk.csv", file.toString());
        assertEquals(422, r.status(), r.toString());
        List<JsonObject> errors = r.json().getJsonArray("errors").getValuesAs(JsonObject.class);
        assertEquals(1, errors.size(), r.toString());
        assertEquals(302, errors.get(0).getInt("line"));
        assertEquals("unit_code", errors.get(0).getString("column"));
        assertEquals("unknown-unit", errors.get(0).getString("reason"));
        try (Connection c = app()) {
            assertEquals(0, id(c, "SELECT count(*) FROM device WHERE serial_number LIKE ?", "BULK-" + s + "-%"));
            assertEquals(0, id(c, "SELECT count(*) FROM device_membership m JOIN device d ON d.id = m.device_id"
                    + " WHERE d.serial_number LIKE ?", "BULK-" + s + "-%"));
            assertEquals(auditsBefore, id(c, "SELECT count(*) FROM audit_event WHERE detail LIKE ?", "%bulk.csv"));
            assertEquals(0, id(c, "SELECT count(*) FROM import_run WHERE file_name = ?", "bulk.csv"));
        }
        // the same file without the bad row goes in whole, and again is a no-op
        String good = file.substring(0, file.lastIndexOf("BULK-" + s + "-301"));
        assertCounts(importText("devices", "bulk.csv", good), 300, 300, 0, 0, 0);
        assertCounts(importText("devices", "bulk.csv", good), 300, 0, 0, 0, 300);
        try (Connection c = app()) {
            assertEquals(300, id(c, "SELECT count(*) FROM device_membership m JOIN device d ON d.id = m.device_id"
                    + " WHERE d.serial_number LIKE ?", "BULK-" + s + "-%"));
            assertEquals(auditsBefore + 300 + 2, id(c, "SELECT count(*) FROM audit_event WHERE detail LIKE ?",
                    "%bulk.csv"), "one audit row per created device and one per run (the no-op re-import too)");
        }
    }

    @Test
    void anOverlappingMembershipIsRefusedByTheImportAndByTheExclusionConstraint() throws SQLException {
        String s = organisation(Fixtures.suffix());
        // anna is at the school from 2022-01-01 (open); a membership at Drift 2021-09-01..2022-06-30 overlaps it
        Api.Reply r = importText("people", "overlapp.csv", "upn;display_name;object_id;email;unit_code;valid_from;valid_to\n"
                + "anna." + s + "@test.stockholm.se;Anna Andersson;" + s + "-obj-1;;IT-" + s
                + "-BOLAG-DRIFT;2021-09-01;2022-06-30\n");
        assertEquals(422, r.status(), r.toString());
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals(List.of(2, "valid_from", "overlapping-period"),
                List.of(e.getInt("line"), e.getString("column"), e.getString("reason")), r.toString());
        try (Connection c = app()) {
            long anna = id(c, "SELECT id FROM person WHERE upn = ?", "anna." + s + "@test.stockholm.se");
            long drift = id(c, "SELECT id FROM org_unit WHERE code = ?", "IT-" + s + "-BOLAG-DRIFT");
            assertEquals(1, id(c, "SELECT count(*) FROM person_membership WHERE person_id = ?::bigint",
                    Long.toString(anna)));
            // underneath, the table itself still refuses it
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_membership (person_id, unit_id,"
                    + " valid_from, valid_to) VALUES (?, ?, DATE '2021-09-01', DATE '2022-06-30')")) {
                ps.setLong(1, anna);
                ps.setLong(2, drift);
                SQLException x = assertThrows(SQLException.class, ps::executeUpdate);
                assertEquals("23P01", x.getSQLState(), x.getMessage());
            }
            // and a device's primary user must exist (V13: checked per statement instead of a row-level key)
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (serial_number, name, kind,"
                    + " primary_person_id) VALUES (?, 'X', 'SHARED_DEVICE', -1)")) {
                ps.setString(1, "NOPERSON-" + s);
                SQLException x = assertThrows(SQLException.class, ps::executeUpdate);
                assertEquals("23503", x.getSQLState(), x.getMessage());
            }
        }
    }
}
