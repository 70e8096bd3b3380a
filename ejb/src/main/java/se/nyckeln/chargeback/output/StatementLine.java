package se.nyckeln.chargeback.output;

import java.math.BigDecimal;

/** One cost pool's share for the unit: the key, the unit's and the total quantity, the rate and the amount. */
public record StatementLine(String costPool, String costType, String key,
        BigDecimal unitQuantity, BigDecimal totalQuantity, String quantityUnit,
        BigDecimal rateOrePerUnit, long amountOre) {
}
