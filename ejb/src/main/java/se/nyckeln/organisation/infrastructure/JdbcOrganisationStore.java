package se.nyckeln.organisation.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import se.nyckeln.platform.persistence.CopyRows;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads the stored organisation for an import and writes a plan set-based: new people, devices, memberships and
 * audit rows with one {@code COPY ... FROM STDIN} per table, units and changed rows with a few statements that take
 * whole arrays ({@code INSERT/UPDATE ... FROM unnest(...)}), all on the transaction's own connection, so that the
 * audit trail, the import run and the data commit or roll back together.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class JdbcOrganisationStore {

    private static final Logger LOG = Logger.getLogger(JdbcOrganisationStore.class);

    private static final int CHUNK = 20_000;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    /**
     * What an import's check needs loaded: {@code PEOPLE} with their memberships (people and Entra imports),
     * {@code PERSON_KEYS} only each person's id and UPN (the device import only resolves primary users).
     */
    public enum Scope { UNITS, PEOPLE, PERSON_KEYS, DEVICES, DEPARTMENTS }

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
            if (scopes.contains(Scope.PERSON_KEYS) && !scopes.contains(Scope.PEOPLE)) {
                // the device import resolves primary users by UPN: the id and the UPN are all it reads
                try (PreparedStatement ps = c.prepareStatement("SELECT id, upn FROM person");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.add(new Snapshot.Person(rs.getLong(1), rs.getString(2), null, null, null, List.of()));
                    }
                }
            } else if (scopes.contains(Scope.PEOPLE)) {
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

            writeOwners(c, plan, personMemberships, actor, detail, unitRef, unitIdByCode);
            return null;
        });
    }

    /**
     * People or devices, their memberships and every audit row of the plan, each table written with one
     * {@code COPY ... FROM STDIN} of its final rows (what the COPY baseline of the benchmark does), with no staging
     * table and no set-based statement after it. The ids of new people or devices are taken from their identity
     * sequences first (one {@code nextval} per new row, in one query), so that the new rows, the memberships of new
     * owners and their audit rows can name them directly. COPY fires the tables' triggers and checks like an
     * INSERT: the statement-level reference checks of memberships and primary users (V12, V13), the unique keys and
     * the no-overlap exclusion constraints all hold. Memberships go in ordered by start date, then owner, not in file
     * order (owner by owner): the no-overlap exclusion constraint's GiST index is what costs most when thousands of
     * memberships are added, and keys arriving in ascending owner id (the file order of new owners) make it split
     * into pages that overlap badly, so every later insert and conflict search visits more of them (about 30 % less
     * time for that statement on the benchmark city's 155,000 device memberships).
     */
    private void writeOwners(Connection c, ImportPlan plan, boolean personMemberships, String actor, String detail,
                             Function<Long, Long> unitRef, Map<String, Long> unitIdByCode) throws SQLException {
        long t0 = System.nanoTime();
        // the ids of the people or devices this import creates, by their key (lower-case UPN, serial number)
        Map<String, Long> newOwnerIds = new HashMap<>();
        if (!plan.newPeople.isEmpty()) {
            long[] ids = newIds(c, "person", plan.newPeople.size());
            try (CopyRows rows = CopyRows.open(c, "COPY person (id, upn, object_id, display_name, email) FROM STDIN")) {
                int i = 0;
                for (ImportPlan.NewPerson p : plan.newPeople) {
                    long id = ids[i++];
                    if (personMemberships) {
                        newOwnerIds.put(Snapshot.key(p.upn()), id);
                    }
                    rows.add(id).add(p.upn()).add(p.objectId()).add(p.displayName()).add(p.email()).endRow();
                }
                rows.finish();
            }
        }
        update(c, """
                UPDATE person p SET object_id = x.o, display_name = x.d, email = x.e, version = p.version + 1
                FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, o, d, e)
                WHERE p.id = x.id""",
                plan.personPatches, p -> str(p.id()), p -> p.objectId(), p -> p.displayName(), p -> p.email());
        if (!plan.newDevices.isEmpty()) {
            long[] ids = newIds(c, "device", plan.newDevices.size());
            try (CopyRows rows = CopyRows.open(c, "COPY device (id, serial_number, name, kind, primary_person_id)"
                    + " FROM STDIN")) {
                int i = 0;
                for (ImportPlan.NewDevice d : plan.newDevices) {
                    long id = ids[i++];
                    if (!personMemberships) {
                        newOwnerIds.put(d.serial(), id);
                    }
                    rows.add(id).add(d.serial()).add(d.name()).add(d.kind()).add(d.primaryPersonId()).endRow();
                }
                rows.finish();
            }
        }
        update(c, """
                UPDATE device d SET name = x.n, kind = x.k, primary_person_id = x.p::bigint, version = d.version + 1
                FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, n, k, p)
                WHERE d.id = x.id""",
                plan.devicePatches, d -> str(d.id()), d -> d.name(), d -> d.kind(), d -> str(d.primaryPersonId()));

        long t1 = System.nanoTime();
        String table = personMemberships ? "person_membership" : "device_membership";
        String owner = personMemberships ? "person_id" : "device_id";
        update(c, "UPDATE " + table + " m SET unit_id = x.u::bigint, valid_to = x.vt::date"
                        + " FROM unnest(?::text[]::bigint[], ?::text[], ?::text[]) AS x(id, u, vt) WHERE m.id = x.id",
                plan.membershipPatches, m -> str(m.id()), m -> str(m.unitId()), m -> str(m.to()));
        if (!plan.newMemberships.isEmpty()) {
            record Row(long owner, ImportPlan.NewMembership m) {
            }
            List<Row> ordered = new ArrayList<>(plan.newMemberships.size());
            for (ImportPlan.NewMembership m : plan.newMemberships) {
                ordered.add(new Row(m.ownerId() != null ? m.ownerId() : ownerId(newOwnerIds, m.ownerKey()), m));
            }
            ordered.sort(Comparator.comparing((Row r) -> r.m().from()).thenComparingLong(Row::owner));
            try (CopyRows rows = CopyRows.open(c, "COPY " + table + " (" + owner + ", unit_id, valid_from, valid_to)"
                    + " FROM STDIN")) {
                for (Row r : ordered) {
                    rows.add(r.owner()).add(r.m().unitId()).add(r.m().from()).add(r.m().to()).endRow();
                }
                rows.finish();
            }
        }

        long t2 = System.nanoTime();
        if (!plan.audits.isEmpty()) {
            try (CopyRows rows = CopyRows.open(c, "COPY audit_event (actor, action, entity_type, entity_id, unit_id,"
                    + " before_state, after_state, detail) FROM STDIN")) {
                for (ImportPlan.Audit a : plan.audits) {
                    long entity = a.entityId() != null ? a.entityId()
                            : a.entityType().equals("OrgUnit") ? unitIdByCode.get(a.entityKey())
                            : ownerId(newOwnerIds, a.entityKey());
                    rows.add(actor).add(a.action()).add(a.entityType()).add(Long.toString(entity))
                            .add(unitRef.apply(a.unitId())).add(a.before()).add(a.after()).add(detail).endRow();
                }
                rows.finish();
            }
        }
        LOG.infof("Import written: people/devices %d ms (%d new), memberships %d ms (%d new), audit rows %d ms (%d)",
                (t1 - t0) / 1_000_000, plan.newPeople.size() + plan.newDevices.size(), (t2 - t1) / 1_000_000,
                plan.newMemberships.size(), (System.nanoTime() - t2) / 1_000_000, plan.audits.size());
    }

    private static long ownerId(Map<String, Long> newOwnerIds, String key) {
        Long id = newOwnerIds.get(key);
        if (id == null) {
            throw new IllegalStateException("the plan names " + key + ", which is neither stored nor created by it");
        }
        return id;
    }

    /**
     * {@code count} new ids of {@code table} from its identity sequence, ascending (so that new rows get them in
     * file order, as an INSERT of the rows in file order would have). The sequence is found once
     * ({@code OFFSET 0} keeps the subquery from being evaluated per row).
     */
    private static long[] newIds(Connection c, String table, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence(?, 'id')::regclass AS seq OFFSET 0) s,
                       generate_series(1, ?)""")) {
            ps.setString(1, table);
            ps.setInt(2, count);
            ps.setFetchSize(0);
            try (ResultSet rs = ps.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    ids[i++] = rs.getLong(1);
                }
                if (i != count) {
                    throw new SQLException("got " + i + " ids of " + table + " for " + count + " new rows");
                }
            }
        }
        Arrays.sort(ids);
        return ids;
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
