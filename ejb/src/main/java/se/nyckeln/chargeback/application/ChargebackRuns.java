package se.nyckeln.chargeback.application;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.chargeback.domain.ContentHash;
import se.nyckeln.chargeback.domain.Distribution;
import se.nyckeln.chargeback.domain.Model;
import se.nyckeln.chargeback.infrastructure.ChargebackStore;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.CostTypeRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.KeyVersionRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.LineRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.MeasureRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.PartRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.PoolRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.RunRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.UnitRow;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.shared.Period;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The monthly chargeback run: DRAFT (computed, may be recomputed) → APPROVED (by a FINANCE user other than the one
 * who prepared it) → POSTED (immutable, content hash stored, period locked). One run per period and kind.
 *
 * <p><b>Measures</b> are day-weighted: every membership, device, portfolio system and licence assignment counts the
 * days it overlaps the period (both ends inclusive) times its weight, so a person, device or seat that moves
 * mid-month is split exactly by days between the two units. People and devices of a sub-unit count for the nämnd or
 * bolag above it (as the organisation stands on the period's last day); items under no nämnd or bolag (e.g. the
 * kommun itself) are not chargeable and are left out. Imported measures (connections, project hours) and fixed
 * percentages are taken as they are.
 */
@Stateless
@PermitAll // reads are scoped by AccessScope; every change needs FINANCE, also when called from a JSF view
public class ChargebackRuns {

    private static final Logger LOG = Logger.getLogger(ChargebackRuns.class);
    public static final String KIND = "MONTHLY";
    static final String RUN = "ChargebackRun";
    private static final Set<String> CHARGEABLE = Set.of("STADSDELSNAMND", "FACKNAMND", "BOLAG");

    @EJB
    private ChargebackStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    // ------------------------------------------------------------------ lifecycle

