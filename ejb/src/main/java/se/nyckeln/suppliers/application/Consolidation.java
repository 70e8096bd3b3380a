package se.nyckeln.suppliers.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.platform.export.Column;
import se.nyckeln.platform.export.ColumnType;
import se.nyckeln.platform.export.Table;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.suppliers.application.ConsolidationViews.Candidate;
import se.nyckeln.suppliers.application.ConsolidationViews.Category;
import se.nyckeln.suppliers.application.ConsolidationViews.CategoryCount;
import se.nyckeln.suppliers.application.ConsolidationViews.CategoryMapping;
import se.nyckeln.suppliers.application.ConsolidationViews.CountTrend;
import se.nyckeln.suppliers.application.ConsolidationViews.DuplicateProposal;
import se.nyckeln.suppliers.application.ConsolidationViews.Line;
import se.nyckeln.suppliers.application.ConsolidationViews.MergeEntry;
import se.nyckeln.suppliers.application.ConsolidationViews.MergeState;
import se.nyckeln.suppliers.application.ConsolidationViews.NormalisationResult;
import se.nyckeln.suppliers.application.ConsolidationViews.Query;
import se.nyckeln.suppliers.application.ConsolidationViews.SpendEntry;
import se.nyckeln.suppliers.application.ConsolidationViews.Tail;
import se.nyckeln.suppliers.application.ConsolidationViews.TailEntry;
import se.nyckeln.suppliers.application.ConsolidationViews.YearCount;
import se.nyckeln.suppliers.domain.NameSimilarity;
import se.nyckeln.suppliers.domain.Pareto;
import se.nyckeln.suppliers.domain.ReductionTarget;
import se.nyckeln.suppliers.infrastructure.ConsolidationStore;
import se.nyckeln.suppliers.infrastructure.ConsolidationStore.Filter;
import se.nyckeln.suppliers.infrastructure.SupplierStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supplier consolidation (docs/supplier-consolidation.md): normalisation (register invoice suppliers, name
 * variants as aliases, duplicate proposals, audited reversible merges), classification and review, spend and
 * active-supplier counts against reduction targets, the tail, consolidation candidates and table exports.
 * Every read is limited to the caller's units; merges, mappings and reviews are audited.
 */
@Stateless
public class Consolidation {

    static final String MERGE_ENTITY = "SupplierMerge";
    static final String REVIEW_ENTITY = "PurchaseLineReview";
    static final String MAPPING_ENTITY = "CategoryMapping";
    static final String DISMISSAL_ENTITY = "DuplicateDismissal";
    static final String IT_ACCOUNTS_ENTITY = "ItAccounts";
    public static final int MAX_LINES = 2000;

    @EJB
    private ConsolidationStore store;

    @EJB
    private SupplierStore suppliers;

    @EJB
    private Suppliers master;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    // ------------------------------------------------------------------ normalisation

    /**
     * Registers every supplier key found on invoices but not in the register (named by its most frequent invoice
     * name; a name already taken gets the key appended), adds every other invoice name of a supplier as an alias
     * (a name another supplier already carries is skipped and left to the duplicate proposals), and links the
     * invoices. Running it again changes nothing.
     */
    public NormalisationResult normalise() {
        int created = 0;
        int aliases = 0;
        List<String> skipped = new ArrayList<>();
        for (ConsolidationStore.UnregisteredKey k : store.unregisteredKeys()) {
            String name = k.name() == null ? k.key() : k.name();
            if (suppliers.byAlias(name).isPresent()) {
                name = name + " (" + k.key() + ")";
            }
            String org = null;
            String vat = null;
            String peppol = null;
            if (Suppliers.isOrgNumberKey(k.key())) {
                org = k.key().substring(5);
            } else if (k.key().startsWith("VAT:")) {
                vat = k.key().substring(4);
            } else {
                peppol = k.key();
            }
            if (suppliers.byAlias(name).isPresent()) {
                skipped.add(k.key());
                continue;
            }
            master.create(new NewSupplier(name, org, vat, peppol, null, List.of()));
            created++;
        }
        int linked = store.linkInvoices();
        for (ConsolidationStore.NameVariant v : store.unknownNameVariants()) {
            if (suppliers.byAlias(v.name()).isPresent()) {
                skipped.add(v.name());
                continue;
            }
            master.addAlias(v.supplierId(), v.name());
            aliases++;
        }
        return new NormalisationResult(created, aliases, linked, skipped);
    }

