-- Supplier consolidation (docs/supplier-consolidation.md, "Drill-down and merges"): the view of V71, unchanged in
-- its answer, with its IT-supplier test (lateral b) kept as one subquery (OFFSET 0), so the set of IT suppliers is
-- built once per query instead of once per use of the column. Found by the supplier dashboard benchmark: the
-- drill-down to one supplier's lines spent most of its time building that set several times.

CREATE OR REPLACE VIEW supplier_line AS
SELECT l.id AS line_id, i.id AS invoice_id, i.invoice_number, i.issue_date,
       extract(year FROM i.issue_date)::int AS year, extract(month FROM i.issue_date)::int AS month,
       coalesce(s.merged_into, s.id) AS supplier_id, s.id AS booked_supplier_id, l.unit_id,
       l.line_amount_ore AS amount_ore, l.quantity, l.unit_price_ore, l.item_name, l.verdict, l.agreement_id,
       k.item_key, l.classification, c.code AS category, c.is_it AS category_is_it, c.src AS category_source,
       r.is_it AS review_is_it,
       CASE WHEN r.is_it IS NOT NULL THEN r.is_it WHEN c.is_it = false THEN NULL
            WHEN b.elsewhere IS NULL THEN true WHEN b.elsewhere THEN NULL ELSE false END AS counted_it,
       l.account, b.account_is_it,
       CASE WHEN c.is_it = false THEN 'CATEGORY' WHEN b.elsewhere THEN 'ACCOUNT' END AS review_reason
  FROM purchase_line l
  JOIN purchase_invoice i ON i.id = l.invoice_id
  JOIN supplier s ON s.id = i.supplier_id
  CROSS JOIN LATERAL (SELECT lower(btrim(coalesce(nullif(btrim(l.seller_item_id), ''),
                                                  nullif(btrim(l.standard_item_id), ''), l.item_name, ''))) AS item_key,
                             CASE WHEN l.classification_list = 'STI' THEN 'CPV'
                                  WHEN l.classification_list = 'TST' THEN 'UNSPSC'
                                  WHEN l.classification_list IS NULL AND l.classification ~ '^\s*[0-9]{8}(-[0-9])?\s*$'
                                  THEN 'CPV' END AS list,
                             regexp_replace(coalesce(l.classification, ''), '[^0-9]', '', 'g') AS digits) k
  -- OFFSET 0 (V72): the planner must not flatten this subquery into the view. Flattened, b.elsewhere was copied as
  -- an expression into every use (counted_it twice, review_reason, and a caller's WHERE counted_it), each copy its
  -- own hashed subplan over every purchase line: the set of IT suppliers was built up to five times per query.
  -- elsewhere: null = booked as IT (no account or an IT account); true = non-IT account of an IT supplier;
  -- false = non-IT account of a supplier with nothing booked as IT. The set of IT suppliers is an uncorrelated
  -- subquery: computed once per query, and only when a line on a non-IT account is met. DISTINCT keeps it to one
  -- row per supplier, so the planner hashes it (without, a bench of 250,000 lines rescanned it per line: minutes).
  CROSS JOIN LATERAL (SELECT a.account_is_it,
                             CASE WHEN a.account_is_it = false THEN coalesce(s.merged_into, s.id) IN (
                                 SELECT DISTINCT coalesce(s2.merged_into, s2.id) FROM supplier s2
                                   JOIN purchase_invoice i2 ON i2.supplier_id = s2.id
                                   JOIN purchase_line l2 ON l2.invoice_id = i2.id
                                  WHERE l2.account IS NULL OR EXISTS (SELECT 1 FROM it_account x2
                                                                       WHERE l2.account LIKE x2.prefix || '%'))
                             END AS elsewhere
                        FROM (SELECT CASE WHEN l.account IS NULL THEN NULL
                                          ELSE EXISTS (SELECT 1 FROM it_account x WHERE l.account LIKE x.prefix || '%')
                                     END AS account_is_it) a
                      OFFSET 0) b
  LEFT JOIN LATERAL (
        SELECT sc.code, sc.is_it, x.src FROM (
            SELECT m.category, 'MAPPING' AS src, 1 AS prio, (m.supplier_id = s.id)::int AS len FROM category_mapping m
             WHERE m.supplier_id IN (s.id, coalesce(s.merged_into, s.id)) AND m.item_key = k.item_key
            UNION ALL
            SELECT cr.category, 'CLASSIFICATION', 2, length(cr.prefix) FROM category_rule cr
             WHERE cr.list = k.list AND k.digits LIKE cr.prefix || '%'
            UNION ALL
            SELECT sc2.code, 'AGREEMENT', 3, 0 FROM agreement a JOIN spend_category sc2
                ON lower(sc2.code) = lower(btrim(a.category)) OR lower(sc2.name) = lower(btrim(a.category))
             WHERE a.id = l.agreement_id
        ) x JOIN spend_category sc ON sc.code = x.category
        ORDER BY x.prio, x.len DESC LIMIT 1) c ON true
  LEFT JOIN line_review r ON r.purchase_line_id = l.id;
