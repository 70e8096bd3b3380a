package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harvest tables in plain JDBC on the caller's transaction. Proposals are produced set-based over all open
 * assignments ({@link #generate}: one selection into a temporary table, then three set-based writes); decisions
 * are guarded updates of single rows.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class HarvestStore {

    /** Idle days of a product without a setting of its own. */
    public static final int DEFAULT_IDLE_DAYS = 90;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    /** What a run did; {@code firstCreated}/{@code lastCreated}: the range of the new proposals' ids (null: none). */
    public record RunCounts(long candidates, long created, long refreshed, long withdrawn, Long firstCreated,
                            Long lastCreated) {
    }

    public record ProposalRow(long id, long assignmentId, long poolId, long unitId, String unitCode, long productId,
                              String productName, String sku, Long personId, String personUpn, Long deviceId,
                              String deviceSerial, String reason, LocalDate lastActivity, String usageSource,
                              LocalDate membershipChange, int idleDays, Long monthlyValueOre, String status,
                              LocalDate proposedOn, LocalDate refreshedOn, String decidedBy, LocalDate endDate,
                              String note) {
    }

    public record Filter(String status, Long poolId, Long productId, Long unitId, Long[] visibleUnits) {
    }

    public record Summary(long unitId, String unitCode, long poolId, long productId, String productName, long seats,
                          Long monthlyValueOre) {
    }

    // The candidates on day d: every open assignment (no last day recorded) that began on or before d, with its
    // evidence and the one reason that applies first (HarvestReason order). Membership and usage are read set-based:
    // the holder's membership in force on d, the last one that ended before d, and the usage row of the product.
    // "Moved": the member unit is not the assignment's unit or below it in the tree as it stands on d (the unit
    // closure is built once per run over the unit versions valid on d, not per assignment).
    // {d} is the day, bound as a parameter at each place (see prepare), so the planner sees its value.
    private static final String CANDIDATES = "WITH RECURSIVE"
            + " tree AS (SELECT v.unit_id, v.parent_id FROM org_unit_version v"
            + "   WHERE v.valid_from <= {d} AND (v.valid_to IS NULL OR v.valid_to >= {d})),"
            + " closure(unit_id, ancestor_id, depth) AS (SELECT unit_id, unit_id, 0 FROM tree"
            + "   UNION ALL SELECT c.unit_id, t.parent_id, c.depth + 1 FROM closure c JOIN tree t ON t.unit_id = c.ancestor_id"
            + "   WHERE t.parent_id IS NOT NULL AND c.depth < 64),"
            + " ent AS (SELECT e.pool_id, CAST(sum(e.quantity) AS bigint) AS q, CAST(sum(e.quantity * e.unit_price_ore) AS bigint) AS v"
            + "   FROM entitlement e"
            + "   WHERE e.valid_from <= {d} AND (e.valid_to IS NULL OR e.valid_to >= {d}) GROUP BY e.pool_id),"
            // the holder's membership in force on d (at most one: memberships do not overlap) and the end of its
            // latest earlier one are joined set-based (hash joins over the membership tables), not looked up per
            // assignment (a LATERAL per assignment made a run over a million assignments take half a minute)
            + " ppast AS (SELECT m.person_id, max(m.valid_to) AS ended FROM person_membership m"
            + "   WHERE m.valid_to < {d} GROUP BY m.person_id),"
            + " dpast AS (SELECT m.device_id, max(m.valid_to) AS ended FROM device_membership m"
            + "   WHERE m.valid_to < {d} GROUP BY m.device_id),"
            // per kind of holder (an assignment has a person or a device, never both): each half joins only its
            // own usage rows and membership table, so each usage row and membership is read once, not twice
            + " held AS (SELECT a.id AS assignment_id, a.pool_id, a.unit_id, lp.product_id, a.person_id, a.device_id,"
            + "   a.valid_from, a.counted, u.last_activity, u.source AS usage_source, m.unit_id AS member_unit,"
            + "   m.valid_from AS member_from, pp.ended"
            + "   FROM licence_assignment a JOIN licence_pool lp ON lp.id = a.pool_id"
            + "   LEFT JOIN licence_usage u ON u.product_id = lp.product_id AND u.person_id = a.person_id AND u.device_id IS NULL"
            + "   LEFT JOIN person_membership m ON m.person_id = a.person_id"
            + "     AND m.valid_from <= {d} AND (m.valid_to IS NULL OR m.valid_to >= {d})"
            + "   LEFT JOIN ppast pp ON pp.person_id = a.person_id"
            + "   WHERE a.person_id IS NOT NULL AND a.valid_to IS NULL AND a.valid_from <= {d}"
            + "   UNION ALL"
            + "   SELECT a.id, a.pool_id, a.unit_id, lp.product_id, a.person_id, a.device_id, a.valid_from, a.counted,"
            + "   u.last_activity, u.source, m.unit_id, m.valid_from, dp.ended"
            + "   FROM licence_assignment a JOIN licence_pool lp ON lp.id = a.pool_id"
            + "   LEFT JOIN licence_usage u ON u.product_id = lp.product_id AND u.device_id = a.device_id AND u.person_id IS NULL"
            + "   LEFT JOIN device_membership m ON m.device_id = a.device_id"
            + "     AND m.valid_from <= {d} AND (m.valid_to IS NULL OR m.valid_to >= {d})"
            + "   LEFT JOIN dpast dp ON dp.device_id = a.device_id"
            + "   WHERE a.device_id IS NOT NULL AND a.valid_to IS NULL AND a.valid_from <= {d}),"
            + " ev AS (SELECT h.*, coalesce(hs.idle_days, " + DEFAULT_IDLE_DAYS + ") AS idle_days,"
            + "   CASE WHEN ent.q > 0 THEN (2 * ent.v + ent.q) / (2 * ent.q) END AS price"
            + "   FROM held h LEFT JOIN harvest_setting hs ON hs.product_id = h.product_id"
            + "   LEFT JOIN ent ON ent.pool_id = h.pool_id),"
            + " cand AS (SELECT ev.*, greatest(ev.member_from, ev.ended) AS membership_change,"
            + "   CASE WHEN ev.member_unit IS NULL AND ev.person_id IS NOT NULL THEN 'LEFT'"
            + "        WHEN ev.member_unit IS NULL THEN 'DEVICE_RETIRED'"
            + "        WHEN NOT EXISTS (SELECT 1 FROM closure c WHERE c.unit_id = ev.member_unit AND c.ancestor_id = ev.unit_id) THEN 'MOVED'"
            + "        WHEN ev.valid_from <= {d} - ev.idle_days AND (ev.last_activity IS NULL OR ev.last_activity < {d} - ev.idle_days)"
            + "          THEN 'IDLE' END AS reason,"
            + "   CASE WHEN ev.counted THEN ev.price ELSE 0 END AS monthly_value_ore"
            + "   FROM ev)"
            + " SELECT assignment_id, pool_id, unit_id, product_id, person_id, device_id, reason, last_activity,"
            + " usage_source, membership_change, idle_days, monthly_value_ore FROM cand WHERE reason IS NOT NULL";

    // The run's candidates, in a temporary table of the transaction: written like any query result (no WAL, and
    // the selection may use parallel workers, which a statement that also writes proposals may not), then read by
    // the three writes below.
    private static final String FOUND = "CREATE TEMP TABLE harvest_found ON COMMIT DROP AS " + CANDIDATES;

    // pending proposals whose assignment is no longer a candidate
    private static final String WITHDRAW = "UPDATE harvest_proposal h SET status = 'WITHDRAWN', refreshed_on = {d}"
            + " WHERE h.status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM harvest_found f WHERE f.assignment_id = h.assignment_id)";

    // pending proposals still a candidate get today's evidence (only those whose evidence changed are written)
    private static final String REFRESH = "UPDATE harvest_proposal h SET reason = f.reason, last_activity = f.last_activity,"
            + " usage_source = f.usage_source, membership_change = f.membership_change, idle_days = f.idle_days,"
            + " monthly_value_ore = f.monthly_value_ore, refreshed_on = {d}"
            + " FROM harvest_found f WHERE h.status = 'PENDING' AND h.assignment_id = f.assignment_id"
            + " AND (h.reason, h.last_activity, h.usage_source, h.membership_change, h.idle_days, h.monthly_value_ore)"
            + "   IS DISTINCT FROM (f.reason, f.last_activity, f.usage_source, f.membership_change, f.idle_days, f.monthly_value_ore)";

    // every other candidate gets a new proposal, unless a rejection saw evidence at least as new (HarvestEvidence):
    // a rejection suppresses while neither date of today's evidence is later than what it saw. The run holds the
    // harvest lock (every writer of proposals does), so no other transaction can add a pending proposal meanwhile;
    // the unique index harvest_proposal_pending (pool, assignment; V28) stays the last line of defence. Answers the
    // count and the range of the new proposals' ids (for the run's audit entry).
    private static final String CREATE = "WITH created AS (INSERT INTO harvest_proposal (assignment_id, pool_id, unit_id,"
            + " product_id, person_id, device_id, reason, last_activity, usage_source, membership_change, idle_days,"
            + " monthly_value_ore, proposed_on, refreshed_on)"
            + " SELECT f.assignment_id, f.pool_id, f.unit_id, f.product_id, f.person_id, f.device_id, f.reason,"
            + " f.last_activity, f.usage_source, f.membership_change, f.idle_days, f.monthly_value_ore, {d}, {d}"
            + " FROM harvest_found f"
            + " WHERE NOT EXISTS (SELECT 1 FROM harvest_proposal p WHERE p.assignment_id = f.assignment_id AND p.status = 'PENDING')"
            + " AND NOT EXISTS (SELECT 1 FROM harvest_proposal r WHERE r.assignment_id = f.assignment_id AND r.status = 'REJECTED'"
            + "   AND coalesce(f.last_activity, '-infinity') <= coalesce(r.last_activity, '-infinity')"
            + "   AND coalesce(f.membership_change, '-infinity') <= coalesce(r.membership_change, '-infinity'))"
            + " RETURNING id)"
            + " SELECT count(*), min(id), max(id) FROM created";

    /**
     * Brings the proposals up to date for {@code day}: the candidates are selected in one statement (one snapshot)
     * into a temporary table; then pending proposals whose assignment is no longer a candidate are withdrawn, those
     * still a candidate get today's evidence, and every other candidate gets a new proposal unless a rejection saw
     * evidence at least as new (see HarvestEvidence). Concurrent runs and decisions are serialised by a
     * transaction-level advisory lock.
     */
    public RunCounts generate(LocalDate day) {
        serialise();
        return work(c -> {
            update(c, "DROP TABLE IF EXISTS pg_temp.harvest_found", day);
            update(c, FOUND, day);
            long candidates;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM harvest_found");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                candidates = rs.getLong(1);
            }
            long withdrawn = update(c, WITHDRAW, day);
            long refreshed = update(c, REFRESH, day);
            try (PreparedStatement ps = prepare(c, CREATE, day); ResultSet rs = ps.executeQuery()) {
                rs.next();
                RunCounts counts = new RunCounts(candidates, rs.getLong(1), refreshed, withdrawn,
                        rs.getObject(2, Long.class), rs.getObject(3, Long.class));
                update(c, "DROP TABLE harvest_found", day);
                return counts;
            }
        });
    }

    /** {@code sql} with every {day} placeholder a parameter bound to {@code day}. */
    private static PreparedStatement prepare(Connection c, String sql, LocalDate day) throws SQLException {
        String[] parts = sql.split("\\{d\\}", -1);
        PreparedStatement ps = c.prepareStatement(String.join("CAST(? AS date)", parts));
        for (int i = 1; i < parts.length; i++) {
            ps.setObject(i, day);
        }
        return ps;
    }

    private static long update(Connection c, String sql, LocalDate day) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, day)) {
            return ps.executeLargeUpdate();
        }
    }

    /**
     * Takes the harvest lock until the transaction ends: runs and decisions happen one at a time, so a run never
     * refreshes a proposal that a decision is changing (and the two cannot deadlock on proposal rows).
     */
    public void serialise() {
        work(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('nyckeln.harvest'))")) {
                lock.execute();
            }
            return null;
        });
    }

    private static final String PROPOSAL_SELECT = "SELECT h.id, h.assignment_id, h.pool_id, h.unit_id, u.code, h.product_id,"
            + " p.name, p.sku, h.person_id, pe.upn, h.device_id, dv.serial_number, h.reason, h.last_activity, h.usage_source,"
            + " h.membership_change, h.idle_days, h.monthly_value_ore, h.status, h.proposed_on, h.refreshed_on, h.decided_by,"
            + " h.end_date, h.note FROM harvest_proposal h JOIN product p ON p.id = h.product_id"
            + " JOIN org_unit u ON u.id = h.unit_id LEFT JOIN person pe ON pe.id = h.person_id"
            + " LEFT JOIN device dv ON dv.id = h.device_id";

    public List<ProposalRow> proposals(Filter f) {
        return work(c -> {
            String sql = PROPOSAL_SELECT + " WHERE (CAST(? AS text) IS NULL OR h.status = ?)"
                    + " AND (CAST(? AS bigint) IS NULL OR h.pool_id = ?) AND (CAST(? AS bigint) IS NULL OR h.product_id = ?)"
                    + " AND (CAST(? AS bigint) IS NULL OR h.unit_id = ?) AND (CAST(? AS bigint[]) IS NULL OR h.unit_id = ANY (?))"
                    + " ORDER BY h.monthly_value_ore DESC NULLS LAST, h.id LIMIT 5000";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, f.status());
                ps.setObject(2, f.status());
                ps.setObject(3, f.poolId());
                ps.setObject(4, f.poolId());
                ps.setObject(5, f.productId());
                ps.setObject(6, f.productId());
                ps.setObject(7, f.unitId());
                ps.setObject(8, f.unitId());
                java.sql.Array ids = f.visibleUnits() == null ? null : c.createArrayOf("bigint", f.visibleUnits());
                ps.setArray(9, ids);
                ps.setArray(10, ids);
                return list(ps);
            }
        });
    }

    public Optional<ProposalRow> proposal(long id) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(PROPOSAL_SELECT + " WHERE h.id = ?")) {
                ps.setLong(1, id);
                return list(ps).stream().findFirst();
            }
        });
    }

    /** Locks the proposal row until the transaction ends (decisions on one proposal happen one at a time). */
    public Optional<String> lockStatus(long id) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM harvest_proposal WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** PENDING → APPROVED/REJECTED; false when the proposal was no longer pending. */
    public boolean decide(long id, String status, String actor, LocalDate endDate, String note) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE harvest_proposal SET status = ?, decided_by = ?,"
                    + " decided_at = now(), end_date = ?, note = ? WHERE id = ? AND status = 'PENDING'")) {
                ps.setString(1, status);
                ps.setString(2, actor);
                ps.setObject(3, endDate);
                ps.setString(4, note);
                ps.setLong(5, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Hands one seat of the unit back to the pool from {@code from}: the pool's counter and the ledger. */
    public boolean releaseSeat(long poolId, long unitId, LocalDate from, long proposalId) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pool_unit_seats SET allocated = allocated - 1"
                    + " WHERE pool_id = ? AND unit_id = ? AND allocated - 1 >= assigned")) {
                ps.setLong(1, poolId);
                ps.setLong(2, unitId);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE licence_pool SET allocated = allocated - 1, version = version + 1 WHERE id = ?")) {
                ps.setLong(1, poolId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO allocation_movement (pool_id, unit_id, delta,"
                    + " effective_from, kind, harvest_proposal_id) VALUES (?, ?, -1, ?, 'RELEASE', ?)")) {
                ps.setLong(1, poolId);
                ps.setLong(2, unitId);
                ps.setObject(3, from);
                ps.setLong(4, proposalId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Pending proposals per unit and pool (what each unit could return), for the visible units. */
    public List<Summary> summary(Long[] visibleUnits) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT h.unit_id, u.code, h.pool_id, h.product_id, p.name,"
                    + " count(*), CAST(sum(h.monthly_value_ore) AS bigint) FROM harvest_proposal h JOIN product p ON p.id = h.product_id"
                    + " JOIN org_unit u ON u.id = h.unit_id WHERE h.status = 'PENDING'"
                    + " AND (CAST(? AS bigint[]) IS NULL OR h.unit_id = ANY (?))"
                    + " GROUP BY h.unit_id, u.code, h.pool_id, h.product_id, p.name ORDER BY u.code, p.name, h.pool_id")) {
                java.sql.Array ids = visibleUnits == null ? null : c.createArrayOf("bigint", visibleUnits);
                ps.setArray(1, ids);
                ps.setArray(2, ids);
                List<Summary> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Summary(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getString(5), rs.getLong(6), rs.getObject(7, Long.class)));
                    }
                }
                return out;
            }
        });
    }

    /** Pending proposals of the pool, oldest evidence first (what a request may be offered). */
    public List<ProposalRow> pendingOfPool(long poolId, int limit) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(PROPOSAL_SELECT + " WHERE h.status = 'PENDING' AND h.pool_id = ?"
                    + " ORDER BY h.last_activity NULLS FIRST, h.id LIMIT ?")) {
                ps.setLong(1, poolId);
                ps.setInt(2, limit);
                return list(ps);
            }
        });
    }

    public record Setting(long productId, String productName, String sku, int idleDays, boolean own) {
    }

    public List<Setting> settings() {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.name, p.sku, coalesce(h.idle_days, "
                    + DEFAULT_IDLE_DAYS + "), h.product_id IS NOT NULL FROM product p LEFT JOIN harvest_setting h"
                    + " ON h.product_id = p.id ORDER BY p.name, p.id");
                 ResultSet rs = ps.executeQuery()) {
                List<Setting> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Setting(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5)));
                }
                return out;
            }
        });
    }

    /** The product's idle days before the change (the default when it had none of its own). */
    public int setIdleDays(long productId, int idleDays) {
        return work(c -> {
            int before = DEFAULT_IDLE_DAYS;
            try (PreparedStatement ps = c.prepareStatement("SELECT idle_days FROM harvest_setting WHERE product_id = ? FOR UPDATE")) {
                ps.setLong(1, productId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        before = rs.getInt(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO harvest_setting (product_id, idle_days) VALUES (?, ?)"
                    + " ON CONFLICT (product_id) DO UPDATE SET idle_days = EXCLUDED.idle_days")) {
                ps.setLong(1, productId);
                ps.setInt(2, idleDays);
                ps.executeUpdate();
            }
            return before;
        });
    }

    private static List<ProposalRow> list(PreparedStatement ps) throws SQLException {
        List<ProposalRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ProposalRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getObject(9, Long.class), rs.getString(10),
                        rs.getObject(11, Long.class), rs.getString(12), rs.getString(13), date(rs, 14), rs.getString(15),
                        date(rs, 16), rs.getInt(17), rs.getObject(18, Long.class), rs.getString(19), date(rs, 20),
                        date(rs, 21), rs.getString(22), date(rs, 23), rs.getString(24)));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(SqlWork<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
