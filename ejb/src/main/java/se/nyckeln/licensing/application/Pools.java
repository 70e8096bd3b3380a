package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.Capacity;
import se.nyckeln.licensing.domain.EntitlementTerm;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.time.ClockProvider;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Pools and the entitlements that fill them. There is one pool per product and owner (the kommun or a bolag);
 * its capacity today is the sum of its valid entitlements (a site licence: unlimited) and is stored on the pool
 * row, where the database can hold it against the allocated seats. Every role may read pools; a unit viewer
 * sees only its own units' allocations.
 */
@Stateless
public class Pools {

    static final String POOL = "LicencePool";
    static final String ENTITLEMENT = "Entitlement";

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private OrgTree org;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    public List<LicensingViews.PoolEntry> pools() {
        LocalDate today = clock.today();
        return store.pools().stream().map(p -> entry(p, today, List.of())).toList();
    }

    public LicensingViews.PoolEntry pool(long id, LocalDate asOf) {
        LicensingStore.PoolRow p = store.pool(id).orElseThrow(() -> BusinessException.notFound("Licenspool", id));
        UnitScope scope = access.current();
        List<LicensingViews.UnitAllocation> allocations = store.holdings(id, asOf).entrySet().stream()
                .filter(e -> scope.permits(e.getKey()))
                .map(e -> new LicensingViews.UnitAllocation(e.getKey(), e.getValue())).toList();
        return entry(p, asOf, allocations);
    }

    public LicensingViews.PoolEntry create(LicensingCommands.NewPool cmd) {
        LicensingStore.PoolRow p = createPool(cmd.productId(), cmd.ownerUnitId(), cmd.bolagMayDraw(), true);
        return pool(p.id(), clock.today());
    }

    /**
     * Adds an entitlement to the product's pool for the owner (creating the pool on first purchase) and
     * recomputes the pool's capacity for today under the pool's row lock.
     */
    public LicensingViews.EntitlementEntry addEntitlement(LicensingCommands.NewEntitlement cmd) {
        if (cmd.validTo() != null && cmd.validTo().isBefore(cmd.validFrom())) {
            throw BusinessException.invalid("entitlement-dates", "validTo", cmd.validFrom(), cmd.validTo());
        }
        LicensingStore.PoolRow pool = store.pool(cmd.productId(), cmd.ownerUnitId())
                .orElseGet(() -> createPool(cmd.productId(), cmd.ownerUnitId(), false, false));
        LicensingStore.PoolRow locked = store.lockPool(pool.id()).orElseThrow();
        long id = store.insertEntitlement(locked.id(), cmd.quantity(), cmd.unitPriceOre(),
                Catalogue.blankToNull(cmd.purchaseReference()), cmd.validFrom(), cmd.validTo(), cmd.bolagMayDraw());
        Long capacity = recompute(locked, cmd.bolagMayDraw());
        var entry = new LicensingViews.EntitlementEntry(id, locked.id(), cmd.productId(), cmd.ownerUnitId(),
                cmd.quantity(), cmd.unitPriceOre(), Catalogue.blankToNull(cmd.purchaseReference()), cmd.validFrom(),
                cmd.validTo(), cmd.bolagMayDraw(), capacity);
        audit.record(AuditTrail.Action.CREATE, ENTITLEMENT, id, cmd.ownerUnitId(),
                Catalogue.state("poolId", locked.id(), "poolCapacity", locked.capacity()), entry);
        return entry;
    }

    /**
     * Changes an entitlement's quantity or end date and recomputes the pool's capacity; refused with 409
     * {@code capacity-below-allocated} when fewer seats would remain today than are allocated (return seats
     * first), and then nothing changes.
     */
    public LicensingViews.EntitlementEntry changeEntitlement(long id, LicensingCommands.ChangeEntitlement cmd) {
        LicensingStore.EntitlementRow before = store.entitlement(id)
                .orElseThrow(() -> BusinessException.notFound("Licensrätt", id));
        if (cmd.validTo() != null && cmd.validTo().isBefore(before.validFrom())) {
            throw BusinessException.invalid("entitlement-dates", "validTo", before.validFrom(), cmd.validTo());
        }
        LicensingStore.PoolRow locked = store.lockPool(before.poolId()).orElseThrow();
        store.updateEntitlement(id, cmd.quantity(), cmd.validTo());
        Long capacity = recompute(locked, false);
        var entry = entry(store.entitlement(id).orElseThrow(), locked, capacity);
        audit.record(AuditTrail.Action.UPDATE, ENTITLEMENT, id, locked.ownerUnitId(),
                entry(before, locked, locked.capacity()), entry);
        return entry;
    }