    /** Creates and computes the draft of a period; 409 when the period already has a run of this kind. */
    @RolesAllowed("FINANCE")
    public ChargebackViews.RunView startDraft(Period period) {
        String p = period.toString();
        if (store.periodPosted(p)) {
            throw BusinessException.conflict("chargeback-period-locked", p);
        }
        Instant now = clock.clock().instant();
        long id = store.insertRun(p, KIND, access.actorName(), now);
        if (id < 0) {
            throw BusinessException.conflict("chargeback-run-exists", p, store.run(p, KIND).map(RunRow::id).orElse(0L));
        }
        long t0 = System.nanoTime();
        compute(id, period, now, true);
        long t1 = System.nanoTime();
        ChargebackViews.RunView view = view(store.run(id).orElseThrow());
        long t2 = System.nanoTime();
        audit.record(AuditTrail.Action.CREATE, RUN, id, null, null, summary(view), "draft " + p);
        LOG.infof("Chargeback %s run %d: draft computed %d ms, view %d ms, audit %d ms (commit follows)", p, id,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        return view;
    }

    /** The draft of the period if none exists yet; empty when there is one (the scheduled job's entry). */
    public boolean startDraftIfMissing(Period period) {
        if (store.run(period.toString(), KIND).isPresent() || store.periodPosted(period.toString())) {
            return false;
        }
        startDraft(period);
        return true;
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.RunView recompute(long runId) {
        RunRow run = store.runForUpdate(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        requireNotPosted(run);
        ChargebackViews.RunView before = view(run);
        compute(runId, Period.parse(run.period()), clock.clock().instant(), false);
        ChargebackViews.RunView after = view(store.run(runId).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, RUN, runId, null, summary(before), summary(after),
                "recompute " + run.period() + (before.contentHash().equals(after.contentHash()) ? " (unchanged)" : ""));
        return after;
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.RunView approve(long runId) {
        RunRow run = store.runForUpdate(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        requireNotPosted(run);
        if (!"DRAFT".equals(run.state())) {
            throw BusinessException.conflict("chargeback-run-not-draft", runId, run.state());
        }
        String who = access.actorName();
        if (who.equals(run.preparedBy())) {
            throw BusinessException.conflict("chargeback-four-eyes", runId, who);
        }
        store.approve(runId, who, clock.clock().instant());
        ChargebackViews.RunView after = view(store.run(runId).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, RUN, runId, null, summary(view(run)), summary(after), "approve");
        return after;
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.RunView post(long runId) {
        RunRow run = store.runForUpdate(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        requireNotPosted(run);
        if (!"APPROVED".equals(run.state())) {
            throw BusinessException.conflict("chargeback-run-not-approved", runId, run.state());
        }
        // what would be posted must be what was approved. One statement verifies the stored measures against the data
        // as it is now and freezes the items behind them (with their labels) on the measure rows; when the measures
        // are unchanged (and so is the key version), the distribution is redone in memory from the stored measures
        // and the current pools and its content hash compared. Otherwise the run is recomputed as before (an item
        // that changed without changing a measure is then frozen as it is now), its items frozen and its hash
        // compared; a difference refuses the posting (and rolls it all back).
        Period period = Period.parse(run.period());
        Inputs in = inputs(period);
        String hash;
        if (java.util.Objects.equals(in.key().id(), run.keyVersionId()) && store.freezeItems(runId, in.measures())) {
            List<MeasureRow> measures = store.measures(runId);
            Computed c = distribute(runId, in, measures);
            List<LineRow> lines = new ArrayList<>(c.lines());
            store.lines(runId).stream().filter(l -> !"CHARGE".equals(l.kind())).forEach(lines::add);
            hash = hash(run.period(), in.key().id(), measures, c.parts(), lines);
        } else {
            hash = computeRows(runId, period, false).hash();
            if (hash.equals(run.contentHash()) && !store.freezeItems(runId, inputs(period).measures())) {
                throw BusinessException.conflict("chargeback-run-changed", runId);
            }
        }
        if (!hash.equals(run.contentHash())) {
            throw BusinessException.conflict("chargeback-run-changed", runId);
        }
        store.post(runId, access.actorName(), clock.clock().instant(), hash);
        ChargebackViews.RunView after = view(store.run(runId).orElseThrow());
        audit.record(AuditTrail.Action.CLOSE, RUN, runId, null, summary(view(run)), summary(after),
                "post " + run.period() + " sha256 " + hash);
        return after;
    }

    /** A correction of a line of an earlier, posted run, booked as an adjustment line in this draft. */
    @RolesAllowed("FINANCE")
    public ChargebackViews.StatementLine adjust(long runId, long correctsLineId, long amountOre, String text) {
        RunRow run = store.runForUpdate(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        requireNotPosted(run);
        if (!"DRAFT".equals(run.state())) {
            throw BusinessException.conflict("chargeback-run-not-draft", runId, run.state());
        }
        LineRow corrected = store.line(correctsLineId)
                .orElseThrow(() -> BusinessException.notFound("Debiteringsrad", correctsLineId));
        RunRow target = store.run(corrected.runId()).orElseThrow();
        if (!"POSTED".equals(target.state()) || target.period().compareTo(run.period()) >= 0) {
            throw BusinessException.invalid("chargeback-adjustment-target", "correctsLineId", correctsLineId,
                    target.period(), target.state());
        }
        long id = store.insertAdjustment(runId, corrected.unitId(), amountOre, target.id(), correctsLineId, text,
                access.actorName());
        // the adjusted unit's labels are frozen with the run too (it may have no charge in this period)
        store.insertRunLabels(runId, unitLabels(Set.of(corrected.unitId()),
                store.units(Period.parse(run.period()).lastDay())), Map.of());
        store.setHash(runId, hash(runId, run.period(), run.keyVersionId()));
        LineRow line = store.line(id).orElseThrow();
        ChargebackViews.StatementLine view = statementLine(line, poolsById(line));
        audit.record(AuditTrail.Action.CREATE, "ChargebackAdjustment", id, corrected.unitId(), null, view,
                "adjusts line " + correctsLineId + " of run " + target.id());
        return view;
    }

    private static void requireNotPosted(RunRow run) {
        if ("POSTED".equals(run.state())) {
            throw BusinessException.conflict("chargeback-run-posted", run.id(), run.period());
        }
    }

    // ------------------------------------------------------------------ computing

    private void compute(long runId, Period period, Instant now, boolean fresh) {
        Rows rows = computeRows(runId, period, fresh);
        store.setComputed(runId, rows.key(), access.actorName(), now, rows.hash());
    }

    /** What a run of the period is computed from, read once: key version, organisation, cost types, pools. */
    private record Inputs(KeyVersionRow key, Map<Long, UnitRow> units, Map<Long, CostTypeRow> types,
                          List<PoolRow> pools, ChargebackStore.MeasureInputs measures) {
    }

    private Inputs inputs(Period period) {
        String p = period.toString();
        LocalDate first = period.firstDay();
        LocalDate last = period.lastDay();
        KeyVersionRow key = store.keyVersionOn(first)
                .orElseThrow(() -> BusinessException.conflict("chargeback-no-key-version", p));
        Map<Long, UnitRow> units = store.units(last);
        Map<Long, CostTypeRow> types = store.costTypes().stream()
                .collect(Collectors.toMap(CostTypeRow::id, Function.identity()));
        List<PoolRow> pools = store.pools(p);
        // every general measure is computed (finance and the units see them per unit even where no pool uses them);
        // seat-days only for the products of the period's pools
        Set<Long> products = new TreeSet<>();
        for (PoolRow pool : pools) {
            for (String m : types.get(pool.costTypeId()).models().keySet()) {
                if (Model.valueOf(m) == Model.SEAT_DAYS && pool.productId() != null) {
                    products.add(pool.productId());
                }
            }
        }
        // each unit with the nämnd or bolag its items are charged to (units under none are left out)
        List<Long> ids = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (long id : units.keySet()) {
            long target = chargeable(units, id);
            if (target >= 0) {
                ids.add(id);
                targets.add(target);
            }
        }
        return new Inputs(key, units, types, pools, new ChargebackStore.MeasureInputs(first, last, p, key.id(),
                ids.toArray(Long[]::new), targets.toArray(Long[]::new), products.toArray(Long[]::new)));
    }

    /** The key version a run was computed with and its content hash. */
    private record Rows(Long key, String hash) {
    }

    /**
     * Computes measures (with their item counts, aggregated in the database), parts and charge lines into the run's
     * rows (adjustments stay) and freezes the labels its statements show; the key version and the content hash,
     * computed from the rows as written (the hash is order-independent, so it is the hash of the stored rows). A run
     * just created has no rows yet ({@code fresh}: nothing to clear).
     */
    private Rows computeRows(long runId, Period period, boolean fresh) {
        long t0 = System.nanoTime();
        Inputs in = inputs(period);
        if (!fresh) {
            store.clearComputed(runId);
        }
        long t1 = System.nanoTime();
        List<ChargebackStore.ComputedMeasure> computed = store.computeMeasures(in.measures());
        long t2 = System.nanoTime();
        List<MeasureRow> measures = computed.stream()
                .map(m -> new MeasureRow(m.measureKey(), m.unitId(), m.quantity())).toList();
        Computed c = distribute(runId, in, measures);
        long t3 = System.nanoTime();
        store.insertMeasures(runId, computed);
        store.insertParts(runId, c.parts());
        store.insertChargeLines(runId, c.lines());
        List<LineRow> lines = new ArrayList<>(c.lines());
        if (!fresh) {
            lines.addAll(store.adjustments(runId));
        }
        freezeLabels(runId, in, measures, lines);
        long t4 = System.nanoTime();
        LOG.infof("Chargeback %s run %d: %d pools, %d measure rows, %d lines; inputs %d ms, measures %d ms,"
                        + " split %d ms, writes %d ms", period, runId, in.pools().size(), measures.size(),
                c.lines().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (t4 - t3) / 1_000_000);
        return new Rows(in.key().id(), hash(period.toString(), in.key().id(), measures, c.parts(), lines));
    }

    private record Computed(List<PartRow> parts, List<LineRow> lines) {
    }

    /**
     * Freezes the labels the run's statements and explanations show, as they are when the run is drafted: each
     * unit's code, name, kind and cost centre (the ledger's, else the unit's) and each pool's cost type code and name.
     */
    private void freezeLabels(long runId, Inputs in, List<MeasureRow> measures, List<LineRow> lines) {
        Set<Long> unitIds = new TreeSet<>();
        measures.forEach(m -> unitIds.add(m.unitId()));
        lines.forEach(l -> unitIds.add(l.unitId()));
        store.insertRunLabels(runId, unitLabels(unitIds, in.units()), poolTypes(in));
    }

    private List<ChargebackStore.RunUnitRow> unitLabels(Set<Long> unitIds, Map<Long, UnitRow> units) {
        Map<Long, String> ledger = new HashMap<>();
        store.unitLedger().forEach(l -> {
            if (l.costCentre() != null) {
                ledger.put(l.unitId(), l.costCentre());
            }
        });
        List<ChargebackStore.RunUnitRow> out = new ArrayList<>();
        for (long id : unitIds) {
            UnitRow u = units.get(id);
            if (u != null) {
                out.add(new ChargebackStore.RunUnitRow(id, u.code(), u.name(), u.kind(),
                        ledger.getOrDefault(id, u.costCentre())));
            }
        }
        return out;
    }

    private static Map<Long, String[]> poolTypes(Inputs in) {
        Map<Long, String[]> m = new TreeMap<>();
        for (PoolRow p : in.pools()) {
            CostTypeRow t = in.types().get(p.costTypeId());
            m.put(p.id(), new String[]{t.code(), t.name()});
        }
        return m;
    }

    /** The units of a run with the labels frozen when it was drafted ({@link ChargebackStore#unitsOfRun}). */
    Map<Long, UnitRow> runUnits(RunRow run) {
        return store.unitsOfRun(run.id(), Period.parse(run.period()).lastDay());
    }

    /** Splits every pool of the period over the measures (the exact largest-remainder steps of Distribution). */
    private static Computed distribute(long runId, Inputs in, List<MeasureRow> measureRows) {
        Map<String, Map<Distribution.Unit, BigDecimal>> measures = new HashMap<>();
        for (MeasureRow m : measureRows) {
            measures.computeIfAbsent(m.measureKey(), x -> new HashMap<>())
                    .put(new Distribution.Unit(m.unitId(), in.units().get(m.unitId()).code()), m.quantity());
        }
        List<PartRow> parts = new ArrayList<>();
        List<LineRow> lines = new ArrayList<>();
        for (PoolRow pool : in.pools()) {
            List<Distribution.Share> shares = in.types().get(pool.costTypeId()).models().entrySet().stream()
                    .map(e -> new Distribution.Share(Model.valueOf(e.getKey()), e.getValue())).toList();
            for (Distribution.Part part : Distribution.split(pool.amountOre(), shares, pool.productId(), measures)) {
                parts.add(new PartRow(pool.id(), part.model() == null ? "NONE" : part.model().name(),
                        part.measureKey(), part.amountOre(), part.totalQuantity(), part.outcome().name(), part.flag()));
                for (Distribution.UnitAmount ua : part.lines()) {
                    lines.add(new LineRow(0, runId, "CHARGE", ua.unit().id(), pool.id(), part.model().name(),
                            part.measureKey(), ua.quantity(), part.totalQuantity(), ua.amountOre(), null, null, null,
                            null));
                }
            }
        }
        return new Computed(parts, lines);
    }

    /** The nämnd or bolag a unit's items are charged to, or -1 when there is none above it. */
    static long chargeable(Map<Long, UnitRow> units, long unitId) {
        UnitRow u = units.get(unitId);
        for (int depth = 0; u != null && depth < 64; depth++) {
            if (CHARGEABLE.contains(u.kind())) {
                return u.id();
            }
            u = u.parentId() == null ? null : units.get(u.parentId());
        }
        return -1;
    }

    /** The content hash of the run's rows as stored. */
    private String hash(long runId, String period, Long keyVersionId) {
        return hash(period, keyVersionId, store.measures(runId), store.parts(runId), store.lines(runId));
    }

    static String hash(String period, Long keyVersionId, List<MeasureRow> measures, List<PartRow> parts,
                       List<LineRow> lines) {
        ContentHash h = new ContentHash().add("run", period, KIND, keyVersionId);
        for (MeasureRow m : measures) {
            h.add("measure", m.measureKey(), m.unitId(), m.quantity());
        }
        for (PartRow p : parts) {
            h.add("part", p.poolId(), p.model(), p.measureKey(), p.amountOre(), p.totalQuantity(), p.outcome(),
                    p.flag());
        }
        for (LineRow l : lines) {
            if ("CHARGE".equals(l.kind())) {
                h.add("charge", l.unitId(), l.poolId(), l.model(), l.unitQuantity(), l.totalQuantity(), l.amountOre());
            } else {
                h.add("adjustment", l.unitId(), l.correctsLineId(), l.amountOre(), l.text());
            }
        }
        return h.hex();
    }

    // ------------------------------------------------------------------ reading

    public List<ChargebackViews.RunView> runs(String period) {
        boolean all = access.current().unrestricted();
        return store.runs(period).stream().map(this::view).map(v -> all ? v : v.scoped()).toList();
    }

    public ChargebackViews.RunView run(long id) {
        ChargebackViews.RunView v = view(store.run(id).orElseThrow(() -> BusinessException.notFound("Körning", id)));
        return access.current().unrestricted() ? v : v.scoped();
    }

    /** Totals per unit; a unit viewer sees only its own units. */
    public List<ChargebackViews.UnitTotal> unitTotals(long runId) {
        RunRow run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        UnitScope scope = access.current();
        Map<Long, UnitRow> units = runUnits(run);
        Map<Long, long[]> sums = new TreeMap<>();
        for (LineRow l : store.lines(runId)) {
            if (!scope.permits(l.unitId())) {
                continue;
            }
            long[] s = sums.computeIfAbsent(l.unitId(), k -> new long[2]);
            s["CHARGE".equals(l.kind()) ? 0 : 1] += l.amountOre();
        }
        List<ChargebackViews.UnitTotal> out = new ArrayList<>();
        sums.forEach((unit, s) -> {
            UnitRow u = units.get(unit);
            out.add(new ChargebackViews.UnitTotal(unit, u.code(), u.name(), u.kind(), "BOLAG".equals(u.kind()), s[0],
                    s[1], s[0] + s[1]));
        });
        out.sort(Comparator.comparing(ChargebackViews.UnitTotal::unitCode));
        return out;
    }

    /** One unit's statement; 404 for a unit outside the caller's scope, as for one without lines. */
    public ChargebackViews.Statement statement(long runId, long unitId) {
        RunRow run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        if (!access.current().permits(unitId)) {
            throw BusinessException.notFound("Enhet", unitId);
        }
        List<LineRow> lines = store.lines(runId).stream().filter(l -> l.unitId() == unitId).toList();
        if (lines.isEmpty()) {
            throw BusinessException.notFound("Enhet", unitId);
        }
        ChargebackStore.RunUnitRow frozen = store.runUnits(runId).get(unitId);
        UnitRow u = runUnits(run).get(unitId);
        Map<Long, PoolRow> pools = pools(run.period());
        List<ChargebackViews.StatementLine> out = lines.stream().map(l -> statementLine(l, pools)).toList();
        // the cost centre frozen with the run (the ledger's, else the unit's, when drafted)
        String costCentre = frozen != null ? frozen.costCentre() : store.unitLedger().stream()
                .filter(x -> x.unitId() == unitId).map(ChargebackStore.UnitLedgerRow::costCentre).findFirst()
                .orElse(u.costCentre());
        return new ChargebackViews.Statement(runId, run.period(), run.state(), unitId, u.code(), u.name(),
                "BOLAG".equals(u.kind()), costCentre, out, lines.stream().mapToLong(LineRow::amountOre).sum());
    }

    /** The measures of a run, of one unit or all (a viewer: its own units only). */
    public List<ChargebackViews.MeasureView> measures(long runId, Long unitId) {
        RunRow run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        UnitScope scope = access.current();
        Map<Long, UnitRow> units = runUnits(run);
        return store.measures(runId).stream().filter(m -> scope.permits(m.unitId()))
                .filter(m -> unitId == null || m.unitId() == unitId)
                .map(m -> new ChargebackViews.MeasureView(m.measureKey(), m.unitId(), units.get(m.unitId()).code(),
                        m.quantity())).toList();
    }

    /** From a statement line down to the items behind the unit's quantity. */
    public ChargebackViews.Explanation explain(long runId, long lineId) {
        RunRow run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        LineRow line = store.line(lineId).filter(l -> l.runId() == runId)
                .filter(l -> access.current().permits(l.unitId()))
                .orElseThrow(() -> BusinessException.notFound("Debiteringsrad", lineId));
        Map<Long, PoolRow> pools = pools(run.period());
        PoolRow pool = line.poolId() == null ? null : pools.getOrDefault(line.poolId(),
                store.pool(line.poolId()).orElse(null));
        long partAmount = store.parts(runId).stream()
                .filter(pr -> line.poolId() != null && pr.poolId() == line.poolId() && pr.model().equals(line.model()))
                .mapToLong(PartRow::amountOre).sum();
        // a posted run: the items as frozen when it was posted; a draft or approved run: the items the data gives now
        // for this measure, and whether they still add up to the stored quantity and count (else the draft is stale)
        List<ChargebackStore.StoredBasis> basis = List.of();
        boolean changed = false;
        if ("CHARGE".equals(line.kind()) && line.measureKey() != null) {
            if ("POSTED".equals(run.state())) {
                basis = store.basis(runId, line.measureKey(), line.unitId());
            } else {
                ChargebackStore.MeasureInputs in = inputs(Period.parse(run.period())).measures();
                if (run.keyVersionId() != null) {
                    in = new ChargebackStore.MeasureInputs(in.first(), in.last(), in.period(), run.keyVersionId(),
                            in.unitIds(), in.targets(), in.seatDayProducts());
                }
                basis = store.liveBasis(in, line.measureKey(), line.unitId());
                BigDecimal sum = basis.stream().map(ChargebackStore.StoredBasis::quantity)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                Object[] stored = store.measureCount(runId, line.measureKey(), line.unitId()).orElse(null);
                changed = stored == null || (int) stored[0] != basis.size()
                        || ((BigDecimal) stored[1]).compareTo(sum) != 0;
            }
        }
        List<ChargebackViews.BasisItemView> items = basis.stream()
                .map(b -> new ChargebackViews.BasisItemView(b.itemKind(), b.itemId(), b.itemLabel(), b.sourceUnitId(),
                        b.from(), b.to(), b.days(), b.weight(), b.quantity())).toList();
        UnitRow u = runUnits(run).get(line.unitId());
        return new ChargebackViews.Explanation(statementLine(line, pools), u.code(), u.name(),
                pool == null ? null : pool.description(), pool == null ? 0 : pool.amountOre(), partAmount,
                line.unitQuantity(), line.totalQuantity(), items, changed);
    }

    /** Each unit's total against the previous period's run, with the biggest reasons for the change. */
    public ChargebackViews.WhatIf whatIf(long runId) {
        RunRow run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        String prevPeriod = Period.parse(run.period()).previous().toString();
        RunRow prev = store.run(prevPeriod, run.kind()).orElse(null);
        UnitScope scope = access.current();
        Map<Long, UnitRow> units = runUnits(run);
        Groups cur = groups(run);
        Groups old = prev == null ? new Groups() : groups(prev);
        boolean keyChanged = prev != null && !java.util.Objects.equals(prev.keyVersionId(), run.keyVersionId());
        Set<Long> all = new TreeSet<>(cur.unitTotal.keySet());
        all.addAll(old.unitTotal.keySet());
        List<ChargebackViews.UnitChange> out = new ArrayList<>();
        for (long unit : all) {
            if (!scope.permits(unit)) {
                continue;
            }
            long now = cur.unitTotal.getOrDefault(unit, 0L);
            long before = old.unitTotal.getOrDefault(unit, 0L);
            List<ChargebackViews.Reason> reasons = new ArrayList<>();
            Set<String> groupKeys = new TreeSet<>(cur.pool.keySet());
            groupKeys.addAll(old.pool.keySet());
            for (String g : groupKeys) {
                long p1 = cur.pool.getOrDefault(g, 0L);
                long p0 = old.pool.getOrDefault(g, 0L);
                long a1 = cur.amount.getOrDefault(g + "#" + unit, 0L);
                long a0 = old.amount.getOrDefault(g + "#" + unit, 0L);
                if (a1 == a0 && p1 == p0) {
                    continue;
                }
                String[] gm = g.split("#");
                if (p0 == 0 || p1 == 0) {
                    add(reasons, "POOL_CHANGED", gm, a1 - a0, "pool " + p0 + " → " + p1 + " öre");
                    continue;
                }
                // a1 − a0 = (p1 − p0)·s0 + p1·(s1 − s0), with s = the unit's share of the distributed part
                BigDecimal s0 = BigDecimal.valueOf(a0).divide(BigDecimal.valueOf(p0), 12, RoundingMode.HALF_EVEN);
                long poolEffect = BigDecimal.valueOf(p1 - p0).multiply(s0).setScale(0, RoundingMode.HALF_EVEN)
                        .longValueExact();
                add(reasons, "POOL_CHANGED", gm, poolEffect, "pool " + p0 + " → " + p1 + " öre");
                BigDecimal q0 = old.quantity.get(g + "#" + unit);
                BigDecimal q1 = cur.quantity.get(g + "#" + unit);
                add(reasons, keyChanged ? "MEASURE_OR_KEY_MOVED" : "MEASURE_MOVED", gm, (a1 - a0) - poolEffect,
                        "share " + (q0 == null ? "0" : q0.toPlainString()) + "/" + old.total.getOrDefault(g, "0")
                                + " → " + (q1 == null ? "0" : q1.toPlainString()) + "/" + cur.total.getOrDefault(g, "0"));
            }
            long adj1 = cur.adjustments.getOrDefault(unit, 0L);
            long adj0 = old.adjustments.getOrDefault(unit, 0L);
            if (adj1 != adj0) {
                reasons.add(new ChargebackViews.Reason("ADJUSTMENT", null, null, adj1 - adj0, null));
            }
            reasons.sort(Comparator.comparingLong((ChargebackViews.Reason r) -> -Math.abs(r.effectOre()))
                    .thenComparing(r -> r.costType() == null ? "" : r.costType()));
            List<ChargebackViews.Reason> top = new ArrayList<>(reasons.subList(0, Math.min(3, reasons.size())));
            if (keyChanged) {
                top.add(new ChargebackViews.Reason("NEW_KEY_VERSION", null, null, 0,
                        "key version " + prev.keyVersionId() + " → " + run.keyVersionId()));
            }
            UnitRow u = units.get(unit);
            out.add(new ChargebackViews.UnitChange(unit, u == null ? String.valueOf(unit) : u.code(), before, now,
                    now - before, top));
        }
        out.sort(Comparator.comparingLong((ChargebackViews.UnitChange c) -> -Math.abs(c.changeOre()))
                .thenComparing(ChargebackViews.UnitChange::unitCode));
        return new ChargebackViews.WhatIf(runId, run.period(), prev == null ? null : prev.id(), prevPeriod, keyChanged,
                out);
    }

    private static void add(List<ChargebackViews.Reason> reasons, String kind, String[] group, long effect,
                            String detail) {
        if (effect != 0) {
            reasons.add(new ChargebackViews.Reason(kind, group[0], group[1], effect, detail));
        }
    }

    /** Per (cost type, model): distributed pool amount, and per unit its amount and quantity. */
    private static final class Groups {
        final Map<String, Long> pool = new HashMap<>();
        final Map<String, String> total = new HashMap<>();
        final Map<String, Long> amount = new HashMap<>();
        final Map<String, BigDecimal> quantity = new HashMap<>();
        final Map<Long, Long> unitTotal = new HashMap<>();
        final Map<Long, Long> adjustments = new HashMap<>();
    }

    private Groups groups(RunRow run) {
        Groups g = new Groups();
        Map<Long, PoolRow> pools = pools(run.period());
        for (PartRow p : store.parts(run.id())) {
            if ("DISTRIBUTED".equals(p.outcome())) {
                String key = pools.get(p.poolId()).costTypeCode() + "#" + p.model();
                g.pool.merge(key, p.amountOre(), Long::sum);
            }
        }
        Map<String, BigDecimal> totals = new HashMap<>();
        for (LineRow l : store.lines(run.id())) {
            g.unitTotal.merge(l.unitId(), l.amountOre(), Long::sum);
            if (!"CHARGE".equals(l.kind())) {
                g.adjustments.merge(l.unitId(), l.amountOre(), Long::sum);
                continue;
            }
            String key = pools.get(l.poolId()).costTypeCode() + "#" + l.model();
            g.amount.merge(key + "#" + l.unitId(), l.amountOre(), Long::sum);
            g.quantity.putIfAbsent(key + "#" + l.unitId(), l.unitQuantity());
            totals.putIfAbsent(key, l.totalQuantity());
        }
        totals.forEach((k, v) -> g.total.put(k, v == null ? "0" : v.toPlainString()));
        return g;
    }

    private Map<Long, PoolRow> pools(String period) {
        Map<Long, PoolRow> m = new LinkedHashMap<>();
        store.pools(period).forEach(p -> m.put(p.id(), p));
        return m;
    }

    private Map<Long, PoolRow> poolsById(LineRow line) {
        Map<Long, PoolRow> m = new HashMap<>();
        if (line.poolId() != null) {
            store.pool(line.poolId()).ifPresent(p -> m.put(p.id(), p));
        }
        return m;
    }

    private static ChargebackViews.StatementLine statementLine(LineRow l, Map<Long, PoolRow> pools) {
        PoolRow pool = l.poolId() == null ? null : pools.get(l.poolId());
        return new ChargebackViews.StatementLine(l.id(), l.kind(), l.poolId(),
                pool == null ? null : pool.sourceReference(), pool == null ? null : pool.costTypeCode(), l.model(),
                l.measureKey(), l.unitQuantity(), l.totalQuantity(), l.amountOre(), l.correctsRunId(),
                l.correctsLineId(), l.text());
    }

    ChargebackViews.RunView view(RunRow r) {
        Map<Long, PoolRow> byId = pools(r.period());
        long pools = byId.values().stream().mapToLong(PoolRow::amountOre).sum();
        Map<String, Long> sums = store.lineSums(r.id());
        long charged = sums.getOrDefault("CHARGE", 0L);
        long adjustments = sums.getOrDefault("ADJUSTMENT", 0L);
        long notDistributed = 0;
        long flagged = 0;
        List<ChargebackViews.Flag> flags = new ArrayList<>();
        for (PartRow p : store.partsNotDistributedOrFlagged(r.id())) {
            if ("NOT_DISTRIBUTED".equals(p.outcome())) {
                notDistributed += p.amountOre();
            } else if ("FLAGGED".equals(p.outcome())) {
                flagged += p.amountOre();
                PoolRow pool = byId.get(p.poolId());
                flags.add(new ChargebackViews.Flag(p.poolId(), pool.sourceReference(), pool.costTypeCode(), p.model(),
                        p.measureKey(), p.amountOre(), p.flag()));
            }
        }
        return new ChargebackViews.RunView(r.id(), r.period(), r.kind(), r.state(), r.keyVersionId(), r.preparedBy(),
                r.preparedAt(), r.approvedBy(), r.approvedAt(), r.postedBy(), r.postedAt(), r.contentHash(), pools,
                charged, notDistributed, flagged, adjustments, flags);
    }

    private static Map<String, Object> summary(ChargebackViews.RunView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", v.period());
        m.put("state", v.state());
        m.put("contentHash", v.contentHash());
        m.put("poolsTotalOre", v.poolsTotalOre());
        m.put("chargedOre", v.chargedOre());
        m.put("notDistributedOre", v.notDistributedOre());
        m.put("flaggedOre", v.flaggedOre());
        m.put("adjustmentsOre", v.adjustmentsOre());
        return m;
    }
}
