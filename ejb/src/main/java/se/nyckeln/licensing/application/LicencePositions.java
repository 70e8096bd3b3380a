package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.licensing.domain.Valuation;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.platform.security.AccessScope;

import java.time.LocalDate;
import java.util.List;

/**
 * The effective licence position (ELP) on a day: per pool city-wide, and per pool and unit (a unit viewer gets
 * only its own units' rows). Counts come from one SQL projection; this only prices them (see {@link Valuation}).
 */
@Stateless
public class LicencePositions {

    @EJB
    private LicensingStore store;

    @EJB
    private AccessScope access;

    /** {@code entitled}, {@code surplus} and its value are null for an unlimited (site) pool. */
    public record PoolPosition(long poolId, long productId, String productName, String sku, String metric,
                               long ownerUnitId, LocalDate asOf, int inUseDays, Long entitled, long allocated,
                               long assigned, long inUse, Long surplus, long unassigned, long unused,
                               Long unitPriceOre, Long surplusValueOre, Long unassignedValueOre,
                               Long unusedValueOre) {
    }

    public record UnitPosition(long poolId, long productId, String productName, String sku, String metric,
                               long ownerUnitId, long unitId, LocalDate asOf, int inUseDays, long allocated,
                               long assigned, long inUse, long unassigned, long unused, Long unitPriceOre,
                               Long allocatedValueOre, Long unassignedValueOre, Long unusedValueOre) {
    }

    public List<PoolPosition> pools(LocalDate asOf, int inUseDays) {
        return store.poolPositions(asOf, asOf.minusDays(inUseDays)).stream().map(r -> {
            // a site licence with a valid entitlement has no seat count to fall short of
            boolean unlimited = r.metric().unlimited() && r.entitledQuantity() > 0;
            Long entitled = unlimited ? null : r.entitledQuantity();
            Long surplus = unlimited ? null : r.entitledQuantity() - r.allocated();
            Long price = Valuation.unitPriceOre(r.entitledValueOre(), r.entitledQuantity());
            long unassigned = r.allocated() - r.assigned();
            long unused = r.assigned() - r.inUse();
            return new PoolPosition(r.poolId(), r.productId(), r.productName(), r.sku(), r.metric().name(),
                    r.ownerUnitId(), asOf, inUseDays, entitled, r.allocated(), r.assigned(), r.inUse(), surplus,
                    unassigned, unused, price, Valuation.value(surplus, price), Valuation.value(unassigned, price),
                    Valuation.value(unused, price));
        }).toList();
    }

    public List<UnitPosition> units(LocalDate asOf, int inUseDays) {
        Long[] ids = access.current().idsOrNull();
        return store.unitPositions(asOf, asOf.minusDays(inUseDays), ids).stream().map(r -> {
            Long price = Valuation.unitPriceOre(r.entitledValueOre(), r.entitledQuantity());
            long unassigned = r.allocated() - r.assigned();
            long unused = r.assigned() - r.inUse();
            return new UnitPosition(r.poolId(), r.productId(), r.productName(), r.sku(), r.metric().name(),
                    r.ownerUnitId(), r.unitId(), asOf, inUseDays, r.allocated(), r.assigned(), r.inUse(), unassigned,
                    unused, price, Valuation.value(r.allocated(), price), Valuation.value(unassigned, price),
                    Valuation.value(unused, price));
        }).toList();
    }
}
