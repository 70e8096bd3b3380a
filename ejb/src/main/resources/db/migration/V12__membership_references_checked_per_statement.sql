-- The organisation imports (OrganisationImports, docs/imports.md) insert a file's memberships in one statement per
-- table: 155,000 device memberships and 62,000 person memberships for the benchmark city. Their foreign keys to
-- the owner (person, device) and the unit were checked row by row, two locking lookups per membership, about
-- 2.8 s of the city's import (docs/benchmarks.md, "Organisation import"). As for licence_usage (R__usage_references_checked_per_statement.sql), the same
-- guarantee is now checked once per statement over all its rows:
-- * every INSERT or UPDATE of person_membership / device_membership checks at the end of the statement that each
--   row's owner and unit exist; a missing one fails the statement with SQLSTATE 23503 (foreign_key_violation);
-- * deleting a person or device still deletes its memberships (the keys' ON DELETE CASCADE), and deleting a unit
--   that a membership names fails with 23503 (NO ACTION); ids of people, devices and units cannot change.
-- What the row-level keys did and this does not: lock each referenced row, so a delete racing an uncommitted
-- insert could not both succeed. The application deletes no people, devices or units (its DELETE on people and devices is revoked in
-- R__usage_references_checked_per_statement.sql).

ALTER TABLE person_membership DROP CONSTRAINT person_membership_person_id_fkey;
ALTER TABLE person_membership DROP CONSTRAINT person_membership_unit_id_fkey;
ALTER TABLE device_membership DROP CONSTRAINT device_membership_device_id_fkey;
ALTER TABLE device_membership DROP CONSTRAINT device_membership_unit_id_fkey;

CREATE FUNCTION membership_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner_table text := TG_ARGV[0];
    owner_column text := TG_ARGV[1];
    missing text;
BEGIN
    EXECUTE format('SELECT CASE WHEN o.id IS NULL THEN %L || '' '' || c.%I ELSE ''org_unit '' || c.unit_id END'
                   ' FROM changed_membership c LEFT JOIN %I o ON o.id = c.%I LEFT JOIN org_unit u ON u.id = c.unit_id'
                   ' WHERE o.id IS NULL OR u.id IS NULL LIMIT 1', owner_table, owner_column, owner_table, owner_column)
        INTO missing;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% refers to % which does not exist', TG_TABLE_NAME, missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER person_membership_references_on_insert AFTER INSERT ON person_membership
    REFERENCING NEW TABLE AS changed_membership FOR EACH STATEMENT
    EXECUTE FUNCTION membership_check_references('person', 'person_id');
CREATE TRIGGER person_membership_references_on_update AFTER UPDATE ON person_membership
    REFERENCING NEW TABLE AS changed_membership FOR EACH STATEMENT
    EXECUTE FUNCTION membership_check_references('person', 'person_id');
CREATE TRIGGER device_membership_references_on_insert AFTER INSERT ON device_membership
    REFERENCING NEW TABLE AS changed_membership FOR EACH STATEMENT
    EXECUTE FUNCTION membership_check_references('device', 'device_id');
CREATE TRIGGER device_membership_references_on_update AFTER UPDATE ON device_membership
    REFERENCING NEW TABLE AS changed_membership FOR EACH STATEMENT
    EXECUTE FUNCTION membership_check_references('device', 'device_id');

-- ON DELETE CASCADE of the owner
CREATE FUNCTION membership_delete_with_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %I m WHERE m.%I IN (SELECT id FROM removed_owner)', TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END;
$$;
CREATE TRIGGER person_memberships_cascade AFTER DELETE ON person
    REFERENCING OLD TABLE AS removed_owner FOR EACH STATEMENT
    EXECUTE FUNCTION membership_delete_with_owner('person_membership', 'person_id');
CREATE TRIGGER device_memberships_cascade AFTER DELETE ON device
    REFERENCING OLD TABLE AS removed_owner FOR EACH STATEMENT
    EXECUTE FUNCTION membership_delete_with_owner('device_membership', 'device_id');

-- NO ACTION for units
CREATE FUNCTION membership_unit_still_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    still bigint;
BEGIN
    SELECT r.id INTO still FROM removed_unit r
     WHERE EXISTS (SELECT 1 FROM person_membership m WHERE m.unit_id = r.id)
        OR EXISTS (SELECT 1 FROM device_membership m WHERE m.unit_id = r.id)
     LIMIT 1;
    IF still IS NOT NULL THEN
        RAISE EXCEPTION 'org_unit % is still named by a membership', still USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER org_unit_membership_references AFTER DELETE ON org_unit
    REFERENCING OLD TABLE AS removed_unit FOR EACH STATEMENT EXECUTE FUNCTION membership_unit_still_referenced();

CREATE FUNCTION reject_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the id of % % cannot change', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
END;
$$;

CREATE TRIGGER person_id_fixed BEFORE UPDATE OF id ON person
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reject_id_change();
CREATE TRIGGER device_id_fixed BEFORE UPDATE OF id ON device
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reject_id_change();
CREATE TRIGGER org_unit_id_fixed BEFORE UPDATE OF id ON org_unit
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reject_id_change();
