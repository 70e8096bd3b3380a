package se.nyckeln.organisation.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.organisation.domain.LegalEntities;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.infrastructure.MemberCounts;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The city tree as of a day, and the people and devices of a unit that day. Scoped: a unit viewer gets only
 * its units and those below; anything else is answered exactly as a unit that does not exist.
 */
@Stateless
// Reads only: joins the caller's transaction if there is one, starts none (the tree is read on every screen and API call).
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class OrgTree {

    public static final int MAX_PAGE = 500;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @EJB
    private AccessScope access;

    @EJB
    private MemberCounts memberCounts;

    /** Every unit valid on {@code date} that the caller may see, ordered by code. */
    public List<UnitNode> asOf(LocalDate date) {
        UnitScope scope = access.current();
        return tree(date).values().stream().filter(n -> scope.permits(n.id())).toList();
    }

    /**
     * What the answer of {@link #asOf} depends on besides the date: the organisation's revision (read now) and
     * the caller's scope. Two calls with equal keys and dates answer the same list as long as the revision has
     * not moved, so a caller may keep what it derived from the list (e.g. its JSON) under this key.
     */
    public record ListingKey(long revision, UnitScope scope) {
    }

    public ListingKey listingKey() {
        return new ListingKey(memberCounts.revision(), access.current());
    }

    public UnitNode unit(long id, LocalDate date) {
        if (!access.current().permits(id)) {
            throw BusinessException.notFound("Organisationsenhet", id);
        }
        UnitNode n = tree(date).get(id);
        if (n == null) {
            throw BusinessException.notFound("Organisationsenhet", id);
        }
        return n;
    }

    public boolean visible(long unitId) {
        return access.current().permits(unitId);
    }

    /** Whether the caller may see the unit at all (any date): the guard for its people and devices. */
    public void requireVisible(long unitId) {
        boolean exists = !em.createNativeQuery("SELECT 1 FROM org_unit WHERE id = ?1").setParameter(1, unitId)
                .getResultList().isEmpty();
        if (!exists || !access.current().permits(unitId)) {
            throw BusinessException.notFound("Organisationsenhet", unitId);
        }
    }

    @SuppressWarnings("unchecked")
    public Page<PersonEntry> people(long unitId, LocalDate date, int offset, int limit) {
        requireVisible(unitId);
        int lim = clamp(limit);
        String where = " FROM person p JOIN person_membership m ON m.person_id = p.id JOIN org_unit u ON u.id = m.unit_id"
                + " WHERE m.unit_id = ?1 AND m.valid_from <= ?2 AND (m.valid_to IS NULL OR m.valid_to >= ?2)";
        long total = ((Number) em.createNativeQuery("SELECT count(*)" + where).setParameter(1, unitId)
                .setParameter(2, date).getSingleResult()).longValue();
        List<Object[]> rows = em.createNativeQuery("SELECT p.id, p.upn, p.object_id, p.display_name, p.email,"
                        + " m.unit_id, u.code, m.valid_from, m.valid_to" + where + " ORDER BY p.upn OFFSET ?3 LIMIT ?4")
                .setParameter(1, unitId).setParameter(2, date).setParameter(3, Math.max(0, offset))
                .setParameter(4, lim).getResultList();
        return new Page<>(rows.stream().map(OrgTree::person).toList(), total, Math.max(0, offset), lim);
    }

    @SuppressWarnings("unchecked")
    public Page<DeviceEntry> devices(long unitId, LocalDate date, int offset, int limit) {
        requireVisible(unitId);
        int lim = clamp(limit);
        String where = " FROM device d JOIN device_membership m ON m.device_id = d.id JOIN org_unit u ON u.id = m.unit_id"
                + " LEFT JOIN person p ON p.id = d.primary_person_id"
                + " WHERE m.unit_id = ?1 AND m.valid_from <= ?2 AND (m.valid_to IS NULL OR m.valid_to >= ?2)";
        long total = ((Number) em.createNativeQuery("SELECT count(*)" + where).setParameter(1, unitId)
                .setParameter(2, date).getSingleResult()).longValue();
        List<Object[]> rows = em.createNativeQuery("SELECT d.id, d.serial_number, d.name, d.kind, p.upn,"
                        + " m.unit_id, u.code, m.valid_from, m.valid_to" + where
                        + " ORDER BY d.serial_number OFFSET ?3 LIMIT ?4")
                .setParameter(1, unitId).setParameter(2, date).setParameter(3, Math.max(0, offset))
                .setParameter(4, lim).getResultList();
        return new Page<>(rows.stream().map(OrgTree::device).toList(), total, Math.max(0, offset), lim);
    }

    static int clamp(int limit) {
        return limit <= 0 ? 100 : Math.min(limit, MAX_PAGE);
    }

    static PersonEntry person(Object[] r) {
        return new PersonEntry(num(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                r[5] == null ? null : num(r[5]), (String) r[6], day(r[7]), day(r[8]));
    }

    static DeviceEntry device(Object[] r) {
        return new DeviceEntry(num(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                r[5] == null ? null : num(r[5]), (String) r[6], day(r[7]), day(r[8]));
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    static LocalDate day(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((Date) o).toLocalDate();
    }

    /** The whole tree of a day, unscoped, with legal entities and direct member counts (cached per day). */
    Map<Long, UnitNode> tree(LocalDate date) {
        return memberCounts.cached(date, this::build);
    }

    @SuppressWarnings("unchecked")
    private Map<Long, UnitNode> build(LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.code, v.name, u.kind, v.parent_id, v.cost_centre, u.org_number, u.valid_from,
                       u.valid_to
                  FROM org_unit u
                  JOIN org_unit_version v ON v.unit_id = u.id AND v.valid_from <= ?1
                       AND (v.valid_to IS NULL OR v.valid_to >= ?1)
                 WHERE u.valid_from <= ?1 AND (u.valid_to IS NULL OR u.valid_to >= ?1)
                 ORDER BY u.code""").setParameter(1, date).getResultList();
        Map<Long, LegalEntities.Node> nodes = new HashMap<>();
        for (Object[] r : rows) {
            nodes.put(num(r[0]), new LegalEntities.Node(num(r[0]), UnitKind.valueOf((String) r[3]),
                    r[4] == null ? null : num(r[4])));
        }
        Map<Long, Long> legal = LegalEntities.resolve(nodes);
        Map<Long, String> names = new HashMap<>();
        for (Object[] r : rows) {
            names.put(num(r[0]), (String) r[2]);
        }
        Map<Long, MemberCounts.Counts> counts = memberCounts.count(date);
        Map<Long, UnitNode> result = new LinkedHashMap<>();
        for (Object[] r : rows) {
            long id = num(r[0]);
            MemberCounts.Counts c = counts.getOrDefault(id, MemberCounts.Counts.NONE);
            Long le = legal.get(id);
            String org = r[6] == null ? null : r[6].toString().trim();
            result.put(id, new UnitNode(id, (String) r[1], (String) r[2], (String) r[3],
                    r[4] == null ? null : num(r[4]), (String) r[5], org, day(r[7]), day(r[8]),
                    le == null ? id : le, le == null ? (String) r[2] : names.get(le), c.people(), c.devices()));
        }
        return java.util.Collections.unmodifiableMap(result);
    }

}
