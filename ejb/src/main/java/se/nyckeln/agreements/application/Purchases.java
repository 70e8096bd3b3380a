package se.nyckeln.agreements.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.agreements.domain.Verdict;
import se.nyckeln.agreements.infrastructure.AgreementStore;
import se.nyckeln.agreements.infrastructure.InvoiceArchive;
import se.nyckeln.agreements.infrastructure.LedgerCsv;
import se.nyckeln.agreements.infrastructure.PurchaseStore;
import se.nyckeln.agreements.infrastructure.UblInvoice;
import se.nyckeln.agreements.infrastructure.UblReader;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.application.Catalogue;
import se.nyckeln.licensing.application.LicensingCommands;
import se.nyckeln.licensing.application.Pools;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.shared.Sha256;
import se.nyckeln.suppliers.application.Suppliers;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Purchases: Peppol invoices imported (one XML or a zip of many; all documents checked before any is written,
 * one transaction), buyer references mapped to units, remembered product mappings, and the purchase lines with
 * their verdicts. A unit viewer sees only its own units' lines (and no line without a unit).
 */
@Stateless
public class Purchases {

    private static final Logger LOG = Logger.getLogger(Purchases.class);
    public static final int MAX_PAGE = 500;

    @EJB
    private PurchaseStore store;

    @EJB
    private AgreementStore agreements;

    @EJB
    private Suppliers suppliers;

    @EJB
    private OrgTree org;

    @EJB
    private Catalogue catalogue;

