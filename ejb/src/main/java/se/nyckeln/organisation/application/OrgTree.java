package se.nyckeln.organisation.application;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.UnitScope;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PLACEHOLDER so the UI can be built before the organisation context lands: reads the unit tables with one
 * native query. The real service replaces this file.
 */
@Stateless
public class OrgTree {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @Resource
    private SessionContext session;

    @SuppressWarnings("unchecked")
    public List<UnitNode> asOf(LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.code, v.name, u.kind, v.parent_id, v.cost_centre, u.org_number, u.valid_from, u.valid_to,
                       (SELECT count(*) FROM person_membership m WHERE m.unit_id = u.id AND m.valid_from <= ?1
                           AND (m.valid_to IS NULL OR m.valid_to >= ?1)),
                       (SELECT count(*) FROM device_membership m WHERE m.unit_id = u.id AND m.valid_from <= ?1
                           AND (m.valid_to IS NULL OR m.valid_to >= ?1))
                  FROM org_unit u
                  JOIN org_unit_version v ON v.unit_id = u.id AND v.valid_from <= ?1 AND (v.valid_to IS NULL OR v.valid_to >= ?1)
                 WHERE u.valid_from <= ?1 AND (u.valid_to IS NULL OR u.valid_to >= ?1)
                 ORDER BY v.name
                """).setParameter(1, date).getResultList();
        Map<Long, Object[]> byId = new HashMap<>();
        rows.forEach(r -> byId.put(((Number) r[0]).longValue(), r));
        UnitScope scope = scope();
        return rows.stream()
                .filter(r -> scope.permits(((Number) r[0]).longValue()))
                .map(r -> {
                    Object[] legal = legalEntity(r, byId);
                    return new UnitNode(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                            r[4] == null ? null : ((Number) r[4]).longValue(), (String) r[5],
                            r[6] == null ? null : r[6].toString().trim(), date(r[7]), date(r[8]),
                            legal == null ? 0 : ((Number) legal[0]).longValue(), legal == null ? null : (String) legal[2],
                            ((Number) r[9]).longValue(), ((Number) r[10]).longValue());
                })
                .toList();
    }

    public UnitNode unit(long id, LocalDate date) {
        return asOf(date).stream().filter(u -> u.id() == id).findFirst()
                .orElseThrow(() -> BusinessException.notFound("Organisationsenhet", id));
    }

    // AccessScope.current() is refused (WFLYEJB0364) when called from the UI, so the placeholder scopes itself.
    @SuppressWarnings("unchecked")
    private UnitScope scope() {
        for (String broad : List.of("LICENCE_ADMIN", "FINANCE", "PROCUREMENT", "AUDITOR")) {
            if (session.isCallerInRole(broad)) {
                return UnitScope.all();
            }
        }
        if (!session.isCallerInRole("UNIT_VIEWER")) {
            return UnitScope.of(Set.of());
        }
        List<Object> ids = em.createNativeQuery("""
                WITH RECURSIVE visible(unit_id) AS (
                    SELECT s.unit_id FROM user_unit_scope s JOIN user_account u ON u.id = s.user_id
                     WHERE u.username = ?1 AND u.active
                    UNION
                    SELECT v.unit_id FROM org_unit_version v JOIN visible p ON v.parent_id = p.unit_id
                )
                SELECT unit_id FROM visible
                """).setParameter(1, session.getCallerPrincipal().getName()).getResultList();
        return UnitScope.of(ids.stream().map(o -> ((Number) o).longValue()).collect(Collectors.toSet()));
    }

    private static Object[] legalEntity(Object[] row, Map<Long, Object[]> byId) {
        Object[] r = row;
        for (int depth = 0; r != null && depth < 50; depth++) {
            if ("KOMMUN".equals(r[3]) || "BOLAG".equals(r[3])) {
                return r;
            }
            r = r[4] == null ? null : byId.get(((Number) r[4]).longValue());
        }
        return null;
    }

    private static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
    }
}
