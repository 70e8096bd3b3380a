package se.nyckeln.licensing.application;

import java.time.LocalDate;
import java.util.List;

/** What the licensing use cases answer with. */
public final class LicensingViews {

    private LicensingViews() {
    }

    public record ProductEntry(long id, String publisher, String name, String edition, String sku, String metric,
                               String term, List<String> aliases) {
    }

    /** A unit's seats in a pool on the day asked for. */
    public record UnitAllocation(long unitId, long quantity) {
    }

    /**
     * A pool: {@code unlimited} (a site licence) has no capacity and no free count (both null, so left out of
     * the JSON). {@code allocations} lists only the units the caller may see.
     */
    public record PoolEntry(long id, long productId, String productName, String sku, String metric, long ownerUnitId,
                            boolean unlimited, Long capacity, long allocated, Long free, boolean bolagMayDraw, LocalDate asOf,
                            List<UnitAllocation> allocations) {
    }

    public record EntitlementEntry(long id, long poolId, long productId, long ownerUnitId, long quantity,
                                   long unitPriceOre, String purchaseReference, LocalDate validFrom,
                                   LocalDate validTo, boolean bolagMayDraw, Long poolCapacity) {
    }

    public record ReallocationEntry(long id, long poolId, long fromUnitId, long toUnitId, long quantity,
                                    LocalDate from, String reason, long fromUnitHolds, long toUnitHolds) {
    }

    /** A seat given to a person or a device (the other is null); {@code validTo} null while it lasts. */
    public record AssignmentEntry(long id, long poolId, long unitId, Long personId, Long deviceId, LocalDate validFrom,
                                  LocalDate validTo, String createdBy) {
    }
}
