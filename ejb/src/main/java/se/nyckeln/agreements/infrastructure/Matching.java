package se.nyckeln.agreements.infrastructure;

/**
 * The matching statement: one set-based UPDATE that gives every purchase line its verdict (rules in
 * docs/agreements.md, "Verdicts"). Kept apart so that the benchmark can run it as it is.
 */
public final class Matching {

    private Matching() {
    }

    /** A price row valid for line {@code l} (alias of a row with {@code d} = invoice date, {@code cur}). */
    private static String priceValid(String p, String l) {
        return p + ".valid_from <= " + l + ".d AND (" + p + ".valid_to IS NULL OR " + l + ".d <= " + p + ".valid_to)"
                + " AND " + p + ".currency = " + l + ".cur";
    }

    private static String agreementValid(String a, String l) {
        return a + ".valid_from <= " + l + ".d AND (" + a + ".valid_to IS NULL OR " + l + ".d <= " + a + ".valid_to)";
    }

    /** May the line's buyer call off from agreement {@code a}: the kommun's units by default, listed units and below. */
    private static String entitled(String a, String l) {
        return "((" + l + ".legal_kind = 'KOMMUN' AND " + a + ".kommun_may_call_off) OR EXISTS (SELECT 1 FROM ent"
                + " WHERE ent.agreement_id = " + a + ".id AND ent.unit_id = " + l + ".unit_id))";
    }

