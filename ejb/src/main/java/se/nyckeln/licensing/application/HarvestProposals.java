package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.HarvestEvidence;
import se.nyckeln.licensing.domain.Holdings;
import se.nyckeln.licensing.infrastructure.HarvestStore;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.time.ClockProvider;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * Harvest: finding seats to take back and deciding on them. {@link #run} brings the proposals up to date
 * set-based, in one transaction (nightly from {@code HarvestJob}, or by hand). An approval ends the assignment (its last day
 * is the day before {@code endDate}) and hands the seat back to the pool from {@code endDate} — the unit's seat
 * counter, the pool's counter and a RELEASE movement in the allocation ledger — so from that day the unit neither
 * holds nor is charged for it. A rejection keeps the seat and is remembered with the evidence it saw
 * ({@link HarvestEvidence}). Bulk decisions are all or nothing. Every run and decision is in the audit trail.
 */
@Stateless
public class HarvestProposals {

    static final String PROPOSAL = "HarvestProposal";
    static final String RUN = "HarvestRun";
    static final String SETTING = "HarvestSetting";

    @EJB
    private HarvestStore harvest;

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    public record RunResult(LocalDate day, long candidates, long created, long refreshed, long withdrawn) {
    }

    public record Proposal(long id, long assignmentId, long poolId, long unitId, String unitCode, long productId,
                           String productName, String sku, Long personId, String personUpn, Long deviceId,
                           String deviceSerial, String reason, LocalDate lastActivity, String usageSource,
                           LocalDate membershipChange, int idleDays, Long monthlyValueOre, String status,
                           LocalDate proposedOn, LocalDate refreshedOn, String decidedBy, LocalDate endDate,
                           String note) {
        static Proposal of(HarvestStore.ProposalRow r) {
            return new Proposal(r.id(), r.assignmentId(), r.poolId(), r.unitId(), r.unitCode(), r.productId(),
                    r.productName(), r.sku(), r.personId(), r.personUpn(), r.deviceId(), r.deviceSerial(), r.reason(),
                    r.lastActivity(), r.usageSource(), r.membershipChange(), r.idleDays(), r.monthlyValueOre(),
                    r.status(), r.proposedOn(), r.refreshedOn(), r.decidedBy(), r.endDate(), r.note());
        }
    }

    public record Decision(List<Proposal> decided, Long monthlyValueOre) {
    }

    /** Brings the proposals up to date for today. */
    public RunResult run() {
        LocalDate day = clock.today();
        HarvestStore.RunCounts counts = harvest.generate(day);
        RunResult result = new RunResult(day, counts.candidates(), counts.created(), counts.refreshed(),
                counts.withdrawn());
        // one entry per run; the proposals it created are the ids firstCreatedId..lastCreatedId (every proposal is
        // created by a run, under the harvest lock, so no other proposal falls into that range), each of which
        // also carries proposedOn = the run's day
        audit.record(AuditTrail.Action.CREATE, RUN, day, null, null, Catalogue.state("day", day.toString(),
                "candidates", counts.candidates(), "created", counts.created(), "refreshed", counts.refreshed(),
                "withdrawn", counts.withdrawn(), "firstCreatedId", counts.firstCreated(),
                "lastCreatedId", counts.lastCreated()));
        return result;
    }

    /** Proposals by status (null: all), pool, product and unit; a unit viewer sees only its units'. */
    public List<Proposal> proposals(String status, Long poolId, Long productId, Long unitId) {
        if (status != null && !List.of("PENDING", "APPROVED", "REJECTED", "WITHDRAWN").contains(status)) {
            throw new BusinessException(400, "harvest-status-unknown", "status", status);
        }
        return harvest.proposals(new HarvestStore.Filter(status, poolId, productId, unitId, access.current().idsOrNull()))
                .stream().map(Proposal::of).toList();
    }

    public Proposal proposal(long id) {
        return harvest.proposal(id).filter(r -> access.current().permits(r.unitId())).map(Proposal::of)
                .orElseThrow(() -> BusinessException.notFound("Skördeförslag", id));
    }

    /** Pending proposals per unit and pool: what each (visible) unit could return. */
    public List<HarvestStore.Summary> summary() {
        return harvest.summary(access.current().idsOrNull());
    }

    /** Approves every proposal or none: each ends its assignment on the day before {@code endDate}. */
    public Decision approve(List<Long> ids, LocalDate endDate) {
        LocalDate today = clock.today();
        LocalDate end = endDate == null ? today : endDate;
        String actor = access.actorName();
        harvest.serialise();
        List<Proposal> out = new java.util.ArrayList<>();
        long value = 0;
        boolean priced = true;
        for (long id : distinctSorted(ids)) {
            Proposal before = lockPending(id);
            LicensingStore.AssignmentRow a = store.assignment(before.assignmentId()).orElseThrow();
            HarvestEvidence.endRefusal(a.validFrom(), end, today).ifPresent(code -> {
                throw BusinessException.invalid(code, "endDate", id, a.validFrom(), end);
            });
            harvest.decide(id, "APPROVED", actor, end, null);
            LocalDate lastDay = end.minusDays(1);
            if (!store.endAssignment(a.id(), lastDay)) {
                throw BusinessException.conflict("assignment-ended", a.id());
            }
            if (a.counted()) {
                // the pool's row lock first, as allocations take it before the unit's counter (no deadlock), and
                // like a reallocation: the ledger may hold later movements already
                store.lockPool(a.poolId()).orElseThrow();
                store.unassign(a.poolId(), a.unitId());
                if (!Holdings.canGive(store.movements(a.poolId(), a.unitId()), end, 1)
                        || !harvest.releaseSeat(a.poolId(), a.unitId(), end, id)) {
                    throw BusinessException.conflict("harvest-release-refused", id);
                }
            }
            Proposal after = Proposal.of(harvest.proposal(id).orElseThrow());
            audit.record(AuditTrail.Action.UPDATE, PROPOSAL, id, a.unitId(), before, after, "approved");
            audit.record(AuditTrail.Action.UPDATE, Assignments.ASSIGNMENT, a.id(), a.unitId(),
                    Catalogue.state("id", a.id(), "validTo", null),
                    Catalogue.state("id", a.id(), "validTo", lastDay.toString(), "harvestProposalId", id,
                            "seatReleasedFrom", a.counted() ? end.toString() : null));
            out.add(after);
            if (after.monthlyValueOre() == null) {
                priced = false;
            } else {
                value = Math.addExact(value, after.monthlyValueOre());
            }
        }
        return new Decision(out, priced ? value : null);
    }

    /** Rejects every proposal or none; the seats stay, and the evidence each rejection saw is remembered. */
    public Decision reject(List<Long> ids, String note) {
        String actor = access.actorName();
        String reason = note == null || note.isBlank() ? null : note.trim();
        harvest.serialise();
        List<Proposal> out = new java.util.ArrayList<>();
        for (long id : distinctSorted(ids)) {
            Proposal before = lockPending(id);
            harvest.decide(id, "REJECTED", actor, null, reason);
            Proposal after = Proposal.of(harvest.proposal(id).orElseThrow());
            audit.record(AuditTrail.Action.UPDATE, PROPOSAL, id, before.unitId(), before, after, "rejected");
            out.add(after);
        }
        return new Decision(out, 0L);
    }

    public List<HarvestStore.Setting> settings() {
        return harvest.settings();
    }

    public HarvestStore.Setting setIdleDays(long productId, int idleDays) {
        store.product(productId).orElseThrow(() -> BusinessException.notFound("Produkt", productId));
        int before = harvest.setIdleDays(productId, idleDays);
        audit.record(AuditTrail.Action.UPDATE, SETTING, productId, null, Catalogue.state("idleDays", before),
                Catalogue.state("idleDays", idleDays));
        return harvest.settings().stream().filter(s -> s.productId() == productId).findFirst().orElseThrow();
    }

    private Proposal lockPending(long id) {
        String status = harvest.lockStatus(id).orElseThrow(() -> BusinessException.notFound("Skördeförslag", id));
        if (!"PENDING".equals(status)) {
            throw BusinessException.conflict("harvest-proposal-decided", id, status);
        }
        return Proposal.of(harvest.proposal(id).orElseThrow());
    }

    /** In id order, so that two bulk decisions lock their rows in the same order and cannot deadlock. */
    private static TreeSet<Long> distinctSorted(List<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            throw BusinessException.invalid("harvest-no-proposals", "ids");
        }
        return new TreeSet<>(ids);
    }
}
