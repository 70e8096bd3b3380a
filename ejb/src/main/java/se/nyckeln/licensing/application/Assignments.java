package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.AssignmentRules;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.PeopleAndDevices;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.time.ClockProvider;

import java.time.LocalDate;
import java.util.List;

/**
 * Giving a unit's seats of a pool to its people or devices. Taking a seat is one guarded UPDATE of the unit's
 * counter ({@link LicensingStore#tryAssign}): the database decides whether the unit still holds a free seat, so
 * concurrent assignments (and allocations, which raise the same counter) can never hand out more than the unit
 * holds; whoever comes too late gets {@code no-free-seat}. The open-assignment unique index refuses a second seat
 * of one pool for the same holder. In an unlimited (site) pool nothing is counted. Ending an assignment gives
 * the seat back. Who belongs to which unit is asked of the organisation context, never read from its tables.
 */
@Stateless
public class Assignments {

    static final String ASSIGNMENT = "Assignment";

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private OrgTree org;

    @EJB
    private PeopleAndDevices members;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    public LicensingViews.AssignmentEntry assign(long poolId, LicensingCommands.Assign cmd) {
        if ((cmd.personId() == null) == (cmd.deviceId() == null)) {
            throw BusinessException.invalid("assignment-one-target", cmd.personId() == null ? "personId" : "deviceId");
        }
        LicensingStore.PoolRow pool = store.pool(poolId).orElseThrow(() -> BusinessException.notFound("Licenspool", poolId));
        AssignmentRules.Target target = cmd.personId() != null ? AssignmentRules.Target.PERSON
                : AssignmentRules.Target.DEVICE;
        if (!AssignmentRules.accepts(pool.metric(), target)) {
            throw BusinessException.invalid("assignment-target-mismatch",
                    target == AssignmentRules.Target.PERSON ? "personId" : "deviceId", pool.metric().name());
        }
        UnitNode unit = org.unit(cmd.unitId(), cmd.from()); // exists on that day (else 404)
        boolean unlimited = pool.capacity() == null;
        if (unlimited) {
            // nothing is counted in a site pool, so the draw rule is the only check that the unit may use it
            Allocations.requireMayDraw(org, pool, cmd.unitId(), cmd.from());
        }
        long holder = target == AssignmentRules.Target.PERSON ? cmd.personId() : cmd.deviceId();
        Long memberUnit = target == AssignmentRules.Target.PERSON ? members.person(holder, cmd.from()).unitId()
                : members.device(holder, cmd.from()).unitId();
        if (!AssignmentRules.belongsTo(memberUnit, cmd.unitId(), id -> org.unit(id, cmd.from()).parentId())) {
            throw BusinessException.invalid("assignment-not-in-unit",
                    target == AssignmentRules.Target.PERSON ? "personId" : "deviceId", holder, unit.code(), cmd.from());
        }
        // a dated end not yet reached still holds the seat: a second assignment may start only after it
        if (store.holdsFrom(poolId, cmd.personId(), cmd.deviceId(), cmd.from())) {
            throw BusinessException.conflict("assignment-exists", holder);
        }
        long id = store.insertAssignment(poolId, cmd.unitId(), cmd.personId(), cmd.deviceId(), cmd.from(), !unlimited,
                access.callerName());
        if (id < 0) {
            throw BusinessException.conflict("assignment-exists", holder);
        }
        // after the insert, so that a duplicate is refused as such; a refusal here rolls the insert back
        if (!unlimited && !store.tryAssign(poolId, cmd.unitId())) {
            LicensingStore.UnitSeats seats = store.unitSeats(poolId, cmd.unitId());
            throw BusinessException.conflict("no-free-seat", unit.code(), seats.allocated(), seats.assigned());
        }
        LicensingStore.AssignmentRow row = store.assignment(id).orElseThrow();
        LicensingViews.AssignmentEntry entry = entry(row);
        audit.record(AuditTrail.Action.CREATE, ASSIGNMENT, id, cmd.unitId(), null, entry);
        return entry;
    }

    /**
     * Ends an assignment on {@code lastDay}. Up to today the seat goes back to the unit at once; a later day is a
     * dated end: the position and seat-days see it end that day, and the seat returns when the nightly
     * {@code assignment-ends} job reaches it ({@link #returnDueSeats}).
     */
    public LicensingViews.AssignmentEntry end(long id, LicensingCommands.EndAssignment cmd) {
        LicensingStore.AssignmentRow before = store.assignment(id)
                .orElseThrow(() -> BusinessException.notFound("Licenstilldelning", id));
        AssignmentRules.endRefusal(before.validFrom(), cmd.lastDay(), clock.today()).ifPresent(code -> {
            throw BusinessException.invalid(code, "lastDay", before.validFrom(), cmd.lastDay());
        });
        boolean now = AssignmentRules.returnsSeatNow(cmd.lastDay(), clock.today());
        // guarded: of two concurrent ends only one finds the assignment open, so the seat is given back once
        if (!(now ? store.endAssignment(id, cmd.lastDay()) : store.endAssignmentLater(id, cmd.lastDay()))) {
            throw BusinessException.conflict("assignment-ended", id);
        }
        if (before.counted() && now) {
            store.unassign(before.poolId(), before.unitId());
        }
        LicensingViews.AssignmentEntry after = entry(store.assignment(id).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, ASSIGNMENT, id, before.unitId(), entry(before), after);
        return after;
    }

    /** Gives back the seats of the dated ends reached by today, in one statement; audited as one event. */
    public List<LicensingStore.ReturnedSeat> returnDueSeats() {
        LocalDate today = clock.today();
        List<LicensingStore.ReturnedSeat> returned = store.returnDueSeats(today);
        if (!returned.isEmpty()) {
            audit.record(AuditTrail.Action.UPDATE, "AssignmentSeatReturn", today, null, null, returned);
        }
        return returned;
    }

    /** One assignment; to a unit viewer only if it belongs to one of its units (else it does not exist for it). */
    public LicensingViews.AssignmentEntry assignment(long id) {
        LicensingStore.AssignmentRow a = store.assignment(id)
                .filter(row -> access.current().permits(row.unitId()))
                .orElseThrow(() -> BusinessException.notFound("Licenstilldelning", id));
        return entry(a);
    }

    /** The pool's assignments in force on {@code asOf}, of one unit or all; a unit viewer sees only its units'. */
    public List<LicensingViews.AssignmentEntry> assignments(long poolId, Long unitId, LocalDate asOf) {
        store.pool(poolId).orElseThrow(() -> BusinessException.notFound("Licenspool", poolId));
        UnitScope scope = access.current();
        return store.assignments(poolId, unitId, asOf).stream().filter(a -> scope.permits(a.unitId()))
                .map(Assignments::entry).toList();
    }

    private static LicensingViews.AssignmentEntry entry(LicensingStore.AssignmentRow a) {
        return new LicensingViews.AssignmentEntry(a.id(), a.poolId(), a.unitId(), a.personId(), a.deviceId(),
                a.validFrom(), a.validTo(), a.createdBy());
    }
}
