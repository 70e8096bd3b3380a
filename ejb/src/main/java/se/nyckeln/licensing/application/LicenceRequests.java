package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.RequestSplit;
import se.nyckeln.licensing.domain.Valuation;
import se.nyckeln.licensing.infrastructure.HarvestStore;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.licensing.infrastructure.RequestStore;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.time.ClockProvider;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A unit's request for seats, met in the order "reuse before buying" ({@link RequestSplit}): the pool's free
 * seats are allocated to the unit at once (each one a reuse saving at the pool's seat price), pending harvest
 * proposals of the pool are offered for what is left (the request waits for them: once approved, their seats are
 * free and {@link #fill} allocates them), and only the rest is proposed for purchase. A purchase is never
 * proposed while the pool has a free seat for the unit: {@link #proposePurchase} answers 409
 * {@code purchase-with-free-seats}. Every step is in the audit trail.
 */
@Stateless
public class LicenceRequests {

    static final String REQUEST = "LicenceRequest";
    static final String PURCHASE = "PurchaseProposal";
    static final String SAVING = "ReuseSaving";

    @EJB
    private RequestStore requests;

    @EJB
    private LicensingStore store;

    @EJB
    private HarvestStore harvest;

    @EJB
    private Allocations allocations;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @EJB
    private OrgTree org;

    @Inject
    private ClockProvider clock;

    public record Request(long id, long unitId, String unitCode, long productId, String productName, Long poolId,
                          long quantity, String reason, LocalDate requestedOn, String requestedBy, long filled,
                          long harvestOffered, long purchaseProposed, long outstanding, String status,
                          List<Long> offeredProposals) {
        static Request of(RequestStore.RequestRow r) {
            long outstanding = r.quantity() - r.filled() - r.purchaseProposed();
            String status = r.filled() == r.quantity() ? "FILLED"
                    : r.harvestOffered() > 0 ? "AWAITING_HARVEST"
                    : outstanding == 0 ? "PURCHASE_PROPOSED" : "OPEN";
            return new Request(r.id(), r.unitId(), r.unitCode(), r.productId(), r.productName(), r.poolId(),
                    r.quantity(), r.reason(), r.requestedOn(), r.requestedBy(), r.filled(), r.harvestOffered(),
                    r.purchaseProposed(), outstanding, status, r.offeredProposals());
        }
    }

    /** What one step of meeting a request did: seats allocated now, the saving, proposals offered, a purchase. */
    public record Outcome(Request request, long allocatedNow, Long savingOre, long offeredNow, Long purchaseProposalId,
                          long purchasedSeats) {
    }

    public record Purchase(long id, Long requestId, long unitId, long productId, Long poolId, long quantity,
                           Long unitPriceOre, Long estimatedValueOre, LocalDate proposedOn, String proposedBy) {
        static Purchase of(RequestStore.PurchaseRow p) {
            return new Purchase(p.id(), p.requestId(), p.unitId(), p.productId(), p.poolId(), p.quantity(),
                    p.unitPriceOre(), Valuation.value(p.quantity(), p.unitPriceOre()), p.proposedOn(), p.proposedBy());
        }
    }

    public Outcome create(long unitId, long productId, long quantity, String reason) {
        LocalDate today = clock.today();
        store.product(productId).orElseThrow(() -> BusinessException.notFound("Produkt", productId));
        org.unit(unitId, today); // exists today (else 404)
        Optional<LicensingStore.PoolRow> pool = poolFor(unitId, productId, today);
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        long id = requests.insertRequest(unitId, productId, pool.map(LicensingStore.PoolRow::id).orElse(null), quantity,
                why, today, access.actorName());
        audit.record(AuditTrail.Action.CREATE, REQUEST, id, unitId, null,
                Catalogue.state("unitId", unitId, "productId", productId, "quantity", quantity, "reason", why));
        return meet(id, pool, today);
    }

    /** Meets what is still outstanding of the request, in the same order (after offered seats were harvested). */
    public Outcome fill(long id) {
        LocalDate today = clock.today();
        RequestStore.RequestRow r = requests.lockRequest(id).orElseThrow(() -> BusinessException.notFound("Licensbegäran", id));
        return meet(id, poolFor(r.unitId(), r.productId(), today), today);
    }

    private Outcome meet(long id, Optional<LicensingStore.PoolRow> poolRow, LocalDate today) {
        RequestStore.RequestRow before = requests.lockRequest(id).orElseThrow();
        long outstanding = before.quantity() - before.filled() - before.purchaseProposed();
        Long poolId = poolRow.map(LicensingStore.PoolRow::id).orElse(null);
        // the pool's counters as they stand under its row lock: no allocation on it is in flight
        Optional<LicensingStore.PoolRow> locked = poolId == null ? Optional.empty() : store.lockPool(poolId);
        Long free = locked.map(p -> p.capacity() == null ? null : Math.max(0, p.capacity() - p.allocated())).orElse(0L);
        long stillOffered = requests.pendingOffers(id);
        long available = poolId == null ? 0 : requests.unofferedPending(poolId);
        RequestSplit split = RequestSplit.of(outstanding, free, stillOffered + available);
        Long price = poolId == null ? null : seatPrice(poolId, today);
        Long saving = null;
        if (split.fromFree() > 0) {
            allocations.allocate(poolId, new LicensingCommands.Allocate(before.unitId(), split.fromFree()));
            long p = price == null ? 0 : price;
            long savingId = requests.insertSaving(id, before.unitId(), before.productId(), poolId, split.fromFree(), p, today);
            saving = Math.multiplyExact(split.fromFree(), p);
            audit.record(AuditTrail.Action.CREATE, SAVING, savingId, before.unitId(), null,
                    Catalogue.state("requestId", id, "poolId", poolId, "seats", split.fromFree(), "unitPriceOre", p,
                            "amountOre", saving, "savedOn", today.toString()));
        }
        long offeredNow = split.fromHarvest() > stillOffered
                ? requests.offer(id, poolId, split.fromHarvest() - stillOffered) : 0;
        long offered = split.fromHarvest();
        long toPurchase = split.toPurchase();
        Long purchaseId = null;
        if (toPurchase > 0) {
            purchaseId = requests.insertPurchase(id, before.unitId(), before.productId(), poolId, toPurchase, price, today,
                    access.actorName());
            audit.record(AuditTrail.Action.CREATE, PURCHASE, purchaseId, before.unitId(), null,
                    Purchase.of(requests.purchase(purchaseId).orElseThrow()));
        }
        requests.updateRequest(id, poolId, before.filled() + split.fromFree(), offered,
                before.purchaseProposed() + toPurchase);
        Request after = Request.of(requests.request(id).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, REQUEST, id, before.unitId(), Request.of(before), after);
        return new Outcome(after, split.fromFree(), saving, offeredNow, purchaseId, toPurchase);
    }

    /**
     * A purchase proposal made directly (not from a request's remainder): refused while the unit's pool has a
     * free seat — reuse before buying — or is unlimited.
     */
    public Purchase proposePurchase(long unitId, long productId, long quantity) {
        LocalDate today = clock.today();
        store.product(productId).orElseThrow(() -> BusinessException.notFound("Produkt", productId));
        org.unit(unitId, today);
        Optional<LicensingStore.PoolRow> pool = poolFor(unitId, productId, today);
        Long poolId = pool.map(LicensingStore.PoolRow::id).orElse(null);
        if (poolId != null) {
            LicensingStore.PoolRow p = store.lockPool(poolId).orElseThrow();
            Long free = p.capacity() == null ? null : Math.max(0, p.capacity() - p.allocated());
            if (!RequestSplit.purchaseAllowed(free)) {
                long pending = harvest.proposals(new HarvestStore.Filter("PENDING", poolId, null, null, null)).size();
                if (free == null) {
                    throw BusinessException.conflict("purchase-unlimited-pool", p.sku(), poolId);
                }
                throw BusinessException.conflict("purchase-with-free-seats", p.sku(), free, quantity, poolId, pending);
            }
        }
        Long price = poolId == null ? null : seatPrice(poolId, today);
        long id = requests.insertPurchase(null, unitId, productId, poolId, quantity, price, today, access.actorName());
        Purchase created = Purchase.of(requests.purchase(id).orElseThrow());
        audit.record(AuditTrail.Action.CREATE, PURCHASE, id, unitId, null, created);
        return created;
    }

    public List<Request> requests() {
        return requests.requests(access.current().idsOrNull()).stream().map(Request::of).toList();
    }

    public Request request(long id) {
        return requests.request(id).filter(r -> access.current().permits(r.unitId())).map(Request::of)
                .orElseThrow(() -> BusinessException.notFound("Licensbegäran", id));
    }

    public Purchase purchase(long id) {
        return requests.purchase(id).filter(p -> access.current().permits(p.unitId())).map(Purchase::of)
                .orElseThrow(() -> BusinessException.notFound("Inköpsförslag", id));
    }

    public List<RequestStore.SavingRow> savings(LocalDate from, LocalDate to, Long unitId, Long productId) {
        return requests.savings(from, to, unitId, productId, access.current().idsOrNull());
    }

    /**
     * The pool the unit draws the product from: its own legal entity's pool first, else any pool whose draw rule
     * lets it (the kommun's pool, to a bolag only where that pool allows it). Empty: none yet.
     */
    private Optional<LicensingStore.PoolRow> poolFor(long unitId, long productId, LocalDate day) {
        UnitNode unit = org.unit(unitId, day);
        return store.pools().stream().filter(p -> p.productId() == productId)
                .filter(p -> {
                    try {
                        Allocations.requireMayDraw(org, p, unitId, day);
                        return true;
                    } catch (BusinessException refused) {
                        return false;
                    }
                })
                .min(Comparator.comparing((LicensingStore.PoolRow p) -> p.ownerUnitId() != unit.legalEntityId())
                        .thenComparing(LicensingStore.PoolRow::id));
    }

    /** The pool's seat price on the day (see {@link Valuation}); null when no priced entitlement is valid. */
    private Long seatPrice(long poolId, LocalDate day) {
        long q = 0;
        long v = 0;
        for (LicensingStore.EntitlementRow e : store.entitlements(poolId)) {
            if (!e.validFrom().isAfter(day) && (e.validTo() == null || !e.validTo().isBefore(day))) {
                q = Math.addExact(q, e.quantity());
                v = Math.addExact(v, Math.multiplyExact(e.quantity(), e.unitPriceOre()));
            }
        }
        return Valuation.unitPriceOre(v, q);
    }
}
