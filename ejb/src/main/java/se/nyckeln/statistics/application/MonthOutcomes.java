package se.nyckeln.statistics.application;

import se.nyckeln.statistics.infrastructure.StatisticsStore;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the licence work achieved in one month, read once per data revision ({@link MonthFiguresCache}) and rolled
 * up like the seat figures ({@link MonthFigures#roll()}): reuse (seats harvested, seats reallocated, purchases
 * avoided and their SEK), licence spend by matching verdict (agreement fidelity) and the active suppliers. Each
 * unit's own rows are added to itself and each of its ancestors on the month's last day, so that a unit with
 * everything below it is one look-up; the organ (nämnd or bolag) of every row's unit is noted for the city view.
 * Read-only once loaded and shared by concurrent requests.
 */
final class MonthOutcomes {

    /** Indexes into a reuse sum. */
    static final int HARVESTED = 0;
    static final int REALLOCATED = 1;
    static final int AVOIDED = 2;
    static final int AVOIDED_ORE = 3;
    static final int POOL_PRICED = 4;

    /** Indexes into a spend sum. */
    static final int SPEND = 0;
    static final int OK = 1;
    static final int WRONG_PRICE = 2;
    static final int WRONG_AGREEMENT = 3;
    static final int LINES = 4;

    final MonthFigures units;
    final long[] cityReuse = new long[5];
    final long[] citySpend = new long[5];
    final Set<Long> citySuppliers = new HashSet<>();
    private final Map<Long, long[]> treeReuse = new HashMap<>();
    private final Map<Long, long[]> treeSpend = new HashMap<>();
    final Map<Long, long[]> organReuse = new HashMap<>();
    final Map<Long, long[]> organSpend = new HashMap<>();
    final Map<Long, Set<Long>> organSuppliers = new HashMap<>();

    MonthOutcomes(MonthFigures units) {
        this.units = units;
    }

    /** Reads the months [first, last] with three set-based queries (and one for the organisation). */
    static Map<LocalDate, MonthOutcomes> load(StatisticsStore store, LocalDate first, LocalDate last,
                                              LocalDate today) {
        Map<LocalDate, MonthOutcomes> months = new java.util.TreeMap<>();
        MonthFigures.loadUnits(store, first, last, today).forEach((m, mf) -> months.put(m, new MonthOutcomes(mf)));
        for (StatisticsStore.ReuseRow r : store.reuse(first, last, today)) {
            months.get(r.month()).addReuse(r.unitId(), new long[] {r.harvested(), r.reallocated(), r.avoided(),
                    r.avoidedOre(), r.pricedByPool()});
        }
        for (StatisticsStore.SpendRow r : store.licenceSpend(first, last, today)) {
            months.get(r.month()).addSpend(r.unitId(), new long[] {r.spendOre(), r.okOre(), r.wrongPriceOre(),
                    r.wrongAgreementOre(), r.lines()});
        }
        for (StatisticsStore.SupplierRow r : store.activeSuppliers(first, last, today)) {
            months.get(r.month()).addSupplier(r.unitId(), r.supplierId());
        }
        return months;
    }

    void addReuse(long unitId, long[] values) {
        add(cityReuse, values);
        for (Long a : units.selfAndAncestors(unitId)) {
            add(treeReuse.computeIfAbsent(a, k -> new long[5]), values);
        }
        add(organReuse.computeIfAbsent(units.organOf(unitId), k -> new long[5]), values);
    }

    /** {@code unitId} null: a line of no unit (city totals only). */
    void addSpend(Long unitId, long[] values) {
        add(citySpend, values);
        if (unitId == null) {
            return;
        }
        for (Long a : units.selfAndAncestors(unitId)) {
            add(treeSpend.computeIfAbsent(a, k -> new long[5]), values);
        }
        add(organSpend.computeIfAbsent(units.organOf(unitId), k -> new long[5]), values);
    }

    void addSupplier(Long unitId, long supplierId) {
        citySuppliers.add(supplierId);
        if (unitId != null) {
            organSuppliers.computeIfAbsent(units.organOf(unitId), k -> new HashSet<>()).add(supplierId);
        }
    }

    private static void add(long[] sum, long[] values) {
        for (int i = 0; i < values.length; i++) {
            sum[i] += values[i];
        }
    }

    /** The unit's reuse with everything below it. */
    long[] treeReuse(long unitId) {
        return treeReuse.getOrDefault(unitId, new long[5]);
    }

    /** The unit's licence spend with everything below it. */
    long[] treeSpend(long unitId) {
        return treeSpend.getOrDefault(unitId, new long[5]);
    }

    /** The organs with any outcome in the month. */
    Set<Long> organs() {
        Set<Long> all = new LinkedHashSet<>(organReuse.keySet());
        all.addAll(organSpend.keySet());
        all.addAll(organSuppliers.keySet());
        return all;
    }
}
