package se.nyckeln.agreements.infrastructure;

/**
 * The matching statement: one set-based UPDATE that gives every purchase line its verdict (rules in
 * docs/agreements.md, "Verdicts"). Kept apart so that the benchmark can run it as it is.
 */
public final class Matching {

    private Matching() {
    }

    public static final String UNITS = """
            UPDATE purchase_line pl SET unit_id = m.unit_id
              FROM purchase_invoice i LEFT JOIN buyer_reference_mapping m ON m.reference_key = lower(btrim(i.buyer_reference))
             WHERE i.id = pl.invoice_id AND pl.unit_id IS DISTINCT FROM m.unit_id
            """;

    /**
     * Links invoices to registered suppliers by key. Peppol keys are stored lower-case on both sides, so one
     * equality (a hash join) finds them; a key several suppliers share goes to the lowest id.
     */
    public static final String SUPPLIERS = """
            WITH keys AS (
                SELECT '0007:' || org_number AS k, id FROM supplier WHERE org_number IS NOT NULL
                UNION ALL SELECT 'VAT:' || vat_number, id FROM supplier WHERE vat_number IS NOT NULL
                UNION ALL SELECT lower(peppol_id), id FROM supplier WHERE peppol_id IS NOT NULL
            ), best AS (
                SELECT k, min(id) AS id FROM keys GROUP BY k
            ), k AS (
                SELECT i.id, b.id AS sid FROM purchase_invoice i LEFT JOIN best b ON b.k = i.supplier_key
            )
            UPDATE purchase_invoice i SET supplier_id = k.sid FROM k
             WHERE k.id = i.id AND i.supplier_id IS DISTINCT FROM k.sid
            """;

    /**
     * Switches JIT compilation off for the rest of the transaction: the matching statement's estimated cost
     * makes PostgreSQL JIT-compile it, which takes longer than running it (measured: 16 s with, 10 s without,
     * 50,000 lines on a loaded machine).
     */
    public static final String NO_JIT = "SET LOCAL jit = off";

    /**
     * Hash and merge joins only for the matching statement (rest of the transaction): it is written as joins and
     * grouping over whole tables, and right after an import the new lines have no statistics yet, so the planner
     * could otherwise pick nested loops over the (unindexed) intermediate results.
     */
    public static final String NO_NESTLOOP = "SET LOCAL enable_nestloop = off";

    /** Back to the default after the matching statement, for the rest of the importing transaction. */
    public static final String NESTLOOP_DEFAULT = "RESET enable_nestloop";

