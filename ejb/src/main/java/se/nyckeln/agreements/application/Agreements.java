package se.nyckeln.agreements.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.agreements.domain.Explanation;
import se.nyckeln.agreements.infrastructure.AgreementCsv;
import se.nyckeln.agreements.infrastructure.AgreementStore;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.shared.Sha256;
import se.nyckeln.suppliers.application.Suppliers;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Agreements (ramavtal, avrop, direct contracts) with call-off rights and price lists. Written by CSV import
 * (docs/agreements.md) or one at a time; every created or changed agreement and price row is audited, and
 * every change re-matches all purchase lines in the same transaction.
 */
@Stateless
public class Agreements {

    private static final Logger LOG = Logger.getLogger(Agreements.class);
    static final String AGREEMENT = "Agreement";
    static final String PRICE = "PriceRow";

    @EJB
    private AgreementStore store;

    @EJB
    private Suppliers suppliers;

    @EJB
    private PurchaseEntitlements entitlements;

    @EJB
    private OrgTree org;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    public List<AgreementViews.AgreementEntry> agreements(Long supplierId) {
        return store.agreements(supplierId).stream().map(a -> entry(a, List.of())).toList();
    }

    public AgreementViews.AgreementEntry agreement(long id) {
        AgreementStore.AgreementRow a = store.agreement(id).orElseThrow(() -> BusinessException.notFound("Avtal", id));
        return entry(a, store.prices(id).stream().map(Agreements::price).toList());
    }

    /** Creates or changes one agreement (keyed on its reference) and re-matches. */
    public AgreementViews.AgreementEntry save(AgreementCsv.AgreementSpec spec) {
        store.lockForImport();
        if (spec.validTo() != null && spec.validTo().isBefore(spec.validFrom())) {
            throw BusinessException.invalid("agreement-dates", "validTo", spec.validFrom(), spec.validTo());
        }
        suppliers.supplier(spec.supplierId());
        org.unit(spec.ownerUnitId(), clock.today());
        for (Long u : spec.callOffUnitIds()) {
            org.unit(u, clock.today());
        }
        Map<String, Long> refs = store.idsByReference();
        if (!"CALL_OFF".equals(spec.kind()) && spec.parentReference() != null && !spec.parentReference().isBlank()) {
            throw BusinessException.invalid("agreement-parent-only-call-off", "parentReference",
                    spec.parentReference());
        }
        if ("CALL_OFF".equals(spec.kind()) && (spec.parentReference() == null
                || !refs.containsKey(spec.parentReference().toLowerCase(Locale.ROOT)))) {
            throw BusinessException.invalid("agreement-parent-unknown", "parentReference", spec.parentReference());
        }
        long id = upsert(spec, refs)[0];
        store.rematch();
        entitlements.reconcile();
        return agreement(id);
    }

    /** Adds or changes one price row (keyed on agreement, SKU, band, valid from) and re-matches. */
    public AgreementViews.PriceEntry savePrice(AgreementCsv.PriceSpec spec) {
        store.lockForImport();
        store.agreement(spec.agreementId()).orElseThrow(() -> BusinessException.notFound("Avtal", spec.agreementId()));
        if (spec.validTo() != null && spec.validTo().isBefore(spec.validFrom())) {
            throw BusinessException.invalid("agreement-dates", "validTo", spec.validFrom(), spec.validTo());
        }
        long id = upsertPrice(spec)[0];
        store.rematch();
        entitlements.reconcile();
        return price(store.price(id).orElseThrow());
    }

    public AgreementViews.ImportResult importAgreements(String fileName, InputStream data) {
        String name = name(fileName);
        byte[] bytes = read(name, data);
        store.lockForImport();
        Map<String, AgreementCsv.UnitRef> units = new HashMap<>();
        for (UnitNode u : org.asOf(clock.today())) {
            units.put(u.code().toLowerCase(Locale.ROOT), new AgreementCsv.UnitRef(u.id(), u.kind()));
        }
        CsvTable table = CsvTable.read(name, bytes, AgreementCsv.AGREEMENT_COLUMNS);
        List<String> names = table.rows().stream().map(r -> r.get("supplier")).filter(Objects::nonNull).toList();
        Map<String, Long> refs = store.idsByReference();
        AgreementCsv.Plan<AgreementCsv.AgreementSpec> plan = AgreementCsv.agreements(table, suppliers.findAll(names),
                units, refs);
        rejectIfErrors(name, plan.errors());
        int[] counts = new int[3];
        // frameworks first, so that call-offs in the same file find their parent
        List<AgreementCsv.AgreementSpec> ordered = new ArrayList<>(plan.specs());
        ordered.sort((a, b) -> Boolean.compare("CALL_OFF".equals(a.kind()), "CALL_OFF".equals(b.kind())));
        for (AgreementCsv.AgreementSpec s : ordered) {
            counts[(int) upsert(s, refs)[1]]++;
        }
        return finish("AGREEMENTS", name, bytes, table.rows().size(), counts);
    }

