package se.nyckeln.audit.application;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads the audit trail with filters; for auditors and the licence administrator only. */
@Stateless
@RolesAllowed({"AUDITOR", "LICENCE_ADMIN"})
public class AuditQueries {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    public record Entry(long id, Instant occurredAt, String actor, String action, String entityType,
                        String entityId, Long unitId, String before, String after, String detail) {
    }

    public record Filter(String actor, String entityType, String entityId, String action, Instant from, Instant to,
                         int offset, int limit) {
    }

    public List<Entry> find(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT id, occurred_at, actor, action, entity_type, entity_id, unit_id,"
                + " CAST(before_state AS text), CAST(after_state AS text), detail FROM audit_event WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.actor() != null) {
            params.add(f.actor());
            sql.append(" AND actor = ?").append(params.size());
        }
        if (f.entityType() != null) {
            params.add(f.entityType());
            sql.append(" AND entity_type = ?").append(params.size());
        }
        if (f.entityId() != null) {
            params.add(f.entityId());
            sql.append(" AND entity_id = ?").append(params.size());
        }
        if (f.action() != null) {
            params.add(f.action());
            sql.append(" AND action = ?").append(params.size());
        }
        if (f.from() != null) {
            params.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
            sql.append(" AND occurred_at >= ?").append(params.size());
        }
        if (f.to() != null) {
            params.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
            sql.append(" AND occurred_at < ?").append(params.size());
        }
        sql.append(" ORDER BY id DESC OFFSET ").append(Math.max(0, f.offset()))
                .append(" LIMIT ").append(Math.min(Math.max(1, f.limit()), 1000));
        Query q = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        List<Entry> out = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            out.add(new Entry(((Number) r[0]).longValue(), toInstant(r[1]), (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(),
                    (String) r[7], (String) r[8], (String) r[9]));
        }
        return out;
    }

    private static Instant toInstant(Object o) {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
