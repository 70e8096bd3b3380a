package se.nyckeln.chargeback.output;

import java.time.YearMonth;
import java.util.List;

/**
 * Everything one unit's monthly statement shows. Amounts are öre; {@code totalOre} is lines plus adjustments
 * ex VAT; {@code vatOre} is null for a nämnd (internal charge, same legal entity) and the VAT amount for a
 * bolag where VAT is configured.
 */
public record StatementDocument(
        String unitCode, String unitName, String costCentre,
        boolean bolag, String legalEntityName, String legalEntityOrgNr,
        YearMonth period, String runReference, String runState,
        List<StatementLine> lines,
        List<AdjustmentLine> adjustments,
        long totalOre,
        Long vatOre,
        List<InfluenceItem> influence) {

    public StatementDocument {
        lines = lines == null ? List.of() : List.copyOf(lines);
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
        influence = influence == null ? List.of() : List.copyOf(influence);
    }
}
