package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.persistence.Sql;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.agreements.domain.AlertTitle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agreement, agreement_call_off and price_row tables. Runs only inside the caller's transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AgreementStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = new Sql(em);
    }

    public record AgreementRow(long id, String reference, long supplierId, String supplierName, String kind,
                               Long parentId, String title, String category, LocalDate validFrom, LocalDate validTo,
                               String extensionOptions, int noticeMonths, long ownerUnitId, boolean kommunMayCallOff,
                               List<Long> callOffUnitIds) {
    }

    public record PriceRow(long id, long agreementId, String sku, String productName, long unitPriceOre,
                           String currency, long minQuantity, LocalDate validFrom, LocalDate validTo) {
    }

    private static final String SELECT = "SELECT a.id, a.reference, a.supplier_id, s.name, a.kind, a.parent_id,"
            + " a.title, a.category, a.valid_from, a.valid_to, a.extension_options, a.notice_months, a.owner_unit_id,"
            + " a.kommun_may_call_off, coalesce((SELECT array_agg(c.unit_id ORDER BY c.unit_id) FROM"
            + " agreement_call_off c WHERE c.agreement_id = a.id), '{}') FROM agreement a JOIN supplier s ON"
            + " s.id = a.supplier_id";

    private static AgreementRow row(ResultSet rs) throws SQLException {
        Long[] units = (Long[]) rs.getArray(15).getArray();
        return new AgreementRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                Sql.longOrNull(rs, 6), rs.getString(7), rs.getString(8), Sql.date(rs, 9), Sql.date(rs, 10),
                rs.getString(11), rs.getInt(12), rs.getLong(13), rs.getBoolean(14), List.of(units));
    }

    public List<AgreementRow> agreements(Long supplierId) {
        if (supplierId == null) {
            return sql.query(SELECT + " ORDER BY a.reference", AgreementStore::row);
        }
        return sql.query(SELECT + " WHERE a.supplier_id = ? ORDER BY a.reference", AgreementStore::row, supplierId);
    }

    public Optional<AgreementRow> agreement(long id) {
        return sql.query(SELECT + " WHERE a.id = ?", AgreementStore::row, id).stream().findFirst();
    }

    public Optional<AgreementRow> byReference(String reference) {
        return sql.query(SELECT + " WHERE lower(a.reference) = lower(?)", AgreementStore::row,
                reference.trim()).stream().findFirst();
    }

    /** Agreement ids by lower-cased reference. */
    public Map<String, Long> idsByReference() {
        Map<String, Long> ids = new HashMap<>();
        sql.query("SELECT lower(reference), id FROM agreement", rs -> ids.put(rs.getString(1), rs.getLong(2)));
        return ids;
    }

    /** Agreements whose notice date (valid_to minus notice months) falls within [from, to]. */
    public List<AgreementRow> noticeBetween(LocalDate from, LocalDate to) {
        return sql.query(SELECT + " WHERE a.valid_to IS NOT NULL AND (a.valid_to - make_interval(months =>"
                + " a.notice_months))::date BETWEEN ? AND ? ORDER BY a.valid_to - make_interval(months =>"
                + " a.notice_months), a.reference", AgreementStore::row, from, to);
    }

    /** A stored alert; its title is {@code titleKey} (an {@link se.nyckeln.agreements.domain.AlertTitle} key) and its parameters. */
    public record AlertRow(String kind, Long agreementId, Long entitlementId, String titleKey, List<String> titleArgs,
                           LocalDate dueDate, LocalDate endDate, LocalDate computedOn, int horizonMonths) {
    }

    /**
     * Replaces the stored alerts: agreements whose notice date (end minus notice period) falls in [today,
     * today + horizon], and entitlements (subscriptions; maintenance of perpetual licences) ending in it. Titles are
     * stored as a key and parameters (V33), worded when read.
     */
    public int replaceAlerts(LocalDate today, int horizonMonths) {
        LocalDate until = today.plusMonths(horizonMonths);
        sql.update("DELETE FROM agreement_alert");
        int n = sql.update("INSERT INTO agreement_alert (kind, agreement_id, title_key, title_args, due_date, end_date,"
                + " computed_on, horizon_months) SELECT 'NOTICE_DATE', a.id, ?, ARRAY[a.reference, a.title],"
                + " (a.valid_to - make_interval(months => a.notice_months))::date, a.valid_to, ?, ? FROM agreement a"
                + " WHERE a.valid_to IS NOT NULL AND (a.valid_to - make_interval(months => a.notice_months))::date"
                + " BETWEEN ? AND ?", AlertTitle.NOTICE_DATE.key(), today, horizonMonths, today, until);
        n += sql.update("INSERT INTO agreement_alert (kind, entitlement_id, title_key, title_args, due_date, end_date,"
                + " computed_on, horizon_months) SELECT 'SUBSCRIPTION_ENDING', e.id, CASE p.term WHEN 'PERPETUAL'"
                + " THEN ? ELSE ? END, ARRAY[p.name, e.quantity::text], e.valid_to, e.valid_to, ?, ? FROM entitlement e"
                + " JOIN licence_pool lp ON lp.id = e.pool_id JOIN product p ON p.id = lp.product_id"
                + " WHERE e.valid_to BETWEEN ? AND ? AND e.quantity > 0", AlertTitle.MAINTENANCE_ENDING.key(),
                AlertTitle.SUBSCRIPTION_ENDING.key(), today, horizonMonths, today, until);
        // the maintenance of a perpetual licence (its right to use stays open; V27 entitlement_maintenance)
        n += sql.update("INSERT INTO agreement_alert (kind, entitlement_id, title_key, title_args, due_date, end_date,"
                + " computed_on, horizon_months) SELECT 'SUBSCRIPTION_ENDING', e.id, ?, ARRAY[p.name,"
                + " e.quantity::text], m.maintenance_to, m.maintenance_to, ?, ? FROM entitlement_maintenance m"
                + " JOIN entitlement e ON e.id = m.entitlement_id JOIN licence_pool lp ON lp.id = e.pool_id"
                + " JOIN product p ON p.id = lp.product_id WHERE m.maintenance_to BETWEEN ? AND ? AND e.quantity > 0",
                AlertTitle.MAINTENANCE_ENDING.key(), today, horizonMonths, today, until);
        return n;
    }

    public List<AlertRow> alerts() {
        return sql.query("SELECT kind, agreement_id, entitlement_id, title_key, title_args, due_date, end_date,"
                + " computed_on, horizon_months FROM agreement_alert ORDER BY due_date, id", rs -> new AlertRow(
                rs.getString(1), Sql.longOrNull(rs, 2), Sql.longOrNull(rs, 3), rs.getString(4),
                java.util.Arrays.stream((String[]) rs.getArray(5).getArray())
                        .map(x -> x == null ? "" : x).toList(), Sql.date(rs, 6), Sql.date(rs, 7), Sql.date(rs, 8),
                rs.getInt(9)));
    }

    public long insert(AgreementRow a) {
        return sql.insert("INSERT INTO agreement (reference, supplier_id, kind, parent_id, title, category, valid_from,"
                + " valid_to, extension_options, notice_months, owner_unit_id, kommun_may_call_off) VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", a.reference(),
                a.supplierId(), a.kind(), a.parentId(), a.title(), a.category(), a.validFrom(), a.validTo(),
                a.extensionOptions(), a.noticeMonths(), a.ownerUnitId(), a.kommunMayCallOff());
    }

    public void update(long id, AgreementRow a) {
        sql.update("UPDATE agreement SET supplier_id = ?, kind = ?, parent_id = ?, title = ?, category = ?,"
                + " valid_from = ?, valid_to = ?, extension_options = ?, notice_months = ?, owner_unit_id = ?,"
                + " kommun_may_call_off = ?, version = version + 1 WHERE id = ?", a.supplierId(), a.kind(),
                a.parentId(), a.title(), a.category(), a.validFrom(), a.validTo(), a.extensionOptions(),
                a.noticeMonths(), a.ownerUnitId(), a.kommunMayCallOff(), id);
    }

    public void setCallOffUnits(long id, List<Long> units) {
        sql.update("DELETE FROM agreement_call_off WHERE agreement_id = ? AND NOT (unit_id = ANY (?))", id,
                new ArrayList<Object>(units.isEmpty() ? List.of(-1L) : units));
        for (Long u : units) {
            sql.update("INSERT INTO agreement_call_off (agreement_id, unit_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    id, u);
        }
    }

    // ------------------------------------------------------------------ price lists

    private static PriceRow price(ResultSet rs) throws SQLException {
        return new PriceRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getLong(7), Sql.date(rs, 8), Sql.date(rs, 9));
    }

    private static final String PRICE_SELECT = "SELECT id, agreement_id, sku, product_name, unit_price_ore, currency,"
            + " min_quantity, valid_from, valid_to FROM price_row";

    public List<PriceRow> prices(long agreementId) {
        return sql.query(PRICE_SELECT + " WHERE agreement_id = ? ORDER BY sku_key, valid_from, min_quantity",
                AgreementStore::price, agreementId);
    }

    public Optional<PriceRow> price(long id) {
        return sql.query(PRICE_SELECT + " WHERE id = ?", AgreementStore::price, id).stream().findFirst();
    }

    /** The row with the same key (agreement, sku any case, band, valid from), if any. */
    public Optional<PriceRow> priceByKey(long agreementId, String sku, long minQuantity, LocalDate validFrom) {
        return sql.query(PRICE_SELECT + " WHERE agreement_id = ? AND sku_key = lower(?) AND min_quantity = ?"
                + " AND valid_from = ?", AgreementStore::price, agreementId, sku, minQuantity, validFrom).stream()
                .findFirst();
    }

    public long insertPrice(PriceRow p) {
        return sql.insert("INSERT INTO price_row (agreement_id, sku, product_name, unit_price_ore, currency,"
                + " min_quantity, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                p.agreementId(), p.sku(), p.productName(), p.unitPriceOre(), p.currency(), p.minQuantity(),
                p.validFrom(), p.validTo());
    }

    public void updatePrice(long id, PriceRow p) {
        sql.update("UPDATE price_row SET product_name = ?, unit_price_ore = ?, currency = ?, valid_to = ? WHERE id = ?",
                p.productName(), p.unitPriceOre(), p.currency(), p.validTo(), id);
    }

    public void lockForImport() {
        sql.query("SELECT pg_advisory_xact_lock(4711030)", rs -> 1);
    }

    public long startRun(String kind, String fileName, String sha256, String actor, int rows, int created,
                         int updated, int unchanged) {
        return sql.insert("INSERT INTO import_run (kind, file_name, sha256, imported_by, rows_read, created, updated,"
                + " closed, unchanged) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id", kind, fileName, sha256, actor,
                rows, created, updated, unchanged);
    }

    /** Runs the matching statements (units, suppliers, verdicts); answers how many lines changed verdict. */
    public int rematch() {
        sql.update(Matching.NO_JIT);
        sql.update(Matching.NO_NESTLOOP);
        sql.update(Matching.SUPPLIERS);
        sql.update(Matching.UNITS);
        int changed = sql.update(Matching.REMATCH);
        sql.update(Matching.NESTLOOP_DEFAULT);
        return changed;
    }
}