    /** The lines (in the caller's units) whose supplier is not registered, so far outside every figure. */
    public ConsolidationViews.Unregistered unregistered() {
        var u = store.unregistered(scope());
        return new ConsolidationViews.Unregistered(u.suppliers(), u.lines(), u.amountOre());
    }

    /**
     * Pairs of (unmerged) suppliers, at least one of them without an organisationsnummer, one of whose names
     * (name, aliases, invoice names) is similar to one of the other's ({@link NameSimilarity}); best first.
     */
    public List<DuplicateProposal> duplicates() {
        Set<List<Long>> dismissed = new HashSet<>();
        store.dismissals().stream().filter(d -> d.undoneAt() == null)
                .forEach(d -> dismissed.add(List.of(d.supplierId(), d.otherId())));
        List<ConsolidationStore.SupplierNames> all = store.supplierNames().stream()
                .filter(s -> s.mergedInto() == null).toList();
        // normalise every name once: name -> normalised form, per supplier
        List<Map<String, String>> normalised = new ArrayList<>();
        for (var s : all) {
            Map<String, String> m = new LinkedHashMap<>();
            s.names().forEach(n -> m.put(n, NameSimilarity.normalise(n)));
            normalised.add(m);
        }
        List<DuplicateProposal> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                var a = all.get(i);
                var b = all.get(j);
                if (a.orgNumber() != null && b.orgNumber() != null) {
                    continue; // two organisationsnummer are two legal persons
                }
                if (dismissed.contains(List.of(Math.min(a.id(), b.id()), Math.max(a.id(), b.id())))) {
                    continue; // someone decided they are not the same supplier
                }
                double best = 0;
                String na = null;
                String nb = null;
                for (var x : normalised.get(i).entrySet()) {
                    for (var y : normalised.get(j).entrySet()) {
                        if (x.getValue().isEmpty() || y.getValue().isEmpty()) {
                            continue;
                        }
                        double sim = NameSimilarity.jaroWinkler(x.getValue(), y.getValue());
                        if (sim >= NameSimilarity.THRESHOLD && sim > best) {
                            best = sim;
                            na = x.getKey();
                            nb = y.getKey();
                        }
                    }
                }
                if (na != null) {
                    out.add(new DuplicateProposal(a.id(), a.name(), a.key(), b.id(), b.name(), b.key(), na, nb,
                            Math.round(best * 1000) / 1000.0));
                }
            }
        }
        out.sort(Comparator.comparingDouble(DuplicateProposal::similarity).reversed()
                .thenComparingLong(DuplicateProposal::supplierId).thenComparingLong(DuplicateProposal::otherId));
        return out;
    }

    /** Every "not a duplicate" decision, newest first (open and undone). */
    public List<ConsolidationViews.Dismissal> dismissals() {
        return store.dismissals().stream().map(Consolidation::dismissal).toList();
    }

    /**
     * "Not a duplicate": the pair is no longer proposed until the decision is undone. Refused for the same supplier
     * (422) and for a pair already dismissed (409). Audited.
     */
    public ConsolidationViews.Dismissal dismiss(long supplierId, long otherId, String reason) {
        if (supplierId == otherId) {
            throw BusinessException.invalid("supplier-dismiss-self", "otherId", otherId);
        }
        long low = Math.min(supplierId, otherId);
        long high = Math.max(supplierId, otherId);
        // lock both suppliers in id order: two concurrent dismissals of one pair cannot both pass the check
        store.mergedIntoForUpdate(low).orElseThrow(() -> BusinessException.notFound("Leverantör", low));
        store.mergedIntoForUpdate(high).orElseThrow(() -> BusinessException.notFound("Leverantör", high));
        store.openDismissal(low, high).ifPresent(id -> {
            throw BusinessException.conflict("supplier-dismissal-exists", low, high, id);
        });
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        long id = store.dismiss(low, high, why, access.actorName());
        ConsolidationViews.Dismissal after = dismissal(store.dismissal(id).orElseThrow());
        audit.record(AuditTrail.Action.CREATE, DISMISSAL_ENTITY, id, null, null, after, "not a duplicate");
        return after;
    }

    /** Undoes a "not a duplicate" decision: the pair is proposed again (when still similar). Audited. */
    public ConsolidationViews.Dismissal undoDismissal(long dismissalId) {
        ConsolidationViews.Dismissal before = store.dismissal(dismissalId).map(Consolidation::dismissal)
                .orElseThrow(() -> BusinessException.notFound("Avfärdat dubblettförslag", dismissalId));
        if (!before.open()) {
            throw BusinessException.conflict("supplier-dismissal-undone", dismissalId);
        }
        store.mergedIntoForUpdate(before.supplierId());
        store.undoDismissal(dismissalId, access.actorName());
        ConsolidationViews.Dismissal after = dismissal(store.dismissal(dismissalId).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, DISMISSAL_ENTITY, dismissalId, null, before, after, "undone");
        return after;
    }

    private static ConsolidationViews.Dismissal dismissal(ConsolidationStore.DismissalRow r) {
        return new ConsolidationViews.Dismissal(r.id(), r.supplierId(), r.supplierName(), r.otherId(), r.otherName(),
                r.reason(), r.dismissedBy(), r.dismissedAt(), r.undoneBy(), r.undoneAt(), r.undoneAt() == null);
    }

    public List<MergeEntry> merges() {
        return store.merges().stream().map(Consolidation::merge).toList();
    }

    /**
     * Merges {@code mergedId} into {@code survivorId}: its lines count under the survivor from now on. Refused
     * when either is already merged, the merged one has suppliers merged into it, or both have (different)
     * organisationsnummer. Audited; undone by {@link #split}.
     */
    public MergeEntry merge(long survivorId, long mergedId, String reason) {
        if (survivorId == mergedId) {
            throw BusinessException.invalid("supplier-merge-self", "mergedId", mergedId);
        }
        // lock in id order so two concurrent merges cannot deadlock
        long first = Math.min(survivorId, mergedId);
        long second = Math.max(survivorId, mergedId);
        var f = store.mergedIntoForUpdate(first).orElseThrow(() -> BusinessException.notFound("Leverantör", first));
        var s = store.mergedIntoForUpdate(second).orElseThrow(() -> BusinessException.notFound("Leverantör", second));
        var survivorMerged = survivorId == first ? f : s;
        var mergedMerged = mergedId == first ? f : s;
        if (survivorMerged.isPresent()) {
            throw BusinessException.conflict("supplier-merge-survivor-merged", survivorId, survivorMerged.get());
        }
        if (mergedMerged.isPresent()) {
            throw BusinessException.conflict("supplier-already-merged", mergedId, mergedMerged.get());
        }
        if (store.hasMergedInto(mergedId)) {
            throw BusinessException.conflict("supplier-merge-has-merged", mergedId);
        }
        SupplierEntry survivor = master.supplier(survivorId);
        SupplierEntry merged = master.supplier(mergedId);
        if (survivor.orgNumber() != null && merged.orgNumber() != null) {
            throw BusinessException.conflict("supplier-merge-two-org-numbers", merged.orgNumber(), survivor.orgNumber());
        }
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        long id = store.merge(survivorId, mergedId, why, access.actorName());
        MergeEntry entry = merge(store.mergeRow(id).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, Suppliers.ENTITY, mergedId, null, new MergeState(mergedId, null),
                new MergeState(mergedId, survivorId), "merged into " + survivorId);
        audit.record(AuditTrail.Action.CREATE, MERGE_ENTITY, id, null, null, entry);
        return entry;
    }

    /** Undoes an open merge: the merged supplier's lines count under it again. Audited. */
    public MergeEntry split(long mergeId) {
        MergeEntry before = store.mergeRow(mergeId).map(Consolidation::merge)
                .orElseThrow(() -> BusinessException.notFound("Sammanslagning", mergeId));
        if (!before.open()) {
            throw BusinessException.conflict("supplier-merge-already-split", mergeId);
        }
        store.mergedIntoForUpdate(before.mergedId());
        store.split(mergeId, before.mergedId(), access.actorName());
        MergeEntry after = merge(store.mergeRow(mergeId).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, Suppliers.ENTITY, before.mergedId(), null,
                new MergeState(before.mergedId(), before.survivorId()), new MergeState(before.mergedId(), null),
                "split from " + before.survivorId());
        audit.record(AuditTrail.Action.UPDATE, MERGE_ENTITY, mergeId, null, before, after, "split");
        return after;
    }

    private static MergeEntry merge(ConsolidationStore.MergeRow r) {
        return new MergeEntry(r.id(), r.survivorId(), r.survivorName(), r.mergedId(), r.mergedName(), r.reason(),
                r.mergedBy(), r.mergedAt(), r.splitBy(), r.splitAt(), r.splitAt() == null);
    }

    // ------------------------------------------------------------------ classification and review

    public List<Category> categories() {
        return store.categories().stream().map(c -> new Category(c.code(), c.name(), c.it())).toList();
    }

    public List<CategoryMapping> categoryMappings() {
        return store.categoryMappings().stream()
                .map(m -> new CategoryMapping(m.id(), m.supplierId(), m.itemKey(), m.category())).toList();
    }

    /** Remembers that a supplier's item (seller id, else standard id, else name; any case) is in a category. */
    public CategoryMapping mapCategory(long supplierId, String itemKey, String category) {
        master.supplier(supplierId);
        if (itemKey == null || itemKey.isBlank()) {
            throw BusinessException.invalid("category-item-missing", "itemKey");
        }
        if (category == null || store.categories().stream().noneMatch(c -> c.code().equals(category))) {
            throw BusinessException.invalid("category-unknown", "category", category);
        }
        CategoryMapping before = store.categoryMapping(supplierId, itemKey)
                .map(m -> new CategoryMapping(m.id(), m.supplierId(), m.itemKey(), m.category())).orElse(null);
        long id = store.mapCategory(supplierId, itemKey, category);
        CategoryMapping after = new CategoryMapping(id, supplierId, itemKey.trim().toLowerCase(java.util.Locale.ROOT),
                category);
        if (!after.equals(before)) {
            audit.record(before == null ? AuditTrail.Action.CREATE : AuditTrail.Action.UPDATE, MAPPING_ENTITY, id,
                    null, before, after);
        }
        return after;
    }

    /** Lines that look misbooked (either reason): awaiting a decision ({@code pendingOnly}) or all of them. */
    public List<Line> review(boolean pendingOnly) {
        return review(pendingOnly, null);
    }

    /**
     * Lines that look misbooked, for one {@code reason} ({@code CATEGORY}: a non-IT category in the IT spend;
     * {@code ACCOUNT}: an IT supplier's line booked on a non-IT account) or both ({@code null}).
     */
    public List<Line> review(boolean pendingOnly, String reason) {
        if (reason != null && !List.of(REASON_CATEGORY, REASON_ACCOUNT).contains(reason)) {
            throw BusinessException.invalid("consolidation-review-reason", "reason", reason);
        }
        return store.reviewLines(pendingOnly, reason, scope()).stream().map(Consolidation::line).toList();
    }

    /** The largest page of the review list. */
    public static final int MAX_PAGE = 1000;

    /**
     * One page of the review list ({@link #review(boolean, String)}): {@code limit} (1 to {@link #MAX_PAGE}) lines
     * from {@code offset} (0 or more), in a stable order (issue date, line id), with the total of the whole list.
     */
    public ConsolidationViews.ReviewPage review(boolean pendingOnly, String reason, int offset, int limit) {
        if (reason != null && !List.of(REASON_CATEGORY, REASON_ACCOUNT).contains(reason)) {
            throw BusinessException.invalid("consolidation-review-reason", "reason", reason);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw BusinessException.invalid("consolidation-page-limit", "limit", limit, MAX_PAGE);
        }
        if (offset < 0) {
            throw BusinessException.invalid("consolidation-page-offset", "offset", offset);
        }
        ConsolidationStore.ReviewPageRows p = store.reviewPage(pendingOnly, reason, scope(), offset, limit);
        return new ConsolidationViews.ReviewPage(p.total(), offset, limit,
                p.lines().stream().map(Consolidation::line).toList());
    }

    public static final String REASON_CATEGORY = "CATEGORY";
    public static final String REASON_ACCOUNT = "ACCOUNT";

    /** The account prefixes that belong to the IT spend. */
    public List<ConsolidationViews.ItAccount> itAccounts() {
        return store.itAccounts().stream().map(a -> new ConsolidationViews.ItAccount(a.prefix(), a.name())).toList();
    }

    /**
     * Replaces the IT account prefixes (letters and digits, at least one; duplicates refused). Every line is judged
     * against the new list from the next read on. Audited.
     */
    public List<ConsolidationViews.ItAccount> replaceItAccounts(List<ConsolidationViews.ItAccount> accounts) {
        if (accounts == null || accounts.isEmpty()) {
            throw BusinessException.invalid("it-accounts-empty", "accounts");
        }
        Set<String> seen = new HashSet<>();
        List<ConsolidationStore.ItAccountRow> rows = new ArrayList<>();
        for (var a : accounts) {
            String prefix = a == null || a.prefix() == null ? "" : a.prefix().replaceAll("\\s", "");
            if (!prefix.matches("[0-9A-Za-z]+")) {
                throw BusinessException.invalid("it-account-invalid", "prefix", a == null ? null : a.prefix());
            }
            if (!seen.add(prefix)) {
                throw BusinessException.invalid("it-account-duplicate", "prefix", prefix);
            }
            rows.add(new ConsolidationStore.ItAccountRow(prefix,
                    a.name() == null || a.name().isBlank() ? null : a.name().trim()));
        }
        List<ConsolidationViews.ItAccount> before = itAccounts();
        store.replaceItAccounts(rows);
        List<ConsolidationViews.ItAccount> after = itAccounts();
        if (!after.equals(before)) {
            audit.record(AuditTrail.Action.UPDATE, IT_ACCOUNTS_ENTITY, "it-accounts", null, before, after);
        }
        return after;
    }

    /** Records (or, with {@code null}, withdraws) a decision on a line: counted as IT or not. Audited. */
    public Line decide(long lineId, Boolean isIt) {
        Line before = visibleLine(lineId);
        if (isIt == null) {
            store.undecide(lineId);
        } else {
            store.decide(lineId, isIt, access.actorName());
        }
        Line after = visibleLine(lineId);
        audit.record(AuditTrail.Action.UPDATE, REVIEW_ENTITY, lineId, before.unitId(),
                before.reviewIsIt() == null ? null : new ConsolidationViews.Review(lineId, before.reviewIsIt()),
                isIt == null ? null : new ConsolidationViews.Review(lineId, isIt),
                isIt == null ? "withdrawn" : isIt ? "IT" : "not IT");
        return after;
    }

    private Line visibleLine(long lineId) {
        UnitScope sc = access.current();
        return store.line(lineId).filter(l -> sc.permits(l.unitId())).map(Consolidation::line)
                .orElseThrow(() -> BusinessException.notFound("Inköpsrad", lineId));
    }

    // ------------------------------------------------------------------ spend, counts, tail, candidates

    public List<SpendEntry> spend(String dimension, Query q) {
        if (!List.of("supplier", "category", "unit", "year", "month").contains(dimension)) {
            throw BusinessException.invalid("consolidation-dimension", "by", dimension);
        }
        return store.spend(dimension, filter(q)).stream()
                .map(r -> new SpendEntry(r.key(), r.label(), r.spendOre(), r.lines(), r.suppliers())).toList();
    }

    /**
     * Active suppliers per year (and per year and category), and progress against each reduction target from
     * the base year (default: the first year with spend) to {@code year} (default: the last).
     */
    public CountTrend counts(Query q) {
        Filter f = new Filter(null, null, blankToNull(q.category()), scope());
        List<ConsolidationStore.CountRow> rows = store.activeSuppliers(f);
        List<YearCount> years = rows.stream().filter(r -> r.category() == null)
                .map(r -> new YearCount(r.year(), r.suppliers())).toList();
        Map<String, String> names = categoryNames();
        List<CategoryCount> perCategory = rows.stream().filter(r -> r.category() != null)
                .map(r -> new CategoryCount(r.year(), r.category(), names.getOrDefault(r.category(), "-"), r.suppliers()))
                .toList();
        Integer base = q.baseYear() != null ? q.baseYear() : years.isEmpty() ? null : years.get(0).year();
        Integer now = q.year() != null ? q.year() : years.isEmpty() ? null : years.get(years.size() - 1).year();
        long baseCount = count(years, base);
        long nowCount = count(years, now);
        List<Integer> targets = q.targets() == null || q.targets().isEmpty() ? defaultTargets() : q.targets();
        for (int t : targets) {
            if (t < 0 || t > 100) {
                throw BusinessException.invalid("consolidation-target", "targets", t);
            }
        }
        List<ReductionTarget> progress = targets.stream().map(t -> ReductionTarget.of(t, baseCount, nowCount)).toList();
        return new CountTrend(years, base, baseCount, now, nowCount, progress, perCategory);
    }

    private static long count(List<YearCount> years, Integer year) {
        return year == null ? 0 : years.stream().filter(y -> y.year() == year).mapToLong(YearCount::suppliers).sum();
    }

    /**
     * The tail of a year: suppliers in the last {@code percent} % of spend (Pareto), under {@code thresholdSek}
     * a year, and one-off suppliers (one invoice in the year); the entries are every supplier in any of them.
     */
    public Tail tail(Query q) {
        int year = q.year() != null ? q.year() : java.time.Year.now().getValue();
        int percent = q.percent() != null ? q.percent() : Integer.getInteger("nyckeln.consolidation.tail-percent", 20);
        long threshold = q.thresholdSek() != null ? q.thresholdSek()
                : Long.getLong("nyckeln.consolidation.tail-threshold-sek", 50_000);
        if (percent < 0 || percent > 100) {
            throw BusinessException.invalid("consolidation-percent", "percent", percent);
        }
        if (threshold < 0) {
            throw BusinessException.invalid("consolidation-threshold", "thresholdSek", threshold);
        }
        List<ConsolidationStore.SupplierYear> totals = store.supplierTotals(
                new Filter(year, null, blankToNull(q.category()), scope()));
        Set<Long> pareto = new HashSet<>();
        Pareto.tail(totals.stream().map(t -> new Pareto.Entry(t.supplierId(), t.spendOre())).toList(), percent)
                .forEach(e -> pareto.add(e.id()));
        long total = totals.stream().mapToLong(ConsolidationStore.SupplierYear::spendOre).sum();
        List<TailEntry> entries = new ArrayList<>();
        long paretoSpend = 0;
        long under = 0;
        long oneOff = 0;
        for (var t : totals) {
            boolean p = pareto.contains(t.supplierId());
            boolean u = t.spendOre() < threshold * 100;
            boolean o = t.invoices() == 1;
            paretoSpend += p ? t.spendOre() : 0;
            under += u ? 1 : 0;
            oneOff += o ? 1 : 0;
            if (p || u || o) {
                entries.add(new TailEntry(t.supplierId(), t.name(), formatOrg(t.orgNumber()), t.spendOre(), t.lines(),
                        t.invoices(), t.units(), p, u, o));
            }
        }
        entries.sort(Comparator.comparingLong(TailEntry::spendOre).thenComparingLong(TailEntry::supplierId));
        return new Tail(year, total, percent, threshold, totals.size(), pareto.size(), paretoSpend, under, oneOff,
                entries);
    }

    /**
     * Consolidation candidates of a year: IT spend off agreement (or, with {@code smallAgreementSek}, on an
     * agreement with less IT spend than that in the year, city-wide) where another supplier's valid agreement sells
     * the same product (price difference known) or has the same category; grouped by supplier, category and
     * agreement. {@code movingOre} is the SEK that would move; {@code priceDifferenceOre} = invoiced − agreement
     * price × quantity over the lines priced by product (positive = the agreement is cheaper).
     */
    public List<Candidate> candidates(Query q) {
        Map<List<Object>, long[]> sums = new LinkedHashMap<>();
        Map<List<Object>, ConsolidationStore.CandidateRow> first = new LinkedHashMap<>();
        if (q.smallAgreementSek() != null && q.smallAgreementSek() < 0) {
            throw BusinessException.invalid("consolidation-threshold", "smallAgreementSek", q.smallAgreementSek());
        }
        Long smallOre = q.smallAgreementSek() == null ? null : q.smallAgreementSek() * 100;
        for (var r : store.candidates(filter(q), smallOre)) {
            List<Object> key = Arrays.asList(r.supplierId(), r.ownAgreement(), r.category(), r.match(),
                    r.agreementId());
            first.putIfAbsent(key, r);
            long[] s = sums.computeIfAbsent(key, k -> new long[5]);
            s[0]++;
            s[1] += r.amountOre();
            if (r.agreementPriceOre() != null) {
                long atAgreement = BigDecimal.valueOf(r.agreementPriceOre()).multiply(r.quantity())
                        .setScale(0, RoundingMode.HALF_UP).longValueExact();
                s[2]++;
                s[3] += r.amountOre();
                s[4] += r.amountOre() - atAgreement;
            }
        }
        List<Candidate> out = new ArrayList<>();
        Map<String, String> names = categoryNames();
        for (var e : sums.entrySet()) {
            var r = first.get(e.getKey());
            long[] s = e.getValue();
            out.add(new Candidate(r.supplierId(), r.supplierName(), r.ownAgreement(), r.category() == null ? null
                    : names.getOrDefault(r.category(), r.category()), r.match(), r.agreementId(),
                    r.agreementReference(), r.agreementSupplierId(), r.agreementSupplierName(), s[0], s[1], s[2], s[3],
                    s[4]));
        }
        out.sort(Comparator.comparingLong(Candidate::movingOre).reversed().thenComparingLong(Candidate::supplierId)
                .thenComparingLong(Candidate::agreementId));
        return out;
    }

    /** The IT lines of the filter (drill-down), at most {@link #MAX_LINES}. */
    public List<Line> lines(Query q) {
        return store.lines(filter(q), MAX_LINES).stream().map(Consolidation::line).toList();
    }

    // ------------------------------------------------------------------ exports

    public static final List<String> TABLES = List.of("spend-supplier", "spend-category", "spend-unit", "spend-year",
            "spend-month", "counts", "targets", "tail", "candidates", "lines", "review", "duplicates", "merges",
            "booked-elsewhere", "dismissals");

    /** One of {@link #TABLES} for export, with the same filters and scope as its JSON twin. */
    public Table table(String name, Query q) {
        return switch (name) {
            case "spend-supplier", "spend-category", "spend-unit", "spend-year", "spend-month" -> new Table(
                    "Utgift per " + name.substring(6),
                    List.of(col("Nyckel"), col("Namn"), money("Belopp (kr)"), integer("Rader"), integer("Leverantörer")),
                    spend(name.substring(6), q).stream().map(r -> row(r.key(), r.label(), r.spendOre(), r.lines(),
                            r.suppliers())).toList());
            case "counts" -> new Table("Aktiva leverantörer",
                    List.of(integer("År"), col("Kategori"), col("Kategorinamn"), integer("Leverantörer")),
                    counts(q).perCategory().stream().map(c -> row(c.year(), c.category(), c.categoryName(),
                            c.suppliers())).toList());
            case "targets" -> {
                CountTrend t = counts(q);
                yield new Table("Mål", List.of(integer("Mål (%)"), integer("Basår"), integer("Antal basår"),
                        integer("Målantal"), integer("År"), integer("Antal"), percent("Minskning"),
                        percent("Måluppfyllelse")),
                        t.targets().stream().map(r -> row(r.percent(), t.baseYear(), r.base(), r.target(), t.year(),
                                r.now(), r.achievedReduction(), r.progress())).toList());
            }
            case "tail" -> new Table("Svansen", List.of(integer("Leverantörs-id"), col("Leverantör"),
                    col("Organisationsnummer"), money("Belopp (kr)"), integer("Rader"), integer("Fakturor"),
                    col("Enheter"), col("Pareto"), col("Under gräns"), col("Engångs")),
                    tail(q).entries().stream().map(e -> row(e.supplierId(), e.name(), e.orgNumber(), e.spendOre(),
                            e.lines(), e.invoices(), String.join(" ", e.units()), yes(e.pareto()),
                            yes(e.underThreshold()), yes(e.oneOff()))).toList());
            case "candidates" -> new Table("Kandidater", List.of(col("Leverantör"), col("Litet avtal"),
                    col("Kategori"), col("Träff"),
                    col("Avtal"), col("Avtalsleverantör"), integer("Rader"), money("Flyttbart (kr)"),
                    integer("Prissatta rader"), money("Prisskillnad (kr)")),
                    candidates(q).stream().map(c -> row(c.supplierName(), c.smallAgreement(), c.category(), c.match(),
                            c.agreementReference(), c.agreementSupplierName(), c.lines(), c.movingOre(),
                            c.pricedLines(), c.priceDifferenceOre())).toList());
            case "lines", "review", "booked-elsewhere" -> new Table("review".equals(name) ? "Granskning"
                    : "lines".equals(name) ? "Inköpsrader" : "Bokfört utanför IT",
                    List.of(integer("Rad-id"), col("Faktura"), date("Fakturadatum"), col("Leverantör"), col("Enhet"),
                            col("Artikel"), decimal("Antal"), money("À-pris (kr)"), money("Belopp (kr)"),
                            col("Kategori"), col("Källa"), col("Beslut"), col("Konto"), col("Skäl")),
                    ("review".equals(name) ? review(false) : "lines".equals(name) ? lines(q)
                            : review(false, REASON_ACCOUNT)).stream().map(l -> row(l.id(),
                            l.invoiceNumber(), l.issueDate(), l.supplierName(), l.unitCode(), l.itemName(),
                            l.quantity(), l.unitPriceOre(), l.amountOre(), l.category(), l.categorySource(),
                            l.reviewIsIt() == null ? "" : l.reviewIsIt() ? "IT" : "Ej IT", l.account(),
                            reason(l.reviewReason()))).toList());
            case "dismissals" -> new Table("Inte dubbletter", List.of(integer("Id"), col("Leverantör"),
                    col("Leverantör 2"), col("Skäl"), col("Av"), col("När"), col("Ångrad av"), col("Ångrad när")),
                    dismissals().stream().map(d -> row(d.id(), d.supplierName(), d.otherName(), d.reason(),
                            d.dismissedBy(), d.dismissedAt(), d.undoneBy(), d.undoneAt())).toList());
            case "duplicates" -> new Table("Dubbletter", List.of(integer("Id"), col("Leverantör"), col("Nyckel"),
                    integer("Id 2"), col("Leverantör 2"), col("Nyckel 2"), decimal("Likhet")),
                    duplicates().stream().map(d -> row(d.supplierId(), d.supplierName(), d.supplierKey(), d.otherId(),
                            d.otherName(), d.otherKey(), BigDecimal.valueOf(d.similarity()))).toList());
            case "merges" -> new Table("Sammanslagningar", List.of(integer("Id"), col("Kvarstår"),
                    col("Sammanslagen"), col("Skäl"), col("Av"), col("När"), col("Delad av"), col("Delad när")),
                    merges().stream().map(m -> row(m.id(), m.survivorName(), m.mergedName(), m.reason(), m.mergedBy(),
                            m.mergedAt(), m.splitBy(), m.splitAt())).toList());
            default -> throw BusinessException.notFound("Tabell", name);
        };
    }

    // ------------------------------------------------------------------ helpers

    private Filter filter(Query q) {
        return new Filter(q.year(), q.supplierId(), blankToNull(q.category()), scope());
    }

    private List<Long> scope() {
        UnitScope sc = access.current();
        return sc.unrestricted() ? null : List.copyOf(sc.unitIds());
    }

    private Map<String, String> categoryNames() {
        Map<String, String> m = new LinkedHashMap<>();
        store.categories().forEach(c -> m.put(c.code(), c.name()));
        return m;
    }

    private static List<Integer> defaultTargets() {
        String s = System.getProperty("nyckeln.consolidation.targets", "20,50");
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(Integer::valueOf).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String formatOrg(String digits) {
        return digits == null ? null : digits.substring(0, 6) + "-" + digits.substring(6);
    }

    private static Line line(ConsolidationStore.LineRow r) {
        return new Line(r.lineId(), r.invoiceId(), r.invoiceNumber(), r.issueDate(), r.supplierId(), r.supplierName(),
                r.bookedSupplierId(), r.unitId(), r.unitCode(), r.itemName(), r.quantity(), r.unitPriceOre(),
                r.amountOre(), r.verdict(), r.category(), r.categorySource(), r.categoryIsIt(), r.reviewIsIt(),
                r.countedIt(), r.account(), r.reviewReason());
    }

    private static String reason(String r) {
        return r == null ? "" : REASON_ACCOUNT.equals(r) ? "IT-leverantör, konto utanför IT" : "Kategori utanför IT";
    }

    private static String yes(boolean b) {
        return b ? "ja" : "nej";
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static Column col(String h) {
        return new Column(h, ColumnType.TEXT);
    }

    private static Column money(String h) {
        return new Column(h, ColumnType.MONEY_ORE);
    }

    private static Column integer(String h) {
        return new Column(h, ColumnType.INTEGER);
    }

    private static Column decimal(String h) {
        return new Column(h, ColumnType.DECIMAL);
    }

    private static Column percent(String h) {
        return new Column(h, ColumnType.PERCENT);
    }

    private static Column date(String h) {
        return new Column(h, ColumnType.DATE);
    }

}
