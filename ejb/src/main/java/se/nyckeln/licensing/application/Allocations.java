package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.DrawRule;
import se.nyckeln.licensing.domain.Holdings;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.time.ClockProvider;

import java.time.LocalDate;

/**
 * Giving a pool's seats to units and moving them between units. An allocation is one guarded UPDATE of the pool
 * row ({@link LicensingStore#tryAllocate}): the database, not a read in Java, decides whether the seats are
 * free, so concurrent requests can never oversubscribe a pool; whoever comes too late gets {@code pool-exhausted}
 * with the seats still free. A reallocation moves seats within one pool from a date, under the pool's row lock,
 * and never more than the giving unit holds on any day from then on.
 */
@Stateless
public class Allocations {

    static final String ALLOCATION = "Allocation";
    static final String REALLOCATION = "Reallocation";

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private OrgTree org;

    @EJB
    private AccessScope access;

    @EJB
    private Pools pools;

    @Inject
    private ClockProvider clock;

    /** Gives {@code quantity} more seats of the pool to the unit from today. */
    public LicensingViews.PoolEntry allocate(long poolId, LicensingCommands.Allocate cmd) {
        LocalDate today = clock.today();
        LicensingStore.PoolRow pool = store.pool(poolId).orElseThrow(() -> BusinessException.notFound("Licenspool", poolId));
        requireMayDraw(org, pool, cmd.unitId(), today);
        if (!store.tryAllocate(poolId, cmd.quantity())) {
            // read after the refusal: the free seats as they are now, for the message
            LicensingStore.PoolRow now = store.pool(poolId).orElseThrow();
            long free = now.capacity() == null ? 0 : Math.max(0, now.capacity() - now.allocated());
            throw BusinessException.conflict("pool-exhausted", free, cmd.quantity());
        }
        // read under the pool's row lock that the UPDATE took: no other allocation on this pool is in flight
        long heldBefore = Holdings.on(store.movements(poolId, cmd.unitId()), today);
        long movement = store.insertMovement(poolId, cmd.unitId(), cmd.quantity(), today, "ALLOCATE", null);
        // the unit's counter moves with its ledger, in this transaction, for the assignments guarded by it
        store.addUnitSeats(poolId, cmd.unitId(), cmd.quantity());
        LicensingStore.PoolRow after = store.pool(poolId).orElseThrow();
        audit.record(AuditTrail.Action.CREATE, ALLOCATION, movement, cmd.unitId(),
                Catalogue.state("poolId", poolId, "unitId", cmd.unitId(), "unitHolds", heldBefore,
                        "poolAllocated", after.allocated() - cmd.quantity()),
                Catalogue.state("poolId", poolId, "unitId", cmd.unitId(), "unitHolds", heldBefore + cmd.quantity(),
                        "poolAllocated", after.allocated(), "from", today.toString()));
        return pools.pool(poolId, today);
    }

    /** Moves seats between two units of one pool from {@code cmd.from()}, with the reason, in one transaction. */
    public LicensingViews.ReallocationEntry reallocate(long poolId, LicensingCommands.Reallocate cmd) {
        if (cmd.fromUnitId() == cmd.toUnitId()) {
            throw BusinessException.invalid("reallocation-same-unit", "toUnitId", cmd.toUnitId());
        }
        LicensingStore.PoolRow pool = store.pool(poolId).orElseThrow(() -> BusinessException.notFound("Licenspool", poolId));
        org.unit(cmd.fromUnitId(), cmd.from()); // exists on that day (else 404)
        requireMayDraw(org, pool, cmd.toUnitId(), cmd.from());
        // the row lock serialises this with allocations and other reallocations on the pool
        store.lockPool(poolId).orElseThrow();
        var fromLedger = store.movements(poolId, cmd.fromUnitId());
        if (!Holdings.canGive(fromLedger, cmd.from(), cmd.quantity())) {
            throw BusinessException.conflict("reallocation-exceeds-allocation",
                    Math.max(0, Holdings.leastFrom(fromLedger, cmd.from())), cmd.quantity(), cmd.from());
        }
        // seats given to people or devices stay with the unit: it can only give away unassigned ones
        if (!store.tryRemoveUnitSeats(poolId, cmd.fromUnitId(), cmd.quantity())) {
            LicensingStore.UnitSeats seats = store.unitSeats(poolId, cmd.fromUnitId());
            throw BusinessException.conflict("seats-assigned", seats.assigned(), seats.allocated(), cmd.quantity());
        }
        store.addUnitSeats(poolId, cmd.toUnitId(), cmd.quantity());
        long fromBefore = Holdings.on(fromLedger, cmd.from());
        long toBefore = Holdings.on(store.movements(poolId, cmd.toUnitId()), cmd.from());
        String reason = cmd.reason().trim();
        long id = store.insertReallocation(poolId, cmd.fromUnitId(), cmd.toUnitId(), cmd.quantity(), cmd.from(),
                reason, access.callerName());
        store.insertMovement(poolId, cmd.fromUnitId(), -cmd.quantity(), cmd.from(), "REALLOCATE_OUT", id);
        store.insertMovement(poolId, cmd.toUnitId(), cmd.quantity(), cmd.from(), "REALLOCATE_IN", id);
        var entry = new LicensingViews.ReallocationEntry(id, poolId, cmd.fromUnitId(), cmd.toUnitId(),
                cmd.quantity(), cmd.from(), reason, fromBefore - cmd.quantity(), toBefore + cmd.quantity());
        audit.record(AuditTrail.Action.CREATE, REALLOCATION, id, cmd.fromUnitId(),
                Catalogue.state("poolId", poolId, "from", cmd.from().toString(), "fromUnitId", cmd.fromUnitId(),
                        "fromUnitHolds", fromBefore, "toUnitId", cmd.toUnitId(), "toUnitHolds", toBefore),
                entry, reason);
        return entry;
    }

    /** The unit exists on the day and may draw from the pool (its own legal entity's, or the kommun's if open to bolag). */
    static void requireMayDraw(OrgTree org, LicensingStore.PoolRow pool, long unitId, LocalDate day) {
        UnitNode unit = org.unit(unitId, day);
        UnitNode owner = org.unit(pool.ownerUnitId(), day);
        boolean unitUnderKommun = "KOMMUN".equals(unit.kind())
                || "KOMMUN".equals(org.unit(unit.legalEntityId(), day).kind());
        if (!DrawRule.mayDraw(owner.id(), "KOMMUN".equals(owner.kind()), pool.bolagMayDraw(), unit.legalEntityId(),
                unitUnderKommun)) {
            throw BusinessException.invalid("pool-not-for-unit", "unitId", unit.code(), owner.code());
        }
    }
}