    public AgreementViews.ImportResult importPrices(String fileName, InputStream data) {
        String name = name(fileName);
        byte[] bytes = read(name, data);
        store.lockForImport();
        CsvTable table = CsvTable.read(name, bytes, AgreementCsv.PRICE_COLUMNS);
        AgreementCsv.Plan<AgreementCsv.PriceSpec> plan = AgreementCsv.prices(table, store.idsByReference());
        rejectIfErrors(name, plan.errors());
        int[] counts = new int[3];
        for (AgreementCsv.PriceSpec s : plan.specs()) {
            counts[(int) upsertPrice(s)[1]]++;
        }
        return finish("PRICE_LIST", name, bytes, table.rows().size(), counts);
    }

    /** The horizon of the alerts job in months: {@code -Dnyckeln.agreements.alert-horizon-months}, default 6. */
    public static int horizonMonths() {
        return Integer.getInteger("nyckeln.agreements.alert-horizon-months", 6);
    }

    /** Recomputes the stored alerts for today (the daily job); answers how many there are. */
    public int refreshAlerts() {
        int n = store.replaceAlerts(clock.today(), horizonMonths());
        LOG.infof("Agreement alerts: %d within %d months", n, horizonMonths());
        return n;
    }

    /** The alerts of the last run, soonest first, with the days left from today; titles in Swedish. */
    public List<AgreementViews.Alert> alerts() {
        return alerts(Locale.forLanguageTag("sv"));
    }

    /** The alerts of the last run, soonest first, with the days left from today; titles in {@code locale}'s words. */
    public List<AgreementViews.Alert> alerts(Locale locale) {
        LocalDate today = clock.today();
        return store.alerts().stream().map(a -> new AgreementViews.Alert(a.kind(), a.agreementId(),
                a.entitlementId(), title(a.titleKey(), a.titleArgs(), locale), a.titleKey(), a.titleArgs(),
                a.dueDate(), a.endDate(), ChronoUnit.DAYS.between(today, a.dueDate()), a.computedOn(),
                a.horizonMonths())).toList();
    }

    /** An alert's title worded in {@code locale} (English for English, Swedish otherwise). */
    static String title(String key, List<String> args, Locale locale) {
        return Purchases.text(new Explanation(key, args), locale);
    }

