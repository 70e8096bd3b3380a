package se.nyckeln.statistics.application;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import se.nyckeln.platform.problem.BusinessException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public open-data aggregates of a completed month (docs/open-data.md): per product family, city-wide and per
 * nämnd/bolag. No person, device, assignment or unit below a nämnd/bolag appears; counts of seats assigned or in
 * use from 1 to {@link Disclosure#MIN_COUNT} − 1 are suppressed, and where a family has exactly one suppressed
 * nämnd/bolag row the next smallest is suppressed too, so that no suppressed count follows from the city total.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class OpenData {

    /** The in-use window of the open data: activity within 90 days of the month's last day. */
    public static final int IN_USE_DAYS = 90;

    @EJB
    private StatisticsStore store;

    @Inject
    private Clock clock;

    /**
     * One published row. {@code level} CITY (organ fields absent) or ORGAN. {@code entitled} only at CITY level and
     * absent for an unlimited (site) licence; {@code assigned}, {@code inUse} and {@code utilisationPercent} absent
     * when {@code suppressed}.
     */
    public record Row(String month, String level, String organCode, String organName, String organKind,
                      String productFamily, Long entitled, long licences, Long assigned, Long inUse,
                      BigDecimal utilisationPercent, long costOre, boolean suppressed) {
    }

    public record Dataset(String month, LocalDate asOf, int inUseDays, int suppressionThreshold, List<Row> rows) {
    }

    /** The month must be complete (before the current month), so that a published file does not change by date. */
    public Dataset month(YearMonth month) {
        LocalDate today = LocalDate.now(clock);
        if (!month.isBefore(YearMonth.from(today))) {
            throw BusinessException.notFound("OpenDataMonth", month.toString());
        }
        LocalDate first = month.atDay(1);
        MonthFigures mf = MonthFigures.load(store, first, first, today, IN_USE_DAYS).get(first);
        return new Dataset(mf.monthText(), mf.day, IN_USE_DAYS, Disclosure.MIN_COUNT, rows(mf));
    }

    static List<Row> rows(MonthFigures mf) {
        Map<String, Seats> city = new java.util.TreeMap<>();
        Map<String, Map<Long, Seats>> organs = new java.util.TreeMap<>();
        for (MonthFigures.PricedSeats p : mf.seats) {
            String family = MonthFigures.family(p.row().publisher(), p.row().productName());
            city.merge(family, p.seats(), Seats::plus);
            organs.computeIfAbsent(family, k -> new LinkedHashMap<>())
                    .merge(mf.organOf(p.row().unitId()), p.seats(), Seats::plus);
        }
        Map<String, Long> entitled = new java.util.HashMap<>();
        Map<String, Boolean> unlimited = new java.util.HashMap<>();
        for (StatisticsStore.PoolMonth p : mf.pools.values()) {
            String family = MonthFigures.family(p.publisher(), p.productName());
            entitled.merge(family, p.entitledQuantity(), Long::sum);
            if ("SITE".equals(p.metric()) && p.entitledQuantity() > 0) {
                unlimited.put(family, true);
            }
        }
        String m = mf.monthText();
        List<Row> rows = new ArrayList<>();
        for (var e : city.entrySet()) {
            String family = e.getKey();
            Long ent = unlimited.getOrDefault(family, false) ? null : entitled.getOrDefault(family, 0L);
            rows.add(row(m, "CITY", null, family, ent, e.getValue(), tooSmall(e.getValue())));
            List<Map.Entry<Long, Seats>> byOrgan = new ArrayList<>(organs.get(family).entrySet());
            boolean[] suppressed = new boolean[byOrgan.size()];
            int count = 0;
            for (int i = 0; i < byOrgan.size(); i++) {
                suppressed[i] = tooSmall(byOrgan.get(i).getValue());
                count += suppressed[i] ? 1 : 0;
            }
            if (count == 1) {
                // one hidden cell would be the city total minus the shown ones: hide the next smallest as well
                int next = -1;
                for (int i = 0; i < byOrgan.size(); i++) {
                    if (!suppressed[i] && (next < 0
                            || byOrgan.get(i).getValue().assigned() < byOrgan.get(next).getValue().assigned())) {
                        next = i;
                    }
                }
                if (next >= 0) {
                    suppressed[next] = true;
                }
            }
            List<Row> organRows = new ArrayList<>();
            for (int i = 0; i < byOrgan.size(); i++) {
                organRows.add(row(m, "ORGAN", mf.units.get(byOrgan.get(i).getKey()), family, null,
                        byOrgan.get(i).getValue(), suppressed[i]));
            }
            organRows.sort(Comparator.comparing(r -> r.organCode() == null ? "" : r.organCode()));
            rows.addAll(organRows);
        }
        return rows;
    }

    private static boolean tooSmall(Seats s) {
        return Disclosure.tooSmall(s.assigned()) || Disclosure.tooSmall(s.inUse())
                || Disclosure.tooSmall(s.assigned() - s.inUse());
    }

    private static Row row(String month, String level, StatisticsStore.UnitRow organ, String family, Long entitled,
                           Seats s, boolean suppressed) {
        return new Row(month, level, organ == null ? null : organ.code(), organ == null ? null : organ.name(),
                organ == null ? null : organ.kind(), family, entitled, s.allocated(),
                suppressed ? null : s.assigned(), suppressed ? null : s.inUse(),
                suppressed ? null : Ratios.percent(s.inUse(), s.allocated()), s.allocatedValueOre(), suppressed);
    }
}