    @EJB
    private Pools pools;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    public AgreementViews.ImportResult importInvoices(String fileName, InputStream data) {
        String name = fileName == null || fileName.isBlank() ? "upload.xml" : fileName;
        byte[] bytes = Agreements.read(name, data);
        InvoiceArchive.Opened opened = InvoiceArchive.open(name, bytes);
        List<ImportError> errors = new ArrayList<>(opened.errors());
        List<UblInvoice> invoices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InvoiceArchive.Document d : opened.documents()) {
            UblReader.Result r = UblReader.read(d.name(), d.bytes());
            errors.addAll(r.errors());
            if (r.invoice() != null) {
                UblInvoice inv = r.invoice();
                if (!seen.add(inv.supplierKey() + "|" + inv.number() + "|" + inv.documentType())) {
                    errors.add(new ImportError(d.name(), 0, "cbc:ID", inv.number(), "duplicate-invoice", inv.number()));
                }
                Set<String> lineIds = new HashSet<>();
                for (UblInvoice.Line l : inv.lines()) {
                    if (!lineIds.add(l.id())) {
                        errors.add(new ImportError(d.name(), 0, "cac:InvoiceLine/cbc:ID", l.id(), "duplicate-key",
                                l.id()));
                    }
                }
                invoices.add(inv);
            }
        }
        if (!errors.isEmpty()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(errors), name, errors.size());
        }
        return write("PEPPOL_INVOICES", "PEPPOL", name, bytes, invoices);
    }

    /** A ledger CSV of purchase lines (docs/agreements.md, "Ledger CSV"), by the same rules as the invoices. */
    public AgreementViews.ImportResult importLedger(String fileName, InputStream data) {
        String name = fileName == null || fileName.isBlank() ? "upload.csv" : fileName;
        byte[] bytes = Agreements.read(name, data);
        LedgerCsv.Plan plan = LedgerCsv.plan(CsvTable.read(name, bytes, LedgerCsv.COLUMNS));
        if (!plan.errors().isEmpty()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(plan.errors()), name,
                    plan.errors().size());
        }
        return write("PURCHASE_LEDGER", "LEDGER", name, bytes, plan.invoices());
    }

    private AgreementViews.ImportResult write(String kind, String source, String name, byte[] bytes,
                                              List<UblInvoice> invoices) {
        store.lockForImport();
        int lines = invoices.stream().mapToInt(i -> i.lines().size()).sum();
        List<UblInvoice> fresh = invoices.stream()
                .filter(i -> !store.invoiceExists(i.supplierKey(), i.number(), i.documentType())).toList();
        int created = 0;
        int rematched = 0;
        int entitled = 0;
        if (!fresh.isEmpty()) {
            long run = agreements.startRun(kind, name, Sha256.of(bytes).hex(), access.actorName(), lines,
                    fresh.size(), 0, invoices.size() - fresh.size());
            for (UblInvoice inv : fresh) {
                long id = store.insertInvoice(source, inv, run);
                if (id > 0) {
                    store.insertLines(id, inv.lines());
                    created++;
                }
            }
            rematched = agreements.rematch();
            entitled = linkEntitlements(run);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", kind);
            c.put("file", name);
            c.put("documents", invoices.size());
            c.put("lines", lines);
            c.put("created", created);
            c.put("unchanged", invoices.size() - created);
            c.put("entitlements", entitled);
            audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null, c, "import " + kind + " " + name);
        }
        LOG.infof("%s import %s: %d invoices, %d new, %d lines re-matched", kind, name, invoices.size(), created,
                rematched);
        return new AgreementViews.ImportResult(kind, name, invoices.size(), created, 0,
                invoices.size() - created, rematched, entitled);
    }

    /**
     * Every new invoice line of the run that names a product of the licensing catalogue (by its SKU, seller or
     * standard item id, or item name, as a product alias) and has a whole positive quantity and a mapped buyer
     * becomes an entitlement of the buyer's legal entity (kommun or bolag) through the licensing service —
     * which creates or extends the pool and audits it — and the line points at it. The term is the line's
     * period (else the invoice period, else from the invoice date, open-ended).
     */
    private int linkEntitlements(long run) {
        List<PurchaseStore.LicenceCandidate> candidates = store.licenceCandidates(run);
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> names = new HashSet<>();
        candidates.forEach(c -> names.addAll(c.names()));
        Map<String, Long> products = catalogue.productIdsByAlias(names);
        int n = 0;
        for (PurchaseStore.LicenceCandidate c : candidates) {
            Long product = c.names().stream().map(x -> products.get(x.trim().toLowerCase(java.util.Locale.ROOT)))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (product == null || c.ownerUnitId() == null || c.quantity().stripTrailingZeros().scale() > 0) {
                continue;
            }
            LocalDate to = c.validTo() != null && !c.validTo().isBefore(c.validFrom()) ? c.validTo() : null;
            var e = pools.addEntitlement(new LicensingCommands.NewEntitlement(product, c.ownerUnitId(),
                    c.quantity().longValueExact(), monthlyPrice(c.unitPriceOre(), c.validFrom(), to),
                    "Faktura " + c.invoiceNumber() + " rad "
                    + c.lineNo() + " (" + c.supplierName() + ")", c.validFrom(), to, false));
            store.linkEntitlement(c.lineId(), e.id());
            audit.record(AuditTrail.Action.UPDATE, "PurchaseLine", c.lineId(), c.ownerUnitId(), null,
                    Map.of("entitlementId", e.id()), "entitlement from invoice line");
            n++;
        }
        return n;
    }

    /**
     * An entitlement's unit price is per seat and month (docs/licensing-api.md): an invoice line that bills a longer
     * period (e.g. a year of subscription) is divided by its whole months, rounded half up to the öre; a line
     * without an end date, or of at most a month, is taken as it is. Months are counted from the start date, a
     * remainder of more than half a month counting as one more.
     */
    static long monthlyPrice(long unitPriceOre, LocalDate from, LocalDate to) {
        if (to == null || from == null) {
            return unitPriceOre;
        }
        java.time.Period span = java.time.Period.between(from, to.plusDays(1));
        long months = span.toTotalMonths() + (span.getDays() > 15 ? 1 : 0);
        if (months <= 1) {
            return unitPriceOre;
        }
        return (2 * unitPriceOre + months) / (2 * months);
    }

    // ------------------------------------------------------------------ mappings

    public AgreementViews.BuyerMapping mapBuyerReference(String reference, long unitId) {
        if (reference == null || reference.isBlank()) {
            throw BusinessException.invalid("buyer-reference-missing", "reference");
        }
        org.unit(unitId, clock.today());
        store.lockForImport();
        Long before = store.buyerReferenceUnit(reference).orElse(null);
        if (before == null || before != unitId) {
            store.mapBuyerReference(reference, unitId);
            audit.record(before == null ? AuditTrail.Action.CREATE : AuditTrail.Action.UPDATE, "BuyerReferenceMapping",
                    reference.trim(), unitId, before == null ? null : Map.of("unitId", before), Map.of("unitId", unitId));
            agreements.rematch();
        }
        return new AgreementViews.BuyerMapping(reference.trim(), unitId);
    }

    public List<AgreementViews.BuyerMapping> buyerMappings() {
        return store.buyerMappings().stream().map(m -> new AgreementViews.BuyerMapping(m.reference(), m.unitId())).toList();
    }

    public List<AgreementViews.UnmappedReference> unmappedReferences() {
        return store.unmappedReferences().stream().map(u -> new AgreementViews.UnmappedReference(u.reference(),
                u.invoices(), u.lines(), u.amountOre())).toList();
    }

    /** Remembers that a supplier's invoice item (article no, standard id or name) is a price-list SKU. */
    public AgreementViews.ProductMapping mapProduct(long supplierId, String itemKey, String sku) {
        if (itemKey == null || itemKey.isBlank() || sku == null || sku.isBlank()) {
            throw BusinessException.invalid("product-mapping-incomplete", itemKey == null || itemKey.isBlank()
                    ? "itemKey" : "sku");
        }
        suppliers.supplier(supplierId);
        store.lockForImport();
        var before = store.productMapping(supplierId, itemKey);
        long id = store.mapProduct(supplierId, itemKey, sku);
        var after = store.productMapping(supplierId, itemKey).orElseThrow();
        if (before.isEmpty() || !before.get().sku().equals(after.sku())) {
            audit.record(before.isEmpty() ? AuditTrail.Action.CREATE : AuditTrail.Action.UPDATE, "ProductMapping", id,
                    null, before.orElse(null), after);
            agreements.rematch();
        }
        return new AgreementViews.ProductMapping(after.id(), after.supplierId(), after.itemKey(), after.sku());
    }

    public List<AgreementViews.ProductMapping> productMappings() {
        return store.productMappings().stream().map(m -> new AgreementViews.ProductMapping(m.id(), m.supplierId(),
                m.itemKey(), m.sku())).toList();
    }

    /** Re-matches every purchase line; answers how many changed. */
    public int rematch() {
        store.lockForImport();
        return agreements.rematch();
    }

    // ------------------------------------------------------------------ lines

    public AgreementViews.LinePage lines(String verdict, Long supplierId, Long unitId, LocalDate from, LocalDate to,
                                         int offset, int limit) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw BusinessException.invalid("bad-page", "limit", MAX_PAGE);
        }
        PurchaseStore.LineFilter f = filter(verdict, supplierId, unitId, from, to);
        List<AgreementViews.LineEntry> items = store.lines(f, offset, limit).stream().map(Purchases::entry).toList();
        return new AgreementViews.LinePage(store.count(f), offset, limit, items);
    }

    public AgreementViews.LineEntry line(long id) {
        UnitScope scope = access.current();
        PurchaseStore.LineRow r = store.line(id).filter(l -> scope.permits(l.unitId()))
                .orElseThrow(() -> BusinessException.notFound("Inköpsrad", id));
        return entry(r);
    }

    public List<AgreementViews.VerdictTotal> totals(String verdict, Long supplierId, Long unitId, LocalDate from,
                                                    LocalDate to) {
        return store.totals(filter(verdict, supplierId, unitId, from, to)).stream()
                .map(t -> new AgreementViews.VerdictTotal(t.verdict(), t.lines(), t.atStakeOre(), t.amountOre()))
                .toList();
    }

    private PurchaseStore.LineFilter filter(String verdict, Long supplierId, Long unitId, LocalDate from,
                                            LocalDate to) {
        String v = null;
        if (verdict != null && !verdict.isBlank()) {
            v = Verdict.parse(verdict).orElseThrow(() -> BusinessException.invalid("verdict-unknown", "verdict",
                    verdict)).name();
        }
        UnitScope scope = access.current();
        return new PurchaseStore.LineFilter(v, supplierId, unitId, from, to,
                scope.unrestricted() ? null : scope.unitIds());
    }

    static AgreementViews.LineEntry entry(PurchaseStore.LineRow r) {
        return new AgreementViews.LineEntry(r.id(), r.invoiceId(), r.invoiceNumber(), r.documentType(), r.issueDate(),
                r.currency(), r.supplierId(), r.supplierName(), r.supplierKey(), r.buyerReference(),
                r.contractReference(), r.unitId(), r.lineId(), r.itemName(), r.sellerItemId(), r.standardItemId(),
                r.classification(), r.classificationList(), r.quantity(), r.unitPriceOre(), r.lineAmountOre(),
                r.vatPercent(), r.verdict(), r.sku(), r.agreementId(), r.agreementReference(), r.priceRowId(),
                r.tierMinQuantity(), r.cityQuantity(), r.expectedPriceOre(), r.altAgreementId(),
                r.altAgreementReference(), r.altPriceRowId(), r.altPriceOre(), r.atStakeOre(), explain(r),
                r.entitlementId());
    }

    /** The verdict in words (Swedish), naming the agreement, the price row and the tier it rests on. */
    static String explain(PurchaseStore.LineRow r) {
        if (r.verdict() == null) {
            return null;
        }
        String tier = r.tierMinQuantity() == null ? "" : " (prisrad " + r.priceRowId() + ", volymsteg från "
                + r.tierMinQuantity() + " st; stadens antal " + plain(r.cityQuantity()) + ")";
        return switch (Verdict.valueOf(r.verdict())) {
            case OK -> "Avtal " + r.agreementReference() + ": avtalat pris " + kr(r.expectedPriceOre()) + tier + ".";
            case WRONG_PRICE -> "Avtal " + r.agreementReference() + ": avtalat pris " + kr(r.expectedPriceOre()) + tier
                    + ", fakturerat " + kr(r.unitPriceOre()) + "; " + (r.atStakeOre() >= 0 ? "överdebitering "
                    : "underdebitering ") + kr(Math.abs(r.atStakeOre())) + ".";
            case WRONG_AGREEMENT -> "Avtal " + r.agreementReference() + ": " + kr(r.expectedPriceOre()) + tier
                    + "; avtal " + r.altAgreementReference() + " (prisrad " + r.altPriceRowId() + ") säljer samma"
                    + " produkt för " + kr(r.altPriceOre()) + "; skillnad " + kr(r.atStakeOre()) + ".";
            case AGREEMENT_NOT_VALID -> "Avtal " + r.agreementReference() + " gäller " + r.agreementFrom() + "–"
                    + (r.agreementTo() == null ? "" : r.agreementTo()) + (r.agreementTo() != null
                    && r.issueDate().isAfter(r.agreementTo()) ? "; det hade löpt ut" : r.issueDate()
                    .isBefore(r.agreementFrom()) ? "; det hade inte börjat gälla" : "; produkten saknar giltig prisrad")
                    + " på fakturadagen " + r.issueDate() + ".";
            case BUYER_NOT_ENTITLED -> "Avtal " + r.agreementReference() + " får inte avropas av beställaren (enhet "
                    + r.unitId() + ").";
            case OFF_AGREEMENT -> r.supplierId() == null ? "Leverantören " + r.supplierKey()
                    + " finns inte i leverantörsregistret och har inget avtal med staden."
                    : "Leverantören har inget avtal med staden.";
            case UNKNOWN_PRODUCT -> "Artikeln finns inte i leverantörens prislistor och saknar koppling; koppla den"
                    + " till en artikel (SKU).";
            case BUYER_UNMAPPED -> "Beställarreferensen " + r.buyerReference() + " är inte kopplad till någon enhet.";
        };
    }

    private static String kr(Long ore) {
        if (ore == null) {
            return "?";
        }
        return BigDecimal.valueOf(ore, 2).toPlainString() + " kr";
    }

    private static String plain(BigDecimal d) {
        return d == null ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