    private AgreementViews.ImportResult finish(String kind, String name, byte[] bytes, int rows, int[] counts) {
        int rematched = 0;
        if (counts[0] + counts[1] > 0) {
            rematched = store.rematch();
            entitlements.reconcile();
            long run = store.startRun(kind, name, Sha256.of(bytes).hex(), access.actorName(), rows, counts[0],
                    counts[1], counts[2]);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", kind);
            c.put("file", name);
            c.put("rows", rows);
            c.put("created", counts[0]);
            c.put("updated", counts[1]);
            c.put("unchanged", counts[2]);
            c.put("rematched", rematched);
            audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null, c, "import " + kind + " " + name);
        }
        LOG.infof("%s import %s: %d rows, %d created, %d updated, %d unchanged, %d lines re-matched", kind, name, rows,
                counts[0], counts[1], counts[2], rematched);
        return new AgreementViews.ImportResult(kind, name, rows, counts[0], counts[1], counts[2], rematched, 0, 0);
    }

    /** Answers {id, 0 created | 1 updated | 2 unchanged}. */
    private long[] upsert(AgreementCsv.AgreementSpec s, Map<String, Long> refs) {
        Long parentId = s.parentReference() == null ? null : refs.get(s.parentReference().toLowerCase(Locale.ROOT));
        AgreementStore.AgreementRow wanted = new AgreementStore.AgreementRow(0, s.reference(), s.supplierId(), null,
                s.kind(), parentId, s.title(), s.category(), s.validFrom(), s.validTo(), s.extensionOptions(),
                s.noticeMonths(), s.ownerUnitId(), s.kommunMayCallOff(),
                s.callOffUnitIds().stream().sorted().toList());
        var existing = store.byReference(s.reference());
        if (existing.isEmpty()) {
            long id = store.insert(wanted);
            store.setCallOffUnits(id, wanted.callOffUnitIds());
            refs.put(s.reference().toLowerCase(Locale.ROOT), id);
            audit.record(AuditTrail.Action.CREATE, AGREEMENT, id, s.ownerUnitId(), null, state(store.agreement(id)
                    .orElseThrow()));
            return new long[] {id, 0};
        }
        AgreementStore.AgreementRow before = existing.get();
        if (same(before, wanted)) {
            return new long[] {before.id(), 2};
        }
        store.update(before.id(), wanted);
        store.setCallOffUnits(before.id(), wanted.callOffUnitIds());
        audit.record(AuditTrail.Action.UPDATE, AGREEMENT, before.id(), s.ownerUnitId(), state(before),
                state(store.agreement(before.id()).orElseThrow()));
        return new long[] {before.id(), 1};
    }

    private static boolean same(AgreementStore.AgreementRow a, AgreementStore.AgreementRow b) {
        return a.supplierId() == b.supplierId() && a.kind().equals(b.kind()) && Objects.equals(a.parentId(), b.parentId())
                && a.title().equals(b.title()) && Objects.equals(a.category(), b.category())
                && a.validFrom().equals(b.validFrom()) && Objects.equals(a.validTo(), b.validTo())
                && Objects.equals(a.extensionOptions(), b.extensionOptions()) && a.noticeMonths() == b.noticeMonths()
                && a.ownerUnitId() == b.ownerUnitId() && a.kommunMayCallOff() == b.kommunMayCallOff()
                && a.callOffUnitIds().equals(b.callOffUnitIds());
    }

    private long[] upsertPrice(AgreementCsv.PriceSpec s) {
        AgreementStore.PriceRow wanted = new AgreementStore.PriceRow(0, s.agreementId(), s.sku(), s.productName(),
                s.unitPriceOre(), s.currency(), s.minQuantity(), s.validFrom(), s.validTo());
        var existing = store.priceByKey(s.agreementId(), s.sku(), s.minQuantity(), s.validFrom());
        if (existing.isEmpty()) {
            long id = store.insertPrice(wanted);
            audit.record(AuditTrail.Action.CREATE, PRICE, id, null, null, price(store.price(id).orElseThrow()));
            return new long[] {id, 0};
        }
        AgreementStore.PriceRow before = existing.get();
        if (before.productName().equals(s.productName()) && before.unitPriceOre() == s.unitPriceOre()
                && before.currency().equals(s.currency()) && Objects.equals(before.validTo(), s.validTo())) {
            return new long[] {before.id(), 2};
        }
        store.updatePrice(before.id(), wanted);
        audit.record(AuditTrail.Action.UPDATE, PRICE, before.id(), null, price(before),
                price(store.price(before.id()).orElseThrow()));
        return new long[] {before.id(), 1};
    }

    private static void rejectIfErrors(String name, List<ImportError> errors) {
        if (!errors.isEmpty()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(errors), name, errors.size());
        }
    }

    static String name(String fileName) {
        return fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
    }

    static byte[] read(String name, InputStream data) {
        try {
            return data.readAllBytes();
        } catch (IOException e) {
            throw new BusinessException(400, "upload-unreadable", "file", name);
        }
    }

    private static Map<String, Object> state(AgreementStore.AgreementRow a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", a.reference());
        m.put("supplierId", a.supplierId());
        m.put("kind", a.kind());
        m.put("parentId", a.parentId());
        m.put("title", a.title());
        m.put("category", a.category());
        m.put("validFrom", String.valueOf(a.validFrom()));
        m.put("validTo", String.valueOf(a.validTo()));
        m.put("extensionOptions", a.extensionOptions());
        m.put("noticeMonths", a.noticeMonths());
        m.put("ownerUnitId", a.ownerUnitId());
        m.put("kommunMayCallOff", a.kommunMayCallOff());
        m.put("callOffUnitIds", a.callOffUnitIds());
        return m;
    }

    static AgreementViews.PriceEntry price(AgreementStore.PriceRow p) {
        return new AgreementViews.PriceEntry(p.id(), p.agreementId(), p.sku(), p.productName(), p.unitPriceOre(),
                p.currency(), p.minQuantity(), p.validFrom(), p.validTo());
    }

    static AgreementViews.AgreementEntry entry(AgreementStore.AgreementRow a, List<AgreementViews.PriceEntry> prices) {
        LocalDate notice = a.validTo() == null ? null : a.validTo().minusMonths(a.noticeMonths());
        return new AgreementViews.AgreementEntry(a.id(), a.reference(), a.supplierId(), a.supplierName(), a.kind(),
                a.parentId(), a.title(), a.category(), a.validFrom(), a.validTo(), a.extensionOptions(),
                a.noticeMonths(), notice, a.ownerUnitId(), a.kommunMayCallOff(), a.callOffUnitIds(), prices);
    }
}
