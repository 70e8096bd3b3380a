-- The audit trail is append-only and occurred_at is the insertion time (clock_timestamp()), so the table is
-- physically in time order. A BRIN index answers the time-range filter of the audit queries (AuditQueries:
-- occurred_at >= / <) from a few kilobytes of block ranges, and costs almost nothing per inserted row, where
-- the btree it replaces was one of the four indexes every audit row had to be inserted into; imports write
-- one audit row per changed person or device, hundreds of thousands per file (docs/benchmarks.md).
DROP INDEX audit_event_time;
CREATE INDEX audit_event_time ON audit_event USING brin (occurred_at);
