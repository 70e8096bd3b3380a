-- A device's primary user (device.primary_person_id) was a row-level foreign key: every inserted or updated device
-- looked its person up and locked it (FOR KEY SHARE, which writes the lock into each person row), one lookup per
-- device: 60,000 of the benchmark city's 155,000 devices name a primary user, all inserted by one statement of the
-- device import (docs/benchmarks.md, "Organisation import"). As for the memberships (V12), the same guarantee is now
-- checked once per statement over all its rows:
-- * every INSERT or UPDATE of device checks at the end of the statement that each named primary user exists; a
--   missing one fails the statement with SQLSTATE 23503 (foreign_key_violation);
-- * deleting a person that a device names as its primary user fails with 23503 (the key's NO ACTION); ids of
--   people cannot change (V12).
-- What the row-level key did and this does not: lock each referenced person, so that a delete racing an uncommitted
-- insert could not both succeed. The application deletes no people (its DELETE on person is revoked in
-- R__usage_references_checked_per_statement.sql), and TRUNCATE of person stays refused by the other tables' keys.

ALTER TABLE device DROP CONSTRAINT device_primary_person_id_fkey;

CREATE FUNCTION device_check_primary_user() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    SELECT c.primary_person_id INTO missing
      FROM changed_device c
     WHERE c.primary_person_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.primary_person_id)
     LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'device refers to person % which does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER device_primary_user_on_insert AFTER INSERT ON device
    REFERENCING NEW TABLE AS changed_device FOR EACH STATEMENT EXECUTE FUNCTION device_check_primary_user();
CREATE TRIGGER device_primary_user_on_update AFTER UPDATE ON device
    REFERENCING NEW TABLE AS changed_device FOR EACH STATEMENT EXECUTE FUNCTION device_check_primary_user();

-- NO ACTION for people
CREATE FUNCTION person_still_primary_user() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    still bigint;
BEGIN
    SELECT r.id INTO still FROM removed_person r
     WHERE EXISTS (SELECT 1 FROM device d WHERE d.primary_person_id = r.id)
     LIMIT 1;
    IF still IS NOT NULL THEN
        RAISE EXCEPTION 'person % is still the primary user of a device', still USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER person_primary_user_references AFTER DELETE ON person
    REFERENCING OLD TABLE AS removed_person FOR EACH STATEMENT EXECUTE FUNCTION person_still_primary_user();
