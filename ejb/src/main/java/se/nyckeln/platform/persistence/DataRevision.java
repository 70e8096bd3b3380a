package se.nyckeln.platform.persistence;

/**
 * The revision of the data that in-memory caches (the units list, the member counts, the statistics' month
 * figures) file their answers under: the newest audit event id, since every change to the organisation, licences,
 * usage evidence and money writes an audit event in its own transaction.
 *
 * <p>While any writing transaction is in flight the revision is {@link #UNSETTLED}: audit ids are taken at insert
 * but become visible at commit, so a transaction still running may hold a lower id than the newest visible one, and
 * an answer computed now and filed under that id would miss its change for good. Nothing is cached under
 * {@link #UNSETTLED}; the answer is computed and given. (PostgreSQL 13 or later: {@code pg_current_snapshot}.)
 */
public final class DataRevision {

    /** One query: -1 while a writer is in flight, else the newest audit event id (0 on an empty trail). */
    public static final String SQL = "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()))"
            + " THEN -1 ELSE (SELECT coalesce(max(id), 0) FROM audit_event) END";

    /** The revision while writers are in flight: compute, never cache. */
    public static final long UNSETTLED = -1;

    private DataRevision() {
    }
}
