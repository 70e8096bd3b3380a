-- Chargeback: the draft stores each measure with its item count only; the items behind it (with their labels) are
-- frozen on the measure row when the run is posted. A draft is recomputed whenever finance wants and is checked
-- against the data when posted, so its items were written (about 460,000 in a benchmark month) only to be thrown
-- away; explain of a draft or approved run computes the items of one measure from the data, explain of a posted run
-- reads what was frozen. items_checksum is gone: posting compares quantities and counts and freezes the items it
-- verified in the same statement.
--
-- The labels a statement shows (unit code, name, kind and cost centre; cost type name) are frozen with the run when
-- it is drafted (cb_run_unit, cb_run_pool), so a posted run reads the same after a unit or cost type is renamed.
--
-- The posted-run guard on the run's row tables is now one check per statement (transition tables) instead of one
-- per row: a draft writes about 10,000 rows.

ALTER TABLE cb_run_measure ADD COLUMN item_labels text[];
ALTER TABLE cb_run_measure ALTER COLUMN item_labels SET STORAGE EXTERNAL;

CREATE TABLE cb_run_unit (
    run_id      bigint NOT NULL REFERENCES cb_run (id),
    unit_id     bigint NOT NULL REFERENCES org_unit (id),
    code        text   NOT NULL,
    name        text   NOT NULL,
    kind        text   NOT NULL,
    cost_centre text,
    PRIMARY KEY (run_id, unit_id)
);

CREATE TABLE cb_run_pool (
    run_id         bigint NOT NULL REFERENCES cb_run (id),
    pool_id        bigint NOT NULL REFERENCES cb_cost_pool (id),
    cost_type_code text   NOT NULL,
    cost_type_name text   NOT NULL,
    PRIMARY KEY (run_id, pool_id)
);

-- ---------------------------------------------------------------- existing runs
-- (posted ones too: the row guard is set aside for this one-time copy only)
ALTER TABLE cb_run_measure DISABLE TRIGGER cb_run_measure_posted;

-- posted runs keep their items; their labels are copied as the items read today (what explain showed until now)
UPDATE cb_run_measure m
   SET item_labels = (
       SELECT array_agg(CASE m.item_kind
                            WHEN 'PERSON' THEN pe.upn
                            WHEN 'DEVICE' THEN dv.serial_number || ' (' || dv.kind || ')'
                            WHEN 'SYSTEM' THEN sy.code || ' ' || sy.name || ' (' || sy.tier || ')'
                            WHEN 'SEAT' THEN coalesce(sp.upn, sd.serial_number)
                            WHEN 'FIXED_PERCENT' THEN 'Nyckelversion ' || to_char(kv.valid_from, 'YYYY-MM-DD')
                            WHEN 'IMPORTED' THEN m.measure_key || ' ' || btrim(r.period) END ORDER BY i.n)
         FROM unnest(m.item_ids) WITH ORDINALITY AS i (id, n)
         JOIN cb_run r ON r.id = m.run_id
         LEFT JOIN person pe ON m.item_kind = 'PERSON' AND pe.id = i.id
         LEFT JOIN device dv ON m.item_kind = 'DEVICE' AND dv.id = i.id
         LEFT JOIN cb_system sy ON m.item_kind = 'SYSTEM' AND sy.id = i.id
         LEFT JOIN licence_assignment la ON m.item_kind = 'SEAT' AND la.id = i.id
         LEFT JOIN person sp ON sp.id = la.person_id
         LEFT JOIN device sd ON sd.id = la.device_id
         LEFT JOIN cb_key_version kv ON m.item_kind = 'FIXED_PERCENT' AND kv.id = i.id)
 WHERE m.item_ids IS NOT NULL AND EXISTS (SELECT 1 FROM cb_run r WHERE r.id = m.run_id AND r.state = 'POSTED');

-- drafts and approved runs: their items are computed when explained (and frozen when posted)
UPDATE cb_run_measure m
   SET source_unit_ids = NULL, item_ids = NULL, from_days = NULL, to_days = NULL, quantities = NULL
 WHERE EXISTS (SELECT 1 FROM cb_run r WHERE r.id = m.run_id AND r.state <> 'POSTED');

