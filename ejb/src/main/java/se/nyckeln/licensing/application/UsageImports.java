package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import org.jboss.logging.Logger;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.infrastructure.UsagePlan;
import se.nyckeln.licensing.infrastructure.UsagePlanner;
import se.nyckeln.licensing.infrastructure.UsageStore;
import se.nyckeln.organisation.application.PeopleAndDevices;
import se.nyckeln.shared.Sha256;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports usage evidence (formats in docs/imports.md, "Usage evidence"), by the same rules as the
 * organisation imports: the whole file is checked first and any problem rejects it (422 {@code
 * import-rejected}, every problem listed, nothing changed); a good file is merged in this one transaction,
 * recorded in {@code import_run} and audited with one IMPORT event. Dates only move forward.
 */
@Stateless
public class UsageImports {

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

    public UsageImportReport importFile(UsageFormat format, String fileName, InputStream data) {
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        byte[] bytes;
        try {
            bytes = data.readAllBytes();
        } catch (IOException e) {
            throw new BusinessException(400, "upload-unreadable", "file", name);
        }
        store.lockForImport();
        UsagePlanner.Lookups lookups = new UsagePlanner.Lookups(catalogue::productIdsByAlias,
                upns -> people.idsByUpnOrSerial(false, upns), serials -> people.idsByUpnOrSerial(true, serials));
        UsagePlan plan = switch (format) {
            case M365_ACTIVE_USERS -> UsagePlanner.m365(CsvTable.read(name, bytes, UsagePlanner.M365_COLUMNS), lookups);
            case INVENTORY -> UsagePlanner.inventory(CsvTable.read(name, bytes, UsagePlanner.INVENTORY_COLUMNS),
                    lookups);
            case ADMIN_CENTRE_USERS -> UsagePlanner.adminCentre(
                    CsvTable.read(name, bytes, UsagePlanner.ADMIN_CENTRE_COLUMNS), lookups);
        };
        if (plan.hasErrors()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(plan.errors), name,
                    plan.errors.size());
        }
        String actor = access.actorName();
        String kind = "USAGE_" + format.name();
        long run = store.startRun(kind, name, Sha256.of(bytes).hex(), actor, plan.rows);
        UsageStore.Merged merged = format == UsageFormat.ADMIN_CENTRE_USERS
                ? store.mergeHoldings(plan.holdings, run) : store.merge(plan.records, format.name(), run);
        int records = format == UsageFormat.ADMIN_CENTRE_USERS ? plan.holdings.size() : plan.records.size();
        int unchanged = records - merged.created() - merged.updated();
        store.finishRun(run, merged.created(), merged.updated(), unchanged);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("kind", kind);
        counts.put("file", name);
        counts.put("rows", plan.rows);
        counts.put("created", merged.created());
        counts.put("updated", merged.updated());
        counts.put("unchanged", unchanged);
        audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null, counts, "import " + kind + " " + name);
        LOG.infof("Usage import %s %s: %d rows, %d records (%d created, %d updated, %d unchanged)", format, name,
                plan.rows, records, merged.created(), merged.updated(), unchanged);
        return new UsageImportReport(format, name, plan.rows, merged.created(), merged.updated(), unchanged);
    }

}
