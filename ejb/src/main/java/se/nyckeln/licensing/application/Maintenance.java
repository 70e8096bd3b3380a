package se.nyckeln.licensing.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.domain.LicenceTerm;
import se.nyckeln.licensing.infrastructure.LicensingStore;
import se.nyckeln.platform.problem.BusinessException;

import java.time.LocalDate;
import java.util.List;

/**
 * Maintenance periods of perpetual licences: recorded per entitlement (only for a product whose term is
 * {@code PERPETUAL}; a subscription's validity already is its term) and listed by when they end, so that the
 * administrator sees what lapses. Capacity is never touched: a perpetual licence stays usable without maintenance.
 */
@Stateless
public class Maintenance {

    static final String MAINTENANCE = "EntitlementMaintenance";

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @EJB
    private LicensingStore store;

    @EJB
    private AuditTrail audit;

    public record Period(long entitlementId, long poolId, long productId, String productName, String sku,
                         long ownerUnitId, long quantity, LocalDate maintenanceFrom, LocalDate maintenanceTo,
                         Long annualFeeOre, String reference) {
    }

    public Period set(long entitlementId, LocalDate from, LocalDate to, Long annualFeeOre, String reference) {
        LicensingStore.EntitlementRow e = store.entitlement(entitlementId)
                .orElseThrow(() -> BusinessException.notFound("Licensrätt", entitlementId));
        LicensingStore.PoolRow pool = store.pool(e.poolId()).orElseThrow();
        LicensingStore.ProductRow product = store.product(pool.productId()).orElseThrow();
        if (product.term() != LicenceTerm.PERPETUAL) {
            throw BusinessException.invalid("maintenance-only-perpetual", "entitlementId", product.sku());
        }
        if (to.isBefore(from)) {
            throw BusinessException.invalid("maintenance-dates", "maintenanceTo", from, to);
        }
        Period before = find(entitlementId);
        String ref = reference == null || reference.isBlank() ? null : reference.trim();
        em.createNativeQuery("INSERT INTO entitlement_maintenance (entitlement_id, maintenance_from, maintenance_to,"
                        + " annual_fee_ore, reference) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entitlement_id) DO UPDATE"
                        + " SET maintenance_from = EXCLUDED.maintenance_from, maintenance_to = EXCLUDED.maintenance_to,"
                        + " annual_fee_ore = EXCLUDED.annual_fee_ore, reference = EXCLUDED.reference")
                .setParameter(1, entitlementId).setParameter(2, from).setParameter(3, to)
                .setParameter(4, annualFeeOre).setParameter(5, ref).executeUpdate();
        Period after = find(entitlementId);
        audit.record(before == null ? AuditTrail.Action.CREATE : AuditTrail.Action.UPDATE, MAINTENANCE, entitlementId,
                pool.ownerUnitId(), before, after);
        return after;
    }

    /** Maintenance periods ending on or before {@code endingBy} (those already lapsed included), soonest first. */
    public List<Period> endingBy(LocalDate endingBy) {
        return periods(" WHERE m.maintenance_to <= ?1 ORDER BY m.maintenance_to, m.entitlement_id", endingBy);
    }

    private Period find(long entitlementId) {
        return periods(" WHERE m.entitlement_id = ?1", entitlementId).stream().findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private List<Period> periods(String where, Object arg) {
        List<Object[]> rows = em.createNativeQuery("SELECT m.entitlement_id, e.pool_id, p.id, p.name, p.sku,"
                + " lp.owner_unit_id, e.quantity, m.maintenance_from, m.maintenance_to, m.annual_fee_ore, m.reference"
                + " FROM entitlement_maintenance m JOIN entitlement e ON e.id = m.entitlement_id"
                + " JOIN licence_pool lp ON lp.id = e.pool_id JOIN product p ON p.id = lp.product_id" + where)
                .setParameter(1, arg).getResultList();
        return rows.stream().map(r -> new Period(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), (String) r[3], (String) r[4], ((Number) r[5]).longValue(),
                ((Number) r[6]).longValue(), date(r[7]), date(r[8]),
                r[9] == null ? null : ((Number) r[9]).longValue(), (String) r[10])).toList();
    }

    private static LocalDate date(Object o) {
        if (o instanceof LocalDate d) {
            return d;
        }
        return o == null ? null : ((java.sql.Date) o).toLocalDate();
    }
}