    /**
     * The verdict of every line, set-based: the candidate agreements of all lines by one join and grouping, the
     * agreement judged against by DISTINCT ON, the tier price and the cheaper alternative by joins to the (few)
     * price rows of the same SKU. No correlated subqueries, so the cost grows with the lines and their candidate
     * rows, not with lines times lookups. Only lines whose facts change are written.
     */
    public static final String REMATCH = """
            WITH RECURSIVE
            cur AS (
                SELECT DISTINCT ON (v.unit_id) v.unit_id, v.parent_id
                  FROM org_unit_version v ORDER BY v.unit_id, v.valid_from DESC
            ),
            anc (unit_id, ancestor_id, depth) AS (
                SELECT unit_id, unit_id, 0 FROM cur
                UNION ALL
                SELECT a.unit_id, c.parent_id, a.depth + 1 FROM anc a JOIN cur c ON c.unit_id = a.ancestor_id
                 WHERE c.parent_id IS NOT NULL AND a.depth < 32
            ),
            legal AS (
                SELECT DISTINCT ON (a.unit_id) a.unit_id, u.kind AS legal_kind
                  FROM anc a JOIN org_unit u ON u.id = a.ancestor_id
                 WHERE u.kind IN ('KOMMUN', 'BOLAG') ORDER BY a.unit_id, a.depth
            ),
            ent AS (
                SELECT DISTINCT co.agreement_id, a.unit_id FROM agreement_call_off co JOIN anc a ON a.ancestor_id = co.unit_id
            ),
            withagr AS (SELECT DISTINCT supplier_id FROM agreement),
            supsku AS (SELECT DISTINCT a.supplier_id, p.sku_key FROM price_row p JOIN agreement a ON a.id = p.agreement_id),
            l AS MATERIALIZED (
                SELECT pl.id, pl.quantity, pl.unit_price_ore, pl.unit_id, i.issue_date AS d, i.currency AS cur,
                       i.supplier_id, lower(btrim(i.contract_reference)) AS cref, lg.legal_kind,
                       wa.supplier_id IS NOT NULL AS has_agreement,
                       coalesce(lower(pm.sku), s1.sku_key, s2.sku_key) AS sku
                  FROM purchase_line pl JOIN purchase_invoice i ON i.id = pl.invoice_id
                  LEFT JOIN withagr wa ON wa.supplier_id = i.supplier_id
                  LEFT JOIN legal lg ON lg.unit_id = pl.unit_id
                  LEFT JOIN product_mapping pm ON pm.supplier_id = i.supplier_id
                        AND pm.item_key = lower(btrim(coalesce(pl.seller_item_id, pl.standard_item_id, pl.item_name)))
                  LEFT JOIN supsku s1 ON s1.supplier_id = i.supplier_id AND s1.sku_key = lower(btrim(pl.seller_item_id))
                  LEFT JOIN supsku s2 ON s2.supplier_id = i.supplier_id AND s2.sku_key = lower(btrim(pl.standard_item_id))
            ),
            cand AS (
                SELECT l.id, a.id AS aid,
                       a.valid_from <= l.d AND (a.valid_to IS NULL OR l.d <= a.valid_to)
                         AND bool_or(p.valid_from <= l.d AND (p.valid_to IS NULL OR l.d <= p.valid_to)
                                     AND p.currency = l.cur) AS valid_on_date,
                       (l.legal_kind = 'KOMMUN' AND a.kommun_may_call_off) IS TRUE OR e.agreement_id IS NOT NULL AS entitled,
                       (lower(a.reference) = l.cref) IS TRUE AS named,
                       bool_or(p.valid_from <= l.d AND (p.valid_to IS NULL OR l.d <= p.valid_to) AND p.currency = l.cur
                               AND p.unit_price_ore = l.unit_price_ore) AS same_price
                  FROM l JOIN agreement a ON a.supplier_id = l.supplier_id
                  JOIN price_row p ON p.agreement_id = a.id AND p.sku_key = l.sku
                  LEFT JOIN ent e ON e.agreement_id = a.id AND e.unit_id = l.unit_id
                 GROUP BY l.id, l.d, l.cref, l.legal_kind, a.id, e.agreement_id
            ),
            pick AS MATERIALIZED (
                SELECT DISTINCT ON (id) id, aid, valid_on_date, entitled FROM cand
                 ORDER BY id, valid_on_date DESC, entitled DESC, named DESC, same_price DESC, aid
            ),
            m AS MATERIALIZED (
                SELECT l.*, p.aid AS agreement_id, coalesce(p.valid_on_date, false) AS valid_on_date,
                       coalesce(p.entitled, false) AS entitled
                  FROM l LEFT JOIN pick p ON p.id = l.id
            ),
            tot AS (
                SELECT agreement_id, sku, sum(quantity) AS q FROM m WHERE valid_on_date AND entitled GROUP BY 1, 2
            ),
            priced AS MATERIALIZED (
                SELECT DISTINCT ON (m.id) m.id, t.q AS city_q, p.id AS price_row_id, p.unit_price_ore AS expected
                  FROM m JOIN tot t ON t.agreement_id = m.agreement_id AND t.sku = m.sku
                  JOIN price_row p ON p.agreement_id = m.agreement_id AND p.sku_key = m.sku
                       AND p.valid_from <= m.d AND (p.valid_to IS NULL OR m.d <= p.valid_to) AND p.currency = m.cur
                 WHERE m.valid_on_date AND m.entitled
                 ORDER BY m.id, (p.min_quantity <= t.q) DESC,
                          CASE WHEN p.min_quantity <= t.q THEN p.min_quantity END DESC, p.min_quantity,
                          p.valid_from DESC, p.id
            ),
            others AS (
                SELECT m.id, a2.id AS a2, p2.id AS row_id, p2.unit_price_ore AS price, p2.min_quantity,
                       coalesce(max(p2.min_quantity) FILTER (WHERE p2.min_quantity <= coalesce(t2.q, 0)) OVER w,
                                min(p2.min_quantity) OVER w) AS band
                  FROM m JOIN priced pr ON pr.id = m.id
                  JOIN price_row p2 ON p2.sku_key = m.sku AND p2.agreement_id <> m.agreement_id
                       AND p2.valid_from <= m.d AND (p2.valid_to IS NULL OR m.d <= p2.valid_to) AND p2.currency = m.cur
                  JOIN agreement a2 ON a2.id = p2.agreement_id
                       AND a2.valid_from <= m.d AND (a2.valid_to IS NULL OR m.d <= a2.valid_to)
                  LEFT JOIN ent e2 ON e2.agreement_id = a2.id AND e2.unit_id = m.unit_id
                  LEFT JOIN tot t2 ON t2.agreement_id = a2.id AND t2.sku = m.sku
                 WHERE (m.legal_kind = 'KOMMUN' AND a2.kommun_may_call_off) IS TRUE OR e2.agreement_id IS NOT NULL
                WINDOW w AS (PARTITION BY m.id, a2.id)
            ),
            alt AS (
                SELECT DISTINCT ON (o.id) o.id, o.a2 AS alt_agreement_id, o.row_id AS alt_price_row_id, o.price AS alt_price
                  FROM others o JOIN priced pr ON pr.id = o.id
                 WHERE o.min_quantity = o.band AND o.price < pr.expected
                 ORDER BY o.id, o.price, o.a2
            ),
            v AS (
                SELECT m.*, pr.city_q, pr.price_row_id, pr.expected, x.alt_agreement_id, x.alt_price_row_id, x.alt_price,
                       CASE
                         WHEN m.supplier_id IS NULL OR NOT m.has_agreement THEN 'OFF_AGREEMENT'
                         WHEN m.sku IS NULL OR m.agreement_id IS NULL THEN 'UNKNOWN_PRODUCT'
                         WHEN NOT m.valid_on_date THEN 'AGREEMENT_NOT_VALID'
                         WHEN m.unit_id IS NULL THEN 'BUYER_UNMAPPED'
                         WHEN NOT m.entitled THEN 'BUYER_NOT_ENTITLED'
                         WHEN m.unit_price_ore <> pr.expected THEN 'WRONG_PRICE'
                         WHEN x.alt_price IS NOT NULL THEN 'WRONG_AGREEMENT'
                         ELSE 'OK'
                       END AS verdict
                  FROM m LEFT JOIN priced pr ON pr.id = m.id LEFT JOIN alt x ON x.id = m.id
            )
            UPDATE purchase_line pl SET verdict = v.verdict, sku = v.sku, agreement_id = v.agreement_id,
                   price_row_id = v.price_row_id,
                   city_quantity = CASE WHEN v.price_row_id IS NULL THEN NULL ELSE v.city_q END,
                   expected_price_ore = v.expected,
                   alt_agreement_id = CASE WHEN v.verdict = 'WRONG_AGREEMENT' THEN v.alt_agreement_id END,
                   alt_price_row_id = CASE WHEN v.verdict = 'WRONG_AGREEMENT' THEN v.alt_price_row_id END,
                   alt_price_ore = CASE WHEN v.verdict = 'WRONG_AGREEMENT' THEN v.alt_price END,
                   at_stake_ore = CASE v.verdict
                       WHEN 'OK' THEN 0
                       WHEN 'WRONG_PRICE' THEN round((v.unit_price_ore - v.expected) * v.quantity)::bigint
                       WHEN 'WRONG_AGREEMENT' THEN round((v.expected - v.alt_price) * v.quantity)::bigint
                       ELSE pl.line_amount_ore END
              FROM v
             WHERE v.id = pl.id
               AND (pl.verdict, pl.sku, pl.agreement_id, pl.price_row_id, pl.city_quantity, pl.expected_price_ore,
                    pl.alt_agreement_id, pl.alt_price_row_id, pl.at_stake_ore)
                   IS DISTINCT FROM
                   (v.verdict, v.sku, v.agreement_id, v.price_row_id,
                    CASE WHEN v.price_row_id IS NULL THEN NULL ELSE v.city_q END, v.expected,
                    CASE WHEN v.verdict = 'WRONG_AGREEMENT' THEN v.alt_agreement_id END,
                    CASE WHEN v.verdict = 'WRONG_AGREEMENT' THEN v.alt_price_row_id END,
                    CASE v.verdict
                       WHEN 'OK' THEN 0
                       WHEN 'WRONG_PRICE' THEN round((v.unit_price_ore - v.expected) * v.quantity)::bigint
                       WHEN 'WRONG_AGREEMENT' THEN round((v.expected - v.alt_price) * v.quantity)::bigint
                       ELSE pl.line_amount_ore END)
            """;
}
