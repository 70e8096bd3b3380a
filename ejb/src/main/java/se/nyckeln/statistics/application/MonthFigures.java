package se.nyckeln.statistics.application;

import se.nyckeln.statistics.domain.SeatPrice;
import se.nyckeln.statistics.domain.Seats;
import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything about one month, read once: the organisation on its last day, each unit's priced seats per pool and
 * its members. Sums over a unit's subtree and over an organ (nämnd or bolag) are made here: once loaded,
 * {@link #roll()} adds every unit's seats and members to each of its ancestors, so that the figures of any unit
 * with everything below it (the city view's organs, a department, its children, the trend, every peer of a
 * comparison) are one look-up instead of a pass over all seats. Read-only once loaded and shared by concurrent
 * requests ({@link MonthFiguresCache}).
 */
final class MonthFigures {

    static final Set<String> ORGAN_KINDS = Set.of("STADSDELSNAMND", "FACKNAMND", "BOLAG");

    /** One unit's priced seats in one pool; {@code index}: its place in {@link #seats} (the product order). */
    record PricedSeats(StatisticsStore.SeatRow row, Long priceOre, Seats seats, int index) {
    }

    final LocalDate month;
    final LocalDate day;
    final Map<Long, StatisticsStore.UnitRow> units = new HashMap<>();
    final Map<Long, List<Long>> children = new HashMap<>();
    final List<PricedSeats> seats = new ArrayList<>();
    final Map<Long, StatisticsStore.PoolMonth> pools = new HashMap<>();
    final Map<Long, StatisticsStore.MemberRow> members = new HashMap<>();
    /** Each unit's own seat rows (made by {@link #roll()}). */
    final Map<Long, List<PricedSeats>> seatsByUnit = new HashMap<>();
    /** Each unit's seats with everything below it (made by {@link #roll()}). */
    private final Map<Long, Seats> treeSeats = new HashMap<>();
    /** Each unit's persons and devices with everything below it (made by {@link #roll()}). */
    private final Map<Long, long[]> treeMembers = new HashMap<>();
    /** The organ of every unit holding seats (made by {@link #roll()}). */
    private final Map<Long, Long> organs = new HashMap<>();

    MonthFigures(LocalDate month, LocalDate day) {
        this.month = month;
        this.day = day;
    }

    /** Only the organisation of the months [first, last] (one query). */
    static Map<LocalDate, MonthFigures> loadUnits(StatisticsStore store, LocalDate first, LocalDate last,
                                                  LocalDate today) {
        Map<LocalDate, MonthFigures> months = new java.util.TreeMap<>();
        for (LocalDate m = first; !m.isAfter(last) && !m.isAfter(today); m = m.plusMonths(1)) {
            LocalDate end = m.plusMonths(1).minusDays(1);
            months.put(m, new MonthFigures(m, end.isAfter(today) ? today : end));
        }
        for (StatisticsStore.UnitRow u : store.units(first, last, today)) {
            MonthFigures mf = months.get(u.month());
            mf.units.put(u.unitId(), u);
            if (u.parentId() != null) {
                mf.children.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u.unitId());
            }
        }
        return months;
    }

    /** Reads the months [first, last] with four set-based queries and groups them by month. */
    static Map<LocalDate, MonthFigures> load(StatisticsStore store, LocalDate first, LocalDate last, LocalDate today,
                                             int inUseDays) {
        Map<LocalDate, MonthFigures> months = loadUnits(store, first, last, today);
        for (StatisticsStore.PoolMonth p : store.poolMonths(first, last, today)) {
            months.get(p.month()).pools.put(p.poolId(), p);
        }
        for (StatisticsStore.SeatRow r : store.seats(first, last, today, inUseDays)) {
            MonthFigures mf = months.get(r.month());
            StatisticsStore.PoolMonth p = mf.pools.get(r.poolId());
            Long price = p == null ? null : SeatPrice.unitPriceOre(p.entitledValueOre(), p.entitledQuantity());
            mf.add(r, price);
        }
        for (StatisticsStore.MemberRow m : store.members(first, last, today)) {
            months.get(m.month()).members.put(m.unitId(), m);
        }
        months.values().forEach(MonthFigures::roll);
        return months;
    }

    /** Adds one unit's seats in one pool (in the product order of {@link StatisticsStore#seats}). */
    void add(StatisticsStore.SeatRow r, Long price) {
        seats.add(new PricedSeats(r, price, Seats.of(r.allocated(), r.assigned(), r.inUse(), r.neverUsed(), price,
                r.metric()), seats.size()));
    }

    /**
     * Sums every unit's seats and members into itself and each of its ancestors on the day (the units whose
     * {@link #subtree} holds it), and notes each seat-holding unit's organ. Called once, after loading.
     */
    void roll() {
        for (PricedSeats p : seats) {
            seatsByUnit.computeIfAbsent(p.row().unitId(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Long, List<PricedSeats>> e : seatsByUnit.entrySet()) {
            Seats own = e.getValue().stream().map(PricedSeats::seats).reduce(Seats.ZERO, Seats::plus);
            for (Long a : selfAndAncestors(e.getKey())) {
                treeSeats.merge(a, own, Seats::plus);
            }
            organs.put(e.getKey(), organOf(e.getKey()));
        }
        for (StatisticsStore.MemberRow m : members.values()) {
            for (Long a : selfAndAncestors(m.unitId())) {
                long[] sum = treeMembers.computeIfAbsent(a, k -> new long[2]);
                sum[0] += m.persons();
                sum[1] += m.devices();
            }
        }
    }

    /** The unit, its parent, and so on up while the unit is known on the day: the units whose subtree holds it. */
    List<Long> selfAndAncestors(long unitId) {
        List<Long> chain = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        Long id = unitId;
        while (id != null && seen.add(id)) {
            chain.add(id);
            StatisticsStore.UnitRow u = units.get(id);
            id = u == null ? null : u.parentId();
        }
        return chain;
    }

    /** The seats of the unit with everything below it (rolled up; equal to {@code seatsOf(subtree(unitId))}). */
    Seats treeSeats(long unitId) {
        return treeSeats.getOrDefault(unitId, Seats.ZERO);
    }

    /** The figures of the unit with everything below it (equal to {@code unitFigures(subtree(unitId))}). */
    StatisticsViews.Figures treeFigures(long unitId) {
        long[] m = treeMembers.getOrDefault(unitId, new long[2]);
        return StatisticsViews.Figures.of(treeSeats(unitId), m[0], m[1]);
    }

    /** The organs of the units holding seats (rolled up). */
    Set<Long> seatHoldingOrgans() {
        return new LinkedHashSet<>(organs.values());
    }

    /** The unit's seats (with everything below it) per product, from the seat rows of its subtree only. */
    Map<Long, Seats> treeSeatsByProduct(long unitId) {
        Map<Long, Seats> sums = new HashMap<>();
        for (Long id : subtree(unitId)) {
            for (PricedSeats p : seatsByUnit.getOrDefault(id, List.of())) {
                sums.merge(p.row().productId(), p.seats(), Seats::plus);
            }
        }
        return sums;
    }

    /** The unit and every unit below it on the month's last day. */
    Set<Long> subtree(long unitId) {
        Set<Long> ids = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(unitId));
        while (!todo.isEmpty()) {
            Long id = todo.pop();
            if (ids.add(id)) {
                todo.addAll(children.getOrDefault(id, List.of()));
            }
        }
        return ids;
    }

    /** The nämnd or bolag a unit belongs to (itself if it is one), else its topmost ancestor (the kommun). */
    Long organOf(long unitId) {
        Long id = unitId;
        Long last = unitId;
        Set<Long> seen = new java.util.HashSet<>();
        while (id != null && seen.add(id)) {
            StatisticsStore.UnitRow u = units.get(id);
            if (u == null) {
                return last;
            }
            if (ORGAN_KINDS.contains(u.kind())) {
                return id;
            }
            last = id;
            id = u.parentId();
        }
        return last;
    }

    Seats seatsOf(Set<Long> unitIds) {
        Seats s = Seats.ZERO;
        for (PricedSeats p : seats) {
            if (unitIds.contains(p.row().unitId())) {
                s = s.plus(p.seats());
            }
        }
        return s;
    }

    Seats seatsOf(Set<Long> unitIds, long productId) {
        Seats s = Seats.ZERO;
        for (PricedSeats p : seats) {
            if (p.row().productId() == productId && unitIds.contains(p.row().unitId())) {
                s = s.plus(p.seats());
            }
        }
        return s;
    }

    Seats allSeats() {
        return seats.stream().map(PricedSeats::seats).reduce(Seats.ZERO, Seats::plus);
    }

    long persons(Set<Long> unitIds) {
        return unitIds.stream().mapToLong(id -> members.containsKey(id) ? members.get(id).persons() : 0).sum();
    }

    long devices(Set<Long> unitIds) {
        return unitIds.stream().mapToLong(id -> members.containsKey(id) ? members.get(id).devices() : 0).sum();
    }

    StatisticsViews.Figures unitFigures(Set<Long> unitIds) {
        return StatisticsViews.Figures.of(seatsOf(unitIds), persons(unitIds), devices(unitIds));
    }

    StatisticsViews.UnitRef ref(long unitId) {
        StatisticsStore.UnitRow u = units.get(unitId);
        return u == null ? new StatisticsViews.UnitRef(unitId, null, null, null)
                : new StatisticsViews.UnitRef(u.unitId(), u.code(), u.name(), u.kind());
    }

    /**
     * Products held in the unit and below it, with their figures, in product name order: from the seat rows of its
     * subtree only (equal to {@code products(subtree(unitId))}).
     */
    List<StatisticsViews.ProductFigures> treeProducts(long unitId) {
        List<PricedSeats> rows = new ArrayList<>();
        for (Long id : subtree(unitId)) {
            rows.addAll(seatsByUnit.getOrDefault(id, List.of()));
        }
        rows.sort(java.util.Comparator.comparingInt(PricedSeats::index));
        return products(rows);
    }

    /** Products held in the units (all: {@code null}), with their figures, in product name order. */
    List<StatisticsViews.ProductFigures> products(Set<Long> unitIds) {
        return products(unitIds == null ? seats
                : seats.stream().filter(p -> unitIds.contains(p.row().unitId())).toList());
    }

    private static List<StatisticsViews.ProductFigures> products(List<PricedSeats> rows) {
        Map<Long, StatisticsStore.SeatRow> first = new java.util.LinkedHashMap<>();
        Map<Long, Seats> sums = new HashMap<>();
        for (PricedSeats p : rows) {
            first.putIfAbsent(p.row().productId(), p.row());
            sums.merge(p.row().productId(), p.seats(), Seats::plus);
        }
        return first.values().stream().map(r -> new StatisticsViews.ProductFigures(r.productId(), r.productName(),
                r.edition(), r.sku(), r.metric(), family(r.publisher(), r.productName()),
                StatisticsViews.Figures.of(sums.get(r.productId())))).toList();
    }

    static String family(String publisher, String name) {
        return (publisher == null ? "" : publisher.trim() + " ") + name.trim();
    }

    String monthText() {
        return month.toString().substring(0, 7);
    }
}
