package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.licensing.domain.EntitlementTerm;
import se.nyckeln.licensing.domain.Holdings;
import se.nyckeln.licensing.domain.LicenceMetric;
import se.nyckeln.licensing.domain.LicenceTerm;
import se.nyckeln.platform.persistence.Sql;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the licensing tables with plain JDBC on the transaction's connection (JDBC binds a null
 * as "type unknown", which PostgreSQL infers from the column; and the guarded UPDATE must be exactly the
 * statement written here). Runs only inside the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class LicensingStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    public record ProductRow(long id, String publisher, String name, String edition, String sku, LicenceMetric metric,
                             LicenceTerm term, List<String> aliases) {
    }

    public record PoolRow(long id, long productId, String productName, String sku, LicenceMetric metric,
                          long ownerUnitId, Long capacity, long allocated, boolean bolagMayDraw, long version) {
    }

    public record EntitlementRow(long id, long poolId, long quantity, long unitPriceOre, String purchaseReference,
                                 LocalDate validFrom, LocalDate validTo, boolean bolagMayDraw) {
        public EntitlementTerm term() {
            return new EntitlementTerm(quantity, validFrom, validTo);
        }
    }

    // ------------------------------------------------------------------ catalogue

    public List<ProductRow> products(String alias) {
        String where = alias == null ? "" : " WHERE p.id IN (SELECT product_id FROM product_alias WHERE lower(alias) = lower(?))";
        return work(c -> {
            List<ProductRow> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.publisher, p.name, p.edition, p.sku,"
                    + " p.metric, p.term FROM product p" + where + " ORDER BY p.publisher, p.name, p.id")) {
                if (alias != null) {
                    ps.setString(1, alias.trim());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(product(rs, List.of()));
                    }
                }
            }
            Map<Long, List<String>> aliases = aliases(c, list.stream().map(ProductRow::id).toList());
            return list.stream().map(p -> new ProductRow(p.id(), p.publisher(), p.name(), p.edition(), p.sku(),
                    p.metric(), p.term(), aliases.getOrDefault(p.id(), List.of()))).toList();
        });
    }

    public Optional<ProductRow> product(long id) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, publisher, name, edition, sku, metric, term"
                    + " FROM product WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(product(rs, aliases(c, List.of(id)).getOrDefault(id, List.of())));
                }
            }
        });
    }

    private static ProductRow product(ResultSet rs, List<String> aliases) throws SQLException {
        return new ProductRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                LicenceMetric.valueOf(rs.getString(6)), LicenceTerm.valueOf(rs.getString(7)), aliases);
    }

    private static Map<Long, List<String>> aliases(Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<String>> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT product_id, alias FROM product_alias"
                + " WHERE product_id = ANY (?) ORDER BY product_id, id")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return result;
    }

    /** The product an alias (any case) already names, if any. */
    public Optional<Long> productByAlias(String alias) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT product_id FROM product_alias WHERE lower(alias) = lower(?)")) {
                ps.setString(1, alias.trim());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    /** Product ids by alias for many aliases at once; keys are the lower-cased aliases that name a product. */
    public Map<String, Long> productsByAliases(java.util.Collection<String> aliases) {
        Map<String, Long> ids = new java.util.HashMap<>();
        if (aliases.isEmpty()) {
            return ids;
        }
        Object[] wanted = aliases.stream().map(a -> a.trim().toLowerCase(java.util.Locale.ROOT)).toArray();
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lower(alias), product_id FROM product_alias WHERE lower(alias) = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("text", wanted));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return ids;
        });
    }

    public long insertProduct(String publisher, String name, String edition, String sku, LicenceMetric metric,
                              LicenceTerm term) {
        return insert("INSERT INTO product (publisher, name, edition, sku, metric, term) VALUES (?, ?, ?, ?, ?, ?)"
                + " RETURNING id", publisher, name, edition, sku, metric.name(), term.name());
    }

    /** False when the alias (any case) was taken meanwhile: the unique index decides, not a prior read. */
    public boolean insertAlias(long productId, String alias) {
        return update("INSERT INTO product_alias (product_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
                productId, alias.trim()) == 1;
    }

    // ------------------------------------------------------------------ pools and entitlements

    private static final String POOL_SELECT = "SELECT l.id, l.product_id, p.name, p.sku, p.metric, l.owner_unit_id,"
            + " l.capacity, l.allocated, l.bolag_may_draw, l.version FROM licence_pool l JOIN product p ON p.id = l.product_id";

    public List<PoolRow> pools() {
        return pools(POOL_SELECT + " ORDER BY p.name, l.id");
    }

    public Optional<PoolRow> pool(long id) {
        return pools(POOL_SELECT + " WHERE l.id = ?", id).stream().findFirst();
    }

    public Optional<PoolRow> pool(long productId, long ownerUnitId) {
        return pools(POOL_SELECT + " WHERE l.product_id = ? AND l.owner_unit_id = ?", productId, ownerUnitId)
                .stream().findFirst();
    }

    /**
     * Locks the pool row until the transaction ends, so that entitlement changes and reallocations on one pool
     * happen one at a time (allocations take the same lock through their UPDATE).
     */
    public Optional<PoolRow> lockPool(long id) {
        return pools(POOL_SELECT + " WHERE l.id = ? FOR UPDATE OF l", id).stream().findFirst();
    }

    private List<PoolRow> pools(String sql, Object... args) {
        return query(sql, rs -> {
            long cap = rs.getLong(7);
            Long capacity = rs.wasNull() ? null : cap;
            return new PoolRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    LicenceMetric.valueOf(rs.getString(5)), rs.getLong(6), capacity, rs.getLong(8), rs.getBoolean(9),
                    rs.getLong(10));
        }, args);
    }

    public long insertPool(long productId, long ownerUnitId, Long capacity, boolean bolagMayDraw) {
        return insert("INSERT INTO licence_pool (product_id, owner_unit_id, capacity, bolag_may_draw)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT ON CONSTRAINT licence_pool_product_owner_unique DO NOTHING"
                + " RETURNING id", productId, ownerUnitId, capacity, bolagMayDraw);
    }

    /**
     * Sets the pool's capacity unless that would leave fewer seats than are allocated; false when refused.
     * The condition is evaluated on the locked row, so an allocation committed meanwhile is counted.
     */
    public boolean setCapacity(long poolId, Long capacity, boolean bolagMayDraw) {
        return update("UPDATE licence_pool SET capacity = ?, bolag_may_draw = bolag_may_draw OR ?,"
                + " version = version + 1 WHERE id = ? AND (CAST(? AS bigint) IS NULL OR allocated <= ?)",
                capacity, bolagMayDraw, poolId, capacity, capacity) == 1;
    }

    public List<EntitlementRow> entitlements(long poolId) {
        return query("SELECT id, pool_id, quantity, unit_price_ore, purchase_reference, valid_from, valid_to,"
                + " bolag_may_draw FROM entitlement WHERE pool_id = ? ORDER BY id", rs -> new EntitlementRow(
                rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), date(rs, 6),
                date(rs, 7), rs.getBoolean(8)), poolId);
    }

    public Optional<EntitlementRow> entitlement(long id) {
        return query("SELECT id, pool_id, quantity, unit_price_ore, purchase_reference, valid_from, valid_to,"
                + " bolag_may_draw FROM entitlement WHERE id = ?", rs -> new EntitlementRow(rs.getLong(1),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5), date(rs, 6), date(rs, 7),
                rs.getBoolean(8)), id).stream().findFirst();
    }

    public void updateEntitlement(long id, long quantity, LocalDate validTo) {
        update("UPDATE entitlement SET quantity = ?, valid_to = ? WHERE id = ?", quantity, validTo, id);
    }

    public long insertEntitlement(long poolId, long quantity, long unitPriceOre, String purchaseReference,
                                  LocalDate validFrom, LocalDate validTo, boolean bolagMayDraw) {
        return insert("INSERT INTO entitlement (pool_id, quantity, unit_price_ore, purchase_reference, valid_from,"
                        + " valid_to, bolag_may_draw) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", poolId, quantity,
                unitPriceOre, purchaseReference, validFrom, validTo, bolagMayDraw);
    }

    // ------------------------------------------------------------------ allocations

    /**
     * The one statement that allocates: adds {@code quantity} to the pool's counter only if the seats are free.
     * Concurrent callers queue on the row lock and each re-checks the condition on the row as committed before
     * it, so the pool can never be oversubscribed. False (0 rows) when the seats are not free.
     */
    public boolean tryAllocate(long poolId, long quantity) {
        return update("UPDATE licence_pool SET allocated = allocated + ?, version = version + 1"
                + " WHERE id = ? AND (capacity IS NULL OR allocated + ? <= capacity)", quantity, poolId, quantity) == 1;
    }

    public long insertMovement(long poolId, long unitId, long delta, LocalDate from, String kind, Long reallocationId) {
        return insert("INSERT INTO allocation_movement (pool_id, unit_id, delta, effective_from, kind, reallocation_id)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", poolId, unitId, delta, from, kind, reallocationId);
    }

    public long insertReallocation(long poolId, long fromUnitId, long toUnitId, long quantity, LocalDate from,
                                   String reason, String actor) {
        return insert("INSERT INTO reallocation (pool_id, from_unit_id, to_unit_id, quantity, effective_from, reason,"
                + " actor) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", poolId, fromUnitId, toUnitId, quantity, from,
                reason, actor);
    }

    public List<Holdings.Movement> movements(long poolId, long unitId) {
        return query("SELECT delta, effective_from FROM allocation_movement WHERE pool_id = ? AND unit_id = ?"
                + " ORDER BY effective_from, id", rs -> new Holdings.Movement(rs.getLong(1), date(rs, 2)), poolId, unitId);
    }

    /** Every unit's holding in the pool on {@code day}, units with none left out, in unit id order. */
    public Map<Long, Long> holdings(long poolId, LocalDate day) {
        Map<Long, Long> result = new LinkedHashMap<>();
        query("SELECT unit_id, sum(delta) FROM allocation_movement WHERE pool_id = ? AND effective_from <= ?"
                + " GROUP BY unit_id HAVING sum(delta) <> 0 ORDER BY unit_id", rs -> {
                    result.put(rs.getLong(1), rs.getLong(2));
                    return null;
                }, poolId, day);
        return result;
    }

    // ------------------------------------------------------------------ per-unit seats and assignments

    public record UnitSeats(long allocated, long assigned) {
    }

    public record AssignmentRow(long id, long poolId, long unitId, Long personId, Long deviceId, LocalDate validFrom,
                                LocalDate validTo, boolean counted, String createdBy) {
    }

    /** Adds seats to the unit's counter (creating it on the unit's first seats); caller holds the pool lock. */
    public void addUnitSeats(long poolId, long unitId, long quantity) {
        update("INSERT INTO pool_unit_seats (pool_id, unit_id, allocated) VALUES (?, ?, ?)"
                + " ON CONFLICT (pool_id, unit_id) DO UPDATE SET allocated = pool_unit_seats.allocated + EXCLUDED.allocated",
                poolId, unitId, quantity);
    }

    /** Takes seats from the unit's counter unless fewer would remain than are assigned; false when refused. */
    public boolean tryRemoveUnitSeats(long poolId, long unitId, long quantity) {
        return update("UPDATE pool_unit_seats SET allocated = allocated - ? WHERE pool_id = ? AND unit_id = ?"
                + " AND allocated - ? >= assigned", quantity, poolId, unitId, quantity) == 1;
    }

    /**
     * The one statement that takes a seat for an assignment: only if the unit holds a seat not yet assigned.
     * Concurrent callers queue on the counter row's lock and re-check on the row as committed before them.
     */
    public boolean tryAssign(long poolId, long unitId) {
        return update("UPDATE pool_unit_seats SET assigned = assigned + 1 WHERE pool_id = ? AND unit_id = ?"
                + " AND assigned < allocated", poolId, unitId) == 1;
    }

    public void unassign(long poolId, long unitId) {
        update("UPDATE pool_unit_seats SET assigned = assigned - 1 WHERE pool_id = ? AND unit_id = ?", poolId, unitId);
    }

    public UnitSeats unitSeats(long poolId, long unitId) {
        return query("SELECT allocated, assigned FROM pool_unit_seats WHERE pool_id = ? AND unit_id = ?",
                rs -> new UnitSeats(rs.getLong(1), rs.getLong(2)), poolId, unitId).stream().findFirst()
                .orElse(new UnitSeats(0, 0));
    }

    /** -1 when the person or device already holds an open assignment of the pool (the unique index decides). */
    public long insertAssignment(long poolId, long unitId, Long personId, Long deviceId, LocalDate from,
                                 boolean counted, String createdBy) {
        return insert("INSERT INTO licence_assignment (pool_id, unit_id, person_id, device_id, valid_from, counted,"
                + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", poolId, unitId,
                personId, deviceId, from, counted, createdBy);
    }

    /** Ends an open assignment; false when it was already ended (a concurrent end lost nothing). */
    public boolean endAssignment(long id, LocalDate lastDay) {
        return update("UPDATE licence_assignment SET valid_to = ? WHERE id = ? AND valid_to IS NULL", lastDay, id) == 1;
    }

    /** Ends an open assignment on a future day; its seat stays counted until {@link #returnDueSeats}. */
    public boolean endAssignmentLater(long id, LocalDate lastDay) {
        return update("UPDATE licence_assignment SET valid_to = ?, seat_return_due = counted WHERE id = ?"
                + " AND valid_to IS NULL", lastDay, id) == 1;
    }

    /** Whether the holder has an assignment of the pool in force on {@code from} or later (a dated end not yet reached). */
    public boolean holdsFrom(long poolId, Long personId, Long deviceId, LocalDate from) {
        return !query("SELECT 1 FROM licence_assignment WHERE pool_id = ? AND (person_id = ? OR device_id = ?)"
                + " AND valid_to >= ? LIMIT 1", rs -> 1, poolId, personId, deviceId, from).isEmpty();
    }

    public record ReturnedSeat(long poolId, long unitId, long seats) {
    }

    /** A pool whose stored capacity a new day changed; {@code entitled} below {@code allocated} is a shortfall. */
    public record CapacityChange(long poolId, Long capacity, Long entitled, long allocated) {
    }

    /**
     * Brings every pool's stored capacity (the guard of allocations) to the entitlements valid on {@code day}, in
     * one statement: an entitlement that began or ended since the last change is counted or dropped. A site pool
     * with a valid entitlement is unlimited. When fewer seats are entitled than are allocated (an entitlement
     * lapsed), the capacity is held at the allocated count: no seat can be allocated any more, the CHECK stays
     * true, and the shortfall is what the licence position (by date) shows.
     */
    public List<CapacityChange> refreshCapacities(LocalDate day) {
        return query("WITH par AS (SELECT CAST(? AS date) AS d),"
                + " cap AS (SELECT lp.id, CASE WHEN p.metric = 'SITE' AND bool_or(e.valid_from <= par.d"
                + "     AND (e.valid_to IS NULL OR e.valid_to >= par.d) AND e.quantity > 0) THEN NULL"
                + "   ELSE CAST(coalesce(sum(e.quantity) FILTER (WHERE e.valid_from <= par.d"
                + "     AND (e.valid_to IS NULL OR e.valid_to >= par.d)), 0) AS bigint) END AS entitled"
                + "   FROM licence_pool lp JOIN product p ON p.id = lp.product_id CROSS JOIN par"
                + "   LEFT JOIN entitlement e ON e.pool_id = lp.id GROUP BY lp.id, p.metric),"
                + " upd AS (UPDATE licence_pool l SET capacity = CASE WHEN cap.entitled IS NULL THEN NULL"
                + "     ELSE greatest(cap.entitled, l.allocated) END, version = l.version + 1 FROM cap"
                + "   WHERE l.id = cap.id AND l.capacity IS DISTINCT FROM"
                + "     (CASE WHEN cap.entitled IS NULL THEN NULL ELSE greatest(cap.entitled, l.allocated) END)"
                + "   RETURNING l.id, l.capacity, cap.entitled, l.allocated)"
                + " SELECT id, capacity, entitled, allocated FROM upd ORDER BY id",
                rs -> new CapacityChange(rs.getLong(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class),
                        rs.getLong(4)), day);
    }

    /**
     * Gives back, in one statement, the seats of every dated end whose last day has passed ({@code valid_to} before
     * {@code today}, so the seat is never held by two people on one day): clears the marks and lowers the units'
     * counters.
     */
    public List<ReturnedSeat> returnDueSeats(LocalDate today) {
        return query("WITH due AS (UPDATE licence_assignment SET seat_return_due = false"
                + " WHERE seat_return_due AND valid_to < ? RETURNING pool_id, unit_id),"
                + " agg AS (SELECT pool_id, unit_id, count(*) AS n FROM due GROUP BY pool_id, unit_id),"
                + " upd AS (UPDATE pool_unit_seats s SET assigned = s.assigned - agg.n FROM agg"
                + "   WHERE s.pool_id = agg.pool_id AND s.unit_id = agg.unit_id RETURNING s.pool_id)"
                + " SELECT pool_id, unit_id, n FROM agg ORDER BY pool_id, unit_id",
                rs -> new ReturnedSeat(rs.getLong(1), rs.getLong(2), rs.getLong(3)), today);
    }

    private static final String ASSIGNMENT_SELECT = "SELECT id, pool_id, unit_id, person_id, device_id, valid_from,"
            + " valid_to, counted, created_by FROM licence_assignment";

    public Optional<AssignmentRow> assignment(long id) {
        return query(ASSIGNMENT_SELECT + " WHERE id = ?", LicensingStore::assignment, id).stream().findFirst();
    }

    /** The pool's assignments in force on {@code day}, of one unit or (unitId null) all, in id order. */
    public List<AssignmentRow> assignments(long poolId, Long unitId, LocalDate day) {
        return query(ASSIGNMENT_SELECT + " WHERE pool_id = ? AND (CAST(? AS bigint) IS NULL OR unit_id = ?)"
                + " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY id",
                LicensingStore::assignment, poolId, unitId, unitId, day, day);
    }

    private static AssignmentRow assignment(ResultSet rs) throws SQLException {
        return new AssignmentRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class),
                rs.getObject(5, Long.class), date(rs, 6), date(rs, 7), rs.getBoolean(8), rs.getString(9));
    }

    // ------------------------------------------------------------------ licence position

    /**
     * One row of the licence position on a day, straight from SQL: a pool's whole figures ({@code unitId} null)
     * or one unit's. {@code entitledQuantity}/{@code entitledValueOre} sum the entitlements valid that day.
     */
    public record PositionRow(long poolId, long productId, String productName, String sku, LicenceMetric metric,
                              long ownerUnitId, Long unitId, long entitledQuantity, long entitledValueOre,
                              long allocated, long assigned, long inUse) {
    }

    // Per (pool, unit) on the day d: seats held (the ledger up to the day), assignments in force, and of those the
    // ones whose holder used the product within [f, d]. A FULL JOIN keeps a unit whose seats went but whose
    // assignments remain (it shows as over-assigned rather than vanishing).
    // JDBC has only positional parameters: they are bound once in {@code par} and read from there, so each is
    // written once although the query uses it several times.
    private static final String POSITION_UNITS = "WITH par AS (SELECT CAST(? AS date) AS d, CAST(? AS date) AS f,"
            + " CAST(? AS bigint[]) AS ids),"
            + " alloc AS (SELECT pool_id, unit_id, sum(delta) AS allocated"
            + " FROM allocation_movement WHERE effective_from <= (SELECT d FROM par) GROUP BY pool_id, unit_id),"
            // the holder's evidence by the usage table's unique key, one join per kind of holder (at most one row
            // each): an OR of the two in one join or EXISTS cannot use the key and made this a nested loop over
            // all of a product's usage rows per assignment (minutes at a million assignments)
            + " asg AS (SELECT a.pool_id, a.unit_id, count(*) AS assigned, count(*) FILTER (WHERE"
            + "   coalesce(up.last_activity, ud.last_activity) BETWEEN (SELECT f FROM par) AND (SELECT d FROM par)) AS in_use"
            + " FROM licence_assignment a JOIN licence_pool p ON p.id = a.pool_id"
            + " LEFT JOIN licence_usage up ON up.product_id = p.product_id AND up.person_id = a.person_id"
            + " LEFT JOIN licence_usage ud ON ud.product_id = p.product_id AND ud.device_id = a.device_id"
            + " WHERE a.valid_from <= (SELECT d FROM par) AND (a.valid_to IS NULL OR a.valid_to >= (SELECT d FROM par)) GROUP BY a.pool_id, a.unit_id),"
            + " units AS (SELECT coalesce(al.pool_id, s.pool_id) AS pool_id, coalesce(al.unit_id, s.unit_id) AS unit_id,"
            + "   coalesce(al.allocated, 0) AS allocated, coalesce(s.assigned, 0) AS assigned, coalesce(s.in_use, 0) AS in_use"
            + " FROM alloc al FULL JOIN asg s ON s.pool_id = al.pool_id AND s.unit_id = al.unit_id"
            + " WHERE coalesce(al.allocated, 0) <> 0 OR coalesce(s.assigned, 0) <> 0),"
            + " ent AS (SELECT pool_id, sum(quantity) AS qty, sum(quantity * unit_price_ore) AS value FROM entitlement"
            + " WHERE valid_from <= (SELECT d FROM par) AND (valid_to IS NULL OR valid_to >= (SELECT d FROM par)) GROUP BY pool_id)";

    private static final String POSITION_COLUMNS = "lp.id, p.id, p.name, p.sku, p.metric, lp.owner_unit_id";

    /** Every pool's position on {@code day}, in product name and pool id order. */
    public List<PositionRow> poolPositions(LocalDate day, LocalDate activeFrom) {
        return query(POSITION_UNITS + " SELECT " + POSITION_COLUMNS + ", NULL::bigint,"
                + " coalesce(e.qty, 0), coalesce(e.value, 0), coalesce(sum(un.allocated), 0),"
                + " coalesce(sum(un.assigned), 0), coalesce(sum(un.in_use), 0)"
                + " FROM licence_pool lp JOIN product p ON p.id = lp.product_id LEFT JOIN ent e ON e.pool_id = lp.id"
                + " LEFT JOIN units un ON un.pool_id = lp.id"
                + " GROUP BY lp.id, p.id, p.name, p.sku, p.metric, lp.owner_unit_id, e.qty, e.value"
                + " ORDER BY p.name, lp.id", LicensingStore::position, day, activeFrom, null);
    }

    /** Each unit's position in each pool on {@code day}; {@code unitIds} null for all units, else only those. */
    public List<PositionRow> unitPositions(LocalDate day, LocalDate activeFrom, Long[] unitIds) {
        return work(c -> {
            String sql = POSITION_UNITS + " SELECT " + POSITION_COLUMNS + ", un.unit_id,"
                    + " coalesce(e.qty, 0), coalesce(e.value, 0), un.allocated, un.assigned, un.in_use"
                    + " FROM units un CROSS JOIN par JOIN licence_pool lp ON lp.id = un.pool_id JOIN product p ON p.id = lp.product_id"
                    + " LEFT JOIN ent e ON e.pool_id = lp.id"
                    + " WHERE par.ids IS NULL OR un.unit_id = ANY (par.ids)"
                    + " ORDER BY p.name, lp.id, un.unit_id";
            try (PreparedStatement ps = prepare(c, sql, day, activeFrom, null)) {
                ps.setArray(3, unitIds == null ? null : c.createArrayOf("bigint", unitIds));
                try (ResultSet rs = ps.executeQuery()) {
                    List<PositionRow> list = new ArrayList<>();
                    while (rs.next()) {
                        list.add(position(rs));
                    }
                    return list;
                }
            }
        });
    }

    private static PositionRow position(ResultSet rs) throws SQLException {
        return new PositionRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                LicenceMetric.valueOf(rs.getString(5)), rs.getLong(6), rs.getObject(7, Long.class), rs.getLong(8),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12));
    }

    // ------------------------------------------------------------------ JDBC plumbing

    private <T> T work(Sql.Work<T> w) {
        return new Sql(em).work(w);
    }

    private <T> List<T> query(String sql, Sql.RowMapper<T> mapper, Object... args) {
        return new Sql(em).query(sql, mapper, args);
    }

    private int update(String sql, Object... args) {
        return new Sql(em).update(sql, args);
    }

    /** Runs an INSERT ... RETURNING id; -1 when nothing was inserted (ON CONFLICT DO NOTHING). */
    private long insert(String sql, Object... args) {
        return new Sql(em).insert(sql, args);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        return Sql.prepare(c, sql, args);
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }
}
