package se.nyckeln.chargeback.infrastructure;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes the chargeback tables with plain JDBC on the transaction's connection, and reads the
 * organisation and licensing tables the measures are computed from (read-only projections by date range).
 * Runs only inside the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ChargebackStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    // ------------------------------------------------------------------ rows

    public record SystemRow(long id, String code, String name, String tier, long ownerUnitId, String ownerCode,
                            LocalDate validFrom, LocalDate validTo) {
    }

    public record CostTypeRow(long id, String code, String name, String category, String account,
                              Map<String, BigDecimal> models) {
    }

    public record KeyVersionRow(long id, LocalDate validFrom, BigDecimal guld, BigDecimal silver, BigDecimal brons,
                                BigDecimal koppar, BigDecimal pupilDeviceWeight, String decidedBy, LocalDate decidedOn,
                                String decisionReference, String createdBy, Map<Long, BigDecimal> fixedPercent) {
    }

    public record PoolRow(long id, String period, long costTypeId, String costTypeCode, long amountOre,
                          String sourceReference, String description, Long productId, String createdBy) {
    }

    public record ImportedMeasureRow(String period, String measure, long unitId, String unitCode, BigDecimal quantity) {
    }

    /** A unit as of a day: its kind, its parent and name on that day (or its latest version before). */
    public record UnitRow(long id, String code, String kind, String orgNumber, Long parentId, String name,
                          String costCentre) {
    }

    public record RunRow(long id, String period, String kind, String state, Long keyVersionId, String preparedBy,
                         Instant preparedAt, String approvedBy, Instant approvedAt, String postedBy, Instant postedAt,
                         String contentHash) {
    }

    public record PartRow(long poolId, String model, String measureKey, long amountOre, BigDecimal totalQuantity,
                          String outcome, String flag) {
    }

    public record LineRow(long id, long runId, String kind, long unitId, Long poolId, String model, String measureKey,
                          BigDecimal unitQuantity, BigDecimal totalQuantity, long amountOre, Long correctsRunId,
                          Long correctsLineId, String text, String createdBy) {
    }

    public record MeasureRow(String measureKey, long unitId, BigDecimal quantity) {
    }

    public record StoredBasis(String measureKey, long unitId, long sourceUnitId, String itemKind, Long itemId,
                              String itemLabel, LocalDate from, LocalDate to, Integer days, BigDecimal weight,
                              BigDecimal quantity) {
    }

    // ------------------------------------------------------------------ portfolio

    private static final String SYSTEM_COLUMNS = "s.id, s.code, s.name, s.tier, s.owner_unit_id, u.code, s.valid_from,"
            + " s.valid_to FROM cb_system s JOIN org_unit u ON u.id = s.owner_unit_id";

    public List<SystemRow> systems(LocalDate asOf) {
        if (asOf == null) {
            return query("SELECT " + SYSTEM_COLUMNS + " ORDER BY s.code, s.valid_from", ChargebackStore::system);
        }
        return query("SELECT " + SYSTEM_COLUMNS + " WHERE s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to >= ?)"
                + " ORDER BY s.code", ChargebackStore::system, Date.valueOf(asOf), Date.valueOf(asOf));
    }

    public List<SystemRow> systemVersions(String code) {
        return query("SELECT " + SYSTEM_COLUMNS + " WHERE s.code = ? ORDER BY s.valid_from", ChargebackStore::system,
                code);
    }

    public Optional<SystemRow> system(long id) {
        return query("SELECT " + SYSTEM_COLUMNS + " WHERE s.id = ?", ChargebackStore::system, id).stream().findFirst();
    }

    public long insertSystem(String code, String name, String tier, long ownerUnitId, LocalDate from, LocalDate to) {
        return insert("INSERT INTO cb_system (code, name, tier, owner_unit_id, valid_from, valid_to)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", code, name, tier, ownerUnitId, Date.valueOf(from),
                to == null ? null : Date.valueOf(to));
    }

    public void closeSystem(long id, LocalDate lastDay) {
        update("UPDATE cb_system SET valid_to = ? WHERE id = ?", Date.valueOf(lastDay), id);
    }

    private static SystemRow system(ResultSet rs) throws SQLException {
        return new SystemRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), date(rs, 7), date(rs, 8));
    }

    // ------------------------------------------------------------------ cost types

    public List<CostTypeRow> costTypes() {
        Map<Long, Map<String, BigDecimal>> models = new TreeMap<>();
        for (Object[] r : query("SELECT cost_type_id, model, share FROM cb_cost_type_model ORDER BY cost_type_id, model",
                rs -> new Object[]{rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)})) {
            models.computeIfAbsent((Long) r[0], k -> new TreeMap<>()).put((String) r[1],
                    ((BigDecimal) r[2]).stripTrailingZeros());
        }
        return query("SELECT id, code, name, category, account FROM cb_cost_type ORDER BY code",
                rs -> new CostTypeRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), models.getOrDefault(rs.getLong(1), Map.of())));
    }

    public Optional<CostTypeRow> costType(String code) {
        return costTypes().stream().filter(c -> c.code().equalsIgnoreCase(code.trim())).findFirst();
    }

    public long insertCostType(String code, String name, String category, String account) {
        return insert("INSERT INTO cb_cost_type (code, name, category, account) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (code) DO NOTHING RETURNING id", code, name, category, account);
    }

    public void updateCostType(long id, String name, String category, String account, Map<String, BigDecimal> models) {
        update("UPDATE cb_cost_type SET name = ?, category = ?, account = ?, version = version + 1 WHERE id = ?",
                name, category, account, id);
        update("DELETE FROM cb_cost_type_model WHERE cost_type_id = ?", id);
        for (Map.Entry<String, BigDecimal> m : models.entrySet()) {
            update("INSERT INTO cb_cost_type_model (cost_type_id, model, share) VALUES (?, ?, ?)", id, m.getKey(),
                    m.getValue());
        }
    }

    // ------------------------------------------------------------------ key versions

    public List<KeyVersionRow> keyVersions() {
        Map<Long, Map<Long, BigDecimal>> fixed = new TreeMap<>();
        for (Object[] r : query("SELECT key_version_id, unit_id, percent FROM cb_key_fixed_share",
                rs -> new Object[]{rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3)})) {
            fixed.computeIfAbsent((Long) r[0], k -> new TreeMap<>()).put((Long) r[1],
                    ((BigDecimal) r[2]).stripTrailingZeros());
        }
        return query("SELECT id, valid_from, weight_guld, weight_silver, weight_brons, weight_koppar,"
                + " pupil_device_weight, decided_by, decided_on, decision_reference, created_by FROM cb_key_version"
                + " ORDER BY valid_from", rs -> new KeyVersionRow(rs.getLong(1), date(rs, 2), dec(rs, 3), dec(rs, 4),
                dec(rs, 5), dec(rs, 6), dec(rs, 7), rs.getString(8), date(rs, 9), rs.getString(10), rs.getString(11),
                fixed.getOrDefault(rs.getLong(1), Map.of())));
    }

    /** The version in force on {@code day}: the latest one that starts on or before it. */
    public Optional<KeyVersionRow> keyVersionOn(LocalDate day) {
        KeyVersionRow found = null;
        for (KeyVersionRow k : keyVersions()) {
            if (!k.validFrom().isAfter(day)) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }

    public long insertKeyVersion(LocalDate from, BigDecimal guld, BigDecimal silver, BigDecimal brons,
                                 BigDecimal koppar, BigDecimal pupil, String decidedBy, LocalDate decidedOn,
                                 String reference, String createdBy, Map<Long, BigDecimal> fixed) {
        long id = insert("INSERT INTO cb_key_version (valid_from, weight_guld, weight_silver, weight_brons,"
                + " weight_koppar, pupil_device_weight, decided_by, decided_on, decision_reference, created_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (valid_from) DO NOTHING RETURNING id",
                Date.valueOf(from), guld, silver, brons, koppar, pupil, decidedBy, Date.valueOf(decidedOn), reference,
                createdBy);
        if (id > 0) {
            for (Map.Entry<Long, BigDecimal> f : fixed.entrySet()) {
                update("INSERT INTO cb_key_fixed_share (key_version_id, unit_id, percent) VALUES (?, ?, ?)", id,
                        f.getKey(), f.getValue());
            }
        }
        return id;
    }

    // ------------------------------------------------------------------ cost pools, imported measures

    private static final String POOL_COLUMNS = "p.id, p.period, p.cost_type_id, t.code, p.amount_ore,"
            + " p.source_reference, p.description, p.product_id, p.created_by FROM cb_cost_pool p"
            + " JOIN cb_cost_type t ON t.id = p.cost_type_id";

    public List<PoolRow> pools(String period) {
        return query("SELECT " + POOL_COLUMNS + " WHERE p.period = ? ORDER BY p.source_reference",
                ChargebackStore::pool, period);
    }

    public Optional<PoolRow> pool(long id) {
        return query("SELECT " + POOL_COLUMNS + " WHERE p.id = ?", ChargebackStore::pool, id).stream().findFirst();
    }

    public Optional<PoolRow> poolBySource(String period, String source) {
        return query("SELECT " + POOL_COLUMNS + " WHERE p.period = ? AND p.source_reference = ?",
                ChargebackStore::pool, period, source).stream().findFirst();
    }

    public long insertPool(String period, long costTypeId, long amountOre, String source, String description,
                           Long productId, String createdBy) {
        return insert("INSERT INTO cb_cost_pool (period, cost_type_id, amount_ore, source_reference, description,"
                + " product_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", period, costTypeId, amountOre,
                source, description, productId, createdBy);
    }

    public void updatePool(long id, long costTypeId, long amountOre, String description, Long productId) {
        update("UPDATE cb_cost_pool SET cost_type_id = ?, amount_ore = ?, description = ?, product_id = ? WHERE id = ?",
                costTypeId, amountOre, description, productId, id);
    }

    public boolean poolUsedByRun(long poolId) {
        return !query("SELECT 1 FROM cb_run_part WHERE pool_id = ? UNION SELECT 1 FROM cb_run_line WHERE pool_id = ?",
                rs -> 1, poolId, poolId).isEmpty();
    }

    public void deletePool(long id) {
        update("DELETE FROM cb_cost_pool WHERE id = ?", id);
    }

    private static PoolRow pool(ResultSet rs) throws SQLException {
        return new PoolRow(rs.getLong(1), rs.getString(2).trim(), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), (Long) rs.getObject(8), rs.getString(9));
    }

    public List<ImportedMeasureRow> importedMeasures(String period) {
        return query("SELECT m.period, m.measure, m.unit_id, u.code, m.quantity FROM cb_imported_measure m"
                + " JOIN org_unit u ON u.id = m.unit_id WHERE m.period = ? ORDER BY m.measure, u.code",
                rs -> new ImportedMeasureRow(rs.getString(1).trim(), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getBigDecimal(5).stripTrailingZeros()), period);
    }

    /** @return 1 created, 2 updated, 0 unchanged */
    public int putImportedMeasure(String period, String measure, long unitId, BigDecimal quantity) {
        List<BigDecimal> old = query("SELECT quantity FROM cb_imported_measure WHERE period = ? AND measure = ?"
                + " AND unit_id = ?", rs -> rs.getBigDecimal(1), period, measure, unitId);
        if (old.isEmpty()) {
            update("INSERT INTO cb_imported_measure (period, measure, unit_id, quantity) VALUES (?, ?, ?, ?)", period,
                    measure, unitId, quantity);
            return 1;
        }
        if (old.get(0).compareTo(quantity) == 0) {
            return 0;
        }
        update("UPDATE cb_imported_measure SET quantity = ? WHERE period = ? AND measure = ? AND unit_id = ?",
                quantity, period, measure, unitId);
        return 2;
    }

    // ------------------------------------------------------------------ ledger configuration

    public Map<String, String> settings() {
        Map<String, String> m = new TreeMap<>();
        query("SELECT name, value FROM cb_setting", rs -> m.put(rs.getString(1), rs.getString(2)));
        return m;
    }

    public void putSetting(String name, String value) {
        update("INSERT INTO cb_setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                name, value);
    }

    public record UnitLedgerRow(long unitId, String unitCode, String costCentre, String motpart) {
    }

    public List<UnitLedgerRow> unitLedger() {
        return query("SELECT l.unit_id, u.code, l.cost_centre, l.motpart FROM cb_unit_ledger l JOIN org_unit u"
                + " ON u.id = l.unit_id ORDER BY u.code", rs -> new UnitLedgerRow(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4)));
    }

    public void putUnitLedger(long unitId, String costCentre, String motpart) {
        update("INSERT INTO cb_unit_ledger (unit_id, cost_centre, motpart) VALUES (?, ?, ?) ON CONFLICT (unit_id)"
                + " DO UPDATE SET cost_centre = EXCLUDED.cost_centre, motpart = EXCLUDED.motpart", unitId, costCentre,
                motpart);
    }

    // ------------------------------------------------------------------ organisation (read-only)

    /** Every unit with its latest version starting on or before {@code day} (or its first version if none). */
    public Map<Long, UnitRow> units(LocalDate day) {
        Map<Long, UnitRow> m = new TreeMap<>();
        query("""
                SELECT DISTINCT ON (u.id) u.id, u.code, u.kind, u.org_number, v.parent_id, v.name, v.cost_centre
                  FROM org_unit u JOIN org_unit_version v ON v.unit_id = u.id
                 ORDER BY u.id, (v.valid_from <= ?) DESC, CASE WHEN v.valid_from <= ? THEN v.valid_from END DESC,
                          v.valid_from
                """, rs -> m.put(rs.getLong(1), new UnitRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), (Long) rs.getObject(5), rs.getString(6), rs.getString(7))),
                Date.valueOf(day), Date.valueOf(day));
        return m;
    }

    public Optional<Long> unitIdByCode(String code) {
        return query("SELECT id FROM org_unit WHERE lower(code) = lower(?)", rs -> rs.getLong(1), code.trim()).stream()
                .findFirst();
    }

    public Optional<Long> productIdByAlias(String alias) {
        return query("SELECT product_id FROM product_alias WHERE lower(alias) = lower(?)", rs -> rs.getLong(1),
                alias.trim()).stream().findFirst();
    }

    /**
     * Licence cost of a period's purchase documents, per document and product, in SEK only, net: the invoice lines
     * that became entitlements, and the credit lines that took seats back from one (a credit note's lines, or the
     * negative lines of a ledger invoice; their amounts are negative), by the product of the entitlement they
     * credited. creditNote: the document is a credit note.
     */
    public record PurchaseCost(String supplier, String invoiceNumber, boolean creditNote, long productId,
                               String productName, long amountOre, int lines) {
    }

    public List<PurchaseCost> licencePurchaseCosts(LocalDate first, LocalDate last) {
        return query("SELECT coalesce(s.name, i.supplier_name, i.supplier_key), i.invoice_number,"
                + " i.document_type = 'CREDIT_NOTE', lp.product_id, pr.name || coalesce(' ' || pr.edition, ''),"
                + " sum(l.line_amount_ore), count(*)"
                + " FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id"
                + " JOIN entitlement e ON e.id = coalesce(l.entitlement_id, l.credited_entitlement_id)"
                + " JOIN licence_pool lp ON lp.id = e.pool_id"
                + " JOIN product pr ON pr.id = lp.product_id LEFT JOIN supplier s ON s.id = i.supplier_id"
                + " WHERE i.issue_date BETWEEN ? AND ? AND i.currency = 'SEK'"
                + " AND ((i.document_type = 'INVOICE' AND l.entitlement_id IS NOT NULL)"
                + " OR l.credited_entitlement_id IS NOT NULL)"
                + " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 5",
                rs -> new PurchaseCost(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4),
                        rs.getString(5), rs.getLong(6), rs.getInt(7)), first, last);
    }

    public boolean productExists(long id) {
        return !query("SELECT 1 FROM product WHERE id = ?", rs -> 1, id).isEmpty();
    }

    // ------------------------------------------------------------------ measures from source data

    /**
     * Every item of the period: its measure as a small code (m: 1 USER, 2 COMPUTER, 3 SYSTEM_TIER, 4 seat-days of
     * product prod, 5 CONNECTION, 6 PROJECT, 7 FIXED; integers group and sort much faster than the text keys), source
     * unit, item id, first and last day counted and quantity (days × weight; an import's quantity; a fixed
     * percentage), its label when asked for (lbl: a person's UPN, a device's serial and kind, a system's code, name
     * and tier, a seat's holder; NULL otherwise), and each unit's chargeable nämnd or bolag (roll). Parameters: first
     * day, last day, period, key version id, unit ids, their chargeable units, seat-day products.
     */
    private static String items(boolean labels) {
        String person = labels ? "pe.upn" : "NULL::text";
        String personJoin = labels ? " JOIN person pe ON pe.id = x.person_id" : "";
        String device = labels ? "dv.serial_number || ' (' || dv.kind || ')'" : "NULL::text";
        String system = labels ? "x.code || ' ' || x.name || ' (' || x.tier || ')'" : "NULL::text";
        String seat = labels ? "coalesce(sp.upn, sd.serial_number)" : "NULL::text";
        String seatJoin = labels ? " LEFT JOIN person sp ON sp.id = x.person_id LEFT JOIN device sd ON sd.id = x.device_id"
                : "";
        String imported = labels ? "m.measure || ' ' || per.p" : "NULL::text";
        String fixed = labels ? "'Nyckelversion ' || to_char(kv.valid_from, 'YYYY-MM-DD')" : "NULL::text";
        return """
            per AS (SELECT ?::date AS f, ?::date AS l, ?::text AS p),
            kv AS (SELECT k.* FROM cb_key_version k WHERE k.id = ?),
            roll AS (SELECT * FROM unnest(?::bigint[], ?::bigint[]) AS r (unit_id, target)),
            items (m, prod, src, id, f, t, q, lbl) AS (
                SELECT 1, 0::bigint, x.unit_id, x.person_id, greatest(x.valid_from, per.f),
                       least(coalesce(x.valid_to, per.l), per.l),
                       (least(coalesce(x.valid_to, per.l), per.l) - greatest(x.valid_from, per.f) + 1)::numeric,
                       %s
                  FROM person_membership x%s, per
                 WHERE x.valid_from <= per.l AND (x.valid_to IS NULL OR x.valid_to >= per.f)
                UNION ALL
                SELECT 2, 0, x.unit_id, x.device_id, greatest(x.valid_from, per.f),
                       least(coalesce(x.valid_to, per.l), per.l),
                       (least(coalesce(x.valid_to, per.l), per.l) - greatest(x.valid_from, per.f) + 1)
                       * CASE WHEN dv.kind = 'PUPIL_DEVICE' THEN kv.pupil_device_weight ELSE 1 END,
                       %s
                  FROM device_membership x JOIN device dv ON dv.id = x.device_id, per, kv
                 WHERE x.valid_from <= per.l AND (x.valid_to IS NULL OR x.valid_to >= per.f)
                UNION ALL
                SELECT 3, 0, x.owner_unit_id, x.id, greatest(x.valid_from, per.f),
                       least(coalesce(x.valid_to, per.l), per.l),
                       (least(coalesce(x.valid_to, per.l), per.l) - greatest(x.valid_from, per.f) + 1)
                       * CASE x.tier WHEN 'GULD' THEN kv.weight_guld WHEN 'SILVER' THEN kv.weight_silver
                                     WHEN 'BRONS' THEN kv.weight_brons ELSE kv.weight_koppar END,
                       %s
                  FROM cb_system x, per, kv
                 WHERE x.valid_from <= per.l AND (x.valid_to IS NULL OR x.valid_to >= per.f)
                UNION ALL
                SELECT 4, lp.product_id, x.unit_id, x.id, greatest(x.valid_from, per.f),
                       least(coalesce(x.valid_to, per.l), per.l),
                       (least(coalesce(x.valid_to, per.l), per.l) - greatest(x.valid_from, per.f) + 1)::numeric,
                       %s
                  FROM licence_assignment x JOIN licence_pool lp ON lp.id = x.pool_id%s, per
                 WHERE lp.product_id = ANY (?::bigint[])
                   AND x.valid_from <= per.l AND (x.valid_to IS NULL OR x.valid_to >= per.f)
                UNION ALL
                SELECT CASE m.measure WHEN 'CONNECTION' THEN 5 ELSE 6 END, 0, m.unit_id, NULL::bigint, NULL::date,
                       NULL::date, m.quantity, %s
                  FROM cb_imported_measure m, per WHERE m.period = per.p
                UNION ALL
                SELECT 7, 0, s.unit_id, kv.id, NULL::date, NULL::date, s.percent, %s
                  FROM cb_key_fixed_share s JOIN kv ON kv.id = s.key_version_id)
            """.formatted(person, personJoin, device, system, seat, seatJoin, imported, fixed);
    }

    /** The measure key and item kind of a group of items (m, prod). */
    private static final String KEY = """
            CASE i.m WHEN 1 THEN 'USER' WHEN 2 THEN 'COMPUTER' WHEN 3 THEN 'SYSTEM_TIER'
                     WHEN 4 THEN 'SEAT_DAYS:' || i.prod WHEN 5 THEN 'CONNECTION' WHEN 6 THEN 'PROJECT' ELSE 'FIXED' END""";
    private static final String KIND = """
            CASE i.m WHEN 1 THEN 'PERSON' WHEN 2 THEN 'DEVICE' WHEN 3 THEN 'SYSTEM' WHEN 4 THEN 'SEAT'
                     WHEN 7 THEN 'FIXED_PERCENT' ELSE 'IMPORTED' END""";

    /** The period's chargeable items and seat-day products, as the measure statements take them. */
    public record MeasureInputs(LocalDate first, LocalDate last, String period, long keyVersionId, Long[] unitIds,
                                Long[] targets, Long[] seatDayProducts) {
    }

    /** A measure of the run as computed: key, nämnd or bolag, quantity, the kind of its items and how many. */
    public record ComputedMeasure(String measureKey, long unitId, BigDecimal quantity, String itemKind,
                                  int itemCount) {
    }

    /**
     * Every measure of the period per nämnd or bolag with its item count, aggregated in the database: the same items
     * and quantities as {@link #items} (which explain and posting list one by one), summed without building one row
     * per item. Each source is first summed per source unit in integer days, grouped by what sets its weight (whether
     * a device is a pupil device, a system's tier; seats per pool), and the weight is applied to the sum:
     * Σ(days × w) = w × Σ days, exact in numeric. An item counts when its quantity is positive, as in {@link #items}:
     * a zero weight leaves its whole group out; the days of a row overlapping the period are always at least 1 (the
     * tables' date checks make valid_to ≥ valid_from), so they need no filter. Then the few thousand sums are rolled
     * up to the nämnd or bolag of their unit. The period's days and the seat-day pools are bound as values (not read
     * from a CTE or a subquery), so the planner sees them: the assignments are read in one pass with the pools as a
     * hashed list, so the three quarters of the rows of other products cost one look-up each. Named parameters
     * ({@link #bindNamed}): first, last, period, key, units, targets, pools.
     */
    private static final String MEASURES = """
            WITH kv AS (SELECT k.* FROM cb_key_version k WHERE k.id = :key),
            roll AS (SELECT * FROM unnest(:units, :targets) AS r (unit_id, target)),
            sums (m, prod, src, q, n) AS (
                SELECT 1, 0::bigint, g.unit_id, g.d::numeric, g.n
                  FROM (SELECT x.unit_id, sum(DAYS) AS d, count(*) AS n
                          FROM person_membership x
                         WHERE OVERLAPS
                         GROUP BY x.unit_id) g
                UNION ALL
                SELECT 2, 0, g.unit_id, g.d * w.w, g.n
                  FROM (SELECT x.unit_id, x.device_id IN (SELECT id FROM device WHERE kind = 'PUPIL_DEVICE') AS pupil,
                               sum(DAYS) AS d, count(*) AS n
                          FROM device_membership x
                         WHERE OVERLAPS
                         GROUP BY 1, 2) g
                 CROSS JOIN LATERAL (SELECT CASE WHEN g.pupil THEN kv.pupil_device_weight ELSE 1 END AS w FROM kv) w
                 WHERE w.w > 0
                UNION ALL
                SELECT 3, 0, g.owner_unit_id, g.d * w.w, g.n
                  FROM (SELECT x.owner_unit_id, x.tier, sum(DAYS) AS d, count(*) AS n
                          FROM cb_system x
                         WHERE OVERLAPS
                         GROUP BY 1, 2) g
                 CROSS JOIN LATERAL (SELECT CASE g.tier WHEN 'GULD' THEN kv.weight_guld WHEN 'SILVER' THEN kv.weight_silver
                                            WHEN 'BRONS' THEN kv.weight_brons ELSE kv.weight_koppar END AS w FROM kv) w
                 WHERE w.w > 0
                UNION ALL
                SELECT 4, lp.product_id, g.unit_id, g.d::numeric, g.n
                  FROM (SELECT x.pool_id, x.unit_id, sum(DAYS) AS d, count(*) AS n
                          FROM licence_assignment x
                         WHERE x.pool_id = ANY (:pools) AND OVERLAPS
                         GROUP BY 1, 2) g
                  JOIN licence_pool lp ON lp.id = g.pool_id
                UNION ALL
                SELECT CASE m.measure WHEN 'CONNECTION' THEN 5 ELSE 6 END, 0, m.unit_id, m.quantity, 1
                  FROM cb_imported_measure m WHERE m.period = :period AND m.quantity > 0
                UNION ALL
                SELECT 7, 0, s.unit_id, s.percent, 1
                  FROM cb_key_fixed_share s JOIN kv ON kv.id = s.key_version_id WHERE s.percent > 0)
            SELECT MEASURE_KEY, r.target, sum(i.q)::numeric(30, 6), ITEM_KIND, sum(i.n)::integer
              FROM sums i JOIN roll r ON r.unit_id = i.src
             GROUP BY i.m, i.prod, r.target"""
            .replace("OVERLAPS", "x.valid_from <= :last AND (x.valid_to IS NULL OR x.valid_to >= :first)")
            .replace("DAYS", "least(coalesce(x.valid_to, :last), :last) - greatest(x.valid_from, :first) + 1")
            .replace("MEASURE_KEY", KEY.strip()).replace("ITEM_KIND", KIND.strip());

    /**
     * Computes every measure of the run with its item count ({@link #MEASURES}; a read-only statement, so PostgreSQL
     * may run it in parallel). The items themselves are not written: explain of a draft computes them
     * ({@link #liveBasis}), posting freezes them ({@link #freezeItems}). Sorted by measure key and unit (the split
     * and the content hash do not depend on the order).
     */
    public List<ComputedMeasure> computeMeasures(MeasureInputs in) {
        List<ComputedMeasure> list = work(c -> {
            try (Statement st = c.createStatement()) {
                // no JIT compilation for one statement in this transaction (it would cost more than it saves)
                st.execute("SET LOCAL jit = off");
            }
            // the licence pools of the period's seat-day products
            List<Long> pools = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM licence_pool WHERE product_id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", in.seatDayProducts()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pools.add(rs.getLong(1));
                    }
                }
            }
            Map<String, Object> values = Map.of("first", Date.valueOf(in.first()), "last", Date.valueOf(in.last()),
                    "period", in.period(), "key", in.keyVersionId(), "units", c.createArrayOf("bigint", in.unitIds()),
                    "targets", c.createArrayOf("bigint", in.targets()),
                    "pools", c.createArrayOf("bigint", pools.toArray()));
            List<ComputedMeasure> rows = new ArrayList<>();
            try (PreparedStatement ps = bindNamed(c, MEASURES, values); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ComputedMeasure(rs.getString(1), rs.getLong(2), strip(rs.getBigDecimal(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
            return rows;
        });
        list.sort(java.util.Comparator.comparing(ComputedMeasure::measureKey).thenComparingLong(ComputedMeasure::unitId));
        return list;
    }

    /** Writes the run's measure rows (quantity, item kind and count) in one statement. */
    public void insertMeasures(long runId, List<ComputedMeasure> rows) {
        if (rows.isEmpty()) {
            return;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_run_measure (run_id, measure_key, unit_id,"
                    + " quantity, item_kind, item_count) SELECT ?, x.* FROM unnest(?::text[], ?::bigint[], ?::numeric[],"
                    + " ?::text[], ?::integer[]) AS x")) {
                ps.setLong(1, runId);
                ps.setArray(2, c.createArrayOf("text", rows.stream().map(ComputedMeasure::measureKey).toArray()));
                ps.setArray(3, c.createArrayOf("bigint", rows.stream().map(ComputedMeasure::unitId).toArray()));
                ps.setArray(4, c.createArrayOf("numeric", rows.stream().map(ComputedMeasure::quantity).toArray()));
                ps.setArray(5, c.createArrayOf("text", rows.stream().map(ComputedMeasure::itemKind).toArray()));
                ps.setArray(6, c.createArrayOf("integer", rows.stream().map(ComputedMeasure::itemCount).toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("(?<!:):([a-z]+)\\b");

    /**
     * Prepares {@code sql} with its {@code :name} parameters (not {@code ::casts}) turned into {@code ?} and bound
     * from {@code values}, each as often as it occurs; dates, arrays and numbers keep their types.
     */
    static PreparedStatement bindNamed(Connection c, String sql, Map<String, Object> values) throws SQLException {
        java.util.regex.Matcher m = NAMED.matcher(sql);
        StringBuilder b = new StringBuilder();
        List<Object> args = new ArrayList<>();
        while (m.find()) {
            if (!values.containsKey(m.group(1))) {
                throw new IllegalArgumentException("no value for :" + m.group(1));
            }
            args.add(values.get(m.group(1)));
            m.appendReplacement(b, "?");
        }
        m.appendTail(b);
        PreparedStatement ps = c.prepareStatement(b.toString());
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    /**
     * Verifies the run's stored measures against the data as it is now and, in the same statement, freezes the items
     * behind each with their labels on the measure row (posting). True when every stored measure row has the same
     * quantity and item count as the data gives now and the data gives no other measure row; otherwise the frozen
     * arrays are incomplete and the caller recomputes the run (which replaces the rows) before freezing again.
     */
    public boolean freezeItems(long runId, MeasureInputs in) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH " + items(true) + """
                    , fresh AS (SELECT""" + " " + KEY + """
                                        AS k, r.target AS unit_id, sum(i.q) AS q, count(*)::integer AS n,
                                       array_agg(i.src) AS src, array_agg(i.id) AS ids, array_agg(i.f) AS f,
                                       array_agg(i.t) AS t, array_agg(i.q) FILTER (WHERE i.m NOT IN (1, 4)) AS qs,
                                       array_agg(i.lbl) AS lbl
                                  FROM items i JOIN roll r ON r.unit_id = i.src
                                 WHERE i.q > 0
                                 GROUP BY i.m, i.prod, r.target),
                      frozen AS (UPDATE cb_run_measure m
                                    SET source_unit_ids = f.src, item_ids = f.ids, from_days = f.f, to_days = f.t,
                                        quantities = f.qs, item_labels = f.lbl
                                   FROM fresh f
                                  WHERE m.run_id = ? AND m.measure_key = f.k AND m.unit_id = f.unit_id
                                    AND m.quantity = f.q AND m.item_count = f.n
                                 RETURNING 1)
                    SELECT (SELECT count(*) FROM frozen), (SELECT count(*) FROM fresh),
                           (SELECT count(*) FROM cb_run_measure WHERE run_id = ?)""")) {
                int n = bindItems(c, ps, in);
                ps.setLong(n, runId);
                ps.setLong(n + 1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == rs.getLong(2) && rs.getLong(2) == rs.getLong(3);
                }
            }
        });
    }

    /**
     * The items behind one measure of a draft or approved run, computed from the data as it is now (only the
     * measure's own source); inputs as for the measures. Labels are today's.
     */
    public List<StoredBasis> liveBasis(MeasureInputs in, String measureKey, long unitId) {
        int m;
        long prod = 0;
        if (measureKey.startsWith("SEAT_DAYS:")) {
            m = 4;
            prod = Long.parseLong(measureKey.substring("SEAT_DAYS:".length()));
            in = new MeasureInputs(in.first(), in.last(), in.period(), in.keyVersionId(), in.unitIds(), in.targets(),
                    new Long[]{prod});
        } else {
            m = switch (measureKey) {
                case "USER" -> 1;
                case "COMPUTER" -> 2;
                case "SYSTEM_TIER" -> 3;
                case "CONNECTION" -> 5;
                case "PROJECT" -> 6;
                case "FIXED" -> 7;
                default -> throw new IllegalArgumentException(measureKey);
            };
        }
        MeasureInputs inputs = in;
        long product = prod;
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH " + items(true) + ", one AS (SELECT i.*, "
                    + KIND + " AS kind FROM items i JOIN roll r ON r.unit_id = i.src"
                    + " WHERE i.q > 0 AND i.m = ? AND i.prod = ? AND r.target = ?)"
                    + " SELECT src, kind, id, lbl, f, t, CASE WHEN m IN (1, 4) THEN NULL ELSE q END FROM one"
                    + " ORDER BY kind, lbl, f")) {
                int n = bindItems(c, ps, inputs);
                ps.setInt(n, m);
                ps.setLong(n + 1, product);
                ps.setLong(n + 2, unitId);
                List<StoredBasis> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(basisRow(rs, measureKey, unitId, 1));
                    }
                }
                return list;
            }
        });
    }

    /** Binds the {@link #items} parameters; returns the index of the next one. */
    private static int bindItems(Connection c, PreparedStatement ps, MeasureInputs in) throws SQLException {
        try (Statement st = c.createStatement()) {
            // for this transaction: the half million items sort in memory, and no JIT compilation for one statement
            st.execute("SET LOCAL work_mem = '64MB'");
            st.execute("SET LOCAL jit = off");
        }
        ps.setObject(1, Date.valueOf(in.first()));
        ps.setObject(2, Date.valueOf(in.last()));
        ps.setString(3, in.period());
        ps.setLong(4, in.keyVersionId());
        ps.setArray(5, c.createArrayOf("bigint", in.unitIds()));
        ps.setArray(6, c.createArrayOf("bigint", in.targets()));
        ps.setArray(7, c.createArrayOf("bigint", in.seatDayProducts()));
        return 8;
    }

    // ------------------------------------------------------------------ runs

    private static final String RUN_COLUMNS = "id, period, kind, state, key_version_id, prepared_by, prepared_at,"
            + " approved_by, approved_at, posted_by, posted_at, content_hash FROM cb_run";

    public List<RunRow> runs(String period) {
        if (period == null) {
            return query("SELECT " + RUN_COLUMNS + " ORDER BY period DESC, id DESC", ChargebackStore::run);
        }
        return query("SELECT " + RUN_COLUMNS + " WHERE period = ? ORDER BY id", ChargebackStore::run, period);
    }

    public Optional<RunRow> run(long id) {
        return query("SELECT " + RUN_COLUMNS + " WHERE id = ?", ChargebackStore::run, id).stream().findFirst();
    }

    /** Locks the run row for a state change or recompute (concurrent approvals serialise here). */
    public Optional<RunRow> runForUpdate(long id) {
        return query("SELECT " + RUN_COLUMNS + " WHERE id = ? FOR UPDATE", ChargebackStore::run, id).stream()
                .findFirst();
    }

    public Optional<RunRow> run(String period, String kind) {
        return query("SELECT " + RUN_COLUMNS + " WHERE period = ? AND kind = ?", ChargebackStore::run, period, kind)
                .stream().findFirst();
    }

    public boolean periodPosted(String period) {
        return !query("SELECT 1 FROM cb_run WHERE period = ? AND state = 'POSTED'", rs -> 1, period).isEmpty();
    }

    /** -1 when a run of the period and kind exists already. */
    public long insertRun(String period, String kind, String preparedBy, Instant at) {
        return insert("INSERT INTO cb_run (period, kind, state, prepared_by, prepared_at, content_hash)"
                + " VALUES (?, ?, 'DRAFT', ?, ?, '') ON CONFLICT (period, kind) DO NOTHING RETURNING id", period, kind,
                preparedBy, Timestamp.from(at));
    }

    public void clearComputed(long runId) {
        update("DELETE FROM cb_run_measure WHERE run_id = ?", runId);
        update("DELETE FROM cb_run_line WHERE run_id = ? AND kind = 'CHARGE'", runId);
        update("DELETE FROM cb_run_part WHERE run_id = ?", runId);
        update("DELETE FROM cb_run_unit WHERE run_id = ?", runId);
        update("DELETE FROM cb_run_pool WHERE run_id = ?", runId);
    }

    public void setComputed(long runId, Long keyVersionId, String preparedBy, Instant at, String hash) {
        update("UPDATE cb_run SET key_version_id = ?, prepared_by = ?, prepared_at = ?, content_hash = ?,"
                + " approved_by = NULL, approved_at = NULL, state = 'DRAFT', version = version + 1 WHERE id = ?",
                keyVersionId, preparedBy, Timestamp.from(at), hash, runId);
    }

    public void setHash(long runId, String hash) {
        update("UPDATE cb_run SET content_hash = ?, version = version + 1 WHERE id = ?", hash, runId);
    }

    public void approve(long runId, String by, Instant at) {
        update("UPDATE cb_run SET state = 'APPROVED', approved_by = ?, approved_at = ?, version = version + 1"
                + " WHERE id = ?", by, Timestamp.from(at), runId);
    }

    public void post(long runId, String by, Instant at, String hash) {
        update("UPDATE cb_run SET state = 'POSTED', posted_by = ?, posted_at = ?, content_hash = ?,"
                + " version = version + 1 WHERE id = ?", by, Timestamp.from(at), hash, runId);
    }

    /** All parts of the run in one statement (arrays, one round trip). */
    public void insertParts(long runId, List<PartRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_run_part (run_id, pool_id, model, measure_key,"
                    + " amount_ore, total_quantity, outcome, flag) SELECT ?, x.* FROM unnest(?::bigint[], ?::text[],"
                    + " ?::text[], ?::bigint[], ?::numeric[], ?::text[], ?::text[]) AS x")) {
                ps.setLong(1, runId);
                ps.setArray(2, c.createArrayOf("bigint", rows.stream().map(PartRow::poolId).toArray()));
                ps.setArray(3, c.createArrayOf("text", rows.stream().map(PartRow::model).toArray()));
                ps.setArray(4, c.createArrayOf("text", rows.stream().map(PartRow::measureKey).toArray()));
                ps.setArray(5, c.createArrayOf("bigint", rows.stream().map(PartRow::amountOre).toArray()));
                ps.setArray(6, c.createArrayOf("numeric", rows.stream().map(PartRow::totalQuantity).toArray()));
                ps.setArray(7, c.createArrayOf("text", rows.stream().map(PartRow::outcome).toArray()));
                ps.setArray(8, c.createArrayOf("text", rows.stream().map(PartRow::flag).toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** All charge lines of the run in one statement, in the order given (their ids follow it). */
    public void insertChargeLines(long runId, List<LineRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_run_line (run_id, kind, unit_id, pool_id, model,"
                    + " measure_key, unit_quantity, total_quantity, amount_ore) SELECT ?, 'CHARGE', x.u, x.p, x.m, x.k,"
                    + " x.uq, x.tq, x.a FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::numeric[],"
                    + " ?::numeric[], ?::bigint[]) WITH ORDINALITY AS x (u, p, m, k, uq, tq, a, n) ORDER BY x.n")) {
                ps.setLong(1, runId);
                ps.setArray(2, c.createArrayOf("bigint", rows.stream().map(LineRow::unitId).toArray()));
                ps.setArray(3, c.createArrayOf("bigint", rows.stream().map(LineRow::poolId).toArray()));
                ps.setArray(4, c.createArrayOf("text", rows.stream().map(LineRow::model).toArray()));
                ps.setArray(5, c.createArrayOf("text", rows.stream().map(LineRow::measureKey).toArray()));
                ps.setArray(6, c.createArrayOf("numeric", rows.stream().map(LineRow::unitQuantity).toArray()));
                ps.setArray(7, c.createArrayOf("numeric", rows.stream().map(LineRow::totalQuantity).toArray()));
                ps.setArray(8, c.createArrayOf("bigint", rows.stream().map(LineRow::amountOre).toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ labels frozen with the run

    /** A unit's labels as the run froze them when it was drafted. */
    public record RunUnitRow(long unitId, String code, String name, String kind, String costCentre) {
    }

    /** Freezes the labels the run's statements show: its units (code, name, kind, cost centre) and pools' cost types. */
    public void insertRunLabels(long runId, List<RunUnitRow> units, Map<Long, String[]> poolTypes) {
        work(c -> {
            if (!units.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_run_unit (run_id, unit_id, code, name, kind,"
                        + " cost_centre) SELECT ?, x.* FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])"
                        + " AS x ON CONFLICT (run_id, unit_id) DO NOTHING")) {
                    ps.setLong(1, runId);
                    ps.setArray(2, c.createArrayOf("bigint", units.stream().map(RunUnitRow::unitId).toArray()));
                    ps.setArray(3, c.createArrayOf("text", units.stream().map(RunUnitRow::code).toArray()));
                    ps.setArray(4, c.createArrayOf("text", units.stream().map(RunUnitRow::name).toArray()));
                    ps.setArray(5, c.createArrayOf("text", units.stream().map(RunUnitRow::kind).toArray()));
                    ps.setArray(6, c.createArrayOf("text", units.stream().map(RunUnitRow::costCentre).toArray()));
                    ps.executeUpdate();
                }
            }
            if (!poolTypes.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_run_pool (run_id, pool_id, cost_type_code,"
                        + " cost_type_name) SELECT ?, x.* FROM unnest(?::bigint[], ?::text[], ?::text[]) AS x")) {
                    ps.setLong(1, runId);
                    ps.setArray(2, c.createArrayOf("bigint", poolTypes.keySet().toArray()));
                    ps.setArray(3, c.createArrayOf("text", poolTypes.values().stream().map(v -> v[0]).toArray()));
                    ps.setArray(4, c.createArrayOf("text", poolTypes.values().stream().map(v -> v[1]).toArray()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    public Map<Long, RunUnitRow> runUnits(long runId) {
        Map<Long, RunUnitRow> m = new TreeMap<>();
        query("SELECT unit_id, code, name, kind, cost_centre FROM cb_run_unit WHERE run_id = ?",
                rs -> m.put(rs.getLong(1), new RunUnitRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))), runId);
        return m;
    }

    /**
     * Every unit as of {@code day} ({@link #units}), those of the run with the labels frozen when it was drafted
     * (code, name, kind, cost centre); a run drafted before labels were frozen has none.
     */
    public Map<Long, UnitRow> unitsOfRun(long runId, LocalDate day) {
        Map<Long, UnitRow> m = units(day);
        runUnits(runId).forEach((id, f) -> {
            UnitRow u = m.get(id);
            m.put(id, new UnitRow(id, f.code(), f.kind(), u == null ? null : u.orgNumber(),
                    u == null ? null : u.parentId(), f.name(), f.costCentre()));
        });
        return m;
    }

    /** Per pool of the run: its cost type's code and name as frozen with the run. */
    public Map<Long, String[]> runPoolTypes(long runId) {
        Map<Long, String[]> m = new TreeMap<>();
        query("SELECT pool_id, cost_type_code, cost_type_name FROM cb_run_pool WHERE run_id = ?",
                rs -> m.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)}), runId);
        return m;
    }

    public long insertAdjustment(long runId, long unitId, long amountOre, long correctsRunId, long correctsLineId,
                                 String text, String createdBy) {
        return insert("INSERT INTO cb_run_line (run_id, kind, unit_id, pool_id, model, measure_key, amount_ore,"
                + " corrects_run_id, corrects_line_id, text, created_by) SELECT ?, 'ADJUSTMENT', ?, l.pool_id, l.model,"
                + " l.measure_key, ?, ?, ?, ?, ? FROM cb_run_line l WHERE l.id = ? RETURNING id", runId, unitId,
                amountOre, correctsRunId, correctsLineId, text, createdBy, correctsLineId);
    }

    private static final String LINE_COLUMNS = "id, run_id, kind, unit_id, pool_id, model, measure_key, unit_quantity,"
            + " total_quantity, amount_ore, corrects_run_id, corrects_line_id, text, created_by FROM cb_run_line";

    public List<LineRow> lines(long runId) {
        return query("SELECT " + LINE_COLUMNS + " WHERE run_id = ? ORDER BY id", ChargebackStore::line, runId);
    }

    public List<LineRow> adjustments(long runId) {
        return query("SELECT " + LINE_COLUMNS + " WHERE run_id = ? AND kind = 'ADJUSTMENT' ORDER BY id",
                ChargebackStore::line, runId);
    }

    /** The sum of the run's lines per kind (CHARGE, ADJUSTMENT). */
    public Map<String, Long> lineSums(long runId) {
        Map<String, Long> m = new TreeMap<>();
        query("SELECT kind, sum(amount_ore) FROM cb_run_line WHERE run_id = ? GROUP BY kind",
                rs -> m.put(rs.getString(1), rs.getLong(2)), runId);
        return m;
    }

    public Optional<LineRow> line(long id) {
        return query("SELECT " + LINE_COLUMNS + " WHERE id = ?", ChargebackStore::line, id).stream().findFirst();
    }

    public List<PartRow> parts(long runId) {
        return query("SELECT pool_id, model, measure_key, amount_ore, total_quantity, outcome, flag FROM cb_run_part"
                + " WHERE run_id = ? ORDER BY pool_id, model", rs -> new PartRow(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), strip(rs.getBigDecimal(5)), rs.getString(6), rs.getString(7)), runId);
    }

    /** The parts of the run the run view lists: those not distributed or flagged (same order as {@link #parts}). */
    public List<PartRow> partsNotDistributedOrFlagged(long runId) {
        return query("SELECT pool_id, model, measure_key, amount_ore, total_quantity, outcome, flag FROM cb_run_part"
                + " WHERE run_id = ? AND outcome IN ('NOT_DISTRIBUTED', 'FLAGGED') ORDER BY pool_id, model",
                rs -> new PartRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        strip(rs.getBigDecimal(5)), rs.getString(6), rs.getString(7)), runId);
    }

    public List<MeasureRow> measures(long runId) {
        return query("SELECT measure_key, unit_id, quantity FROM cb_run_measure WHERE run_id = ?"
                + " ORDER BY measure_key, unit_id", rs -> new MeasureRow(rs.getString(1), rs.getLong(2),
                strip(rs.getBigDecimal(3))), runId);
    }

    /**
     * The items behind one measure of a posted run, as frozen when it was posted: the arrays stored with the measure
     * row and the labels the items had then (a person's UPN, a device's serial and kind, a system's code, name and
     * tier, a seat's holder).
     */
    public List<StoredBasis> basis(long runId, String measureKey, long unitId) {
        return query("""
                SELECT i.src, m.item_kind, i.id, i.lbl, i.f, i.t, i.q
                  FROM cb_run_measure m
                 CROSS JOIN LATERAL unnest(m.source_unit_ids, m.item_ids, m.item_labels, m.from_days, m.to_days,
                                           m.quantities) AS i (src, id, lbl, f, t, q)
                 WHERE m.run_id = ? AND m.measure_key = ? AND m.unit_id = ?
                 ORDER BY m.item_kind, i.lbl, i.f
                """, rs -> basisRow(rs, measureKey, unitId, 1), runId, measureKey, unitId);
    }

    /** The stored item count and quantity of one measure of a run (empty when the run has no such measure). */
    public Optional<Object[]> measureCount(long runId, String measureKey, long unitId) {
        return query("SELECT item_count, quantity FROM cb_run_measure WHERE run_id = ? AND measure_key = ? AND unit_id = ?",
                rs -> new Object[]{rs.getInt(1), rs.getBigDecimal(2)}, runId, measureKey, unitId).stream().findFirst();
    }

    /** One item from columns source unit, kind, id, label, from, to, quantity (NULL: the days) starting at {@code c}. */
    private static StoredBasis basisRow(ResultSet rs, String measureKey, long unitId, int c) throws SQLException {
        String kind = rs.getString(c + 1);
        LocalDate from = date(rs, c + 4);
        LocalDate to = date(rs, c + 5);
        Integer days = from == null || to == null ? null : (int) (to.toEpochDay() - from.toEpochDay() + 1);
        // people and seats weigh 1: their quantities are not stored (the days are the quantity)
        BigDecimal q = rs.getBigDecimal(c + 6) == null ? BigDecimal.valueOf(days) : strip(rs.getBigDecimal(c + 6));
        // quantity = days × weight for day-weighted items; an import counts as it is; a fixed share is its weight
        BigDecimal weight = days != null ? strip(q.divide(BigDecimal.valueOf(days), 6, RoundingMode.HALF_EVEN))
                : "IMPORTED".equals(kind) ? BigDecimal.ONE : q;
        return new StoredBasis(measureKey, unitId, rs.getLong(c), kind, (Long) rs.getObject(c + 2), rs.getString(c + 3),
                from, to, days, weight, q);
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong(1), rs.getString(2).trim(), rs.getString(3), rs.getString(4),
                (Long) rs.getObject(5), rs.getString(6), instant(rs, 7), rs.getString(8), instant(rs, 9),
                rs.getString(10), instant(rs, 11), rs.getString(12));
    }

    private static LineRow line(ResultSet rs) throws SQLException {
        return new LineRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), (Long) rs.getObject(5),
                rs.getString(6), rs.getString(7), strip(rs.getBigDecimal(8)), strip(rs.getBigDecimal(9)),
                rs.getLong(10), (Long) rs.getObject(11), (Long) rs.getObject(12), rs.getString(13), rs.getString(14));
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private <T> T work(SqlWork<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }

    /** For tests of the database rules: runs one statement as the application. */
    public int execute(String sql, Object... args) {
        return update(sql, args);
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> list = new ArrayList<>();
                while (rs.next()) {
                    list.add(mapper.map(rs));
                }
                return list;
            }
        });
    }

    private int update(String sql, Object... args) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                return ps.executeUpdate();
            }
        });
    }

    private <T> void batch(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int n = 0;
                for (T r : rows) {
                    binder.bind(ps, r);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private long insert(String sql, Object... args) {
        List<Long> ids = query(sql, rs -> rs.getLong(1), args);
        return ids.isEmpty() ? -1 : ids.get(0);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static Date d(LocalDate day) {
        return Date.valueOf(day);
    }

    private static BigDecimal dec(ResultSet rs, int column) throws SQLException {
        return strip(rs.getBigDecimal(column));
    }

    private static BigDecimal strip(BigDecimal b) {
        return b == null ? null : (b.signum() == 0 ? BigDecimal.ZERO : b.stripTrailingZeros());
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
