package se.nyckeln.chargeback.application;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The inputs of the chargeback use cases (shape validated at the REST edge; business rules in the services). */
public final class ChargebackCommands {

    private ChargebackCommands() {
    }

    /** A version of a system from {@code validFrom}; an open earlier version of the same code is closed the day before. */
    public record SystemVersion(String code, String name, String tier, long ownerUnitId, LocalDate validFrom,
                                LocalDate validTo) {
    }

    public record CostType(String code, String name, String category, String account, Map<String, BigDecimal> models) {
    }

    public record KeyVersion(LocalDate validFrom, BigDecimal weightGuld, BigDecimal weightSilver,
                             BigDecimal weightBrons, BigDecimal weightKoppar, BigDecimal pupilDeviceWeight,
                             String decidedBy, LocalDate decidedOn, String decisionReference,
                             Map<Long, BigDecimal> fixedPercent) {
    }

    public record CostPool(String period, String costType, long amountOre, String sourceReference, String description,
                           Long productId) {
    }

    public record ImportedMeasure(String period, String measure, long unitId, BigDecimal quantity) {
    }
}
