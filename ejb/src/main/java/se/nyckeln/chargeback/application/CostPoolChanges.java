package se.nyckeln.chargeback.application;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.chargeback.infrastructure.ChargebackStore;
import se.nyckeln.platform.problem.BusinessException;

import java.util.Objects;

/**
 * Changing an entered cost pool from the finance screen: cost type, amount and description of a pool in an open
 * period. The source reference (with the period the pool's identity) and the product stay as they are, so a pool
 * taken from licence invoices keeps its seat-day product. The same rules as the pool import's update: the period
 * must be open (a posted period is locked), the cost type must exist; a draft that used the pool is recomputed by
 * finance afterwards. Audited as an UPDATE with before and after in the same transaction; an unchanged pool writes
 * nothing.
 */
@Stateless
@RolesAllowed("FINANCE")
public class CostPoolChanges {

    @EJB
    private ChargebackStore store;

    @EJB
    private AuditTrail audit;

    public ChargebackViews.CostPoolView change(long poolId, String costTypeCode, long amountOre, String description) {
        ChargebackStore.PoolRow before = store.pool(poolId)
                .orElseThrow(() -> BusinessException.notFound("Kostnadspool", poolId));
        if (store.periodPosted(before.period())) {
            throw BusinessException.conflict("chargeback-period-locked", before.period());
        }
        String code = costTypeCode == null ? "" : costTypeCode.trim();
        ChargebackStore.CostTypeRow type = store.costType(code)
                .orElseThrow(() -> BusinessException.invalid("chargeback-cost-type-unknown", "costType", code));
        String text = description == null || description.isBlank() ? null : description.trim();
        if (before.costTypeId() == type.id() && before.amountOre() == amountOre
                && Objects.equals(before.description(), text)) {
            return view(before);
        }
        store.updatePool(poolId, type.id(), amountOre, text, before.productId());
        ChargebackViews.CostPoolView after = view(store.pool(poolId).orElseThrow());
        audit.record(AuditTrail.Action.UPDATE, "ChargebackCostPool", poolId, null, view(before), after,
                "cost pool changed on the finance screen");
        return after;
    }

    private static ChargebackViews.CostPoolView view(ChargebackStore.PoolRow p) {
        return new ChargebackViews.CostPoolView(p.id(), p.period(), p.costTypeCode(), p.amountOre(),
                p.sourceReference(), p.description(), p.productId(), p.createdBy());
    }
}
