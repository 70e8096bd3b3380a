package se.nyckeln.audit.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Writes the business audit trail: who did what to which entity, with the state before and after, in the
 * same transaction as the change itself (so a rolled-back change leaves no audit row, and a committed one
 * always has one). The table is append-only.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditTrail {

    private static final Jsonb JSON = JsonbBuilder.create();

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @Resource
    private SessionContext session;

    /** Actions, as stored. */
    public enum Action { CREATE, UPDATE, DELETE, CLOSE, IMPORT, LOGIN_FAILED }

    public void record(Action action, String entityType, Object entityId, Long unitId, Object before, Object after) {
        record(action, entityType, entityId, unitId, before, after, null);
    }

    public void record(Action action, String entityType, Object entityId, Long unitId, Object before, Object after,
                       String detail) {
        em.createNativeQuery("INSERT INTO audit_event (actor, action, entity_type, entity_id, unit_id,"
                        + " before_state, after_state, detail) VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb),"
                        + " CAST(?7 AS jsonb), ?8)")
                .setParameter(1, actor())
                .setParameter(2, action.name())
                .setParameter(3, entityType)
                .setParameter(4, String.valueOf(entityId))
                .setParameter(5, unitId)
                .setParameter(6, before == null ? null : JSON.toJson(before))
                .setParameter(7, after == null ? null : JSON.toJson(after))
                .setParameter(8, detail)
                .executeUpdate();
    }

    private String actor() {
        try {
            String name = session.getCallerPrincipal() == null ? null : session.getCallerPrincipal().getName();
            return name == null || name.isBlank() || "anonymous".equals(name) ? "system" : name;
        } catch (IllegalStateException e) {
            return "system";
        }
    }
}
