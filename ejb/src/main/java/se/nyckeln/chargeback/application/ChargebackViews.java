package se.nyckeln.chargeback.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the chargeback use cases answer (serialised as JSON by the REST layer). */
public final class ChargebackViews {

    private ChargebackViews() {
    }

    public record SystemView(long id, String code, String name, String tier, long ownerUnitId, String ownerUnitCode,
                             LocalDate validFrom, LocalDate validTo) {
    }

    public record CostTypeView(long id, String code, String name, String category, String account,
                               List<ModelShare> models) {
    }

    /** A model and its share of a cost type; {@code percent} is the share's part of all shares (two decimals). */
    public record ModelShare(String model, Integer molndalNumber, BigDecimal share, BigDecimal percent) {
    }

    public record KeyVersionView(long id, LocalDate validFrom, Map<String, BigDecimal> tierWeights,
                                 BigDecimal pupilDeviceWeight, String decidedBy, LocalDate decidedOn,
                                 String decisionReference, String createdBy, List<FixedShare> fixedShares) {
    }

    public record FixedShare(long unitId, String unitCode, BigDecimal percent) {
    }

    public record CostPoolView(long id, String period, String costType, long amountOre, String sourceReference,
                               String description, Long productId, String createdBy) {
    }

    public record ImportedMeasureView(String period, String measure, long unitId, String unitCode,
                                      BigDecimal quantity) {
    }

    /** What "cost pools from licence invoices" did: the pools it created and how many invoices already had one. */
    public record PoolsFromPurchases(String period, String costType, List<CostPoolView> created, int alreadyPresent) {
    }

    public record ImportReport(String kind, String file, int rows, int created, int updated, int unchanged) {
    }

    public record LedgerView(Map<String, String> settings, List<UnitLedger> units) {
    }

    public record UnitLedger(long unitId, String unitCode, String costCentre, String motpart) {
    }

    public record RunView(long id, String period, String kind, String state, Long keyVersionId, String preparedBy,
                          Instant preparedAt, String approvedBy, Instant approvedAt, String postedBy,
                          Instant postedAt, String contentHash, Long poolsTotalOre, Long chargedOre,
                          Long notDistributedOre, Long flaggedOre, Long adjustmentsOre, List<Flag> flags) {
        /** For a unit viewer: the run without the city-wide figures, which are not its to see. */
        public RunView scoped() {
            return new RunView(id, period, kind, state, keyVersionId, preparedBy, preparedAt, approvedBy, approvedAt,
                    postedBy, postedAt, contentHash, null, null, null, null, null, List.of());
        }
    }

    /** A pool part that could not be distributed: the key has no measure in the period (or no product). */
    public record Flag(long poolId, String sourceReference, String costType, String model, String measureKey,
                       long amountOre, String reason) {
    }

    public record UnitTotal(long unitId, String unitCode, String unitName, String unitKind, boolean bolag,
                            long chargesOre, long adjustmentsOre, long totalOre) {
    }

    public record StatementLine(long lineId, String kind, Long poolId, String sourceReference, String costType,
                                String model, String measureKey, BigDecimal unitQuantity, BigDecimal totalQuantity,
                                long amountOre, Long correctsRunId, Long correctsLineId, String text) {
    }

    public record Statement(long runId, String period, String state, long unitId, String unitCode, String unitName,
                            boolean bolag, String costCentre, List<StatementLine> lines, long totalOre) {
    }

    public record MeasureView(String measureKey, long unitId, String unitCode, BigDecimal quantity) {
    }

    public record BasisItemView(String itemKind, Long itemId, String itemLabel, long sourceUnitId, LocalDate from,
                                LocalDate to, Integer days, BigDecimal weight, BigDecimal quantity) {
    }

    /**
     * A statement line down to its items. unitCode and unitName are as frozen with the run. itemsChangedSinceDraft:
     * for a draft or approved run, whose items are computed when explained, true when they no longer add up to the
     * stored quantity and item count (the data changed after the draft; recompute it); always false once posted.
     */
    public record Explanation(StatementLine line, String unitCode, String unitName, String poolDescription,
                              long poolAmountOre, long partAmountOre, BigDecimal unitQuantity, BigDecimal totalQuantity,
                              List<BasisItemView> items, boolean itemsChangedSinceDraft) {
    }

    public record WhatIf(long runId, String period, Long previousRunId, String previousPeriod,
                         boolean keyVersionChanged, List<UnitChange> units) {
    }

    public record UnitChange(long unitId, String unitCode, long previousOre, long currentOre, long changeOre,
                             List<Reason> reasons) {
    }

    /** Why a unit's total moved: its measure share, a pool amount or a new key version; effect in öre (estimate). */
    public record Reason(String kind, String costType, String model, long effectOre, String detail) {
    }
}
