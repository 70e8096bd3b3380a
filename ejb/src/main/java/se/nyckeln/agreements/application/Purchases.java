package se.nyckeln.agreements.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.agreements.domain.Explanation;
import se.nyckeln.agreements.domain.Verdict;
import se.nyckeln.agreements.infrastructure.AgreementStore;
import se.nyckeln.agreements.infrastructure.InvoiceArchive;
import se.nyckeln.agreements.infrastructure.LedgerCsv;
import se.nyckeln.agreements.infrastructure.PurchaseStore;
import se.nyckeln.agreements.infrastructure.UblInvoice;
import se.nyckeln.agreements.infrastructure.UblReader;
import se.nyckeln.audit.application.AuditTrail;
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
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.text.MessageFormat;
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
    private PurchaseEntitlements entitlements;

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
        int credited = 0;
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
            PurchaseEntitlements.Outcome o = entitlements.reconcile();
            entitled = o.created();
            credited = o.credited();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("kind", kind);
            c.put("file", name);
            c.put("documents", invoices.size());
            c.put("lines", lines);
            c.put("created", created);
            c.put("unchanged", invoices.size() - created);
            c.put("entitlements", entitled);
            c.put("credits", credited);
            audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null, c, "import " + kind + " " + name);
        }
        LOG.infof("%s import %s: %d invoices, %d new, %d lines re-matched", kind, name, invoices.size(), created,
                rematched);
        return new AgreementViews.ImportResult(kind, name, invoices.size(), created, 0,
                invoices.size() - created, rematched, entitled, credited);
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
            entitlements.reconcile();
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
            entitlements.reconcile();
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
        int changed = agreements.rematch();
        entitlements.reconcile();
        return changed;
    }

    // ------------------------------------------------------------------ lines

    public AgreementViews.LinePage lines(String verdict, Long supplierId, Long unitId, LocalDate from, LocalDate to,
                                         int offset, int limit) {
        return lines(verdict, supplierId, unitId, from, to, offset, limit, SWEDISH);
    }

    /** A page of lines, their explanations in the words of {@code locale} (Swedish unless English). */
    public AgreementViews.LinePage lines(String verdict, Long supplierId, Long unitId, LocalDate from, LocalDate to,
                                         int offset, int limit, Locale locale) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw BusinessException.invalid("bad-page", "limit", MAX_PAGE);
        }
        PurchaseStore.LineFilter f = filter(verdict, supplierId, unitId, from, to);
        List<AgreementViews.LineEntry> items = store.lines(f, offset, limit).stream().map(r -> entry(r, locale))
                .toList();
        return new AgreementViews.LinePage(store.count(f), offset, limit, items);
    }

    public AgreementViews.LineEntry line(long id) {
        return line(id, SWEDISH);
    }

    public AgreementViews.LineEntry line(long id, Locale locale) {
        UnitScope scope = access.current();
        PurchaseStore.LineRow r = store.line(id).filter(l -> scope.permits(l.unitId()))
                .orElseThrow(() -> BusinessException.notFound("Inköpsrad", id));
        return entry(r, locale);
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

    static AgreementViews.LineEntry entry(PurchaseStore.LineRow r, Locale locale) {
        Explanation why = explanation(r);
        return new AgreementViews.LineEntry(r.id(), r.invoiceId(), r.invoiceNumber(), r.documentType(), r.issueDate(),
                r.currency(), r.supplierId(), r.supplierName(), r.supplierKey(), r.buyerReference(),
                r.contractReference(), r.unitId(), r.lineId(), r.itemName(), r.sellerItemId(), r.standardItemId(),
                r.classification(), r.classificationList(), r.quantity(), r.unitPriceOre(), r.lineAmountOre(),
                r.vatPercent(), r.verdict(), r.sku(), r.agreementId(), r.agreementReference(), r.priceRowId(),
                r.tierMinQuantity(), r.cityQuantity(), r.expectedPriceOre(), r.altAgreementId(),
                r.altAgreementReference(), r.altPriceRowId(), r.altPriceOre(), r.atStakeOre(), text(why, locale),
                why == null ? null : why.key(), why == null ? null : why.args(), r.entitlementId(),
                r.creditedEntitlementId(), r.creditedSeats(), r.creditedInvoice(), r.seatsCredited(),
                r.seatsRemaining(), r.creditingDocuments(), r.account());
    }

    private static final Locale SWEDISH = Locale.forLanguageTag("sv");

    /** The verdict in Swedish words (the default language). */
    static String explain(PurchaseStore.LineRow r) {
        return text(explanation(r), SWEDISH);
    }

    /** The verdict in the words of {@code locale} (English for English, Swedish otherwise). */
    static String explain(PurchaseStore.LineRow r, Locale locale) {
        return text(explanation(r), locale);
    }

    /**
     * The explanation's words: Swedish (the bundle's base) unless English is asked for; looked up without falling
     * back to the JVM's default locale, which on a server is often English.
     */
    public static String text(Explanation e, Locale locale) {
        if (e == null) {
            return null;
        }
        boolean english = locale != null && "en".equals(locale.getLanguage());
        ResourceBundle bundle = ResourceBundle.getBundle("se.nyckeln.agreements.application.explanations",
                english ? Locale.ENGLISH : Locale.ROOT, Purchases.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(e.key());
        } catch (MissingResourceException x) {
            return e.key() + " " + e.args();
        }
        return new MessageFormat(pattern, english ? Locale.ENGLISH : SWEDISH).format(e.args().toArray());
    }

    /**
     * The verdict as a text key and its parameters, naming the agreement, the price row and the tier it rests on
     * (docs/agreements.md, "Verdicts"); computed from the line's stored facts, so every stored line (also one
     * matched before explanations had keys) explains itself in either language. Amounts are kronor with two
     * decimals; a missing fact is "?".
     */
    static Explanation explanation(PurchaseStore.LineRow r) {
        if (r.verdict() == null) {
            return null;
        }
        List<String> priced = List.of(s(r.agreementReference()), kr(r.expectedPriceOre()), s(r.priceRowId()),
                s(r.tierMinQuantity()), plain(r.cityQuantity()));
        return switch (Verdict.valueOf(r.verdict())) {
            case OK -> new Explanation("agreements.explain.ok", priced);
            case WRONG_PRICE -> new Explanation(r.atStakeOre() != null && r.atStakeOre() < 0
                    ? "agreements.explain.wrong-price.under" : "agreements.explain.wrong-price.over",
                    concat(priced, kr(r.unitPriceOre()), kr(r.atStakeOre() == null ? null : Math.abs(r.atStakeOre()))));
            case WRONG_AGREEMENT -> new Explanation("agreements.explain.wrong-agreement", concat(priced,
                    s(r.altAgreementReference()), s(r.altPriceRowId()), kr(r.altPriceOre()), kr(r.atStakeOre())));
            case AGREEMENT_NOT_VALID -> new Explanation(r.agreementTo() != null && r.issueDate().isAfter(r.agreementTo())
                    ? "agreements.explain.not-valid.expired" : r.agreementFrom() != null
                    && r.issueDate().isBefore(r.agreementFrom()) ? "agreements.explain.not-valid.not-begun"
                    : "agreements.explain.not-valid.no-price", List.of(s(r.agreementReference()),
                    s(r.agreementFrom()), r.agreementTo() == null ? "" : r.agreementTo().toString(),
                    s(r.issueDate())));
            case BUYER_NOT_ENTITLED -> new Explanation("agreements.explain.buyer-not-entitled",
                    List.of(s(r.agreementReference()), s(r.unitId())));
            case OFF_AGREEMENT -> r.supplierId() == null
                    ? new Explanation("agreements.explain.off-agreement.unregistered", List.of(s(r.supplierKey())))
                    : new Explanation("agreements.explain.off-agreement", List.of());
            case UNKNOWN_PRODUCT -> new Explanation("agreements.explain.unknown-product", List.of());
            case BUYER_UNMAPPED -> new Explanation("agreements.explain.buyer-unmapped",
                    List.of(r.buyerReference() == null ? "-" : r.buyerReference()));
        };
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String s(Object o) {
        return o == null ? "?" : o.toString();
    }

    private static String kr(Long ore) {
        if (ore == null) {
            return "?";
        }
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    private static String plain(BigDecimal d) {
        return d == null ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