ALTER TABLE cb_run_measure ENABLE TRIGGER cb_run_measure_posted;
ALTER TABLE cb_run_measure DROP COLUMN items_checksum;

-- labels of existing runs: as the organisation stands on the period's last day (what statements showed until now)
INSERT INTO cb_run_unit (run_id, unit_id, code, name, kind, cost_centre)
SELECT r.id, u.id, u.code, v.name, u.kind, coalesce(l.cost_centre, v.cost_centre)
  FROM cb_run r
  JOIN org_unit u ON u.id IN (SELECT unit_id FROM cb_run_line WHERE run_id = r.id
                              UNION SELECT unit_id FROM cb_run_measure WHERE run_id = r.id)
  CROSS JOIN LATERAL (SELECT x.name, x.cost_centre FROM org_unit_version x WHERE x.unit_id = u.id
                       ORDER BY (x.valid_from <= (to_date(r.period || '-01', 'YYYY-MM-DD') + interval '1 month'
                                                 - interval '1 day')::date) DESC,
                                CASE WHEN x.valid_from <= (to_date(r.period || '-01', 'YYYY-MM-DD') + interval '1 month'
                                                           - interval '1 day')::date THEN x.valid_from END DESC,
                                x.valid_from
                       LIMIT 1) v
  LEFT JOIN cb_unit_ledger l ON l.unit_id = u.id;

INSERT INTO cb_run_pool (run_id, pool_id, cost_type_code, cost_type_name)
SELECT r.id, p.id, t.code, t.name
  FROM cb_run r JOIN cb_cost_pool p ON p.period = r.period JOIN cb_cost_type t ON t.id = p.cost_type_id;

-- ---------------------------------------------------------------- the posted-run guard, per statement
DROP TRIGGER cb_run_measure_posted ON cb_run_measure;
DROP TRIGGER cb_run_part_posted ON cb_run_part;
DROP TRIGGER cb_run_line_posted ON cb_run_line;

CREATE FUNCTION cb_refuse_posted_run_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid bigint;
BEGIN
    SELECT r.id INTO rid FROM cb_run r WHERE r.state = 'POSTED' AND r.id IN (SELECT run_id FROM new_rows) LIMIT 1;
    IF rid IS NOT NULL THEN
        RAISE EXCEPTION '% of posted chargeback run %: % refused', TG_TABLE_NAME, rid, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION cb_refuse_posted_run_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid bigint;
BEGIN
    SELECT r.id INTO rid FROM cb_run r WHERE r.state = 'POSTED' AND r.id IN (SELECT run_id FROM old_rows) LIMIT 1;
    IF rid IS NOT NULL THEN
        RAISE EXCEPTION '% of posted chargeback run %: % refused', TG_TABLE_NAME, rid, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION cb_refuse_posted_run_changed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid bigint;
BEGIN
    SELECT r.id INTO rid FROM cb_run r WHERE r.state = 'POSTED'
       AND (r.id IN (SELECT run_id FROM old_rows) OR r.id IN (SELECT run_id FROM new_rows)) LIMIT 1;
    IF rid IS NOT NULL THEN
        RAISE EXCEPTION '% of posted chargeback run %: % refused', TG_TABLE_NAME, rid, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cb_run_measure', 'cb_run_part', 'cb_run_line', 'cb_run_unit', 'cb_run_pool'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                       || ' FOR EACH STATEMENT EXECUTE FUNCTION cb_refuse_posted_run_new_rows()', t || '_posted_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                       || ' FOR EACH STATEMENT EXECUTE FUNCTION cb_refuse_posted_run_old_rows()', t || '_posted_delete', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       || ' FOR EACH STATEMENT EXECUTE FUNCTION cb_refuse_posted_run_changed_rows()',
                       t || '_posted_update', t);
    END LOOP;
END;
$$;

REVOKE TRUNCATE ON cb_run_unit, cb_run_pool FROM ${app_role};
