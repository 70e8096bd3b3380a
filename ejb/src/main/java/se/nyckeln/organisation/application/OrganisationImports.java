package se.nyckeln.organisation.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.shared.Sha256;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.organisation.infrastructure.ImportPlan;
import se.nyckeln.organisation.infrastructure.ImportPlanner;
import se.nyckeln.organisation.infrastructure.JdbcOrganisationStore;
import se.nyckeln.organisation.infrastructure.JdbcOrganisationStore.Scope;
import se.nyckeln.organisation.infrastructure.Snapshot;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/**
 * Imports an organisation file (units, people, devices, or the Entra ID user export; formats in
 * docs/imports.md). The whole file is checked first; if anything is wrong the answer lists every problem
 * (422 {@code import-rejected}) and nothing changes. A good file is applied in this one transaction, recorded
 * in {@code import_run} and the audit trail. A file is a delta: what it does not mention stays as it is.
 */
@Stateless
public class OrganisationImports {

    private static final Logger LOG = Logger.getLogger(OrganisationImports.class);

    @EJB
    private JdbcOrganisationStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @Inject
    private Clock clock;

    public ImportReport importFile(ImportKind kind, String fileName, InputStream data) {
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        byte[] bytes;
        try {
            bytes = data.readAllBytes();
        } catch (IOException e) {
            throw new BusinessException(400, "upload-unreadable", "file", name);
        }
        long started = System.nanoTime();
        store.lockForImport();
        LocalDate today = LocalDate.now(clock);
        CsvTable table = CsvTable.read(name, bytes, switch (kind) {
            case UNITS -> ImportPlanner.UNIT_COLUMNS;
            case PEOPLE -> ImportPlanner.PEOPLE_COLUMNS;
            case DEVICES -> ImportPlanner.DEVICE_COLUMNS;
            case ENTRA_USERS -> ImportPlanner.ENTRA_COLUMNS;
        });
        long read = System.nanoTime();
        Snapshot stored = store.load(switch (kind) {
            case UNITS -> EnumSet.of(Scope.UNITS);
            case PEOPLE -> EnumSet.of(Scope.UNITS, Scope.PEOPLE);
            case DEVICES -> EnumSet.of(Scope.UNITS, Scope.PERSON_KEYS, Scope.DEVICES);
            case ENTRA_USERS -> EnumSet.of(Scope.UNITS, Scope.PEOPLE, Scope.DEPARTMENTS);
        });
        long loaded = System.nanoTime();
        ImportPlan plan = switch (kind) {
            case UNITS -> ImportPlanner.units(table, stored);
            case PEOPLE -> ImportPlanner.people(table, stored);
            case DEVICES -> ImportPlanner.devices(table, stored);
            case ENTRA_USERS -> ImportPlanner.entraUsers(table, stored, today);
        };
        if (plan.hasErrors()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(plan.errors), name,
                    plan.errors.size());
        }
        long planned = System.nanoTime();
        String actor = access.actorName();
        String detail = "import " + kind.name() + " " + name;
        store.apply(plan, kind != ImportKind.DEVICES, actor, detail);
        long run = store.recordRun(kind.name(), name, Sha256.of(bytes).hex(), actor, plan);
        ImportReport report = new ImportReport(kind, name, plan.rows, plan.created, plan.updated, plan.closed,
                plan.unchanged);
        audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null,
                counts(kind, name, plan), detail);
        LOG.infof("Import %s %s: %d rows (%d created, %d updated, %d closed, %d unchanged); checked in %d ms"
                        + " (file read %d ms, stored organisation loaded %d ms, planned %d ms), written in %d ms",
                kind, name, plan.rows, plan.created, plan.updated, plan.closed, plan.unchanged,
                (planned - started) / 1_000_000, (read - started) / 1_000_000, (loaded - read) / 1_000_000,
                (planned - loaded) / 1_000_000, (System.nanoTime() - planned) / 1_000_000);
        return report;
    }

    private static java.util.Map<String, Object> counts(ImportKind kind, String name, ImportPlan plan) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("kind", kind.name());
        m.put("file", name);
        m.put("rows", plan.rows);
        m.put("created", plan.created);
        m.put("updated", plan.updated);
        m.put("closed", plan.closed);
        m.put("unchanged", plan.unchanged);
        return m;
    }

}
