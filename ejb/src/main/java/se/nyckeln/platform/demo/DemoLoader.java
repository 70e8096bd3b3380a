package se.nyckeln.platform.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.jboss.logging.Logger;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.organisation.infrastructure.demo.DemoCity;
import se.nyckeln.platform.security.PasswordHash;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo mode ({@code -Dnyckeln.demo=true}, set by the run command and the tests): on the first start against an
 * empty database, loads the demo city and the demo users, all with password {@value #PASSWORD}. Never runs in
 * production mode, so production has no demo users.
 */
@Singleton
@Startup
@DependsOn("Migrations")
public class DemoLoader {

    private static final Logger LOG = Logger.getLogger(DemoLoader.class);
    public static final String PASSWORD = "nyckeln-demo";
    public static final String VIEWER_UNIT = "SDN-SODERMALM";

    /** The demo users: name, display name, roles. */
    static final List<String[]> USERS = List.of(
            new String[]{"admin", "Licensadministratör (demo)", "LICENCE_ADMIN"},
            new String[]{"finance", "Ekonom (demo)", "FINANCE"},
            new String[]{"finance2", "Ekonom 2 (demo)", "FINANCE"},
            new String[]{"procurement", "Upphandlare (demo)", "PROCUREMENT"},
            new String[]{"auditor", "Revisor (demo)", "AUDITOR"},
            new String[]{"viewer", "Södermalms stadsdelsnämnd (demo)", "UNIT_VIEWER"});

    @Resource(lookup = "java:jboss/datasources/NyckelnDS")
    private DataSource dataSource;

    @EJB
    private AuditTrail audit;

    @EJB
    private DemoPortfolio portfolio;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void load() {
        if (!Boolean.getBoolean("nyckeln.demo")) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM user_account")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            long start = System.nanoTime();
            DemoCity city = DemoCity.generate(DemoCity.Size.DEMO);
            Map<String, Long> unitIds = insertUnits(c, city.units());
            Map<String, Long> personIds = insertPeople(c, city.people(), unitIds);
            insertDevices(c, city.devices(), unitIds, personIds);
            insertUsers(c, unitIds);
            if (DemoPortfolio.enabled()) {
                portfolio.load(c, unitIds);
            }
            audit.record(AuditTrail.Action.IMPORT, "DemoCity", "demo", null, null,
                    Map.of("units", city.units().size(), "people", city.people().size(), "devices", city.devices().size()),
                    "demo city loaded");
            LOG.infof("Demo city loaded: %d units, %d people, %d devices, %d users in %d ms", city.units().size(),
                    city.people().size(), city.devices().size(), USERS.size(), (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the demo city: " + e.getMessage(), e);
        }
    }

    static Map<String, Long> insertUnits(Connection c, List<DemoCity.Unit> units) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO org_unit (code, kind, org_number, valid_from, valid_to)"
                + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            for (DemoCity.Unit u : units) {
                ps.setString(1, u.code());
                ps.setString(2, u.kind());
                ps.setString(3, u.orgNumber());
                ps.setDate(4, Date.valueOf(u.validFrom()));
                setDate(ps, 5, u.validTo());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids.put(u.code(), rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO org_unit_version (unit_id, valid_from, valid_to, name,"
                + " parent_id, cost_centre) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement merged = c.prepareStatement("UPDATE org_unit SET merged_into = ? WHERE id = ?")) {
            for (DemoCity.Unit u : units) {
                ps.setLong(1, ids.get(u.code()));
                ps.setDate(2, Date.valueOf(u.validFrom()));
                setDate(ps, 3, u.validTo());
                ps.setString(4, u.name());
                if (u.parentCode() == null) {
                    ps.setNull(5, Types.BIGINT);
                } else {
                    ps.setLong(5, ids.get(u.parentCode()));
                }
                ps.setString(6, u.costCentre());
                ps.addBatch();
                if (u.mergedInto() != null) {
                    merged.setLong(1, ids.get(u.mergedInto()));
                    merged.setLong(2, ids.get(u.code()));
                    merged.addBatch();
                }
            }
            ps.executeBatch();
            merged.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO department_mapping (department, unit_id) VALUES (?, ?)")) {
            for (DemoCity.Unit u : units) {
                if (u.validTo() == null) {
                    ps.setString(1, u.name());
                    ps.setLong(2, ids.get(u.code()));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        return ids;
    }

    static Map<String, Long> insertPeople(Connection c, List<DemoCity.Person> people, Map<String, Long> unitIds)
            throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (upn, object_id, display_name, email)"
                + " VALUES (?, ?, ?, ?) RETURNING id")) {
            for (DemoCity.Person p : people) {
                ps.setString(1, p.upn());
                ps.setString(2, p.objectId());
                ps.setString(3, p.displayName());
                ps.setString(4, p.email());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids.put(p.upn(), rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_membership (person_id, unit_id, valid_from,"
                + " valid_to) VALUES (?, ?, ?, ?)")) {
            for (DemoCity.Person p : people) {
                for (DemoCity.Membership m : p.memberships()) {
                    ps.setLong(1, ids.get(p.upn()));
                    ps.setLong(2, unitIds.get(m.unitCode()));
                    ps.setDate(3, Date.valueOf(m.validFrom()));
                    setDate(ps, 4, m.validTo());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        return ids;
    }

    static void insertDevices(Connection c, List<DemoCity.Device> devices, Map<String, Long> unitIds,
                              Map<String, Long> personIds) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (serial_number, name, kind, primary_person_id)"
                + " VALUES (?, ?, ?, ?) RETURNING id")) {
            for (DemoCity.Device d : devices) {
                ps.setString(1, d.serialNumber());
                ps.setString(2, d.name());
                ps.setString(3, d.kind());
                if (d.primaryUserUpn() == null) {
                    ps.setNull(4, Types.BIGINT);
                } else {
                    ps.setLong(4, personIds.get(d.primaryUserUpn()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids.put(d.serialNumber(), rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_membership (device_id, unit_id, valid_from,"
                + " valid_to) VALUES (?, ?, ?, ?)")) {
            for (DemoCity.Device d : devices) {
                for (DemoCity.Membership m : d.memberships()) {
                    ps.setLong(1, ids.get(d.serialNumber()));
                    ps.setLong(2, unitIds.get(m.unitCode()));
                    ps.setDate(3, Date.valueOf(m.validFrom()));
                    setDate(ps, 4, m.validTo());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertUsers(Connection c, Map<String, Long> unitIds) throws SQLException {
        String hash = PasswordHash.hash(PASSWORD);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_account (username, display_name, password_hash,"
                + " roles) VALUES (?, ?, ?, string_to_array(?, ',')) RETURNING id");
             PreparedStatement scope = c.prepareStatement("INSERT INTO user_unit_scope (user_id, unit_id) VALUES (?, ?)")) {
            for (String[] u : USERS) {
                ps.setString(1, u[0]);
                ps.setString(2, u[1]);
                ps.setString(3, hash);
                ps.setString(4, u[2]);
                long id;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                if ("UNIT_VIEWER".equals(u[2])) {
                    scope.setLong(1, id);
                    scope.setLong(2, unitIds.get(VIEWER_UNIT));
                    scope.executeUpdate();
                }
            }
        }
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setDate(index, Date.valueOf(date));
        }
    }
}
