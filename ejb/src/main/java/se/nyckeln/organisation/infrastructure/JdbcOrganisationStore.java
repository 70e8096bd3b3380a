package se.nyckeln.organisation.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;
import se.nyckeln.organisation.domain.Membership;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.domain.UnitVersion;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads the stored organisation for an import and writes a plan set-based: each table gets a few statements
 * that take whole arrays ({@code INSERT ... SELECT FROM unnest(...)}), on the transaction's own connection,
 * so that the audit trail, the import run and the data commit or roll back together.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class JdbcOrganisationStore {

    private static final int CHUNK = 20_000;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    public enum Scope { UNITS, PEOPLE, DEVICES, DEPARTMENTS }

    private <T> T work(SqlWork<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Serialises organisation imports: two files applied at once could each pass validation and then clash. */
    public void lockForImport() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(4711001)").getSingleResult();
    }

    public Snapshot load(java.util.Set<Scope> scopes) {
        return work(c -> {
            Snapshot s = new Snapshot();
            loadUnits(c, s);
            if (scopes.contains(Scope.PEOPLE)) {
                Map<Long, List<Membership>> ms = memberships(c, "person_membership", "person_id");
                try (PreparedStatement ps = c.prepareStatement("SELECT id, upn, object_id, display_name, email FROM person");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        s.add(new Snapshot.Person(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), ms.getOrDefault(id, List.of())));
                    }
                }
            }
            if (scopes.contains(Scope.DEVICES)) {
                Map<Long, List<Membership>> ms = memberships(c, "device_membership", "device_id");
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, serial_number, name, kind, primary_person_id FROM device");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        long p = rs.getLong(5);
                        Long primary = rs.wasNull() ? null : p;
                        s.add(new Snapshot.Device(id, rs.getString(2), rs.getString(3), rs.getString(4), primary,
                                ms.getOrDefault(id, List.of())));
                    }
                }
            }
            if (scopes.contains(Scope.DEPARTMENTS)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT department, unit_id FROM department_mapping");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.departments.put(Snapshot.key(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            return s;
        });
    }

    private static void loadUnits(Connection c, Snapshot s) throws SQLException {
        Map<Long, List<UnitVersion>> versions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, unit_id, valid_from, valid_to, name, parent_id, cost_centre FROM org_unit_version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long parent = rs.getLong(6);
                Long parentId = rs.wasNull() ? null : parent;
                versions.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new UnitVersion(rs.getLong(1),
                        date(rs, 3), date(rs, 4), rs.getString(5), parentId, rs.getString(7)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, code, kind, org_number, valid_from, valid_to FROM org_unit");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String org = rs.getString(4);
                s.add(new Snapshot.Unit(id, rs.getString(2), UnitKind.valueOf(rs.getString(3)),
                        org == null ? null : org.trim(), date(rs, 5), date(rs, 6), versions.getOrDefault(id, List.of())));
            }
        }
    }

    private static Map<Long, List<Membership>> memberships(Connection c, String table, String owner)
            throws SQLException {
        Map<Long, List<Membership>> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, " + owner + ", unit_id, valid_from, valid_to FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                        .add(new Membership(rs.getLong(1), rs.getLong(3), date(rs, 4), date(rs, 5)));
            }
        }
        return result;
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    /**
     * Writes the plan. {@code personMemberships}: whether memberships belong to people (people and Entra
     * imports) or to devices.
     */
    public void apply(ImportPlan plan, boolean personMemberships, String actor, String detail) {
        work(c -> {
            Map<Long, Long> unitIds = new HashMap<>();
            Map<String, Long> unitIdByCode = new HashMap<>();
            if (!plan.newUnits.isEmpty()) {
                List<ImportPlan.NewUnit> us = plan.newUnits;
                Map<String, Long> ids = insertReturning(c, """
                        INSERT INTO org_unit (code, kind, org_number, valid_from, valid_to)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]::date[], ?::text[]::date[])
                        RETURNING code, id""", us,
                        u -> u.code(), u -> u.kind(), u -> u.orgNumber(), u -> str(u.from()), u -> str(u.to()));
                for (ImportPlan.NewUnit u : us) {
                    unitIds.put(u.tempId(), ids.get(u.code()));
                    unitIdByCode.put(u.code(), ids.get(u.code()));
                }
            }
            Function<Long, Long> unitRef = ref -> ref == null ? null : ref < 0 ? unitIds.get(ref) : ref;
            update(c, """
                    UPDATE org_unit o SET org_number = x.org, valid_to = x.vt::date, version = o.version + 1
                    FROM unnest(?::text[]::bigint[], ?::text[], ?::text[]) AS x(id, org, vt) WHERE o.id = x.id""",
                    plan.unitPatches, p -> str(p.id()), p -> p.orgNumber(), p -> str(p.to()));
            update(c, """
                    UPDATE org_unit_version v SET valid_to = x.vt::date
                    FROM unnest(?::text[]::bigint[], ?::text[]) AS x(id, vt) WHERE v.id = x.id""",
                    plan.versionEnds, p -> str(p.id()), p -> str(p.to()));
            update(c, """
                    UPDATE org_unit_version v SET name = x.n, parent_id = x.p::bigint, cost_centre = x.cc
                    FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, n, p, cc)
                    WHERE v.id = x.id""",
                    plan.versionPatches, p -> str(p.id()), p -> p.name(), p -> str(unitRef.apply(p.parentRef())),
                    p -> p.costCentre());
            update(c, """
                    INSERT INTO org_unit_version (unit_id, valid_from, valid_to, name, parent_id, cost_centre)
                    SELECT * FROM unnest(?::text[]::bigint[], ?::text[]::date[], ?::text[]::date[], ?::text[],
                                         ?::text[]::bigint[], ?::text[])""",
                    plan.newVersions, v -> str(unitRef.apply(v.unitRef())), v -> str(v.from()), v -> str(v.to()),
                    v -> v.name(), v -> str(unitRef.apply(v.parentRef())), v -> v.costCentre());

            Map<String, Long> ownerIds = new HashMap<>();
            if (!plan.newPeople.isEmpty()) {
                Map<String, Long> ids = insertReturning(c, """
                        INSERT INTO person (upn, object_id, display_name, email)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) RETURNING upn, id""",
                        plan.newPeople, p -> p.upn(), p -> p.objectId(), p -> p.displayName(), p -> p.email());
                ids.forEach((upn, id) -> ownerIds.put(Snapshot.key(upn), id));
            }
            update(c, """
                    UPDATE person p SET object_id = x.o, display_name = x.d, email = x.e, version = p.version + 1
                    FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, o, d, e)
                    WHERE p.id = x.id""",
                    plan.personPatches, p -> str(p.id()), p -> p.objectId(), p -> p.displayName(), p -> p.email());
            if (!plan.newDevices.isEmpty()) {
                ownerIds.putAll(insertReturning(c, """
                        INSERT INTO device (serial_number, name, kind, primary_person_id)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]::bigint[])
                        RETURNING serial_number, id""",
                        plan.newDevices, d -> d.serial(), d -> d.name(), d -> d.kind(), d -> str(d.primaryPersonId())));
            }
            update(c, """
                    UPDATE device d SET name = x.n, kind = x.k, primary_person_id = x.p::bigint, version = d.version + 1
                    FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, n, k, p)
                    WHERE d.id = x.id""",
                    plan.devicePatches, d -> str(d.id()), d -> d.name(), d -> d.kind(), d -> str(d.primaryPersonId()));

            String table = personMemberships ? "person_membership" : "device_membership";
            String owner = personMemberships ? "person_id" : "device_id";
            update(c, "UPDATE " + table + " m SET unit_id = x.u::bigint, valid_to = x.vt::date"
                            + " FROM unnest(?::text[]::bigint[], ?::text[], ?::text[]) AS x(id, u, vt) WHERE m.id = x.id",
                    plan.membershipPatches, m -> str(m.id()), m -> str(m.unitId()), m -> str(m.to()));
            // Memberships go in ordered by start date, then owner, not in file order (owner by owner): the
            // no-overlap exclusion constraint's GiST index is what costs most when thousands of memberships are
            // added, and keys arriving in ascending owner id (the file order of new owners) make it split into
            // pages that overlap badly, so every later insert and conflict search visits more of them. Measured on
            // the benchmark city's 155,000 device memberships: about 30 % less time for this statement. The rows
            // and their ids are the same set either way; ids are only never read in file order.
            Function<ImportPlan.NewMembership, Long> ownerOf = m -> m.ownerId() != null ? m.ownerId()
                    : ownerIds.get(m.ownerKey());
            List<ImportPlan.NewMembership> memberships = new ArrayList<>(plan.newMemberships);
            memberships.sort(Comparator.comparing(ImportPlan.NewMembership::from).thenComparing(ownerOf));
            update(c, "INSERT INTO " + table + " (" + owner + ", unit_id, valid_from, valid_to)"
                            + " SELECT * FROM unnest(?::text[]::bigint[], ?::text[]::bigint[], ?::text[]::date[],"
                            + " ?::text[]::date[])",
                    memberships, m -> str(ownerOf.apply(m)), m -> str(m.unitId()), m -> str(m.from()),
                    m -> str(m.to()));

            update(c, """
                    INSERT INTO audit_event (actor, action, entity_type, entity_id, unit_id, before_state,
                                             after_state, detail)
                    SELECT ?, a, t, e, u::bigint, b::jsonb, af::jsonb, ?
                      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                           AS x(a, t, e, u, b, af)""",
                    List.of(actor, detail), plan.audits, a -> a.action(), a -> a.entityType(),
                    a -> str(a.entityId() != null ? a.entityId()
                            : a.entityType().equals("OrgUnit") ? unitIdByCode.get(a.entityKey())
                            : ownerIds.get(a.entityKey())),
                    a -> str(unitRef.apply(a.unitId())), a -> a.before(), a -> a.after());
            return null;
        });
    }

    public long recordRun(String kind, String fileName, String sha256, String actor, ImportPlan plan) {
        return ((Number) em.createNativeQuery("""
                        INSERT INTO import_run (kind, file_name, sha256, imported_by, rows_read, created, updated,
                                                closed, unchanged)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id""")
                .setParameter(1, kind).setParameter(2, fileName).setParameter(3, sha256).setParameter(4, actor)
                .setParameter(5, plan.rows).setParameter(6, plan.created).setParameter(7, plan.updated)
                .setParameter(8, plan.closed).setParameter(9, plan.unchanged).getSingleResult()).longValue();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @SafeVarargs
    private static <T> Map<String, Long> insertReturning(Connection c, String sql, List<T> rows,
                                                         Function<T, String>... columns) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        for (int start = 0; start < rows.size(); start += CHUNK) {
            List<T> chunk = rows.subList(start, Math.min(rows.size(), start + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, 1, chunk, columns);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return ids;
    }

    @SafeVarargs
    private static <T> void update(Connection c, String sql, List<T> rows, Function<T, String>... columns)
            throws SQLException {
        update(c, sql, List.of(), rows, columns);
    }

    @SafeVarargs
    private static <T> void update(Connection c, String sql, List<String> leading, List<T> rows,
                                   Function<T, String>... columns) throws SQLException {
        for (int start = 0; start < rows.size(); start += CHUNK) {
            List<T> chunk = rows.subList(start, Math.min(rows.size(), start + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String l : leading) {
                    ps.setString(i++, l);
                }
                bind(c, ps, i, chunk, columns);
                ps.executeUpdate();
            }
        }
    }

    @SafeVarargs
    private static <T> void bind(Connection c, PreparedStatement ps, int first, List<T> rows,
                                 Function<T, String>... columns) throws SQLException {
        for (int col = 0; col < columns.length; col++) {
            String[] values = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = columns[col].apply(rows.get(r));
            }
            Array array = c.createArrayOf("text", values);
            ps.setArray(first + col, array);
        }
    }
}
