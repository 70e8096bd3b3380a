package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;
import se.nyckeln.platform.persistence.CopyRows;
import se.nyckeln.platform.problem.BusinessException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes usage evidence: one set-based merge per file into {@code licence_usage}, and the run in
 * {@code import_run}. Runs only inside the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class UsageStore {

    /** Created and updated records of a merge; the rest of the file's records were unchanged. */
    public record Merged(int created, int updated) {
    }

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    /** Usage imports one at a time, so that the counts each reports are exactly what it did. */
    public void lockForImport() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(4711022)").getSingleResult();
    }

    public long startRun(String kind, String fileName, String sha256, String actor, int rows) {
        return ((Number) em.createNativeQuery("INSERT INTO import_run (kind, file_name, sha256, imported_by,"
                        + " rows_read, created, updated, closed, unchanged) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0, 0)"
                        + " RETURNING id")
                .setParameter(1, kind).setParameter(2, fileName).setParameter(3, sha256).setParameter(4, actor)
                .setParameter(5, rows).getSingleResult()).longValue();
    }

    public void finishRun(long run, int created, int updated, int unchanged) {
        em.createNativeQuery("UPDATE import_run SET created = ?2, updated = ?3, unchanged = ?4 WHERE id = ?1")
                .setParameter(1, run).setParameter(2, created).setParameter(3, updated).setParameter(4, unchanged)
                .executeUpdate();
    }

    /**
     * Merges the records in one statement: new keys are inserted, a later date moves a stored one forward, an
     * equal or older date touches nothing (the WHERE of DO UPDATE), so a re-imported file writes no row.
     * {@code xmax = 0} tells an inserted row from an updated one in RETURNING.
     */
    public Merged merge(Map<UsagePlan.Key, LocalDate> records, String source, long run) {
        if (records.isEmpty()) {
            return new Merged(0, 0);
        }
        int n = records.size();
        Object[] products = new Object[n];
        Object[] people = new Object[n];
        Object[] devices = new Object[n];
        Object[] days = new Object[n];
        int i = 0;
        for (var e : records.entrySet()) {
            products[i] = e.getKey().productId();
            people[i] = e.getKey().personId();
            devices[i] = e.getKey().deviceId();
            days[i] = e.getValue().toString();
            i++;
        }
        String sql = """
                WITH merged AS (
                    INSERT INTO licence_usage (product_id, person_id, device_id, last_activity, source, import_run_id)
                    SELECT t.product_id, t.person_id, t.device_id, t.day, ?, ?
                    FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::date[])
                         AS t(product_id, person_id, device_id, day)
                    ON CONFLICT ON CONSTRAINT licence_usage_unique DO UPDATE
                        SET last_activity = GREATEST(licence_usage.last_activity, EXCLUDED.last_activity),
                            source = EXCLUDED.source, import_run_id = EXCLUDED.import_run_id
                        WHERE EXCLUDED.last_activity > licence_usage.last_activity
                    RETURNING (xmax = 0) AS created)
                SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM merged""";
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                ps.setLong(2, run);
                ps.setArray(3, c.createArrayOf("bigint", products));
                ps.setArray(4, c.createArrayOf("bigint", people));
                ps.setArray(5, c.createArrayOf("bigint", devices));
                ps.setArray(6, c.createArrayOf("text", days));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Merged(rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    /**
     * Merges the admin center's holdings in one statement: a new product and person pair is inserted, a changed
     * blocked flag updated, an equal one untouched (so a re-imported file writes no row). Pairs missing from the
     * file are kept: an export may be filtered, so absence is not read as removal.
     */
    public Merged mergeHoldings(Map<UsagePlan.Key, Boolean> holdings, long run) {
        if (holdings.isEmpty()) {
            return new Merged(0, 0);
        }
        int n = holdings.size();
        Object[] products = new Object[n];
        Object[] people = new Object[n];
        Object[] blocked = new Object[n];
        int i = 0;
        for (var e : holdings.entrySet()) {
            products[i] = e.getKey().productId();
            people[i] = e.getKey().personId();
            blocked[i] = e.getValue();
            i++;
        }
        String sql = """
                WITH merged AS (
                    INSERT INTO tenant_licence (product_id, person_id, blocked, import_run_id)
                    SELECT t.product_id, t.person_id, t.blocked, ?
                    FROM unnest(?::bigint[], ?::bigint[], ?::boolean[]) AS t(product_id, person_id, blocked)
                    ON CONFLICT (product_id, person_id) DO UPDATE
                        SET blocked = EXCLUDED.blocked, import_run_id = EXCLUDED.import_run_id
                        WHERE tenant_licence.blocked <> EXCLUDED.blocked
                    RETURNING (xmax = 0) AS created)
                SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM merged""";
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, run);
                ps.setArray(2, c.createArrayOf("bigint", products));
                ps.setArray(3, c.createArrayOf("bigint", people));
                ps.setArray(4, c.createArrayOf("boolean", blocked));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Merged(rs.getInt(1), rs.getInt(2));
                }
            }
        });
    }

    /** Merge counts of a staged file: records = distinct keys staged (product and person or device). */
    public record MergedStage(int records, int created, int updated) {
    }

    /**
     * A scratch table for one streamed file's good records, private to this transaction's connection and dropped
     * at its end (commit or rollback). Written in batches by {@link #stage}, merged once by {@link #mergeStaged}.
     */
    public void createStage() {
        em.unwrap(Session.class).doWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS usage_stage (product_id bigint NOT NULL,"
                        + " person_id bigint, device_id bigint, day date NOT NULL) ON COMMIT DROP");
                st.execute("TRUNCATE usage_stage");
            }
        });
    }

    /**
     * Appends {@code n} records to the stage with one {@code COPY ... FROM STDIN} ({@link CopyRows}): no array
     * parameters to build and parse, the rows stream as text. {@code personIds}/{@code deviceIds}: 0 = none.
     */
    public void stage(long[] productIds, long[] personIds, long[] deviceIds, LocalDate[] days, int n) {
        if (n == 0) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (CopyRows rows = CopyRows.open(c, "COPY usage_stage (product_id, person_id, device_id, day)"
                    + " FROM STDIN")) {
                for (int i = 0; i < n; i++) {
                    rows.add(productIds[i]);
                    if (personIds[i] == 0) {
                        rows.addNull();
                    } else {
                        rows.add(personIds[i]);
                    }
                    if (deviceIds[i] == 0) {
                        rows.addNull();
                    } else {
                        rows.add(deviceIds[i]);
                    }
                    rows.add(days[i]).endRow();
                }
                rows.finish();
            }
        });
    }

    /**
     * The distinct ids a staged file's records can name (every name of the file resolved to one of them in this
     * transaction), checked again and locked by {@link #mergeStaged} before it merges.
     */
    public record References(Collection<Long> products, Collection<Long> persons, Collection<Long> devices) {
    }

    /**
     * Merges the stage into {@code licence_usage} in one statement: one record per key with the file's newest date
     * for it; a later date moves a stored one forward, an equal or older one touches nothing, so a re-imported file
     * writes no row. Keys already stored are found first (by the unique key's index, or hashed for a large file)
     * and only they can be updated; every other key is a plain INSERT, without ON CONFLICT's per-row speculative
     * insertion (imports run one at a time, {@link #lockForImport}; a key written meanwhile by anything else would
     * fail the statement on the unique key, never be half merged).
     *
     * <p>References: every product, person and device of {@code refs} and the run are read back with {@code FOR
     * KEY SHARE} first (a foreign key's lock, one query per table over the distinct ids); a missing one refuses
     * the import (409 {@code usage-reference-gone}). The merge statement then runs with {@code
     * nyckeln.usage_references_locked} on, so the row-by-row reference trigger
     * ({@code R__usage_references_checked_per_statement.sql}) is skipped for it alone.
     *
     * <p>The keys are inserted in key order: the unique key's index then grows at its right edge instead of at 400
     * places at once, which more than halves the insert at 10,000,000 rows. {@code grouped}: the stage already holds
     * each key once in that order (the import grouped and sorted them, {@code SortedUsageBuffer}) and is read as it
     * is; otherwise the stage holds the file's rows as read and they are grouped here by sorting (not hashing), which
     * yields the same order without a second sort.
     */
    public MergedStage mergeStaged(String source, long run, References refs, boolean grouped) {
        em.unwrap(Session.class).doWork(c -> {
            lockReferences(c, refs, run);
            try (var st = c.createStatement()) {
                // for this transaction only (SET LOCAL ends with it): the sort of millions of keys gets memory
                st.execute("SET LOCAL work_mem = '256MB'");
                st.execute("SET LOCAL enable_hashagg = off");
                // the anti-join of the file's keys with the stored ones is hashed on the whole key: a merge join
                // could only use the product (the coalesced holder is not the file's sort order) and compare every
                // file key of a product with every stored key of it
                st.execute("SET LOCAL enable_mergejoin = off");
            }
        });
        // grouped: the stage holds each key once, in key order (SortedUsageBuffer), and is read as it is (a temporary
        // table's scan returns its rows in the order written, so the insert goes in key order); else the file's rows
        // as read, grouped here by sorting
        String src = grouped
                ? "src AS NOT MATERIALIZED (SELECT product_id, person_id, device_id, day FROM usage_stage)"
                : """
                src AS MATERIALIZED (
                    SELECT product_id, person_id, device_id, max(day) AS day FROM usage_stage
                    GROUP BY product_id, person_id, device_id
                    ORDER BY product_id, person_id, device_id)""";
        String sql = "WITH " + src + ",\n" + """
                stored AS MATERIALIZED (
                    SELECT u.id, u.last_activity, s.product_id, s.person_id, s.device_id, s.day
                      FROM src s JOIN licence_usage u ON u.product_id = s.product_id AND u.person_id = s.person_id
                                                     AND u.device_id IS NULL
                     WHERE s.person_id IS NOT NULL
                    UNION ALL
                    SELECT u.id, u.last_activity, s.product_id, s.person_id, s.device_id, s.day
                      FROM src s JOIN licence_usage u ON u.product_id = s.product_id AND u.device_id = s.device_id
                                                     AND u.person_id IS NULL
                     WHERE s.device_id IS NOT NULL),
                moved AS (
                    UPDATE licence_usage u SET last_activity = st.day, source = ?, import_run_id = ?
                      FROM stored st WHERE u.id = st.id AND st.day > st.last_activity
                    RETURNING 1),
                added AS (
                    INSERT INTO licence_usage (product_id, person_id, device_id, last_activity, source, import_run_id)
                    SELECT s.product_id, s.person_id, s.device_id, s.day, ?, ? FROM src s
                     WHERE NOT EXISTS (SELECT 1 FROM stored st WHERE st.product_id = s.product_id
                                          AND coalesce(st.person_id, 0) = coalesce(s.person_id, 0)
                                          AND coalesce(st.device_id, 0) = coalesce(s.device_id, 0)))
                SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM src), (SELECT count(*) FROM stored)""";
        // The outer query reads moved first, before any row is added (its scan of licence_usage would otherwise
        // pass over every page just written); added is not read, so it runs after it, to completion, and its
        // count is the keys not stored before.
        MergedStage merged = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, source);
                ps.setLong(2, run);
                ps.setString(3, source);
                ps.setLong(4, run);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int updated = rs.getInt(1);
                    int records = rs.getInt(2);
                    return new MergedStage(records, records - rs.getInt(3), updated);
                }
            }
        });
        em.unwrap(Session.class).doWork(c -> {
            try (var st = c.createStatement()) {
                st.execute("SET LOCAL nyckeln.usage_references_locked = off");
                st.execute("SET LOCAL enable_hashagg TO DEFAULT");
                st.execute("SET LOCAL enable_mergejoin TO DEFAULT");
            }
        });
        return merged;
    }

    /**
     * The first evidence of a file's products: when {@code licence_usage} holds no row of any product the file names
     * (so none of its keys is stored), its keys (grouped and in key order, {@code buffer}) are copied straight into
     * {@code licence_usage} with one {@code COPY}, after the same reference check and lock as {@link #mergeStaged},
     * and their count is answered; otherwise nothing is written and -1 answers (the caller stages and merges).
     */
    public long copyNew(String source, long run, References refs, SortedUsageBuffer buffer) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM licence_usage WHERE product_id = ANY (?))")) {
                ps.setArray(1, c.createArrayOf("bigint", refs.products().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return -1L;
                    }
                }
            }
            lockReferences(c, refs, run);
            long rows;
            try (CopyRows copy = CopyRows.open(c, "COPY licence_usage (product_id, person_id, device_id,"
                    + " last_activity, source, import_run_id) FROM STDIN")) {
                SQLException[] failed = new SQLException[1];
                buffer.drain((product, person, device, day) -> {
                    if (failed[0] != null) {
                        return;
                    }
                    try {
                        copy.add(product);
                        if (person == 0) {
                            copy.addNull();
                        } else {
                            copy.add(person);
                        }
                        if (device == 0) {
                            copy.addNull();
                        } else {
                            copy.add(device);
                        }
                        copy.add(day).add(source).add(run).endRow();
                    } catch (SQLException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
                rows = copy.finish();
            }
            try (var st = c.createStatement()) {
                st.execute("SET LOCAL nyckeln.usage_references_locked = off");
            }
            return rows;
        });
    }

    /**
     * Reads back and key-share locks every product, person and device of {@code refs} and the run, then tells the
     * row-by-row reference trigger that this transaction's next statement needs no check (turned off after it).
     */
    private static void lockReferences(Connection c, References refs, long run) throws SQLException {
        lock(c, "product", refs.products());
        lock(c, "person", refs.persons());
        lock(c, "device", refs.devices());
        lock(c, "import_run", List.of(run));
        try (var st = c.createStatement()) {
            st.execute("SET LOCAL nyckeln.usage_references_locked = on");
        }
    }

    /** Reads back and key-share locks the rows of {@code table} with these ids; any missing refuses the import. */
    private static void lock(Connection c, String table, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + table
                + " WHERE id = ANY (?) FOR KEY SHARE) locked")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long found = rs.getLong(1);
                if (found != ids.size()) {
                    throw new BusinessException(409, "usage-reference-gone", null, table, ids.size() - found);
                }
            }
        }
    }
}
