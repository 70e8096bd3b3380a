package se.nyckeln.suppliers.infrastructure;

import se.nyckeln.platform.persistence.Sql;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The consolidation read model: the view {@code supplier_line} (every purchase line of a registered supplier
 * with its effective supplier, category and IT status), merges, category mappings and review decisions.
 * Every read takes the caller's visible unit ids ({@code null} = all). Runs only inside the caller's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ConsolidationStore {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private Sql sql;

    @PostConstruct
    void init() {
        sql = new Sql(em);
    }

    /** The nämnd or bolag (nearest ancestor that is not a SUBUNIT, today's tree) of every unit. */
    private static final String TOP_UNIT = """
            WITH RECURSIVE up(unit_id, anc, kind, depth) AS (
                SELECT u.id, u.id, u.kind, 0 FROM org_unit u
                UNION ALL
                SELECT up.unit_id, v.parent_id, p.kind, up.depth + 1 FROM up
                  JOIN org_unit_version v ON v.unit_id = up.anc AND v.valid_from <= current_date
                       AND (v.valid_to IS NULL OR v.valid_to >= current_date)
                  JOIN org_unit p ON p.id = v.parent_id
                 WHERE up.kind = 'SUBUNIT' AND up.depth < 20
            ), top_unit AS (
                SELECT DISTINCT ON (unit_id) unit_id, anc FROM up WHERE kind <> 'SUBUNIT' ORDER BY unit_id, depth
            )
            """;

    private static final String FILTER = " WHERE sl.counted_it AND (?::int IS NULL OR sl.year = ?)"
            + " AND (?::bigint IS NULL OR sl.supplier_id = ?) AND (?::text IS NULL OR coalesce(sl.category, '-') = ?)"
            + " AND (?::bigint[] IS NULL OR sl.unit_id = ANY (?::bigint[]))";

    public record Filter(Integer year, Long supplierId, String category, List<Long> scope) {
        Object[] args() {
            return new Object[] {year, year, supplierId, supplierId, category, category, scope, scope};
        }
    }

    public record SpendRow(String key, String label, long spendOre, long lines, long suppliers) {
    }

    /** IT spend grouped by supplier, category, unit (nämnd/bolag), year or month ({@code YYYY-MM}). */
    public List<SpendRow> spend(String dimension, Filter f) {
        String key;
        String label;
        String join = "";
        switch (dimension) {
            case "supplier" -> {
                key = "sl.supplier_id::text";
                label = "s.name";
                join = " JOIN supplier s ON s.id = sl.supplier_id";
            }
            case "category" -> {
                key = "coalesce(sl.category, '-')";
                label = "coalesce(c.name, '-')";
                join = " LEFT JOIN spend_category c ON c.code = sl.category";
            }
            case "unit" -> {
                key = "coalesce(t.anc::text, '-')";
                label = "coalesce(u.code, '-')";
                join = " LEFT JOIN top_unit t ON t.unit_id = sl.unit_id LEFT JOIN org_unit u ON u.id = t.anc";
            }
            case "year" -> {
                key = "sl.year::text";
                label = key;
            }
            case "month" -> {
                key = "to_char(sl.issue_date, 'YYYY-MM')";
                label = key;
            }
            default -> throw new IllegalArgumentException(dimension);
        }
        String prefix = "unit".equals(dimension) ? TOP_UNIT : "";
        String order = "year".equals(dimension) || "month".equals(dimension) ? "1" : "3 DESC, 1";
        return sql.query(prefix + "SELECT " + key + ", " + label + ", sum(sl.amount_ore), count(*),"
                + " count(DISTINCT sl.supplier_id) FROM supplier_line sl" + join + FILTER + " GROUP BY 1, 2 ORDER BY "
                + order, rs -> new SpendRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5)), f.args());
    }

    public record CountRow(int year, String category, long suppliers) {
    }

    /**
     * Active suppliers (at least one line counted in the IT spend) per year (category null) and per year and
     * category, in one pass over the lines (grouping sets): the view is read once, not twice.
     */
    public List<CountRow> activeSuppliers(Filter f) {
        return sql.query("SELECT year, CASE WHEN GROUPING(category) = 0 THEN category END, count(DISTINCT supplier_id)"
                + " FROM (SELECT sl.year, coalesce(sl.category, '-') AS category, sl.supplier_id FROM supplier_line sl"
                + FILTER + ") x GROUP BY GROUPING SETS ((year), (year, category)) ORDER BY 1, 2 NULLS FIRST",
                rs -> new CountRow(rs.getInt(1), rs.getString(2), rs.getLong(3)), f.args());
    }

    public record SupplierYear(long supplierId, String name, String orgNumber, long spendOre, long lines,
                               long invoices, List<String> units) {
    }

    /** Each supplier's IT spend, lines, invoices and buyer units in the filter (normally one year). */
    public List<SupplierYear> supplierTotals(Filter f) {
        return sql.query("SELECT sl.supplier_id, s.name, s.org_number, sum(sl.amount_ore), count(*),"
                + " count(DISTINCT sl.invoice_id), coalesce(array_agg(DISTINCT u.code) FILTER (WHERE u.code IS NOT NULL),"
                + " '{}') FROM supplier_line sl JOIN supplier s ON s.id = sl.supplier_id"
                + " LEFT JOIN org_unit u ON u.id = sl.unit_id" + FILTER
                + " GROUP BY sl.supplier_id, s.name, s.org_number ORDER BY 4 DESC, 1", rs -> new SupplierYear(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                strings(rs.getArray(7))), f.args());
    }

    public record LineRow(long lineId, long invoiceId, String invoiceNumber, LocalDate issueDate, long supplierId,
                          String supplierName, long bookedSupplierId, Long unitId, String unitCode, String itemName,
                          BigDecimal quantity, long unitPriceOre, long amountOre, String verdict, String category,
                          String categorySource, Boolean categoryIsIt, Boolean reviewIsIt, Boolean countedIt,
                          String account, String reviewReason) {
    }

    private static final String LINE = "SELECT sl.line_id, sl.invoice_id, sl.invoice_number, sl.issue_date,"
            + " sl.supplier_id, s.name, sl.booked_supplier_id, sl.unit_id, u.code, sl.item_name, sl.quantity,"
            + " sl.unit_price_ore, sl.amount_ore, sl.verdict, sl.category, sl.category_source, sl.category_is_it,"
            + " sl.review_is_it, sl.counted_it, sl.account, sl.review_reason FROM supplier_line sl JOIN supplier s ON s.id = sl.supplier_id"
            + " LEFT JOIN org_unit u ON u.id = sl.unit_id";

    private static LineRow line(ResultSet rs) throws SQLException {
        return new LineRow(rs.getLong(1), rs.getLong(2), rs.getString(3), Sql.date(rs, 4), rs.getLong(5),
                rs.getString(6), rs.getLong(7), Sql.longOrNull(rs, 8), rs.getString(9), rs.getString(10),
                rs.getBigDecimal(11), rs.getLong(12), rs.getLong(13), rs.getString(14), rs.getString(15),
                rs.getString(16), bool(rs, 17), bool(rs, 18), bool(rs, 19), rs.getString(20), rs.getString(21));
    }

    /**
     * Lines counted in the IT spend for the filter (drill-down), oldest first. With a supplier, the view's effective
     * supplier ({@code coalesce(merged_into, id)}, not indexable) is narrowed first by the invoiced supplier: the
     * supplier itself and those merged into it (one level), resolved in the same statement (an init plan, so the
     * same snapshot) and passed as an indexed {@code = ANY} on the invoice's supplier. The condition on the effective
     * supplier stays, so the answer is exactly the view's under any merge or split. The supplier condition is
     * written into the statement only when a supplier is asked for (no {@code ? IS NULL OR} for the planner).
     */
    public List<LineRow> lines(Filter f, int limit) {
        if (f.supplierId() == null) {
            return sql.query(LINE + FILTER + " ORDER BY sl.issue_date, sl.line_id LIMIT ?", ConsolidationStore::line,
                    append(f.args(), limit));
        }
        StringBuilder where = new StringBuilder(" WHERE sl.counted_it AND sl.supplier_id = ? AND sl.booked_supplier_id"
                + " = ANY (ARRAY(SELECT m.id FROM supplier m WHERE m.id = ? OR m.merged_into = ?))");
        List<Object> args = new ArrayList<>(List.of(f.supplierId(), f.supplierId(), f.supplierId()));
        if (f.year() != null) {
            where.append(" AND sl.year = ?");
            args.add(f.year());
        }
        if (f.category() != null) {
            where.append(" AND coalesce(sl.category, '-') = ?");
            args.add(f.category());
        }
        if (f.scope() != null) {
            where.append(" AND sl.unit_id = ANY (?::bigint[])");
            args.add(f.scope());
        }
        args.add(limit);
        return sql.query(LINE + where + " ORDER BY sl.issue_date, sl.line_id LIMIT ?", ConsolidationStore::line,
                args.toArray());
    }

    /**
     * Lines that look misbooked (awaiting review, or decided), oldest first: a non-IT category ({@code CATEGORY}) or an
     * IT supplier's line booked on a non-IT account ({@code ACCOUNT}); {@code reason} null = both.
     */
    public List<LineRow> reviewLines(boolean pendingOnly, String reason, List<Long> scope) {
        return sql.query(LINE + " WHERE sl.review_reason IS NOT NULL AND (?::text IS NULL OR sl.review_reason = ?)"
                + " AND (NOT ? OR sl.review_is_it IS NULL)"
                + " AND (?::bigint[] IS NULL OR sl.unit_id = ANY (?::bigint[])) ORDER BY sl.issue_date, sl.line_id",
                ConsolidationStore::line, reason, reason, pendingOnly, scope, scope);
    }

    public record ReviewPageRows(long total, List<LineRow> lines) {
    }

    /**
     * One page of {@link #reviewLines}: {@code limit} lines from {@code offset} in the same stable order (issue date,
     * line id), and the total of the whole list, counted in the same pass (a window count before the limit). A page
     * past the end has no row to carry the total: it is then counted on its own.
     */
    public ReviewPageRows reviewPage(boolean pendingOnly, String reason, List<Long> scope, int offset, int limit) {
        String where = " WHERE sl.review_reason IS NOT NULL AND (?::text IS NULL OR sl.review_reason = ?)"
                + " AND (NOT ? OR sl.review_is_it IS NULL)"
                + " AND (?::bigint[] IS NULL OR sl.unit_id = ANY (?::bigint[]))";
        long[] total = {-1};
        List<LineRow> rows = sql.query(LINE.replace(" FROM supplier_line sl", ", count(*) OVER () FROM supplier_line sl")
                + where + " ORDER BY sl.issue_date, sl.line_id LIMIT ? OFFSET ?", rs -> {
                    total[0] = rs.getLong(22);
                    return line(rs);
                }, reason, reason, pendingOnly, scope, scope, limit, offset);
        if (total[0] < 0) {
            total[0] = sql.query("SELECT count(*) FROM supplier_line sl" + where, rs -> rs.getLong(1), reason, reason,
                    pendingOnly, scope, scope).get(0);
        }
        return new ReviewPageRows(total[0], rows);
    }

    // ------------------------------------------------------------------ IT accounts

    public record ItAccountRow(String prefix, String name) {
    }

    public List<ItAccountRow> itAccounts() {
        return sql.query("SELECT prefix, name FROM it_account ORDER BY prefix",
                rs -> new ItAccountRow(rs.getString(1), rs.getString(2)));
    }

    /** Replaces the list of IT account prefixes. */
    public void replaceItAccounts(List<ItAccountRow> accounts) {
        sql.update("DELETE FROM it_account");
        for (ItAccountRow a : accounts) {
            sql.update("INSERT INTO it_account (prefix, name) VALUES (?, ?)", a.prefix(), a.name());
        }
    }

    // ------------------------------------------------------------------ dismissed duplicate proposals

    public record DismissalRow(long id, long supplierId, String supplierName, long otherId, String otherName,
                               String reason, String dismissedBy, String dismissedAt, String undoneBy, String undoneAt) {
    }

    private static final String DISMISSAL = "SELECT d.id, d.supplier_id, a.name, d.other_id, b.name, d.reason,"
            + " d.dismissed_by, to_char(d.dismissed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'), d.undone_by,"
            + " to_char(d.undone_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM duplicate_dismissal d JOIN supplier a ON"
            + " a.id = d.supplier_id JOIN supplier b ON b.id = d.other_id";

    private static DismissalRow dismissal(ResultSet rs) throws SQLException {
        return new DismissalRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    public List<DismissalRow> dismissals() {
        return sql.query(DISMISSAL + " ORDER BY d.id DESC", ConsolidationStore::dismissal);
    }

    public Optional<DismissalRow> dismissal(long id) {
        return sql.query(DISMISSAL + " WHERE d.id = ?", ConsolidationStore::dismissal, id).stream().findFirst();
    }

    /** The open dismissal of a pair (ids in order), if any. */
    public Optional<Long> openDismissal(long low, long high) {
        return sql.query("SELECT id FROM duplicate_dismissal WHERE supplier_id = ? AND other_id = ? AND undone_at IS NULL",
                rs -> rs.getLong(1), low, high).stream().findFirst();
    }

    public long dismiss(long low, long high, String reason, String actor) {
        return sql.insert("INSERT INTO duplicate_dismissal (supplier_id, other_id, reason, dismissed_by) VALUES (?, ?, ?, ?)"
                + " RETURNING id", low, high, reason, actor);
    }

    public void undoDismissal(long id, String actor) {
        sql.update("UPDATE duplicate_dismissal SET undone_by = ?, undone_at = now() WHERE id = ?", actor, id);
    }

    public Optional<LineRow> line(long lineId) {
        return sql.query(LINE + " WHERE sl.line_id = ?", ConsolidationStore::line, lineId).stream().findFirst();
    }

    public void decide(long lineId, boolean isIt, String actor) {
        sql.update("INSERT INTO line_review (purchase_line_id, is_it, decided_by) VALUES (?, ?, ?) ON CONFLICT"
                + " (purchase_line_id) DO UPDATE SET is_it = EXCLUDED.is_it, decided_by = EXCLUDED.decided_by,"
                + " decided_at = now()", lineId, isIt, actor);
    }

    public void undecide(long lineId) {
        sql.update("DELETE FROM line_review WHERE purchase_line_id = ?", lineId);
    }

    public record CandidateRow(long lineId, long supplierId, String supplierName, String ownAgreement, String category,
                               long amountOre,
                               BigDecimal quantity, long unitPriceOre, String match, long agreementId,
                               String agreementReference, long agreementSupplierId, String agreementSupplierName,
                               Long agreementPriceOre) {
    }

    /**
     * IT lines off agreement (verdict OFF_AGREEMENT), or on a small agreement (city-wide IT spend judged against it
     * in the line's year below {@code smallOre}; null = none), for which another supplier's agreement, valid on the
     * invoice date, sells the same product (a price row whose SKU is the line's seller or standard item id; the
     * cheapest row of the band the line's quantity reaches) or, failing that, has the line's category.
     */
    public List<CandidateRow> candidates(Filter f, Long smallOre) {
        // Set-based: the lines first, then for all of them at once the cheapest product match (DISTINCT ON) and, for
        // the lines without one, the first category match; a lateral subquery per line was 3-4x slower.
        return sql.query("""
                WITH o AS (
                    SELECT sl.line_id, sl.supplier_id, sl.category, sl.amount_ore, sl.quantity, sl.unit_price_ore,
                           sl.issue_date, sl.verdict, sl.agreement_id,
                           lower(btrim(l.seller_item_id)) AS seller_key, lower(btrim(l.standard_item_id)) AS standard_key
                      FROM supplier_line sl
                      JOIN purchase_line l ON l.id = sl.line_id
                """ + FILTER + """
                     AND (sl.verdict = 'OFF_AGREEMENT' OR (?::bigint IS NOT NULL AND sl.agreement_id IN (
                          SELECT x.agreement_id FROM supplier_line x WHERE x.year = sl.year AND x.counted_it
                             AND x.agreement_id IS NOT NULL GROUP BY x.agreement_id HAVING sum(x.amount_ore) < ?::bigint)))
                ), prod AS (
                    SELECT DISTINCT ON (o.line_id) o.line_id, 'PRODUCT' AS match, a.id AS agreement_id,
                           coalesce(sa.merged_into, sa.id) AS supplier_id, p.unit_price_ore AS price_ore
                      FROM o JOIN price_row p ON p.sku_key IN (o.seller_key, o.standard_key)
                      JOIN agreement a ON a.id = p.agreement_id
                      JOIN supplier sa ON sa.id = a.supplier_id
                     WHERE p.currency = 'SEK' AND p.min_quantity <= greatest(1, abs(o.quantity))
                       AND p.valid_from <= o.issue_date AND (p.valid_to IS NULL OR p.valid_to >= o.issue_date)
                       AND a.valid_from <= o.issue_date AND (a.valid_to IS NULL OR a.valid_to >= o.issue_date)
                       AND coalesce(sa.merged_into, sa.id) <> o.supplier_id
                     ORDER BY o.line_id, p.unit_price_ore NULLS LAST, a.id
                ), cat AS (
                    SELECT DISTINCT ON (o.line_id) o.line_id, 'CATEGORY' AS match, a.id AS agreement_id,
                           coalesce(sa.merged_into, sa.id) AS supplier_id, NULL::bigint AS price_ore
                      FROM o JOIN spend_category c ON c.code = o.category
                      JOIN agreement a ON lower(btrim(a.category)) IN (lower(c.code), lower(c.name))
                      JOIN supplier sa ON sa.id = a.supplier_id
                     WHERE a.valid_from <= o.issue_date AND (a.valid_to IS NULL OR a.valid_to >= o.issue_date)
                       AND coalesce(sa.merged_into, sa.id) <> o.supplier_id
                       AND NOT EXISTS (SELECT 1 FROM prod WHERE prod.line_id = o.line_id)
                     ORDER BY o.line_id, a.id
                ), m AS (SELECT * FROM prod UNION ALL SELECT * FROM cat)
                SELECT o.line_id, o.supplier_id, s.name, own.reference, o.category, o.amount_ore, o.quantity,
                       o.unit_price_ore, m.match, m.agreement_id, a.reference, m.supplier_id, s2.name, m.price_ore
                  FROM o
                  JOIN m ON m.line_id = o.line_id
                  JOIN supplier s ON s.id = o.supplier_id
                  JOIN agreement a ON a.id = m.agreement_id
                  JOIN supplier s2 ON s2.id = m.supplier_id
                  LEFT JOIN agreement own ON own.id = o.agreement_id AND o.verdict <> 'OFF_AGREEMENT'
                 ORDER BY s.name, o.line_id""",
                rs -> new CandidateRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getBigDecimal(7), rs.getLong(8), rs.getString(9), rs.getLong(10),
                        rs.getString(11), rs.getLong(12), rs.getString(13), Sql.longOrNull(rs, 14)),
                append(append(f.args(), smallOre), smallOre));
    }

    // ------------------------------------------------------------------ normalisation and merges

    public record UnregisteredKey(String key, String name, long invoices) {
    }

    /** Supplier keys of invoices no registered supplier has, with their most frequent invoice name. */
    public List<UnregisteredKey> unregisteredKeys() {
        return sql.query("SELECT supplier_key, (array_agg(supplier_name ORDER BY n DESC, supplier_name)"
                + " FILTER (WHERE supplier_name IS NOT NULL))[1], sum(n) FROM (SELECT supplier_key,"
                + " nullif(btrim(supplier_name), '') AS supplier_name, count(*) AS n FROM purchase_invoice WHERE"
                + " supplier_id IS NULL GROUP BY 1, 2) x GROUP BY supplier_key ORDER BY supplier_key",
                rs -> new UnregisteredKey(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    public record UnregisteredTotals(long suppliers, long lines, long amountOre) {
    }

    /** Lines of suppliers not in the register (not in any figure until normalisation), in the caller's units. */
    public UnregisteredTotals unregistered(List<Long> scope) {
        return sql.query("SELECT count(DISTINCT i.supplier_key), count(l.id), coalesce(sum(l.line_amount_ore), 0)"
                + " FROM purchase_line l JOIN purchase_invoice i ON i.id = l.invoice_id WHERE i.supplier_id IS NULL"
                + " AND (?::bigint[] IS NULL OR l.unit_id = ANY (?::bigint[]))", rs -> new UnregisteredTotals(
                rs.getLong(1), rs.getLong(2), rs.getLong(3)), scope, scope).get(0);
    }

    public record NameVariant(long supplierId, String name) {
    }

    /** Distinct invoice names of registered suppliers that are not yet a name or alias of anyone (any case). */
    public List<NameVariant> unknownNameVariants() {
        return sql.query("SELECT DISTINCT ON (i.supplier_id, lower(btrim(i.supplier_name))) i.supplier_id,"
                + " btrim(i.supplier_name) FROM purchase_invoice i WHERE i.supplier_id IS NOT NULL AND"
                + " btrim(coalesce(i.supplier_name, '')) <> '' AND NOT EXISTS (SELECT 1 FROM supplier_alias a WHERE"
                + " lower(a.alias) = lower(btrim(i.supplier_name))) ORDER BY i.supplier_id,"
                + " lower(btrim(i.supplier_name)), btrim(i.supplier_name)",
                rs -> new NameVariant(rs.getLong(1), rs.getString(2)));
    }

    /** Links invoices to registered suppliers by key (as matching does); the number of invoices changed. */
    public int linkInvoices() {
        return sql.update("""
                WITH keys AS (
                    SELECT '0007:' || org_number AS k, id FROM supplier WHERE org_number IS NOT NULL
                    UNION ALL SELECT 'VAT:' || vat_number, id FROM supplier WHERE vat_number IS NOT NULL
                    UNION ALL SELECT lower(peppol_id), id FROM supplier WHERE peppol_id IS NOT NULL
                ), best AS (SELECT k, min(id) AS id FROM keys GROUP BY k)
                UPDATE purchase_invoice i SET supplier_id = b.id FROM best b
                 WHERE b.k = i.supplier_key AND i.supplier_id IS NULL
                """);
    }

    public record SupplierNames(long id, String name, String orgNumber, String key, Long mergedInto,
                                List<String> names) {
    }

    /** Every supplier with its name, aliases and the names its invoices give. */
    public List<SupplierNames> supplierNames() {
        return sql.query("SELECT s.id, s.name, s.org_number, coalesce('0007:' || s.org_number, 'VAT:' || s.vat_number,"
                + " s.peppol_id), s.merged_into, array(SELECT s.name UNION SELECT a.alias FROM supplier_alias a WHERE"
                + " a.supplier_id = s.id UNION SELECT btrim(i.supplier_name) FROM purchase_invoice i WHERE"
                + " i.supplier_id = s.id AND btrim(coalesce(i.supplier_name, '')) <> '') FROM supplier s ORDER BY s.id",
                rs -> new SupplierNames(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Sql.longOrNull(rs, 5), strings(rs.getArray(6))));
    }

    public record MergeRow(long id, long survivorId, String survivorName, long mergedId, String mergedName,
                           String reason, String mergedBy, String mergedAt, String splitBy, String splitAt) {
    }

    private static final String MERGE = "SELECT m.id, m.survivor_id, a.name, m.merged_id, b.name, m.reason,"
            + " m.merged_by, to_char(m.merged_at, 'YYYY-MM-DD\"T\"HH24:MI:SS'), m.split_by,"
            + " to_char(m.split_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM supplier_merge m JOIN supplier a ON"
            + " a.id = m.survivor_id JOIN supplier b ON b.id = m.merged_id";

    private static MergeRow merge(ResultSet rs) throws SQLException {
        return new MergeRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    public List<MergeRow> merges() {
        return sql.query(MERGE + " ORDER BY m.id DESC", ConsolidationStore::merge);
    }

    public Optional<MergeRow> mergeRow(long id) {
        return sql.query(MERGE + " WHERE m.id = ?", ConsolidationStore::merge, id).stream().findFirst();
    }

    /** Locks the supplier rows, then answers each one's merged_into (absent id = no such supplier). */
    public Optional<Optional<Long>> mergedIntoForUpdate(long supplierId) {
        List<Optional<Long>> r = sql.query("SELECT merged_into FROM supplier WHERE id = ? FOR UPDATE",
                rs -> Optional.ofNullable(Sql.longOrNull(rs, 1)), supplierId);
        return r.stream().findFirst();
    }

    public boolean hasMergedInto(long supplierId) {
        return !sql.query("SELECT 1 FROM supplier WHERE merged_into = ? LIMIT 1", rs -> 1, supplierId).isEmpty();
    }

    public long merge(long survivorId, long mergedId, String reason, String actor) {
        sql.update("UPDATE supplier SET merged_into = ?, version = version + 1 WHERE id = ?", survivorId, mergedId);
        return sql.insert("INSERT INTO supplier_merge (survivor_id, merged_id, reason, merged_by) VALUES (?, ?, ?, ?)"
                + " RETURNING id", survivorId, mergedId, reason, actor);
    }

    public void split(long mergeId, long mergedId, String actor) {
        sql.update("UPDATE supplier SET merged_into = NULL, version = version + 1 WHERE id = ?", mergedId);
        sql.update("UPDATE supplier_merge SET split_by = ?, split_at = now() WHERE id = ?", actor, mergeId);
    }

    // ------------------------------------------------------------------ categories

    public record CategoryRow(String code, String name, boolean it) {
    }

    public List<CategoryRow> categories() {
        return sql.query("SELECT code, name, is_it FROM spend_category ORDER BY name",
                rs -> new CategoryRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
    }

    public record CategoryMappingRow(long id, long supplierId, String itemKey, String category) {
    }

    public List<CategoryMappingRow> categoryMappings() {
        return sql.query("SELECT id, supplier_id, item_key, category FROM category_mapping ORDER BY supplier_id,"
                + " item_key", rs -> new CategoryMappingRow(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getString(4)));
    }

    public Optional<CategoryMappingRow> categoryMapping(long supplierId, String itemKey) {
        return sql.query("SELECT id, supplier_id, item_key, category FROM category_mapping WHERE supplier_id = ? AND"
                + " item_key = lower(btrim(?))", rs -> new CategoryMappingRow(rs.getLong(1), rs.getLong(2),
                rs.getString(3), rs.getString(4)), supplierId, itemKey).stream().findFirst();
    }

    public long mapCategory(long supplierId, String itemKey, String category) {
        return sql.insert("INSERT INTO category_mapping (supplier_id, item_key, category) VALUES (?, lower(btrim(?)), ?)"
                + " ON CONFLICT (supplier_id, item_key) DO UPDATE SET category = EXCLUDED.category RETURNING id",
                supplierId, itemKey, category);
    }

    public Optional<String> unitCode(long unitId) {
        return sql.query("SELECT code FROM org_unit WHERE id = ?", rs -> rs.getString(1), unitId).stream().findFirst();
    }

    private static Object[] append(Object[] args, Object more) {
        Object[] a = Arrays.copyOf(args, args.length + 1);
        a[args.length] = more;
        return a;
    }

    private static Boolean bool(ResultSet rs, int column) throws SQLException {
        boolean b = rs.getBoolean(column);
        return rs.wasNull() ? null : b;
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }
}
