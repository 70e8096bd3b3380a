package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.persistence.Sql;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Purchase invoices and lines, buyer-reference and product mappings. Runs only inside the caller's transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class PurchaseStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = new Sql(em);
    }

    /** Inserts the invoice unless the supplier's invoice number (of that type) is known; -1 when it is. */
    public long insertInvoice(String source, UblInvoice inv, long importRun) {
        return sql.insert("INSERT INTO purchase_invoice (source, supplier_key, supplier_name, invoice_number,"
                + " document_type, issue_date, currency, buyer_reference, order_reference, contract_reference,"
                + " file_name, import_run_id, billing_references) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " CAST(? AS text[])) ON CONFLICT (supplier_key, invoice_number, document_type) DO NOTHING"
                + " RETURNING id", source,
                inv.supplierKey(), inv.supplierName(), inv.number(), inv.documentType(), inv.issueDate(),
                inv.currency(), inv.buyerReference(), inv.orderReference(), inv.contractReference(), inv.file(),
                importRun, inv.billingReferences().isEmpty() ? null : inv.billingReferences());
    }

    public boolean invoiceExists(String supplierKey, String number, String documentType) {
        return !sql.query("SELECT 1 FROM purchase_invoice WHERE supplier_key = ? AND invoice_number = ?"
                + " AND document_type = ?", rs -> 1, supplierKey, number, documentType).isEmpty();
    }

    public void insertLines(long invoiceId, List<UblInvoice.Line> lines) {
        sql.work(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO purchase_line (invoice_id, line_id, item_name,"
                    + " seller_item_id, standard_item_id, classification, classification_list, quantity, unit_code,"
                    + " unit_price_ore, line_amount_ore, vat_category, vat_percent, period_start, period_end, account)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (UblInvoice.Line l : lines) {
                    Object[] args = {invoiceId, l.id(), l.itemName(), l.sellerItemId(), l.standardItemId(),
                            l.classification(), l.classificationList(), l.quantity(), l.unitCode(), l.unitPriceOre(),
                            l.lineAmountOre(), l.vatCategory(), l.vatPercent(), l.periodStart(), l.periodEnd(), l.account()};
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ mappings

    public void mapBuyerReference(String reference, long unitId) {
        sql.update("INSERT INTO buyer_reference_mapping (reference_key, reference, unit_id) VALUES (lower(btrim(?)),"
                + " btrim(?), ?) ON CONFLICT (reference_key) DO UPDATE SET unit_id = EXCLUDED.unit_id,"
                + " reference = EXCLUDED.reference", reference, reference, unitId);
    }

    public Optional<Long> buyerReferenceUnit(String reference) {
        return sql.query("SELECT unit_id FROM buyer_reference_mapping WHERE reference_key = lower(btrim(?))",
                rs -> rs.getLong(1), reference).stream().findFirst();
    }

    public record BuyerMappingRow(String reference, long unitId) {
    }

    public List<BuyerMappingRow> buyerMappings() {
        return sql.query("SELECT reference, unit_id FROM buyer_reference_mapping ORDER BY reference_key",
                rs -> new BuyerMappingRow(rs.getString(1), rs.getLong(2)));
    }

    public record UnmappedRow(String reference, long invoices, long lines, long amountOre) {
    }

    /** Buyer references of imported invoices that no mapping names (a missing reference is listed as null). */
    public List<UnmappedRow> unmappedReferences() {
        return sql.query("SELECT i.buyer_reference, count(DISTINCT i.id), count(l.id), coalesce(sum(l.line_amount_ore),"
                + " 0) FROM purchase_invoice i JOIN purchase_line l ON l.invoice_id = i.id WHERE NOT EXISTS (SELECT 1"
                + " FROM buyer_reference_mapping m WHERE m.reference_key = lower(btrim(i.buyer_reference)))"
                + " GROUP BY i.buyer_reference ORDER BY i.buyer_reference NULLS FIRST",
                rs -> new UnmappedRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
    }

    public record ProductMappingRow(long id, long supplierId, String itemKey, String sku) {
    }

    public Optional<ProductMappingRow> productMapping(long supplierId, String itemKey) {
        return sql.query("SELECT id, supplier_id, item_key, sku FROM product_mapping WHERE supplier_id = ? AND"
                + " item_key = lower(btrim(?))", rs -> new ProductMappingRow(rs.getLong(1), rs.getLong(2),
                rs.getString(3), rs.getString(4)), supplierId, itemKey).stream().findFirst();
    }

    public List<ProductMappingRow> productMappings() {
        return sql.query("SELECT id, supplier_id, item_key, sku FROM product_mapping ORDER BY supplier_id, item_key",
                rs -> new ProductMappingRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    public long mapProduct(long supplierId, String itemKey, String sku) {
        return sql.insert("INSERT INTO product_mapping (supplier_id, item_key, sku) VALUES (?, lower(btrim(?)), btrim(?))"
                + " ON CONFLICT (supplier_id, item_key) DO UPDATE SET sku = EXCLUDED.sku RETURNING id", supplierId,
                itemKey, sku);
    }

    // ------------------------------------------------------------------ lines

    /** Filter of the purchase-line list; null fields do not filter. {@code units} null = every unit. */
    public record LineFilter(String verdict, Long supplierId, Long unitId, LocalDate from, LocalDate to,
                             Set<Long> units) {
    }

    public record LineRow(long id, long invoiceId, String invoiceNumber, String documentType, LocalDate issueDate,
                          String currency, String supplierKey, Long supplierId, String supplierName,
                          String buyerReference, String contractReference, Long unitId, String lineId,
                          String itemName, String sellerItemId, String standardItemId, String classification,
                          String classificationList, BigDecimal quantity, long unitPriceOre, long lineAmountOre,
                          BigDecimal vatPercent, String verdict, String sku, Long agreementId,
                          String agreementReference, LocalDate agreementFrom, LocalDate agreementTo,
                          Long priceRowId, Long tierMinQuantity, BigDecimal cityQuantity, Long expectedPriceOre,
                          Long altAgreementId, String altAgreementReference, Long altPriceRowId, Long altPriceOre,
                          Long atStakeOre, Long entitlementId, Long creditedEntitlementId, Long creditedSeats,
                          String account, Long seatsCredited, Long seatsRemaining, String creditingDocuments,
                          String creditedInvoice) {
    }

    private static final String LINE_SELECT = "SELECT l.id, i.id, i.invoice_number, i.document_type, i.issue_date,"
            + " i.currency, i.supplier_key, i.supplier_id, coalesce(s.name, i.supplier_name), i.buyer_reference,"
            + " i.contract_reference, l.unit_id, l.line_id, l.item_name, l.seller_item_id, l.standard_item_id,"
            + " l.classification, l.classification_list, l.quantity, l.unit_price_ore, l.line_amount_ore,"
            + " l.vat_percent, l.verdict, l.sku, l.agreement_id, a.reference, a.valid_from, a.valid_to,"
            + " l.price_row_id, p.min_quantity, l.city_quantity, l.expected_price_ore, l.alt_agreement_id,"
            + " a2.reference, l.alt_price_row_id, l.alt_price_ore, l.at_stake_ore, l.entitlement_id,"
            + " l.credited_entitlement_id, l.credited_seats, l.account, cr.seats, e.quantity, cr.documents,"
            + " (SELECT bi.invoice_number FROM purchase_line bl JOIN purchase_invoice bi ON bi.id = bl.invoice_id"
            + " WHERE bl.entitlement_id = l.credited_entitlement_id LIMIT 1)"
            + " FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id"
            + " LEFT JOIN supplier s ON s.id = i.supplier_id LEFT JOIN agreement a ON a.id = l.agreement_id"
            + " LEFT JOIN agreement a2 ON a2.id = l.alt_agreement_id LEFT JOIN price_row p ON p.id = l.price_row_id"
            + " LEFT JOIN entitlement e ON e.id = l.entitlement_id"
            // the credit lines that took seats back from this line's entitlement, and their documents
            + " LEFT JOIN LATERAL (SELECT sum(cl.credited_seats) AS seats, string_agg(DISTINCT ci.invoice_number,"
            + " ', ' ORDER BY ci.invoice_number) AS documents FROM purchase_line cl JOIN purchase_invoice ci"
            + " ON ci.id = cl.invoice_id WHERE cl.credited_entitlement_id = l.entitlement_id) cr"
            + " ON l.entitlement_id IS NOT NULL";

    private static LineRow line(ResultSet rs) throws SQLException {
        return new LineRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), Sql.date(rs, 5),
                rs.getString(6), rs.getString(7), Sql.longOrNull(rs, 8), rs.getString(9), rs.getString(10),
                rs.getString(11), Sql.longOrNull(rs, 12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getBigDecimal(19), rs.getLong(20),
                rs.getLong(21), rs.getBigDecimal(22), rs.getString(23), rs.getString(24), Sql.longOrNull(rs, 25),
                rs.getString(26), Sql.date(rs, 27), Sql.date(rs, 28), Sql.longOrNull(rs, 29), Sql.longOrNull(rs, 30),
                rs.getBigDecimal(31), Sql.longOrNull(rs, 32), Sql.longOrNull(rs, 33), rs.getString(34),
                Sql.longOrNull(rs, 35), Sql.longOrNull(rs, 36), Sql.longOrNull(rs, 37), Sql.longOrNull(rs, 38),
                Sql.longOrNull(rs, 39), Sql.longOrNull(rs, 40), rs.getString(41), Sql.longOrNull(rs, 42),
                Sql.longOrNull(rs, 43), rs.getString(44), rs.getString(45));
    }

    private static String where(LineFilter f, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE true");
        if (f.verdict() != null) {
            w.append(" AND l.verdict = ?");
            args.add(f.verdict());
        }
        if (f.supplierId() != null) {
            w.append(" AND i.supplier_id = ?");
            args.add(f.supplierId());
        }
        if (f.unitId() != null) {
            w.append(" AND l.unit_id = ?");
            args.add(f.unitId());
        }
        if (f.from() != null) {
            w.append(" AND i.issue_date >= ?");
            args.add(f.from());
        }
        if (f.to() != null) {
            w.append(" AND i.issue_date <= ?");
            args.add(f.to());
        }
        if (f.units() != null) {
            w.append(" AND l.unit_id = ANY (?)");
            List<Object> u = new ArrayList<>(f.units());
            if (u.isEmpty()) {
                u.add(-1L);
            }
            args.add(u);
        }
        return w.toString();
    }

    public List<LineRow> lines(LineFilter f, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String w = where(f, args);
        args.add(limit);
        args.add(offset);
        return sql.query(LINE_SELECT + w + " ORDER BY i.issue_date DESC, i.invoice_number, l.id LIMIT ? OFFSET ?",
                PurchaseStore::line, args.toArray());
    }

    public Optional<LineRow> line(long id) {
        return sql.query(LINE_SELECT + " WHERE l.id = ?", PurchaseStore::line, id).stream().findFirst();
    }

    public long count(LineFilter f) {
        List<Object> args = new ArrayList<>();
        String w = where(f, args);
        return sql.query("SELECT count(*) FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id" + w,
                rs -> rs.getLong(1), args.toArray()).get(0);
    }

    public record VerdictTotal(String verdict, long lines, long atStakeOre, long amountOre) {
    }

    public List<VerdictTotal> totals(LineFilter f) {
        List<Object> args = new ArrayList<>();
        String w = where(f, args);
        return sql.query("SELECT coalesce(l.verdict, 'UNMATCHED'), count(*), coalesce(sum(l.at_stake_ore), 0),"
                + " coalesce(sum(l.line_amount_ore), 0) FROM purchase_line l JOIN purchase_invoice i ON"
                + " i.id = l.invoice_id" + w + " GROUP BY 1 ORDER BY 1",
                rs -> new VerdictTotal(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), args.toArray());
    }

    /** An invoice line that is a licence purchase: the product it names, the buyer's legal entity and the term. */
    public record LicenceCandidate(long lineId, String lineNo, String invoiceNumber, String supplierName,
                                   long productId, BigDecimal quantity, long unitPriceOre, Long ownerUnitId,
                                   LocalDate validFrom, LocalDate validTo) {
    }

    /** The buyer unit's nearest legal entity (kommun or bolag) as the tree stands today. */
    private static final String LEGAL = """
            WITH RECURSIVE cur AS (
                SELECT DISTINCT ON (v.unit_id) v.unit_id, v.parent_id FROM org_unit_version v
                 ORDER BY v.unit_id, v.valid_from DESC
            ), anc (unit_id, ancestor_id, depth) AS (
                SELECT unit_id, unit_id, 0 FROM cur
                UNION ALL
                SELECT a.unit_id, c.parent_id, a.depth + 1 FROM anc a JOIN cur c ON c.unit_id = a.ancestor_id
                 WHERE c.parent_id IS NOT NULL AND a.depth < 32
            ), legal AS (
                SELECT DISTINCT ON (a.unit_id) a.unit_id, u.id AS legal_id FROM anc a JOIN org_unit u
                    ON u.id = a.ancestor_id WHERE u.kind IN ('KOMMUN', 'BOLAG') ORDER BY a.unit_id, a.depth
            )""";

    /**
     * The invoice lines (not credit notes) with a whole positive quantity, a mapped buyer and no entitlement yet
     * whose SKU, seller item id, standard item id or item name (first that does, in that order) is an alias of a
     * catalogue product; of one import run, or of every run when {@code importRun} is null (lines imported before
     * their product, their price-list SKU or their buyer mapping existed). Set-based: one join of the lines' names
     * with the product aliases (lower-cased, as the catalogue compares them).
     */
    public List<LicenceCandidate> licenceCandidates(Long importRun) {
        return sql.query(LEGAL + """
                , named AS (
                    SELECT DISTINCT ON (l.id) l.id, pa.product_id
                      FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id
                     CROSS JOIN LATERAL unnest(ARRAY[l.sku, l.seller_item_id, l.standard_item_id, l.item_name])
                           WITH ORDINALITY AS n (name, ord)
                      JOIN product_alias pa ON lower(pa.alias) = lower(btrim(n.name))
                     WHERE (CAST(? AS bigint) IS NULL OR i.import_run_id = ?) AND i.document_type = 'INVOICE'
                       AND l.quantity > 0 AND l.quantity = trunc(l.quantity)
                       AND l.entitlement_id IS NULL AND l.unit_id IS NOT NULL
                     ORDER BY l.id, n.ord
                )
                SELECT l.id, l.line_id, i.invoice_number, coalesce(s.name, i.supplier_name), nm.product_id,
                       l.quantity, l.unit_price_ore, lg.legal_id, coalesce(l.period_start, i.issue_date), l.period_end
                  FROM named nm JOIN purchase_line l ON l.id = nm.id JOIN purchase_invoice i ON i.id = l.invoice_id
                  LEFT JOIN supplier s ON s.id = i.supplier_id
                  LEFT JOIN legal lg ON lg.unit_id = l.unit_id
                 ORDER BY l.id
                """, rs -> new LicenceCandidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getBigDecimal(6), rs.getLong(7), Sql.longOrNull(rs, 8), Sql.date(rs, 9),
                Sql.date(rs, 10)), importRun, importRun);
    }

    /**
     * A credit line (negative whole quantity) not applied yet and the entitled invoice line it credits: same
     * supplier key and same item (seller item id, else standard id, else item name, any case; or the same matched
     * SKU); the invoice is the one the credit note names (BT-25) when it names any, else one of the same buyer unit
     * issued on or before the credit whose line period equals the credit line's (when the credit line has one).
     * Among several, the credited invoice's line with the same period first, then the latest invoice, then the
     * lowest line.
     */
    public record CreditMatch(long creditLineId, String creditNumber, String creditLineNo, long seats,
                              long originalLineId, String originalNumber, long entitlementId) {
    }

    public List<CreditMatch> pendingCredits() {
        return sql.query("""
                WITH c AS (
                    SELECT l.id, i.invoice_number, l.line_id, i.supplier_key, i.billing_references, i.issue_date,
                           l.unit_id, lower(btrim(coalesce(l.seller_item_id, l.standard_item_id, l.item_name))) AS item,
                           lower(l.sku) AS sku, l.period_start, l.period_end, -l.quantity AS q
                      FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id
                     WHERE l.quantity < 0 AND l.quantity = trunc(l.quantity) AND l.credited_entitlement_id IS NULL
                ), o AS (
                    SELECT l.id, i.invoice_number, i.supplier_key, i.issue_date, l.unit_id, l.entitlement_id,
                           lower(btrim(coalesce(l.seller_item_id, l.standard_item_id, l.item_name))) AS item,
                           lower(l.sku) AS sku, l.period_start, l.period_end
                      FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id
                     WHERE l.entitlement_id IS NOT NULL AND i.document_type = 'INVOICE' AND l.quantity > 0
                )
                SELECT DISTINCT ON (c.id) c.id, c.invoice_number, c.line_id, c.q, o.id, o.invoice_number,
                       o.entitlement_id
                  FROM c JOIN o ON o.supplier_key = c.supplier_key AND (o.item = c.item OR o.sku = c.sku)
                 WHERE CASE WHEN c.billing_references IS NOT NULL THEN o.invoice_number = ANY (c.billing_references)
                       ELSE o.unit_id = c.unit_id AND o.issue_date <= c.issue_date
                            AND (c.period_start IS NULL OR (o.period_start IS NOT DISTINCT FROM c.period_start
                                 AND o.period_end IS NOT DISTINCT FROM c.period_end)) END
                 ORDER BY c.id, (o.period_start IS NOT DISTINCT FROM c.period_start
                                 AND o.period_end IS NOT DISTINCT FROM c.period_end) DESC,
                          o.issue_date DESC, o.id
                """, rs -> new CreditMatch(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getBigDecimal(4).longValueExact(), rs.getLong(5), rs.getString(6), rs.getLong(7)));
    }

    public void markCredited(long creditLineId, long entitlementId, long seats) {
        sql.update("UPDATE purchase_line SET credited_entitlement_id = ?, credited_seats = ? WHERE id = ?",
                entitlementId, seats, creditLineId);
    }

    public void linkEntitlement(long lineId, long entitlementId) {
        sql.update("UPDATE purchase_line SET entitlement_id = ? WHERE id = ?", entitlementId, lineId);
    }

    public void lockForImport() {
        sql.query("SELECT pg_advisory_xact_lock(4711030)", rs -> 1);
    }
}
