package se.nyckeln.platform.security;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which organisation units the caller may see. Everyone but a {@code UNIT_VIEWER} sees all units; a viewer
 * sees the units it is bound to and every unit that is, or was, below them. Every query of a context that
 * holds unit-scoped data asks this first; an object outside the scope is answered as not found.
 */
@Stateless
@PermitAll // @DeclareRoles makes the bean secured; WildFly then denies every method without a permission
@DeclareRoles({"LICENCE_ADMIN", "FINANCE", "PROCUREMENT", "UNIT_VIEWER", "AUDITOR"})
// Reads only: joins the caller's transaction if there is one, starts none.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AccessScope {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @Resource
    private SessionContext session;

    /** The caller's scope: {@link UnitScope#all()} or the set of visible unit ids. */
    public UnitScope current() {
        boolean broad = session.isCallerInRole("LICENCE_ADMIN") || session.isCallerInRole("FINANCE")
                || session.isCallerInRole("PROCUREMENT") || session.isCallerInRole("AUDITOR");
        if (broad) {
            return UnitScope.all();
        }
        if (!session.isCallerInRole("UNIT_VIEWER")) {
            return UnitScope.of(Set.of());
        }
        return UnitScope.of(visibleUnits(session.getCallerPrincipal().getName()));
    }

    public String callerName() {
        return session.getCallerPrincipal().getName();
    }

    /** Who to record as the actor of a change: the caller, or "system" for scheduled and start-up work. */
    public String actorName() {
        try {
            String n = callerName();
            return n == null || n.isBlank() || "anonymous".equals(n) ? "system" : n;
        } catch (IllegalStateException e) {
            return "system";
        }
    }

    @SuppressWarnings("unchecked")
    Set<Long> visibleUnits(String username) {
        var rows = em.createNativeQuery("""
                WITH RECURSIVE visible(unit_id) AS (
                    SELECT s.unit_id FROM user_unit_scope s JOIN user_account u ON u.id = s.user_id
                     WHERE u.username = ?1 AND u.active
                    UNION
                    SELECT v.unit_id FROM org_unit_version v JOIN visible p ON v.parent_id = p.unit_id
                )
                SELECT unit_id FROM visible
                """).setParameter(1, username).getResultList();
        return ((java.util.List<Object>) rows).stream().map(o -> ((Number) o).longValue()).collect(Collectors.toSet());
    }
}
