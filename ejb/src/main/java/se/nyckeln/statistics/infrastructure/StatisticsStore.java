package se.nyckeln.statistics.infrastructure;

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

/**
 * Reads the statistics straight from the dated tables with one set-based query per kind of figure, for a range of
 * months at once: each month is evaluated on its last day, or on today for the running month. Plain JDBC on the
 * transaction's connection, like the licensing store.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class StatisticsStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    /**
     * The version of everything the statistics read: the newest audit event (every change to the organisation,
     * licences and usage evidence writes one in its transaction); -1 while writers are in flight (nothing is cached
     * then; see {@code DataRevision}).
     */
    public long dataVersion() {
        return ((Number) em.createNativeQuery(se.nyckeln.platform.persistence.DataRevision.SQL)
                .getSingleResult()).longValue();
    }

    /**
     * The data revision and the newest visible audit event, read in one snapshot: {@code settled} is the revision of
     * {@link #dataVersion()} (-1 while writers are in flight), {@code visible} the newest committed audit event id
     * even then. An event committed after a settled read always has a higher id (ids are taken at insert, and no
     * writer was in flight at that read), so while {@code visible} still equals a settled revision nothing has been
     * committed since it, and what was made under it is still current.
     */
    public record Revision(long settled, long visible) {
    }

    public Revision revision() {
        Object[] row = (Object[]) em.createNativeQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM"
                + " pg_snapshot_xip(pg_current_snapshot())) THEN -1 ELSE 0 END,"
                + " (SELECT coalesce(max(id), 0) FROM audit_event)").getSingleResult();
        long visible = ((Number) row[1]).longValue();
        return new Revision(((Number) row[0]).longValue() < 0 ? -1 : visible, visible);
    }

    /** One unit's seats in one pool at the end of one month (allocated from the ledger, assignments in force). */
    public record SeatRow(LocalDate month, LocalDate day, long poolId, long productId, String publisher,
                          String productName, String edition, String sku, String metric, long unitId, long allocated,
                          long assigned, long inUse, long neverUsed) {
    }

    /** A pool's valid entitlements at the end of one month (quantity and Σ quantity × price). */
    public record PoolMonth(LocalDate month, long poolId, long productId, String publisher, String productName,
                            String edition, String sku, String metric, long entitledQuantity, long entitledValueOre) {
    }

    /** A unit's version valid on a month's end. */
    public record UnitRow(LocalDate month, long unitId, String code, String kind, String name, Long parentId) {
    }

    /** People and devices that are members of a unit on a month's end. */
    public record MemberRow(LocalDate month, long unitId, long persons, long devices) {
    }

    /** One assignment in force on the day, with its holder's newest usage date of the product (if any). */
    public record SeatHolderRow(long assignmentId, long unitId, Long personId, Long deviceId, LocalDate validFrom,
                                LocalDate lastActivity) {
    }

    // months: the first day of each month from m0 to m1 (no later than today's month), evaluated on d = the month's
    // last day or today, whichever comes first. JDBC has only positional parameters; they are bound once in par.
    private static final String MONTHS = "WITH par AS (SELECT CAST(? AS date) AS m0, CAST(? AS date) AS m1,"
            + " CAST(? AS date) AS today, CAST(? AS integer) AS n),"
            + " months AS (SELECT CAST(m AS date) AS month,"
            + "   least(CAST(m + interval '1 month' - interval '1 day' AS date), par.today) AS d"
            + "   FROM par, generate_series(par.m0, par.m1, interval '1 month') m WHERE CAST(m AS date) <= par.today)";

    private static final String SEATS = MONTHS + ","
            + " alloc AS (SELECT mo.month, mv.pool_id, mv.unit_id, sum(mv.delta) AS allocated"
            + "   FROM months mo JOIN allocation_movement mv ON mv.effective_from <= mo.d GROUP BY 1, 2, 3),"
            + " asg AS (SELECT mo.month, a.pool_id, a.unit_id, count(*) AS assigned,"
            + "   count(*) FILTER (WHERE coalesce(up.last_activity, ud.last_activity) BETWEEN mo.d - (SELECT n FROM par) AND mo.d) AS in_use,"
            + "   count(*) FILTER (WHERE coalesce(up.last_activity, ud.last_activity) IS NULL"
            + "     OR coalesce(up.last_activity, ud.last_activity) > mo.d) AS never_used"
            + "   FROM months mo JOIN licence_assignment a ON a.valid_from <= mo.d AND (a.valid_to IS NULL OR a.valid_to >= mo.d)"
            + "   JOIN licence_pool p ON p.id = a.pool_id"
            // the evidence by the usage table's unique key, one join per kind of holder (at most one row each; an
            // OR of the two cannot use the key and turned the join into a scan of a product's usage per assignment)
            + "   LEFT JOIN licence_usage up ON up.product_id = p.product_id AND up.person_id = a.person_id"
            + "   LEFT JOIN licence_usage ud ON ud.product_id = p.product_id AND ud.device_id = a.device_id"
            + "   GROUP BY 1, 2, 3),"
            + " un AS (SELECT coalesce(al.month, s.month) AS month, coalesce(al.pool_id, s.pool_id) AS pool_id,"
            + "   coalesce(al.unit_id, s.unit_id) AS unit_id, coalesce(al.allocated, 0) AS allocated,"
            + "   coalesce(s.assigned, 0) AS assigned, coalesce(s.in_use, 0) AS in_use, coalesce(s.never_used, 0) AS never_used"
            + "   FROM alloc al FULL JOIN asg s ON s.month = al.month AND s.pool_id = al.pool_id AND s.unit_id = al.unit_id"
            + "   WHERE coalesce(al.allocated, 0) <> 0 OR coalesce(s.assigned, 0) <> 0)"
            + " SELECT un.month, mo.d, lp.id, p.id, p.publisher, p.name, p.edition, p.sku, p.metric, un.unit_id,"
            + "   un.allocated, un.assigned, un.in_use, un.never_used"
            + " FROM un JOIN months mo ON mo.month = un.month JOIN licence_pool lp ON lp.id = un.pool_id"
            + " JOIN product p ON p.id = lp.product_id ORDER BY un.month, p.name, lp.id, un.unit_id";

    /** Every unit's seats in every pool at the end of each month in [firstMonth, lastMonth]. */
    public List<SeatRow> seats(LocalDate firstMonth, LocalDate lastMonth, LocalDate today, int inUseDays) {
        return query(SEATS, rs -> new SeatRow(date(rs, 1), date(rs, 2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getLong(11),
                rs.getLong(12), rs.getLong(13), rs.getLong(14)), firstMonth, lastMonth, today, inUseDays);
    }

    private static final String POOL_MONTHS = MONTHS
            + " SELECT mo.month, lp.id, p.id, p.publisher, p.name, p.edition, p.sku, p.metric,"
            + "   coalesce(sum(e.quantity), 0), coalesce(sum(e.quantity * e.unit_price_ore), 0)"
            + " FROM months mo CROSS JOIN licence_pool lp JOIN product p ON p.id = lp.product_id"
            + " LEFT JOIN entitlement e ON e.pool_id = lp.id AND e.valid_from <= mo.d AND (e.valid_to IS NULL OR e.valid_to >= mo.d)"
            + " GROUP BY mo.month, lp.id, p.id ORDER BY mo.month, p.name, lp.id";

    /** Every pool's valid entitlements at the end of each month. */
    public List<PoolMonth> poolMonths(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(POOL_MONTHS, rs -> new PoolMonth(date(rs, 1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10)),
                firstMonth, lastMonth, today, 0);
    }

    private static final String UNITS = MONTHS
            + " SELECT mo.month, u.id, u.code, u.kind, v.name, v.parent_id FROM months mo"
            + " JOIN org_unit_version v ON v.valid_from <= mo.d AND (v.valid_to IS NULL OR v.valid_to >= mo.d)"
            + " JOIN org_unit u ON u.id = v.unit_id ORDER BY mo.month, u.id";

    /** The organisation as it stood at the end of each month. */
    public List<UnitRow> units(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(UNITS, rs -> new UnitRow(date(rs, 1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getObject(6, Long.class)), firstMonth, lastMonth, today, 0);
    }

    private static final String MEMBERS = MONTHS + ","
            + " p AS (SELECT mo.month, m.unit_id, count(*) AS n FROM months mo JOIN person_membership m"
            + "   ON m.valid_from <= mo.d AND (m.valid_to IS NULL OR m.valid_to >= mo.d) GROUP BY 1, 2),"
            + " d AS (SELECT mo.month, m.unit_id, count(*) AS n FROM months mo JOIN device_membership m"
            + "   ON m.valid_from <= mo.d AND (m.valid_to IS NULL OR m.valid_to >= mo.d) GROUP BY 1, 2)"
            + " SELECT coalesce(p.month, d.month), coalesce(p.unit_id, d.unit_id), coalesce(p.n, 0), coalesce(d.n, 0)"
            + " FROM p FULL JOIN d ON d.month = p.month AND d.unit_id = p.unit_id";

    /** Members (people, devices) of each unit at the end of each month. */
    public List<MemberRow> members(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(MEMBERS, rs -> new MemberRow(date(rs, 1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                firstMonth, lastMonth, today, 0);
    }

    /** The assignments of the product's pools held by the given units in force on {@code day}. */
    public List<SeatHolderRow> holders(long productId, Long[] unitIds, LocalDate day) {
        return work(c -> {
            // the evidence by the usage table's unique key, one join per kind of holder (see SEATS)
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.unit_id, a.person_id, a.device_id,"
                    + " a.valid_from, CASE WHEN coalesce(up.last_activity, ud.last_activity) <= ?"
                    + "   THEN coalesce(up.last_activity, ud.last_activity) END"
                    + " FROM licence_assignment a JOIN licence_pool p ON p.id = a.pool_id"
                    + " LEFT JOIN licence_usage up ON up.product_id = p.product_id AND up.person_id = a.person_id"
                    + " LEFT JOIN licence_usage ud ON ud.product_id = p.product_id AND ud.device_id = a.device_id"
                    + " WHERE p.product_id = ? AND a.unit_id = ANY (?) AND a.valid_from <= ?"
                    + " AND (a.valid_to IS NULL OR a.valid_to >= ?) ORDER BY a.unit_id, a.id")) {
                ps.setObject(1, day);
                ps.setLong(2, productId);
                ps.setArray(3, c.createArrayOf("bigint", unitIds));
                ps.setObject(4, day);
                ps.setObject(5, day);
                try (ResultSet rs = ps.executeQuery()) {
                    List<SeatHolderRow> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new SeatHolderRow(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class),
                                rs.getObject(4, Long.class), date(rs, 5), date(rs, 6)));
                    }
                    return list;
                }
            }
        });
    }

    /** A unit's chargeback statement in one run: the run and the sum of the unit's lines in it. */
    public record StatementRow(long runId, String period, String state, long unitId, long totalOre) {
    }

    /** The chargeback statements (runs with lines for the unit) of the given units in runs of the period. */
    public List<StatementRow> statements(Long[] unitIds, String period) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.period, r.state, l.unit_id,"
                    + " sum(l.amount_ore) FROM cb_run r JOIN cb_run_line l ON l.run_id = r.id"
                    + " WHERE r.period = ? AND l.unit_id = ANY (?)"
                    + " GROUP BY r.id, r.period, r.state, l.unit_id ORDER BY r.id, l.unit_id")) {
                ps.setString(1, period);
                ps.setArray(2, c.createArrayOf("bigint", unitIds));
                try (ResultSet rs = ps.executeQuery()) {
                    List<StatementRow> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(new StatementRow(rs.getLong(1), rs.getString(2).trim(), rs.getString(3),
                                rs.getLong(4), rs.getLong(5)));
                    }
                    return list;
                }
            }
        });
    }

    // ------------------------------------------------------------------ outcomes (reuse, fidelity, suppliers)

    /**
     * What one unit achieved by reuse in one month: seats taken back by approved harvest proposals (the proposal's
     * unit; counted in the month of the first day without the seat), seats received by reallocation (the receiving
     * unit; the month it took effect), seats of requests filled from the pool instead of bought (reuse savings; the
     * requesting unit and the day saved) and the SEK those purchases avoided: seats × the product's agreed list
     * price on the day (the first band of the valid SEK price rows of a valid agreement for any alias of the product,
     * the cheapest if several), else × the pool's seat price the saving recorded ({@code pricedByPool} seats).
     */
    public record ReuseRow(LocalDate month, long unitId, long harvested, long reallocated, long avoided,
                           long avoidedOre, long pricedByPool) {
    }

    private static final String REUSE = MONTHS
            + " SELECT month, unit_id, sum(harvested), sum(reallocated), sum(avoided), sum(avoided_ore),"
            + "   sum(pool_priced) FROM ("
            + " SELECT mo.month, hp.unit_id, 1 AS harvested, 0 AS reallocated, 0 AS avoided, 0 AS avoided_ore,"
            + "   0 AS pool_priced FROM months mo JOIN harvest_proposal hp ON hp.status = 'APPROVED'"
            + "   AND hp.end_date BETWEEN mo.month AND mo.d"
            + " UNION ALL SELECT mo.month, ra.to_unit_id, 0, ra.quantity, 0, 0, 0 FROM months mo"
            + "   JOIN reallocation ra ON ra.effective_from BETWEEN mo.month AND mo.d"
            + " UNION ALL SELECT mo.month, rs.unit_id, 0, 0, rs.seats, rs.seats * coalesce(ap.price, rs.unit_price_ore),"
            + "   CASE WHEN ap.price IS NULL THEN rs.seats ELSE 0 END FROM months mo"
            + "   JOIN reuse_saving rs ON rs.saved_on BETWEEN mo.month AND mo.d JOIN product p ON p.id = rs.product_id"
            + "   LEFT JOIN LATERAL (SELECT pr.unit_price_ore AS price FROM price_row pr"
            + "     JOIN agreement a ON a.id = pr.agreement_id"
            + "     WHERE pr.sku_key IN (SELECT lower(pa.alias) FROM product_alias pa WHERE pa.product_id = p.id"
            + "       UNION SELECT lower(p.sku))"
            + "     AND pr.currency = 'SEK' AND pr.valid_from <= rs.saved_on"
            + "     AND (pr.valid_to IS NULL OR pr.valid_to >= rs.saved_on)"
            + "     AND a.valid_from <= rs.saved_on AND (a.valid_to IS NULL OR a.valid_to >= rs.saved_on)"
            + "     ORDER BY pr.min_quantity, pr.unit_price_ore, pr.id LIMIT 1) ap ON true"
            + " ) x GROUP BY 1, 2 ORDER BY 1, 2";

    /** Reuse achieved per unit (its own, not rolled up) and month in [firstMonth, lastMonth]. */
    public List<ReuseRow> reuse(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(REUSE, rs -> new ReuseRow(date(rs, 1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7)), firstMonth, lastMonth, today, 0);
    }

    /**
     * One buyer unit's licence spend in one month (invoice date), split by the matching verdict: a licence line is a
     * purchase line in SEK whose SKU, seller item id, standard item id or item name is an alias of a product in the
     * licensing catalogue (the rule that makes lines entitlements, docs/agreements.md); credits count negative.
     * {@code unitId} null: lines whose buyer reference names no unit (city totals only).
     */
    public record SpendRow(LocalDate month, Long unitId, long spendOre, long okOre, long wrongPriceOre,
                           long wrongAgreementOre, long lines) {
    }

    private static final String SPEND = MONTHS
            + " SELECT mo.month, l.unit_id, sum(l.line_amount_ore),"
            + "   coalesce(sum(l.line_amount_ore) FILTER (WHERE l.verdict = 'OK'), 0),"
            + "   coalesce(sum(l.line_amount_ore) FILTER (WHERE l.verdict = 'WRONG_PRICE'), 0),"
            + "   coalesce(sum(l.line_amount_ore) FILTER (WHERE l.verdict = 'WRONG_AGREEMENT'), 0), count(*)"
            + " FROM months mo JOIN purchase_invoice i ON i.issue_date BETWEEN mo.month AND mo.d AND i.currency = 'SEK'"
            + " JOIN purchase_line l ON l.invoice_id = i.id"
            + " WHERE EXISTS (SELECT 1 FROM product_alias pa WHERE lower(pa.alias) IN (lower(btrim(l.sku)),"
            + "   lower(btrim(l.seller_item_id)), lower(btrim(l.standard_item_id)), lower(btrim(l.item_name))))"
            + " GROUP BY 1, 2 ORDER BY 1, 2";

    /** Licence spend per buyer unit and month, by verdict. */
    public List<SpendRow> licenceSpend(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(SPEND, rs -> new SpendRow(date(rs, 1), rs.getObject(2, Long.class), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)), firstMonth, lastMonth, today, 0);
    }

    /** An effective supplier (the survivor of a merge) with IT spend for a buyer unit (null: unmapped) in a month. */
    public record SupplierRow(LocalDate month, Long unitId, long supplierId) {
    }

    // the suppliers context's own view of its lines (V70/V71): counted_it = counted in the IT spend
    private static final String SUPPLIERS = MONTHS
            + " SELECT mo.month, sl.unit_id, sl.supplier_id FROM months mo"
            + " JOIN supplier_line sl ON sl.issue_date BETWEEN mo.month AND mo.d WHERE sl.counted_it"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";

    /** The active suppliers (at least one line counted in the IT spend) per buyer unit and month. */
    public List<SupplierRow> activeSuppliers(LocalDate firstMonth, LocalDate lastMonth, LocalDate today) {
        return query(SUPPLIERS, rs -> new SupplierRow(date(rs, 1), rs.getObject(2, Long.class), rs.getLong(3)),
                firstMonth, lastMonth, today, 0);
    }

    // ------------------------------------------------------------------ JDBC plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> T work(SqlWork<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(mapper.map(rs));
                    }
                    return list;
                }
            }
        });
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
