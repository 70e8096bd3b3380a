package se.nyckeln.statistics.application;

import se.nyckeln.statistics.domain.Ratios;
import se.nyckeln.statistics.domain.Seats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the statistics answer. Each answer is an object, so that later figures can be added as new fields without
 * breaking clients. The outcomes (reuse, agreement fidelity, supplier counts) are answers of their own.
 */
public final class StatisticsViews {

    private StatisticsViews() {
    }

    public record UnitRef(long id, String code, String name, String kind) {
    }

    /**
     * Seat figures of a unit (with everything below it), an organ or the city at a month's end. {@code persons},
     * {@code devices} and the costs per head are present for units (members on the day), absent for products.
     */
    public record Figures(long allocated, long assigned, long inUse, long shelfware, long neverUsed,
                          BigDecimal utilisationPercent, long allocatedValueOre, long shelfwareValueOre,
                          long unpricedSeats, Long persons, Long devices, Long costPerUserOre, Long costPerDeviceOre) {

        static Figures of(Seats s) {
            return new Figures(s.allocated(), s.assigned(), s.inUse(), s.shelfware(), s.neverUsed(),
                    s.utilisationPercent(), s.allocatedValueOre(), s.shelfwareValueOre(), s.unpricedSeats(), null,
                    null, null, null);
        }

        static Figures of(Seats s, long persons, long devices) {
            return new Figures(s.allocated(), s.assigned(), s.inUse(), s.shelfware(), s.neverUsed(),
                    s.utilisationPercent(), s.allocatedValueOre(), s.shelfwareValueOre(), s.unpricedSeats(), persons,
                    devices, Ratios.perHead(s.userValueOre(), persons), Ratios.perHead(s.deviceValueOre(), devices));
        }
    }

    public record UnitFigures(UnitRef unit, Figures figures) {
    }

    /** {@code family}: the publisher and product name without edition (the open-data grouping). */
    public record ProductFigures(long productId, String productName, String edition, String sku, String metric,
                                 String family, Figures figures) {
    }

    public record CityView(String month, LocalDate asOf, int inUseDays, Figures figures, List<UnitFigures> organs,
                           List<ProductFigures> products) {
    }

    public record UnitView(String month, LocalDate asOf, int inUseDays, UnitRef unit, Figures figures,
                           List<UnitFigures> children, List<ProductFigures> products) {
    }

    public record TrendPoint(String month, LocalDate asOf, Figures figures) {
    }

    /** The licence position of a product (all its pools) at a month's end; entitled absent when unlimited. */
    public record ProductTrendPoint(String month, LocalDate asOf, long productId, String productName, String sku,
                                    String metric, Long entitled, long allocated, long assigned, long inUse,
                                    Long surplus, long shelfware, BigDecimal utilisationPercent) {
    }

    public record SeatHolder(long assignmentId, long unitId, Long personId, Long deviceId, LocalDate validFrom,
                             LocalDate lastActivity, boolean inUse) {
    }

    public record SeatsView(String month, LocalDate asOf, int inUseDays, UnitRef unit, long productId,
                            List<SeatHolder> seats) {
    }

    /**
     * The unit against the median of the other units of its kind. {@code peerUnits} is how many units the median is
     * over; below {@code minPeerUnits} the median is absent and {@code suppressed} true.
     */
    public record PeerFigure(BigDecimal own, int peerUnits, BigDecimal median, boolean suppressed) {
    }

    public record PeerAmount(Long ownOre, int peerUnits, Long medianOre, boolean suppressed) {
    }

    public record ProductComparison(long productId, String productName, String sku, PeerFigure utilisationPercent) {
    }

    public record Comparison(String month, LocalDate asOf, int inUseDays, UnitRef unit, String peerKind,
                             int minPeerUnits, PeerFigure utilisationPercent, PeerAmount costPerUserOre,
                             List<ProductComparison> products) {
    }

    /**
     * A link from the statistics to one of the unit's chargeback statements (what it pays and why): the run, the
     * unit (the unit itself or one below it, usually its nämnd or bolag), the statement's total and where to open it
     * (JSON and PDF, {@code docs/chargeback-api.md}).
     */
    public record StatementLink(long runId, String period, String state, UnitRef unit, long totalOre,
                                String statement, String pdf) {
    }

    public record StatementsView(String month, UnitRef unit, List<StatementLink> statements) {
    }

    /**
     * Reuse achieved in a month: seats harvested (taken back by approved harvest proposals), seats reallocated (moved
     * to the unit from another), purchases avoided (seats of requests filled from the pool) and the SEK those
     * represent ({@code avoidedOre}: at the agreed list price, {@code avoidedAtPoolPriceSeats} of them at the pool's
     * seat price for want of one; docs/statistics-outcomes.md).
     */
    public record Reuse(long seatsHarvested, long seatsReallocated, long purchasesAvoided, long avoidedOre,
                        long avoidedAtPoolPriceSeats) {

        static Reuse of(long[] r) {
            return new Reuse(r[MonthOutcomes.HARVESTED], r[MonthOutcomes.REALLOCATED], r[MonthOutcomes.AVOIDED],
                    r[MonthOutcomes.AVOIDED_ORE], r[MonthOutcomes.POOL_PRICED]);
        }
    }

    /**
     * Agreement fidelity (avtalstrohet) in a month: licence spend (öre) in total and on the right agreement at the
     * agreed price (verdict OK), at a wrong price, on the wrong agreement, and the rest (no agreement, not valid,
     * buyer not entitled, unknown product); {@code percent} = onAgreement / licenceSpend × 100, one decimal half up,
     * absent when the spend is not positive.
     */
    public record Fidelity(long licenceSpendOre, long onAgreementOre, long wrongPriceOre, long wrongAgreementOre,
                           long otherOre, long lines, BigDecimal percent) {

        static Fidelity of(long[] s) {
            long total = s[MonthOutcomes.SPEND];
            long ok = s[MonthOutcomes.OK];
            long wp = s[MonthOutcomes.WRONG_PRICE];
            long wa = s[MonthOutcomes.WRONG_AGREEMENT];
            return new Fidelity(total, ok, wp, wa, total - ok - wp - wa, s[MonthOutcomes.LINES],
                    Ratios.percent(ok, total));
        }
    }

    /** A unit's outcomes in one month, with the median fidelity of the other units of its kind (aggregate only). */
    public record OutcomePoint(String month, LocalDate asOf, Reuse reuse, Fidelity fidelity,
                               PeerFigure fidelityPercent) {
    }

    public record UnitOutcomes(UnitRef unit, String peerKind, int minPeerUnits, List<OutcomePoint> months) {
    }

    /** A nämnd or bolag in the city's outcomes; {@code activeSuppliers}: suppliers with IT spend by its units. */
    public record OrganOutcome(UnitRef unit, Reuse reuse, Fidelity fidelity, long activeSuppliers) {
    }

    /** The city's outcomes in one month: every unit's (and unmapped buyers' spend) and per nämnd/bolag. */
    public record CityOutcomePoint(String month, LocalDate asOf, Reuse reuse, Fidelity fidelity,
                                   long activeSuppliers, List<OrganOutcome> organs) {
    }
}
