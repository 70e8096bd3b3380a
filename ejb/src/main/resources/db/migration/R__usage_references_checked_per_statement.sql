-- A repeatable migration (Flyway runs it after every versioned one, and again when this file changes): licence_usage
-- is created by V22, after this context's version range (V12-V19), so the change cannot be a versioned migration
-- of that range. Everything here is idempotent.
--
-- The usage import (UsageImports, docs/imports.md "Usage evidence") merges a whole file into licence_usage in one
-- statement: a million rows at the benchmark's size. Its four foreign keys (product, person, device, import run)
-- were checked row by row: one trigger call and one locking lookup per row and key, four million for a million
-- rows, which measured (EXPLAIN ANALYZE of the merge on the benchmark city, 2026-12-02) about half of the merge's
-- time, more than inserting the rows and maintaining the indexes.
--
-- The same guarantee, without the per-row cost for the one writer of millions of rows:
-- * the usage import (UsageStore.mergeStaged and copyNew) checks its own references as a set before it merges: every product,
--   person and device its staged rows name, and its import run, are read back with FOR KEY SHARE (the lock a
--   foreign key takes, so a delete racing the import waits for it and then fails below), once per distinct id,
--   and any that is missing fails the import with SQLSTATE 23503. It then says so for its merge statement only
--   (SET LOCAL nyckeln.usage_references_locked = on, turned off again right after its statement);
-- * every other INSERT or UPDATE of licence_usage (the demo loader, ad-hoc SQL, a future writer) is checked row by
--   row by the trigger below, as the foreign keys did, with the same lock and the same SQLSTATE 23503.
-- Until 2026-12-02 this file checked every statement with a statement-level trigger over a transition table
-- (the file keeps its name so that databases that ran it keep a valid history): at 10,000,000 rows, capturing
-- the transition table and joining it with the four tables cost about 35 s of an import whose rows, inserted
-- in key order, took 53 s (measured on PostgreSQL 17, 2026-12-02).
-- * a DELETE of a product, person, device or import run still named by licence_usage fails the same way (the
--   foreign keys' NO ACTION), and their ids cannot be changed (they are identities nobody changes).
-- Nothing deletes these rows (the application has no code that does); the application role's DELETE on them is
-- revoked below, so only the schema owner could.

ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_product_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_person_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_device_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_import_run_id_fkey;

-- the statement-level check this file made before (see above)
DROP TRIGGER IF EXISTS licence_usage_references_on_insert ON licence_usage;
DROP TRIGGER IF EXISTS licence_usage_references_on_update ON licence_usage;
DROP FUNCTION IF EXISTS licence_usage_check_references();

CREATE OR REPLACE FUNCTION licence_usage_check_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM product WHERE id = NEW.product_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'licence_usage refers to product % which does not exist', NEW.product_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.person_id IS NOT NULL THEN
        PERFORM 1 FROM person WHERE id = NEW.person_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'licence_usage refers to person % which does not exist', NEW.person_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF NEW.device_id IS NOT NULL THEN
        PERFORM 1 FROM device WHERE id = NEW.device_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'licence_usage refers to device % which does not exist', NEW.device_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    PERFORM 1 FROM import_run WHERE id = NEW.import_run_id FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'licence_usage refers to import_run % which does not exist', NEW.import_run_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS licence_usage_references_row_on_insert ON licence_usage;
CREATE TRIGGER licence_usage_references_row_on_insert AFTER INSERT ON licence_usage FOR EACH ROW
    WHEN (current_setting('nyckeln.usage_references_locked', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION licence_usage_check_row();
DROP TRIGGER IF EXISTS licence_usage_references_row_on_update ON licence_usage;
CREATE TRIGGER licence_usage_references_row_on_update
    AFTER UPDATE OF product_id, person_id, device_id, import_run_id ON licence_usage FOR EACH ROW
    WHEN (current_setting('nyckeln.usage_references_locked', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION licence_usage_check_row();

-- The delete side: a referenced row may not go while licence_usage names it (the foreign keys' NO ACTION).
CREATE OR REPLACE FUNCTION licence_usage_still_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    column_name text := TG_ARGV[0];
    still bigint;
BEGIN
    EXECUTE format('SELECT o.id FROM removed o WHERE EXISTS (SELECT 1 FROM licence_usage u WHERE u.%I = o.id) LIMIT 1',
                   column_name) INTO still;
    IF still IS NOT NULL THEN
        RAISE EXCEPTION '% % is still named by licence_usage', TG_TABLE_NAME, still
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS product_usage_references ON product;
CREATE TRIGGER product_usage_references AFTER DELETE ON product
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_still_referenced('product_id');
DROP TRIGGER IF EXISTS person_usage_references ON person;
CREATE TRIGGER person_usage_references AFTER DELETE ON person
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_still_referenced('person_id');
DROP TRIGGER IF EXISTS device_usage_references ON device;
CREATE TRIGGER device_usage_references AFTER DELETE ON device
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_still_referenced('device_id');
DROP TRIGGER IF EXISTS import_run_usage_references ON import_run;
CREATE TRIGGER import_run_usage_references AFTER DELETE ON import_run
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_still_referenced('import_run_id');

-- reject_id_change(): V12

-- (people's and devices' ids: V12)
DROP TRIGGER IF EXISTS product_id_fixed ON product;
CREATE TRIGGER product_id_fixed BEFORE UPDATE OF id ON product
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reject_id_change();
DROP TRIGGER IF EXISTS import_run_id_fixed ON import_run;
CREATE TRIGGER import_run_id_fixed BEFORE UPDATE OF id ON import_run
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reject_id_change();

REVOKE DELETE, TRUNCATE ON product, person, device, import_run FROM ${app_role};

-- TRUNCATE fires no DELETE trigger (the foreign keys refused it): refused while licence_usage has rows.
CREATE OR REPLACE FUNCTION licence_usage_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM licence_usage) THEN
        RAISE EXCEPTION 'cannot truncate %: licence_usage refers to it', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
DROP TRIGGER IF EXISTS product_usage_truncate ON product;
CREATE TRIGGER product_usage_truncate BEFORE TRUNCATE ON product
    FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_refuse_truncate();
DROP TRIGGER IF EXISTS person_usage_truncate ON person;
CREATE TRIGGER person_usage_truncate BEFORE TRUNCATE ON person
    FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_refuse_truncate();
DROP TRIGGER IF EXISTS device_usage_truncate ON device;
CREATE TRIGGER device_usage_truncate BEFORE TRUNCATE ON device
    FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_refuse_truncate();
DROP TRIGGER IF EXISTS import_run_usage_truncate ON import_run;
CREATE TRIGGER import_run_usage_truncate BEFORE TRUNCATE ON import_run
    FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_refuse_truncate();
