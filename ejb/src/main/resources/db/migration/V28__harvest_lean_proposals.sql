-- Harvest proposals are written only by the run (HarvestStore.generate), many at once: its first run over the
-- benchmark city creates about 700,000 (issue 3, docs/benchmarks.md "Harvest-proposal run"). Measured with EXPLAIN
-- ANALYZE on that city, the six foreign keys of harvest_proposal took over 60 % of that run: one lookup and one
-- row lock per new proposal and key (the lock on each referenced assignment also rewrites that assignment's row).
--
-- The keys are redundant: the run copies assignment_id, pool_id, unit_id, person_id and device_id from the
-- licence_assignment row it has just joined, in the same statement, and product_id from that assignment's pool;
-- decisions never change these columns. licence_assignment rows are never deleted (the application role has no
-- DELETE or TRUNCATE on it, V21), and that row keeps its own foreign keys to the pool, unit, person and device
-- (and the pool to its product), so none of them can disappear while a proposal names them. The keys pointing AT
-- harvest_proposal (allocation_movement, licence_request_offer) stay.
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_assignment_id_fkey;
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_pool_id_fkey;
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_unit_id_fkey;
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_product_id_fkey;
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_person_id_fkey;
ALTER TABLE harvest_proposal DROP CONSTRAINT harvest_proposal_device_id_fkey;

-- Every further index on harvest_proposal is one more insertion per new proposal (each took as long as the
-- heap insert itself in that run). The two indexes of pending proposals become one: unique per (pool, assignment)
-- among pending proposals. A proposal's pool_id is its assignment's (copied by the run; an assignment's pool never
-- changes, LicensingStore only ever sets valid_to), so this is exactly "at most one pending proposal per
-- assignment", and its leading pool_id serves the per-pool reads of pending proposals (requests offered
-- harvestable seats, HarvestStore.pendingOfPool, RequestStore). The index on (status, pool_id, unit_id) goes:
-- the other readers (listings and the summary) read all proposals of a status, which a scan does as well.
DROP INDEX harvest_proposal_status_pool;
DROP INDEX harvest_proposal_pending;
CREATE UNIQUE INDEX harvest_proposal_pending ON harvest_proposal (pool_id, assignment_id) WHERE status = 'PENDING';
