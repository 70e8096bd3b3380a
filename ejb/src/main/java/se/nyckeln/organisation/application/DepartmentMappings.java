package se.nyckeln.organisation.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.platform.problem.BusinessException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which unit each Entra ID "department" value means; the Entra import refuses departments not listed here. */
@Stateless
public class DepartmentMappings {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @EJB
    private AuditTrail audit;

    @EJB
    private OrgTree tree;

    @SuppressWarnings("unchecked")
    public List<DepartmentMapping> all() {
        List<Object[]> rows = em.createNativeQuery("SELECT d.department, d.unit_id, u.code FROM department_mapping d"
                + " JOIN org_unit u ON u.id = d.unit_id ORDER BY d.department").getResultList();
        return rows.stream().filter(r -> tree.visible(OrgTree.num(r[1])))
                .map(r -> new DepartmentMapping((String) r[0], OrgTree.num(r[1]), (String) r[2])).toList();
    }

    /** Replaces the whole mapping with {@code mappings} (the list is the truth; absent departments are removed). */
    public List<DepartmentMapping> replace(Map<String, Long> mappings) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Long> e : mappings.entrySet()) {
            if (!seen.add(e.getKey().trim().toLowerCase(Locale.ROOT))) {
                throw BusinessException.invalid("department-duplicate", "department", e.getKey());
            }
            tree.requireVisible(e.getValue());
        }
        List<DepartmentMapping> before = all();
        em.createNativeQuery("DELETE FROM department_mapping").executeUpdate();
        for (Map.Entry<String, Long> e : mappings.entrySet()) {
            em.createNativeQuery("INSERT INTO department_mapping (department, unit_id) VALUES (?1, ?2)")
                    .setParameter(1, e.getKey().trim()).setParameter(2, e.getValue()).executeUpdate();
        }
        Map<String, Object> b = new LinkedHashMap<>();
        before.forEach(m -> b.put(m.department(), m.unitId()));
        audit.record(AuditTrail.Action.UPDATE, "DepartmentMapping", "all", null, b, new LinkedHashMap<>(mappings));
        return all();
    }
}
