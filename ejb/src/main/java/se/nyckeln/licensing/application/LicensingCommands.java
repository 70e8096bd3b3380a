package se.nyckeln.licensing.application;

import java.time.LocalDate;
import java.util.List;

/** The inputs of the licensing use cases (shape validated at the REST edge; business rules in the services). */
public final class LicensingCommands {

    private LicensingCommands() {
    }

    public record NewProduct(String publisher, String name, String edition, String sku, String metric, String term,
                             List<String> aliases) {
    }

    public record NewPool(long productId, long ownerUnitId, boolean bolagMayDraw) {
    }

    public record NewEntitlement(long productId, long ownerUnitId, long quantity, long unitPriceOre,
                                 String purchaseReference, LocalDate validFrom, LocalDate validTo,
                                 boolean bolagMayDraw) {
    }

    /** A corrected quantity or end date (a subscription cut back or ended early); {@code validTo} null = open. */
    public record ChangeEntitlement(long quantity, LocalDate validTo) {
    }

    public record Allocate(long unitId, long quantity) {
    }

    /** Move {@code quantity} seats of one pool from one unit to another, from {@code from} on. */
    public record Reallocate(long fromUnitId, long toUnitId, long quantity, LocalDate from, String reason) {
    }

    /** Give one seat of a pool, held by {@code unitId}, to a person or a device (exactly one) from {@code from}. */
    public record Assign(long unitId, Long personId, Long deviceId, LocalDate from) {
    }

    public record EndAssignment(LocalDate lastDay) {
    }
}
