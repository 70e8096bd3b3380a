-- Chargeback: the items behind a measure are stored with the measure row itself, as parallel arrays, instead of
-- one cb_run_basis row per item (a benchmark month had 462,285 of them, each written through a row trigger).
-- The draft now computes every measure and its items in one INSERT ... SELECT in the database; explain unnests the
-- arrays of one measure row. Labels (a person's UPN, a device's serial, a system's name) are no longer copied: they
-- are read from the item when explained. items_checksum is an order-independent checksum of the items, so posting
-- can verify in one read-only query that neither the measures nor the items behind them changed since the draft.
-- quantities is NULL for people and seats (weight 1: an item's quantity is its days).

ALTER TABLE cb_run_measure
    ADD COLUMN item_kind       text,
    ADD COLUMN item_count      integer NOT NULL DEFAULT 0,
    ADD COLUMN items_checksum  numeric NOT NULL DEFAULT 0,
    ADD COLUMN source_unit_ids bigint[],
    ADD COLUMN item_ids        bigint[],
    ADD COLUMN from_days       date[],
    ADD COLUMN to_days         date[],
    ADD COLUMN quantities      numeric[];

-- the arrays are written once and read rarely: no compression work on the draft's path
ALTER TABLE cb_run_measure
    ALTER COLUMN source_unit_ids SET STORAGE EXTERNAL,
    ALTER COLUMN item_ids SET STORAGE EXTERNAL,
    ALTER COLUMN from_days SET STORAGE EXTERNAL,
    ALTER COLUMN to_days SET STORAGE EXTERNAL,
    ALTER COLUMN quantities SET STORAGE EXTERNAL;

-- existing runs (posted ones too: their measures are immutable, so the row trigger is set aside for this copy only)
ALTER TABLE cb_run_measure DISABLE TRIGGER cb_run_measure_posted;
UPDATE cb_run_measure m
   SET item_kind = b.item_kind, item_count = b.n, source_unit_ids = b.src, item_ids = b.ids, from_days = b.f,
       to_days = b.t, quantities = b.q
  FROM (SELECT run_id, measure_key, unit_id, min(item_kind) AS item_kind, count(*)::integer AS n,
               array_agg(source_unit_id) AS src, array_agg(item_id) AS ids, array_agg(from_day) AS f,
               array_agg(to_day) AS t, array_agg(quantity) AS q
          FROM cb_run_basis GROUP BY run_id, measure_key, unit_id) b
 WHERE b.run_id = m.run_id AND b.measure_key = m.measure_key AND b.unit_id = m.unit_id;
ALTER TABLE cb_run_measure ENABLE TRIGGER cb_run_measure_posted;

DROP TABLE cb_run_basis;
