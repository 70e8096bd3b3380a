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
    public List<DepartmentMapping> replace(List<DepartmentMapping> mappings) {
        Set<String> seen = new HashSet<>();
        for (DepartmentMapping m : mappings) {
            if (!seen.add(m.department().trim().toLowerCase(Locale.ROOT))) {
                throw BusinessException.invalid("department-duplicate", "department", m.department());
            }
            tree.requireVisible(m.unitId());
        }
        List<DepartmentMapping> before = all();
        em.createNativeQuery("DELETE FROM department_mapping").executeUpdate();
        Map<String, Object> after = new LinkedHashMap<>();
        for (DepartmentMapping m : mappings) {
            em.createNativeQuery("INSERT INTO department_mapping (department, unit_id) VALUES (?1, ?2)")
                    .setParameter(1, m.department().trim()).setParameter(2, m.unitId()).executeUpdate();
            after.put(m.department().trim(), m.unitId());
        }
        Map<String, Object> b = new LinkedHashMap<>();
        before.forEach(m -> b.put(m.department(), m.unitId()));
        audit.record(AuditTrail.Action.UPDATE, "DepartmentMapping", "all", null, b, after);
        return all();
    }
}
