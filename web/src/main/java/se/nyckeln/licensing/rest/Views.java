package se.nyckeln.licensing.rest;

import se.nyckeln.licensing.application.LicensingViews;

import java.time.LocalDate;
import java.util.List;

/**
 * The JSON shapes the licensing API answers with (kept apart from the application's records, so the API can
 * stay stable while the services change). Amounts are öre; a null capacity or free count means unlimited.
 */
public final class Views {

    private Views() {
    }

    public record ProductView(long id, String publisher, String name, String edition, String sku, String metric,
                              String term, List<String> aliases) {
        static ProductView of(LicensingViews.ProductEntry p) {
            return new ProductView(p.id(), p.publisher(), p.name(), p.edition(), p.sku(), p.metric(), p.term(),
                    p.aliases());
        }
    }

    public record UnitAllocationView(long unitId, long quantity) {
    }

    public record PoolView(long id, long productId, String productName, String sku, String metric, long ownerUnitId,
                           boolean unlimited, Long capacity, long allocated, Long free, boolean bolagMayDraw,
                           LocalDate asOf, List<UnitAllocationView> allocations) {
        static PoolView of(LicensingViews.PoolEntry p) {
            return new PoolView(p.id(), p.productId(), p.productName(), p.sku(), p.metric(), p.ownerUnitId(),
                    p.unlimited(), p.capacity(), p.allocated(), p.free(), p.bolagMayDraw(), p.asOf(),
                    p.allocations().stream().map(a -> new UnitAllocationView(a.unitId(), a.quantity())).toList());
        }
    }

    public record EntitlementView(long id, long poolId, long productId, long ownerUnitId, long quantity,
                                  long unitPriceOre, String purchaseReference, LocalDate validFrom, LocalDate validTo,
                                  boolean bolagMayDraw, Long poolCapacity) {
        static EntitlementView of(LicensingViews.EntitlementEntry e) {
            return new EntitlementView(e.id(), e.poolId(), e.productId(), e.ownerUnitId(), e.quantity(),
                    e.unitPriceOre(), e.purchaseReference(), e.validFrom(), e.validTo(), e.bolagMayDraw(),
                    e.poolCapacity());
        }
    }

    public record ReallocationView(long id, long poolId, long fromUnitId, long toUnitId, long quantity,
                                   LocalDate from, String reason, long fromUnitHolds, long toUnitHolds) {
        static ReallocationView of(LicensingViews.ReallocationEntry r) {
            return new ReallocationView(r.id(), r.poolId(), r.fromUnitId(), r.toUnitId(), r.quantity(), r.from(),
                    r.reason(), r.fromUnitHolds(), r.toUnitHolds());
        }
    }

    /** {@code personId} or {@code deviceId} (the other absent); {@code validTo} absent while it lasts. */
    public record AssignmentView(long id, long poolId, long unitId, Long personId, Long deviceId, LocalDate validFrom,
                                 LocalDate validTo, String createdBy) {
        static AssignmentView of(LicensingViews.AssignmentEntry a) {
            return new AssignmentView(a.id(), a.poolId(), a.unitId(), a.personId(), a.deviceId(), a.validFrom(),
                    a.validTo(), a.createdBy());
        }
    }
}
