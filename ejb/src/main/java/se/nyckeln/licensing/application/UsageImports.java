package se.nyckeln.licensing.application;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.transaction.UserTransaction;
import org.jboss.logging.Logger;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.infrastructure.SortedUsageBuffer;
import se.nyckeln.licensing.infrastructure.UsageCheck;
import se.nyckeln.licensing.infrastructure.UsagePlan;
import se.nyckeln.licensing.infrastructure.UsagePlanner;
import se.nyckeln.licensing.infrastructure.UsageStore;
import se.nyckeln.organisation.application.PeopleAndDevices;
import se.nyckeln.platform.csv.CsvStream;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports usage evidence (formats in docs/imports.md, "Usage evidence"), by the same rules as the
 * organisation imports: the whole file is checked first and any problem rejects it (422 {@code
 * import-rejected}, every problem listed up to {@link UsageCheck#MAX_LISTED} and all counted, nothing changed); a
 * good file is merged in this one transaction, recorded in {@code import_run} and audited with one IMPORT event.
 * Dates only move forward. The file streams: memory does not grow with its length (docs/imports.md).
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class UsageImports {

    @Resource
    private UserTransaction tx;

    private static final Logger LOG = Logger.getLogger(UsageImports.class);

    @EJB
    private UsageStore store;

    @EJB
    private Catalogue catalogue;

    @EJB
    private PeopleAndDevices people;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    /** Longest an import's transaction may run (a file of millions of rows; docs/imports.md). */
    static final int TIMEOUT_SECONDS = 3600;
    /** Good records sent to the staging table per statement. */
    private static final int STAGE_BATCH = 10_000;
    /** Records grouped and sorted in the server at most (8 bytes each: 128 MiB); a larger file is grouped by SQL. */
    static final int SORTED_IN_SERVER = 1 << 24;

    /**
     * Reads {@code data} as it arrives (it is never held whole): each row is checked, good records go to a
     * staging table in batches, and only when the whole file has been read without a problem is the stage merged
     * into {@code licence_usage} in one statement. Any problem rejects the file and the transaction (stage
     * included) is rolled back. Bean-managed so that the transaction may outlive the server's default timeout.
     */
    public UsageImportReport importFile(UsageFormat format, String fileName, InputStream data) {
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        try {
            tx.setTransactionTimeout(TIMEOUT_SECONDS);
            tx.begin();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the usage import's transaction", e);
        }
        boolean done = false;
        try {
            UsageImportReport report = importInTransaction(format, name, data);
            tx.commit();
            done = true;
            return report;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("usage import " + name + " could not commit", e);
        } finally {
            if (!done) {
                try {
                    tx.rollback();
                } catch (Exception e) {
                    LOG.debugf("rollback after a failed usage import: %s", e);
                }
            }
        }
    }

    private UsageImportReport importInTransaction(UsageFormat format, String name, InputStream data) {
        store.lockForImport();
        UsagePlanner.Lookups lookups = new UsagePlanner.Lookups(catalogue::productIdsByAlias,
                upns -> people.idsByUpnOrSerial(false, upns), serials -> people.idsByUpnOrSerial(true, serials));
        UsageCheck.Kind kind = switch (format) {
            case M365_ACTIVE_USERS -> UsageCheck.Kind.M365;
            case INVENTORY -> UsageCheck.Kind.INVENTORY;
            case ADMIN_CENTRE_USERS -> UsageCheck.Kind.ADMIN_CENTRE;
        };
        boolean holdings = format == UsageFormat.ADMIN_CENTRE_USERS;
        if (!holdings) {
            store.createStage();
        }
        StageSink sink = new StageSink();
        UsageCheck check = new UsageCheck(kind, name, lookups, sink);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long started = System.nanoTime();
        try (InputStream in = new DigestInputStream(data, sha)) {
            CsvStream.read(name, in, UsageCheck.requiredColumns(kind), check);
            in.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole file
        } catch (IOException e) {
            throw new BusinessException(400, "upload-unreadable", "file", name);
        }
        check.finish();
        if (check.hasErrors()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(check.errors()), name,
                    check.errorCount());
        }
        long read = System.nanoTime();
        String actor = access.actorName();
        String kindName = "USAGE_" + format.name();
        long run = store.startRun(kindName, name, HexFormat.of().formatHex(sha.digest()), actor, check.rows());
        int records;
        int created;
        int updated;
        String path;
        long checked;
        if (holdings) {
            checked = System.nanoTime();
            UsageStore.Merged merged = store.mergeHoldings(sink.holdings, run);
            records = sink.holdings.size();
            created = merged.created();
            updated = merged.updated();
            path = "holdings";
        } else {
            UsageStore.References refs = check.references();
            long copied = sink.grouped() ? store.copyNew(format.name(), run, refs, sink.sorted) : -1;
            checked = System.nanoTime();
            if (copied >= 0) {
                // none of the file's products had evidence: its keys were copied straight into licence_usage
                records = (int) copied;
                created = records;
                updated = 0;
                path = "copied in key order (no evidence of its products yet)";
            } else {
                sink.flush();
                checked = System.nanoTime();
                UsageStore.MergedStage merged = store.mergeStaged(format.name(), run, refs, sink.grouped());
                records = merged.records();
                created = merged.created();
                updated = merged.updated();
                path = sink.grouped() ? "staged grouped in the server, merged" : "staged as read, merged";
            }
        }
        int unchanged = records - created - updated;
        store.finishRun(run, created, updated, unchanged);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("kind", kindName);
        counts.put("file", name);
        counts.put("rows", check.rows());
        counts.put("created", created);
        counts.put("updated", updated);
        counts.put("unchanged", unchanged);
        audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null, counts, "import " + kindName + " " + name);
        LOG.infof("Usage import %s %s: %d rows, %d records (%d created, %d updated, %d unchanged); read and checked"
                        + " in %d ms, then %s: %d ms, then %d ms", format, name, check.rows(), records, created,
                updated, unchanged, (read - started) / 1_000_000, path, (checked - read) / 1_000_000,
                (System.nanoTime() - checked) / 1_000_000);
        return new UsageImportReport(format, name, check.rows(), created, updated, unchanged);
    }

    /**
     * Usage records are held compactly and grouped and sorted here ({@link SortedUsageBuffer}, up to
     * {@value #SORTED_IN_SERVER} records, 8 bytes each): at the file's end each key goes to the staging table once,
     * with its newest date, in key order, and the merge takes them as they are. A larger file (or an id or date the
     * buffer cannot hold) goes to the stage as it is read, {@value #STAGE_BATCH} at a time, and the merge groups and
     * sorts it. The admin center's holdings (at most one per product and person of the city) are kept for their
     * merge.
     */
    private final class StageSink implements UsageCheck.Sink {
        final SortedUsageBuffer sorted = new SortedUsageBuffer(SORTED_IN_SERVER);
        /** True once a record did not fit the buffer: from then on the stage holds the file as read. */
        private boolean asRead;
        private final long[] products = new long[STAGE_BATCH];
        private final long[] persons = new long[STAGE_BATCH];
        private final long[] devices = new long[STAGE_BATCH];
        private final LocalDate[] days = new LocalDate[STAGE_BATCH];
        private int n;
        final Map<UsagePlan.Key, Boolean> holdings = new LinkedHashMap<>();

        @Override
        public void usage(UsagePlan.Key key, LocalDate day) {
            long person = key.personId() == null ? 0 : key.personId();
            long device = key.deviceId() == null ? 0 : key.deviceId();
            if (!asRead) {
                if (sorted.add(key.productId(), person, device, day)) {
                    return;
                }
                asRead = true;
                sorted.drain(this::stage);
            }
            stage(key.productId(), person, device, day);
        }

        private void stage(long product, long person, long device, LocalDate day) {
            products[n] = product;
            persons[n] = person;
            devices[n] = device;
            days[n] = day;
            if (++n == STAGE_BATCH) {
                sendBatch();
            }
        }

        @Override
        public void holding(UsagePlan.Key key, boolean blocked) {
            holdings.put(key, blocked);
        }

        /** At the file's end: everything to the stage. */
        void flush() {
            if (!asRead) {
                sorted.drain(this::stage);
            }
            sendBatch();
        }

        /** Whether the stage holds each key once, in key order (else as read: the merge groups and sorts). */
        boolean grouped() {
            return !asRead;
        }

        private void sendBatch() {
            store.stage(products, persons, devices, days, n);
            n = 0;
        }
    }
}
