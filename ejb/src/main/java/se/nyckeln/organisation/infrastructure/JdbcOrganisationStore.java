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

    private static final Logger LOG = Logger.getLogger(JdbcOrganisationStore.class);

    private static final int CHUNK = 20_000;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    /**
     * What an import's check needs loaded: {@code PEOPLE} with their memberships (people and Entra imports),
     * {@code PERSON_KEYS} the people without memberships (the device import only resolves primary users).
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
            if (scopes.contains(Scope.PEOPLE) || scopes.contains(Scope.PERSON_KEYS)) {
                Map<Long, List<Membership>> ms = scopes.contains(Scope.PEOPLE)
                        ? memberships(c, "person_membership", "person_id") : Map.of();
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

    // Staging tables of one import, private to the transaction's connection and dropped at its end (commit or
    // rollback). The rows come in with COPY (CopyRows) and are written with a few set-based statements.
    private static final String PERSON_STAGE = "CREATE TEMP TABLE IF NOT EXISTS org_import_person (ord int NOT NULL,"
            + " key text NOT NULL, id bigint, upn text NOT NULL, object_id text, display_name text, email text)"
            + " ON COMMIT DROP";
    private static final String DEVICE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS org_import_device (ord int NOT NULL,"
            + " key text NOT NULL, id bigint, serial_number text NOT NULL, name text, kind text,"
            + " primary_person_id bigint) ON COMMIT DROP";
    private static final String MEMBERSHIP_STAGE = "CREATE TEMP TABLE IF NOT EXISTS org_import_membership ("
            + "owner_id bigint, owner_key text, unit_id bigint NOT NULL, valid_from date NOT NULL, valid_to date)"
            + " ON COMMIT DROP";
    private static final String AUDIT_STAGE = "CREATE TEMP TABLE IF NOT EXISTS org_import_audit (ord int NOT NULL,"
            + " action text NOT NULL, entity_type text NOT NULL, entity_id bigint, entity_key text, unit_id bigint,"
            + " before_state text, after_state text, memberships_after boolean NOT NULL) ON COMMIT DROP";

    /**
     * People or devices, their memberships and every audit row of the plan. New owners are staged and inserted
     * in file order; their ids are written back into the stage ({@code INSERT ... RETURNING} in a CTE), where
     * the memberships and audit rows of new owners find them by key. Memberships go in ordered by start date,
     * then owner, not in file order (owner by owner): the no-overlap exclusion constraint's GiST index is what
     * costs most when thousands of memberships are added, and keys arriving in ascending owner id (the file order
     * of new owners) make it split into pages that overlap badly, so every later insert and conflict search visits
     * more of them (about 30 % less time for that statement on the benchmark city's 155,000 device memberships).
     * The audit rows of people and devices get their after-state here, from the memberships just written:
     * {@code {"memberships":[{"unitId":…,"validFrom":"…","validTo":…}]}} ordered by start, the same JSON the
     * planner wrote before (ImportPlanner.memberships), as jsonb.
     */
    private void writeOwners(Connection c, ImportPlan plan, boolean personMemberships, String actor, String detail,
                             Function<Long, Long> unitRef, Map<String, Long> unitIdByCode) throws SQLException {
        long t0 = System.nanoTime();
        String ownerStage = personMemberships ? "org_import_person" : "org_import_device";
        boolean ownerStaged = false;
        if (!plan.newPeople.isEmpty()) {
            stage(c, PERSON_STAGE, "org_import_person");
            ownerStaged = personMemberships;
            try (CopyRows rows = CopyRows.open(c, "COPY org_import_person (ord, key, upn, object_id, display_name,"
                    + " email) FROM STDIN")) {
                int ord = 0;
                for (ImportPlan.NewPerson p : plan.newPeople) {
                    rows.add(ord++).add(Snapshot.key(p.upn())).add(p.upn()).add(p.objectId()).add(p.displayName())
                            .add(p.email()).endRow();
                }
                rows.finish();
            }
            execute(c, """
                    WITH created AS (
                        INSERT INTO person (upn, object_id, display_name, email)
                        SELECT upn, object_id, display_name, email FROM org_import_person ORDER BY ord
                        RETURNING id, upn)
                    UPDATE org_import_person s SET id = created.id FROM created WHERE created.upn = s.upn""");
        }
        update(c, """
                UPDATE person p SET object_id = x.o, display_name = x.d, email = x.e, version = p.version + 1
                FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, o, d, e)
                WHERE p.id = x.id""",
                plan.personPatches, p -> str(p.id()), p -> p.objectId(), p -> p.displayName(), p -> p.email());
        if (!plan.newDevices.isEmpty()) {
            stage(c, DEVICE_STAGE, "org_import_device");
            ownerStaged = !personMemberships;
            try (CopyRows rows = CopyRows.open(c, "COPY org_import_device (ord, key, serial_number, name, kind,"
                    + " primary_person_id) FROM STDIN")) {
                int ord = 0;
                for (ImportPlan.NewDevice d : plan.newDevices) {
                    rows.add(ord++).add(d.serial()).add(d.serial()).add(d.name()).add(d.kind())
                            .add(d.primaryPersonId()).endRow();
                }
                rows.finish();
            }
            execute(c, """
                    WITH created AS (
                        INSERT INTO device (serial_number, name, kind, primary_person_id)
                        SELECT serial_number, name, kind, primary_person_id FROM org_import_device ORDER BY ord
                        RETURNING id, serial_number)
                    UPDATE org_import_device s SET id = created.id FROM created
                     WHERE created.serial_number = s.serial_number""");
        }
        update(c, """
                UPDATE device d SET name = x.n, kind = x.k, primary_person_id = x.p::bigint, version = d.version + 1
                FROM unnest(?::text[]::bigint[], ?::text[], ?::text[], ?::text[]) AS x(id, n, k, p)
                WHERE d.id = x.id""",
                plan.devicePatches, d -> str(d.id()), d -> d.name(), d -> d.kind(), d -> str(d.primaryPersonId()));
        if (!ownerStaged && (!plan.newMemberships.isEmpty() || !plan.audits.isEmpty())) {
            // an empty stage: no owner is new, every membership and audit row names a stored id
            stage(c, personMemberships ? PERSON_STAGE : DEVICE_STAGE, ownerStage);
        }

        long t1 = System.nanoTime();
        String table = personMemberships ? "person_membership" : "device_membership";
        String owner = personMemberships ? "person_id" : "device_id";
        update(c, "UPDATE " + table + " m SET unit_id = x.u::bigint, valid_to = x.vt::date"
                        + " FROM unnest(?::text[]::bigint[], ?::text[], ?::text[]) AS x(id, u, vt) WHERE m.id = x.id",
                plan.membershipPatches, m -> str(m.id()), m -> str(m.unitId()), m -> str(m.to()));
        if (!plan.newMemberships.isEmpty()) {
            stage(c, MEMBERSHIP_STAGE, "org_import_membership");
            try (CopyRows rows = CopyRows.open(c, "COPY org_import_membership (owner_id, owner_key, unit_id,"
                    + " valid_from, valid_to) FROM STDIN")) {
                for (ImportPlan.NewMembership m : plan.newMemberships) {
                    rows.add(m.ownerId()).add(m.ownerId() == null ? m.ownerKey() : null).add(m.unitId())
                            .add(m.from()).add(m.to()).endRow();
                }
                rows.finish();
            }
            execute(c, "INSERT INTO " + table + " (" + owner + ", unit_id, valid_from, valid_to)"
                    + " SELECT coalesce(m.owner_id, o.id), m.unit_id, m.valid_from, m.valid_to"
                    + " FROM org_import_membership m LEFT JOIN " + ownerStage + " o"
                    + " ON m.owner_id IS NULL AND o.key = m.owner_key"
                    + " ORDER BY m.valid_from, 1");
        }

        long t2 = System.nanoTime();
        if (!plan.audits.isEmpty()) {
            writeAudits(c, plan, personMemberships, actor, detail, unitRef, unitIdByCode, ownerStage, table, owner);
        }
        LOG.infof("Import written: people/devices %d ms (%d new), memberships %d ms (%d new), audit rows %d ms (%d)",
                (t1 - t0) / 1_000_000, plan.newPeople.size() + plan.newDevices.size(), (t2 - t1) / 1_000_000,
                plan.newMemberships.size(), (System.nanoTime() - t2) / 1_000_000, plan.audits.size());
    }

    private static void writeAudits(Connection c, ImportPlan plan, boolean personMemberships, String actor,
                                    String detail, Function<Long, Long> unitRef, Map<String, Long> unitIdByCode,
                                    String ownerStage, String table, String owner) throws SQLException {
        stage(c, AUDIT_STAGE, "org_import_audit");
        try (CopyRows rows = CopyRows.open(c, "COPY org_import_audit (ord, action, entity_type, entity_id, entity_key,"
                + " unit_id, before_state, after_state, memberships_after) FROM STDIN")) {
            int ord = 0;
            for (ImportPlan.Audit a : plan.audits) {
                Long entity = a.entityId() != null ? a.entityId()
                        : a.entityType().equals("OrgUnit") ? unitIdByCode.get(a.entityKey()) : null;
                rows.add(ord++).add(a.action()).add(a.entityType()).add(entity)
                        .add(entity == null ? a.entityKey() : null).add(unitRef.apply(a.unitId()))
                        .add(a.before()).add(a.after()).add(a.membershipsAfter()).endRow();
            }
            rows.finish();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                WITH a AS (
                    SELECT s.ord, s.action, s.entity_type, coalesce(s.entity_id, o.id) AS entity_id, s.unit_id,
                           s.before_state, s.after_state, s.memberships_after
                      FROM org_import_audit s LEFT JOIN %1$s o ON s.entity_id IS NULL AND o.key = s.entity_key),
                m AS (
                    SELECT x.%3$s AS owner,
                           jsonb_agg(jsonb_build_object('unitId', x.unit_id, 'validFrom', x.valid_from,
                                                        'validTo', x.valid_to) ORDER BY x.valid_from) AS list
                      FROM %2$s x
                     WHERE x.%3$s IN (SELECT entity_id FROM a WHERE memberships_after)
                     GROUP BY x.%3$s)
                INSERT INTO audit_event (actor, action, entity_type, entity_id, unit_id, before_state, after_state,
                                         detail)
                SELECT ?, a.action, a.entity_type, a.entity_id::text, a.unit_id, a.before_state::jsonb,
                       CASE WHEN a.memberships_after
                            THEN jsonb_build_object('memberships', coalesce(m.list, '[]'::jsonb))
                            ELSE a.after_state::jsonb END, ?
                  FROM a LEFT JOIN m ON a.memberships_after AND m.owner = a.entity_id
                 ORDER BY a.ord""".formatted(ownerStage, table, owner))) {
            ps.setString(1, actor);
            ps.setString(2, detail);
            ps.executeUpdate();
        }
    }

    private static void stage(Connection c, String ddl, String table) throws SQLException {
        execute(c, ddl);
        execute(c, "TRUNCATE " + table);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
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
