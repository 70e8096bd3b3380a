-- People are looked up by UPN whatever its case (`lower(upn) = ...`: the usage import's name lookups, a person's
-- edit), which the unique key on `upn` cannot serve: each lookup read the whole person table. The usage import
-- asks once per 5,000 rows for the names it has not seen yet; at 10,000,000 rows those full scans of 60,000 people
-- were about two thirds of the time spent reading and checking the file (thread samples of the benchmark server,
-- 2026-12-02).
CREATE INDEX IF NOT EXISTS person_upn_lower ON person (lower(upn));
