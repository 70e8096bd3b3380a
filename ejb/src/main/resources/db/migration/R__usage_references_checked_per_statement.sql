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
-- The same guarantee, checked per statement instead of per row:
-- * every INSERT or UPDATE of licence_usage checks, once at the end of the statement, that every product, person,
--   device and import run its rows name exists (one set-based anti-join over the statement's rows); a missing one
--   fails the statement with SQLSTATE 23503 (foreign_key_violation), as the foreign key did;
-- * a DELETE of a product, person, device or import run still named by licence_usage fails the same way (the
--   foreign keys' NO ACTION), and their ids cannot be changed (they are identities nobody changes).
-- What the row-level keys did and this does not: they took a share lock on each referenced row, so a delete of a
-- referenced row racing an uncommitted import could not both succeed. Nothing deletes these rows (the application
-- has no code that does); the application role's DELETE on them is revoked below, so only the schema owner could.

ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_product_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_person_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_device_id_fkey;
ALTER TABLE licence_usage DROP CONSTRAINT IF EXISTS licence_usage_import_run_id_fkey;

CREATE OR REPLACE FUNCTION licence_usage_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    SELECT CASE WHEN p.id IS NULL THEN 'product ' || c.product_id
                WHEN c.person_id IS NOT NULL AND pe.id IS NULL THEN 'person ' || c.person_id
                WHEN c.device_id IS NOT NULL AND d.id IS NULL THEN 'device ' || c.device_id
                ELSE 'import_run ' || c.import_run_id END
      INTO missing
      FROM changed_usage c
      LEFT JOIN product p ON p.id = c.product_id
      LEFT JOIN person pe ON pe.id = c.person_id
      LEFT JOIN device d ON d.id = c.device_id
      LEFT JOIN import_run r ON r.id = c.import_run_id
     WHERE p.id IS NULL
        OR (c.person_id IS NOT NULL AND pe.id IS NULL)
        OR (c.device_id IS NOT NULL AND d.id IS NULL)
        OR r.id IS NULL
     LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'licence_usage refers to % which does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS licence_usage_references_on_insert ON licence_usage;
CREATE TRIGGER licence_usage_references_on_insert AFTER INSERT ON licence_usage
    REFERENCING NEW TABLE AS changed_usage FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_check_references();
DROP TRIGGER IF EXISTS licence_usage_references_on_update ON licence_usage;
CREATE TRIGGER licence_usage_references_on_update AFTER UPDATE ON licence_usage
    REFERENCING NEW TABLE AS changed_usage FOR EACH STATEMENT EXECUTE FUNCTION licence_usage_check_references();

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