    /**
     * A credit (a credit note or a negative ledger line for the purchase that created the entitlement) takes up to
     * {@code seats} seats back: the entitlement keeps at least 0 seats (a full credit leaves it with none, and it
     * then counts for nothing), the pool's capacity is recomputed and the change audited with the credit's
     * reference. Refused with 409 {@code capacity-below-allocated}, like any cut, when fewer seats would remain
     * today than are allocated. Answers the seats actually taken back (0 when none were left).
     */
    public long creditEntitlement(long id, long seats, String reference) {
        if (seats <= 0) {
            return 0;
        }
        LicensingStore.EntitlementRow first = store.entitlement(id)
                .orElseThrow(() -> BusinessException.notFound("Licensrätt", id));
        LicensingStore.PoolRow locked = store.lockPool(first.poolId()).orElseThrow();
        LicensingStore.EntitlementRow before = store.entitlement(id).orElseThrow();
        long taken = Math.min(seats, before.quantity());
        if (taken == 0) {
            return 0;
        }
        store.updateEntitlement(id, before.quantity() - taken, before.validTo());
        Long capacity = recompute(locked, false);
        var after = entry(store.entitlement(id).orElseThrow(), locked, capacity);
        audit.record(AuditTrail.Action.UPDATE, ENTITLEMENT, id, locked.ownerUnitId(),
                entry(before, locked, locked.capacity()), after, "credit " + reference);
        return taken;
    }

    private static LicensingViews.EntitlementEntry entry(LicensingStore.EntitlementRow e, LicensingStore.PoolRow pool,
                                                         Long capacity) {
        return new LicensingViews.EntitlementEntry(e.id(), e.poolId(), pool.productId(), pool.ownerUnitId(),
                e.quantity(), e.unitPriceOre(), e.purchaseReference(), e.validFrom(), e.validTo(), e.bolagMayDraw(),
                capacity);
    }

    /**
     * The pool's capacity today from its entitlements, written to the pool row; refused (409) when fewer seats
     * would remain than are allocated. The caller holds the pool's row lock.
     */
    private Long recompute(LicensingStore.PoolRow locked, boolean bolagMayDraw) {
        List<EntitlementTerm> terms = store.entitlements(locked.id()).stream()
                .map(LicensingStore.EntitlementRow::term).toList();
        OptionalLong cap = Capacity.on(locked.metric(), terms, clock.today());
        Long capacity = cap.isPresent() ? cap.getAsLong() : null;
        if (!store.setCapacity(locked.id(), capacity, bolagMayDraw)) {
            throw BusinessException.conflict("capacity-below-allocated", capacity, locked.allocated());
        }
        return capacity;
    }

    private LicensingStore.PoolRow createPool(long productId, long ownerUnitId, boolean bolagMayDraw,
                                              boolean refuseExisting) {
        var product = store.product(productId).orElseThrow(() -> BusinessException.notFound("Produkt", productId));
        UnitNode owner = org.unit(ownerUnitId, clock.today());
        if (!"KOMMUN".equals(owner.kind()) && !"BOLAG".equals(owner.kind())) {
            throw BusinessException.invalid("pool-owner-not-legal-entity", "ownerUnitId", owner.code(), owner.kind());
        }
        // a new pool has no entitlements yet: no seats, even for a site licence
        long id = store.insertPool(productId, ownerUnitId, 0L, bolagMayDraw);
        if (id < 0) {
            if (refuseExisting) {
                throw BusinessException.conflict("pool-exists", product.name(), owner.code());
            }
            return store.pool(productId, ownerUnitId).orElseThrow();
        }
        LicensingStore.PoolRow created = store.pool(id).orElseThrow();
        audit.record(AuditTrail.Action.CREATE, POOL, id, ownerUnitId, null, Catalogue.state("productId", productId,
                "ownerUnitId", ownerUnitId, "capacity", 0L, "allocated", 0L, "bolagMayDraw", bolagMayDraw));
        return created;
    }

    /**
     * The nightly refresh of every pool's stored capacity to today's entitlements (see
     * {@link LicensingStore#refreshCapacities}); one audit event lists the pools that changed.
     */
    public List<LicensingStore.CapacityChange> refreshCapacities() {
        LocalDate today = clock.today();
        List<LicensingStore.CapacityChange> changed = store.refreshCapacities(today);
        if (!changed.isEmpty()) {
            audit.record(AuditTrail.Action.UPDATE, "PoolCapacityRefresh", today, null, null, changed);
        }
        return changed;
    }

    static LicensingViews.PoolEntry entry(LicensingStore.PoolRow p, LocalDate asOf,
                                          List<LicensingViews.UnitAllocation> allocations) {
        Long free = p.capacity() == null ? null : Capacity.free(p.capacity(), p.allocated());
        return new LicensingViews.PoolEntry(p.id(), p.productId(), p.productName(), p.sku(), p.metric().name(),
                p.ownerUnitId(), p.capacity() == null, p.capacity(), p.allocated(), free, p.bolagMayDraw(), asOf, allocations);
    }

    static Map<String, Object> poolState(LicensingStore.PoolRow p) {
        return Catalogue.state("capacity", p.capacity(), "allocated", p.allocated(), "version", p.version());
    }
}