    /** The band the city quantity {@code q} reaches on agreement {@code a} for sku at date: highest reached, else lowest. */
    private static String tier(String a, String l, String q) {
        return "(SELECT coalesce(max(p3.min_quantity) FILTER (WHERE p3.min_quantity <= coalesce(" + q + ", 0)),"
                + " min(p3.min_quantity)) FROM price_row p3 WHERE p3.agreement_id = " + a + " AND p3.sku_key = "
                + l + ".sku AND " + priceValid("p3", l) + ")";
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
            ent AS MATERIALIZED (
                SELECT DISTINCT co.agreement_id, a.unit_id FROM agreement_call_off co JOIN anc a ON a.ancestor_id = co.unit_id
            ),
            l AS MATERIALIZED (
                SELECT pl.id, pl.quantity, pl.unit_price_ore, pl.unit_id, i.issue_date AS d, i.currency AS cur,
                       i.supplier_id, lower(btrim(i.contract_reference)) AS cref, lg.legal_kind,
                       EXISTS (SELECT 1 FROM agreement a WHERE a.supplier_id = i.supplier_id) AS has_agreement,
                       coalesce(
                         (SELECT lower(m.sku) FROM product_mapping m WHERE m.supplier_id = i.supplier_id
                             AND m.item_key = lower(btrim(coalesce(pl.seller_item_id, pl.standard_item_id, pl.item_name)))),
                         (SELECT pr.sku_key FROM price_row pr JOIN agreement a ON a.id = pr.agreement_id
                           WHERE a.supplier_id = i.supplier_id
                             AND pr.sku_key IN (lower(btrim(pl.seller_item_id)), lower(btrim(pl.standard_item_id)))
                           ORDER BY (pr.sku_key = lower(btrim(pl.seller_item_id))) DESC LIMIT 1)) AS sku
                  FROM purchase_line pl JOIN purchase_invoice i ON i.id = pl.invoice_id
                  LEFT JOIN legal lg ON lg.unit_id = pl.unit_id
            ),
            m AS MATERIALIZED (
                SELECT l.*, pick.agreement_id, coalesce(pick.valid_on_date, false) AS valid_on_date,
                       coalesce(pick.entitled, false) AS entitled
                  FROM l LEFT JOIN LATERAL (
                    SELECT a.id AS agreement_id,
                           (%AGREEMENT_VALID% AND EXISTS (SELECT 1 FROM price_row p WHERE p.agreement_id = a.id
                                AND p.sku_key = l.sku AND %PRICE_VALID_P%)) AS valid_on_date,
                           coalesce(%ENTITLED_A%, false) AS entitled,
                           EXISTS (SELECT 1 FROM price_row p WHERE p.agreement_id = a.id AND p.sku_key = l.sku
                                AND %PRICE_VALID_P% AND p.unit_price_ore = l.unit_price_ore) AS same_price
                      FROM agreement a
                     WHERE a.supplier_id = l.supplier_id AND l.sku IS NOT NULL
                       AND EXISTS (SELECT 1 FROM price_row p WHERE p.agreement_id = a.id AND p.sku_key = l.sku)
                     ORDER BY 2 DESC, 3 DESC, (lower(a.reference) = l.cref) IS TRUE DESC, 4 DESC, a.id
                     LIMIT 1) pick ON true
            ),
            tot AS (
                SELECT agreement_id, sku, sum(quantity) AS q FROM m WHERE valid_on_date AND entitled GROUP BY 1, 2
            ),
            priced AS (
                SELECT m.*, t.q AS city_q, pr.id AS price_row_id, pr.unit_price_ore AS expected
                  FROM m LEFT JOIN tot t ON t.agreement_id = m.agreement_id AND t.sku = m.sku
                  LEFT JOIN LATERAL (
                    SELECT p.id, p.unit_price_ore FROM price_row p
                     WHERE p.agreement_id = m.agreement_id AND p.sku_key = m.sku AND %PRICE_VALID_PM%
                       AND p.min_quantity = %TIER_M%
                     ORDER BY p.valid_from DESC, p.id LIMIT 1) pr ON m.valid_on_date AND m.entitled
            ),
            alt AS (
                SELECT priced.*, x.alt_agreement_id, x.alt_price_row_id, x.alt_price
                  FROM priced LEFT JOIN LATERAL (
                    SELECT a2.id AS alt_agreement_id, p2.id AS alt_price_row_id, p2.unit_price_ore AS alt_price
                      FROM price_row p2 JOIN agreement a2 ON a2.id = p2.agreement_id
                      LEFT JOIN tot t2 ON t2.agreement_id = a2.id AND t2.sku = priced.sku
                     WHERE p2.sku_key = priced.sku AND a2.id <> priced.agreement_id
                       AND %PRICE_VALID_P2% AND %AGREEMENT_VALID_A2% AND %ENTITLED_A2%
                       AND p2.min_quantity = %TIER_A2%
                       AND p2.unit_price_ore < priced.expected
                     ORDER BY p2.unit_price_ore, a2.id LIMIT 1) x ON priced.price_row_id IS NOT NULL
            ),
            v AS (
                SELECT alt.*,
                       CASE
                         WHEN supplier_id IS NULL OR NOT has_agreement THEN 'OFF_AGREEMENT'
                         WHEN sku IS NULL OR agreement_id IS NULL THEN 'UNKNOWN_PRODUCT'
                         WHEN NOT valid_on_date THEN 'AGREEMENT_NOT_VALID'
                         WHEN unit_id IS NULL THEN 'BUYER_UNMAPPED'
                         WHEN NOT entitled THEN 'BUYER_NOT_ENTITLED'
                         WHEN unit_price_ore <> expected THEN 'WRONG_PRICE'
                         WHEN alt_price IS NOT NULL THEN 'WRONG_AGREEMENT'
                         ELSE 'OK'
                       END AS verdict
                  FROM alt
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
            """
            .replace("%AGREEMENT_VALID%", agreementValid("a", "l"))
            .replace("%PRICE_VALID_P%", priceValid("p", "l"))
            .replace("%ENTITLED_A%", entitled("a", "l"))
            .replace("%PRICE_VALID_PM%", priceValid("p", "m"))
            .replace("%TIER_M%", tier("m.agreement_id", "m", "t.q"))
            .replace("%PRICE_VALID_P2%", priceValid("p2", "priced"))
            .replace("%AGREEMENT_VALID_A2%", agreementValid("a2", "priced"))
            .replace("%ENTITLED_A2%", entitled("a2", "priced"))
            .replace("%TIER_A2%", tier("a2.id", "priced", "t2.q"));
}
