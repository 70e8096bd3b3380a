package se.nyckeln.statistics.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.statistics.application.StatisticsViews.Comparison;
import se.nyckeln.statistics.application.StatisticsViews.Figures;
import se.nyckeln.statistics.application.StatisticsViews.PeerAmount;
import se.nyckeln.statistics.application.StatisticsViews.PeerFigure;
import se.nyckeln.statistics.domain.Disclosure;
import se.nyckeln.statistics.domain.Ratios;
import se.nyckeln.statistics.domain.Seats;
import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Licence statistics month by month, computed from the dated tables on every call (see docs/statistics-api.md for
 * why there is no snapshot table). A unit viewer gets only its own units (another unit answers 404, as a missing
 * one) and, for comparison, only medians over at least {@link Disclosure#MIN_UNITS} other units.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class Statistics {

    public static final int MAX_MONTHS = 36;

    @EJB
    private StatisticsStore store;

    @EJB
    private AccessScope access;

    @Inject
    private Clock clock;

    /** Shared by every instance of this pooled bean; see {@link MonthFiguresCache}. */
    private static final MonthFiguresCache<Map<LocalDate, MonthFigures>> CACHE = new MonthFiguresCache<>();

    /** The month outcomes, kept like the figures (per months, today and data version). */
    private static final MonthFiguresCache<Map<LocalDate, MonthOutcomes>> OUTCOMES = new MonthFiguresCache<>();

    private Map<LocalDate, MonthOutcomes> outcomes(YearMonth from, YearMonth to) {
        YearMonth now = YearMonth.from(today());
        YearMonth last = to.isAfter(now) ? now : to;
        if (from.isAfter(last) || from.plusMonths(MAX_MONTHS - 1L).isBefore(last)) {
            throw new BusinessException(400, "statistics-bad-range", "from", from.toString(), to.toString(), MAX_MONTHS);
        }
        LocalDate today = today();
        LocalDate first = from.atDay(1);
        LocalDate lastDay = last.atDay(1);
        return OUTCOMES.get(new MonthFiguresCache.Key(first, lastDay, today, 0, store.dataVersion()),
                () -> MonthOutcomes.load(store, first, lastDay, today));
    }

    private Map<LocalDate, MonthFigures> load(LocalDate first, LocalDate last, int inUseDays) {
        LocalDate today = today();
        return CACHE.get(new MonthFiguresCache.Key(first, last, today, inUseDays, store.dataVersion()),
                () -> MonthFigures.load(store, first, last, today, inUseDays));
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * What an answer depends on besides its parameters: the data revision ({@code DataRevision}; -1 while writers
     * are in flight), the newest committed audit event (equal to the revision when settled; see
     * {@link StatisticsStore.Revision}) and today. The REST layer files the answers' bytes under it.
     */
    public record Stamp(long revision, long visible, LocalDate today) {
    }

    /**
     * The stamp of an answer about {@code unitId} (null: a city-wide answer), after the caller's scope check: a
     * unit the caller may not see answers 404 here, before any stored answer is looked at. One query.
     */
    public Stamp stamp(Long unitId) {
        if (unitId != null && !access.current().permits(unitId)) {
            throw BusinessException.notFound("OrgUnit", unitId);
        }
        StatisticsStore.Revision r = store.revision();
        return new Stamp(r.settled(), r.visible(), today());
    }

    private MonthFigures month(YearMonth month, int inUseDays) {
        LocalDate first = month.atDay(1);
        if (first.isAfter(today())) {
            throw new BusinessException(400, "statistics-month-in-future", "month", month.toString());
        }
        return load(first, first, inUseDays).get(first);
    }

    private Map<LocalDate, MonthFigures> range(YearMonth from, YearMonth to, int inUseDays) {
        YearMonth now = YearMonth.from(today());
        YearMonth last = to.isAfter(now) ? now : to;
        if (from.isAfter(last) || from.plusMonths(MAX_MONTHS - 1L).isBefore(last)) {
            throw new BusinessException(400, "statistics-bad-range", "from", from.toString(), to.toString(), MAX_MONTHS);
        }
        return load(from.atDay(1), last.atDay(1), inUseDays);
    }

    private void requireVisible(long unitId, MonthFigures mf) {
        if (!access.current().permits(unitId) || !mf.units.containsKey(unitId)) {
            throw BusinessException.notFound("OrgUnit", unitId);
        }
    }

    /** The units a dashboard starts from: the caller's topmost visible units (the kommun for city-wide roles). */
    public List<StatisticsViews.UnitRef> startUnits() {
        LocalDate first = today().withDayOfMonth(1);
        MonthFigures mf = MonthFigures.loadUnits(store, first, first, today()).get(first);
        UnitScope scope = access.current();
        return mf.units.values().stream()
                .filter(u -> scope.permits(u.unitId()))
                .filter(u -> u.parentId() == null || !scope.permits(u.parentId()))
                .sorted(Comparator.comparing(StatisticsStore.UnitRow::code))
                .map(u -> mf.ref(u.unitId())).toList();
    }

    /** The whole city: totals, one row per nämnd/bolag (organ) holding seats, one per product. Broad roles only. */
    public StatisticsViews.CityView city(YearMonth month, int inUseDays) {
        MonthFigures mf = month(month, inUseDays);
        List<StatisticsViews.UnitFigures> organs = mf.seatHoldingOrgans().stream()
                .map(organ -> new StatisticsViews.UnitFigures(mf.ref(organ), mf.treeFigures(organ)))
                .sorted(Comparator.comparing(o -> o.unit().name() == null ? "" : o.unit().name())).toList();
        long persons = mf.members.values().stream().mapToLong(StatisticsStore.MemberRow::persons).sum();
        long devices = mf.members.values().stream().mapToLong(StatisticsStore.MemberRow::devices).sum();
        return new StatisticsViews.CityView(mf.monthText(), mf.day, inUseDays, Figures.of(mf.allSeats(), persons,
                devices), organs, mf.products(null));
    }

    /** One unit with everything below it: its figures, its child units' and its products'. */
    public StatisticsViews.UnitView unit(long unitId, YearMonth month, int inUseDays) {
        MonthFigures mf = month(month, inUseDays);
        requireVisible(unitId, mf);
        List<StatisticsViews.UnitFigures> children = mf.children.getOrDefault(unitId, List.of()).stream()
                .map(c -> new StatisticsViews.UnitFigures(mf.ref(c), mf.treeFigures(c)))
                .sorted(Comparator.comparing(o -> o.unit().name())).toList();
        return new StatisticsViews.UnitView(mf.monthText(), mf.day, inUseDays, mf.ref(unitId),
                mf.treeFigures(unitId), children, mf.treeProducts(unitId));
    }

    /** The unit's (subtree's) figures month by month. */
    public List<StatisticsViews.TrendPoint> unitTrend(long unitId, YearMonth from, YearMonth to, int inUseDays) {
        Map<LocalDate, MonthFigures> months = range(from, to, inUseDays);
        if (!access.current().permits(unitId)
                || months.values().stream().noneMatch(mf -> mf.units.containsKey(unitId))) {
            throw BusinessException.notFound("OrgUnit", unitId);
        }
        return months.values().stream().map(mf -> new StatisticsViews.TrendPoint(mf.monthText(), mf.day,
                mf.treeFigures(unitId))).toList();
    }

    /** The licence position of every product month by month (all pools of a product together). Broad roles only. */
    public List<StatisticsViews.ProductTrendPoint> productTrend(YearMonth from, YearMonth to, int inUseDays,
                                                                Long productId) {
        List<StatisticsViews.ProductTrendPoint> result = new ArrayList<>();
        for (MonthFigures mf : range(from, to, inUseDays).values()) {
            Map<Long, List<StatisticsStore.PoolMonth>> pools = mf.pools.values().stream()
                    .filter(p -> productId == null || p.productId() == productId)
                    .collect(Collectors.groupingBy(StatisticsStore.PoolMonth::productId, LinkedHashMap::new,
                            Collectors.toList()));
            Map<Long, Seats> seats = new HashMap<>();
            for (MonthFigures.PricedSeats p : mf.seats) {
                seats.merge(p.row().productId(), p.seats(), Seats::plus);
            }
            pools.values().stream().sorted(Comparator.comparing(l -> l.get(0).productName())).forEach(list -> {
                StatisticsStore.PoolMonth any = list.get(0);
                boolean unlimited = "SITE".equals(any.metric()) && list.stream().anyMatch(p -> p.entitledQuantity() > 0);
                long entitledSum = list.stream().mapToLong(StatisticsStore.PoolMonth::entitledQuantity).sum();
                Seats s = seats.getOrDefault(any.productId(), Seats.ZERO);
                Long entitled = unlimited ? null : entitledSum;
                result.add(new StatisticsViews.ProductTrendPoint(mf.monthText(), mf.day, any.productId(),
                        any.productName(), any.sku(), any.metric(), entitled, s.allocated(), s.assigned(), s.inUse(),
                        entitled == null ? null : entitled - s.allocated(), s.shelfware(), s.utilisationPercent()));
            });
        }
        return result;
    }

    /** The seats (assignments) of one product held in the unit and below it at the month's end. */
    public StatisticsViews.SeatsView seats(long unitId, long productId, YearMonth month, int inUseDays) {
        MonthFigures mf = month(month, inUseDays);
        requireVisible(unitId, mf);
        Long[] ids = mf.subtree(unitId).toArray(new Long[0]);
        LocalDate windowStart = mf.day.minusDays(inUseDays);
        List<StatisticsViews.SeatHolder> holders = store.holders(productId, ids, mf.day).stream()
                .map(h -> new StatisticsViews.SeatHolder(h.assignmentId(), h.unitId(), h.personId(), h.deviceId(),
                        h.validFrom(), h.lastActivity(),
                        h.lastActivity() != null && !h.lastActivity().isBefore(windowStart)))
                .toList();
        return new StatisticsViews.SeatsView(mf.monthText(), mf.day, inUseDays, mf.ref(unitId), productId, holders);
    }

    /**
     * The chargeback statements of the unit and the units below it in the runs of the month (any state: a draft is
     * marked as such), with links to open them. For the roles that may open statements (checked by the caller).
     */
    public StatisticsViews.StatementsView statements(long unitId, YearMonth month) {
        LocalDate first = month.atDay(1);
        if (first.isAfter(today())) {
            throw new BusinessException(400, "statistics-month-in-future", "month", month.toString());
        }
        MonthFigures mf = MonthFigures.loadUnits(store, first, first, today()).get(first);
        requireVisible(unitId, mf);
        Long[] ids = mf.subtree(unitId).toArray(new Long[0]);
        UnitScope scope = access.current();
        List<StatisticsViews.StatementLink> links = store.statements(ids, mf.monthText()).stream()
                .filter(r -> scope.permits(r.unitId()))
                .map(r -> new StatisticsViews.StatementLink(r.runId(), r.period(), r.state(), mf.ref(r.unitId()),
                        r.totalOre(), "/api/v1/chargeback/runs/" + r.runId() + "/units/" + r.unitId(),
                        "/api/v1/chargeback/runs/" + r.runId() + "/statements/" + r.unitId() + ".pdf"))
                .toList();
        return new StatisticsViews.StatementsView(mf.monthText(), mf.ref(unitId), links);
    }

    /**
     * The unit against the median of the other units of the same kind (e.g. the other stadsdelsnämnder), each
     * taken with everything below it. Only medians over at least {@link Disclosure#MIN_UNITS} other units are given;
     * no other unit's name, id or figure is.
     */
    public Comparison comparison(long unitId, YearMonth month, int inUseDays) {
        MonthFigures mf = month(month, inUseDays);
        requireVisible(unitId, mf);
        StatisticsStore.UnitRow own = mf.units.get(unitId);
        List<Long> peers = mf.units.values().stream()
                .filter(u -> u.kind().equals(own.kind()) && u.unitId() != unitId)
                .map(StatisticsStore.UnitRow::unitId).toList();
        Figures ownFigures = mf.treeFigures(unitId);
        List<StatisticsViews.ProductFigures> ownProducts = mf.treeProducts(unitId);

        List<BigDecimal> peerUtil = new ArrayList<>();
        List<Long> peerCost = new ArrayList<>();
        Map<Long, List<BigDecimal>> peerProductUtil = new HashMap<>();
        ownProducts.forEach(pf -> peerProductUtil.put(pf.productId(), new ArrayList<>()));
        for (Long peer : peers) {
            Figures f = mf.treeFigures(peer);
            if (f.allocated() > 0) {
                peerUtil.add(f.utilisationPercent());
            }
            if (f.costPerUserOre() != null && f.allocated() > 0) {
                peerCost.add(f.costPerUserOre());
            }
            for (Map.Entry<Long, Seats> e : mf.treeSeatsByProduct(peer).entrySet()) {
                List<BigDecimal> values = peerProductUtil.get(e.getKey());
                if (values != null && e.getValue().allocated() > 0) {
                    values.add(e.getValue().utilisationPercent());
                }
            }
        }
        List<StatisticsViews.ProductComparison> products = new ArrayList<>();
        for (StatisticsViews.ProductFigures pf : ownProducts) {
            products.add(new StatisticsViews.ProductComparison(pf.productId(), pf.productName(), pf.sku(),
                    peerFigure(pf.figures().utilisationPercent(), peerProductUtil.get(pf.productId()))));
        }
        boolean costSuppressed = peerCost.size() < Disclosure.MIN_UNITS;
        return new Comparison(mf.monthText(), mf.day, inUseDays, mf.ref(unitId), own.kind(), Disclosure.MIN_UNITS,
                peerFigure(ownFigures.utilisationPercent(), peerUtil),
                new PeerAmount(ownFigures.costPerUserOre(), peerCost.size(),
                        costSuppressed ? null : Ratios.medianOre(peerCost), costSuppressed), products);
    }

    /**
     * The unit's (subtree's) outcomes month by month: reuse achieved and agreement fidelity, with the median
     * fidelity of the other units of its kind (each with everything below it; only over at least
     * {@link Disclosure#MIN_UNITS} units with licence spend, no other unit's name or figure).
     */
    public StatisticsViews.UnitOutcomes unitOutcomes(long unitId, YearMonth from, YearMonth to) {
        Map<LocalDate, MonthOutcomes> months = outcomes(from, to);
        if (!access.current().permits(unitId)
                || months.values().stream().noneMatch(mo -> mo.units.units.containsKey(unitId))) {
            throw BusinessException.notFound("OrgUnit", unitId);
        }
        String kind = null;
        StatisticsViews.UnitRef ref = null;
        List<StatisticsViews.OutcomePoint> points = new ArrayList<>();
        for (MonthOutcomes mo : months.values()) {
            MonthFigures mf = mo.units;
            StatisticsStore.UnitRow own = mf.units.get(unitId);
            if (own != null) {
                kind = own.kind();
                ref = mf.ref(unitId);
            }
            String ownKind = own == null ? null : own.kind();
            List<BigDecimal> peers = new ArrayList<>();
            for (StatisticsStore.UnitRow u : mf.units.values()) {
                if (ownKind != null && u.kind().equals(ownKind) && u.unitId() != unitId) {
                    long[] spend = mo.treeSpend(u.unitId());
                    if (spend[MonthOutcomes.SPEND] > 0) {
                        peers.add(Ratios.percent(spend[MonthOutcomes.OK], spend[MonthOutcomes.SPEND]));
                    }
                }
            }
            StatisticsViews.Fidelity fidelity = StatisticsViews.Fidelity.of(mo.treeSpend(unitId));
            points.add(new StatisticsViews.OutcomePoint(mf.monthText(), mf.day,
                    StatisticsViews.Reuse.of(mo.treeReuse(unitId)), fidelity, peerFigure(fidelity.percent(), peers)));
        }
        return new StatisticsViews.UnitOutcomes(ref, kind, Disclosure.MIN_UNITS, points);
    }

    /** The city's outcomes month by month, with one row per nämnd/bolag (organ) having any. Broad roles only. */
    public List<StatisticsViews.CityOutcomePoint> cityOutcomes(YearMonth from, YearMonth to) {
        List<StatisticsViews.CityOutcomePoint> result = new ArrayList<>();
        for (MonthOutcomes mo : outcomes(from, to).values()) {
            MonthFigures mf = mo.units;
            List<StatisticsViews.OrganOutcome> organs = mo.organs().stream()
                    .map(o -> new StatisticsViews.OrganOutcome(mf.ref(o),
                            StatisticsViews.Reuse.of(mo.organReuse.getOrDefault(o, new long[5])),
                            StatisticsViews.Fidelity.of(mo.organSpend.getOrDefault(o, new long[5])),
                            mo.organSuppliers.getOrDefault(o, Set.of()).size()))
                    .sorted(Comparator.comparing(o -> o.unit().name() == null ? "" : o.unit().name())).toList();
            result.add(new StatisticsViews.CityOutcomePoint(mf.monthText(), mf.day,
                    StatisticsViews.Reuse.of(mo.cityReuse), StatisticsViews.Fidelity.of(mo.citySpend),
                    mo.citySuppliers.size(), organs));
        }
        return result;
    }

    private static PeerFigure peerFigure(BigDecimal own, List<BigDecimal> peers) {
        boolean suppressed = peers.size() < Disclosure.MIN_UNITS;
        return new PeerFigure(own, peers.size(), suppressed ? null : Ratios.median(peers), suppressed);
    }
}
