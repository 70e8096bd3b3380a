package se.nyckeln.organisation.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.domain.UnitTimeline;
import se.nyckeln.organisation.domain.UnitVersion;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.shared.OrgNumber;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creating, changing (rename, move, new cost centre from a date), closing and merging units. Every change is
 * effective-dated by {@link UnitTimeline} and audited in the same transaction.
 */
@Stateless
public class UnitChanges {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @EJB
    private AuditTrail audit;

    @EJB
    private OrgTree tree;

    private record Stored(long id, String code, UnitKind kind, LocalDate from, LocalDate to, List<UnitVersion> versions) {
        boolean validOn(LocalDate d) {
            return !d.isBefore(from) && (to == null || !d.isAfter(to));
        }
    }

    public UnitNode create(UnitCommands.NewUnit cmd) {
        long id = insert(cmd);
        audit.record(AuditTrail.Action.CREATE, "OrgUnit", id, id, null, state(cmd));
        return tree.unit(id, cmd.validFrom());
    }

    private long insert(UnitCommands.NewUnit cmd) {
        UnitKind kind = UnitKind.parse(cmd.kind())
                .orElseThrow(() -> BusinessException.invalid("unit-kind-unknown", "kind", cmd.kind()));
        String org = null;
        if (cmd.orgNumber() != null && !cmd.orgNumber().isBlank()) {
            if (!OrgNumber.isValid(cmd.orgNumber())) {
                throw BusinessException.invalid("org-number-invalid", "orgNumber", cmd.orgNumber());
            }
            org = OrgNumber.parse(cmd.orgNumber()).digits();
        } else if (kind.isLegalEntity()) {
            throw BusinessException.invalid("org-number-required", "orgNumber", kind.name());
        }
        if (cmd.parentId() == null && kind != UnitKind.KOMMUN) {
            throw BusinessException.invalid("parent-required", "parentId", kind.name());
        }
        if (cmd.parentId() != null) {
            Stored parent = load(cmd.parentId());
            if (!parent.validOn(cmd.validFrom())) {
                throw BusinessException.invalid("parent-not-valid", "parentId", parent.code(), cmd.validFrom());
            }
        }
        if (!em.createNativeQuery("SELECT 1 FROM org_unit WHERE code = ?1").setParameter(1, cmd.code())
                .getResultList().isEmpty()) {
            throw BusinessException.conflict("unit-code-taken", cmd.code());
        }
        long id = ((Number) em.createNativeQuery("INSERT INTO org_unit (code, kind, org_number, valid_from)"
                        + " VALUES (?1, ?2, ?3, ?4) RETURNING id")
                .setParameter(1, cmd.code()).setParameter(2, kind.name()).setParameter(3, org)
                .setParameter(4, cmd.validFrom()).getSingleResult()).longValue();
        em.createNativeQuery("INSERT INTO org_unit_version (unit_id, valid_from, name, parent_id, cost_centre)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, id).setParameter(2, cmd.validFrom()).setParameter(3, cmd.name())
                .setParameter(4, cmd.parentId()).setParameter(5, blankToNull(cmd.costCentre())).executeUpdate();
        return id;
    }

    public UnitNode change(long id, UnitCommands.Change cmd) {
        Stored unit = load(id);
        if (cmd.parentId() != null) {
            if (cmd.parentId() == id || below(cmd.parentId(), id, cmd.from())) {
                throw BusinessException.invalid("parent-cycle", "parentId", unit.code());
            }
            Stored parent = load(cmd.parentId());
            if (!parent.validOn(cmd.from())) {
                throw BusinessException.invalid("parent-not-valid", "parentId", parent.code(), cmd.from());
            }
        } else if (unit.kind() != UnitKind.KOMMUN) {
            throw BusinessException.invalid("parent-required", "parentId", unit.kind().name());
        }
        UnitTimeline.Change c;
        try {
            c = UnitTimeline.change(unit.versions(), cmd.from(), cmd.name(), cmd.parentId(),
                    blankToNull(cmd.costCentre()));
        } catch (UnitTimeline.RefusedException e) {
            throw refused(e, "from");
        }
        if (c.changes()) {
            UnitVersion before = UnitTimeline.on(unit.versions(), cmd.from()).orElseThrow();
            if (c.endId() != null) {
                em.createNativeQuery("UPDATE org_unit_version SET valid_to = ?2 WHERE id = ?1")
                        .setParameter(1, c.endId()).setParameter(2, c.endAt()).executeUpdate();
                em.createNativeQuery("INSERT INTO org_unit_version (unit_id, valid_from, valid_to, name, parent_id,"
                                + " cost_centre) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, id).setParameter(2, cmd.from()).setParameter(3, c.insert().to())
                        .setParameter(4, cmd.name()).setParameter(5, cmd.parentId())
                        .setParameter(6, blankToNull(cmd.costCentre())).executeUpdate();
            } else {
                em.createNativeQuery("UPDATE org_unit_version SET name = ?2, parent_id = ?3, cost_centre = ?4"
                                + " WHERE id = ?1")
                        .setParameter(1, c.updateId()).setParameter(2, cmd.name()).setParameter(3, cmd.parentId())
                        .setParameter(4, blankToNull(cmd.costCentre())).executeUpdate();
            }
            bump(id);
            audit.record(AuditTrail.Action.UPDATE, "OrgUnit", id, id, version(before), state(cmd));
        }
        return tree.unit(id, cmd.from());
    }

    /** The unit ends on {@code lastDay}; refused while people, devices or sub-units are still in it after that. */
    public void close(long id, LocalDate lastDay) {
        Stored unit = load(id);
        if (lastDay.isBefore(unit.from())) {
            throw BusinessException.invalid("close-before-start", "lastDay", unit.from());
        }
        long remaining = count("SELECT count(*) FROM person_membership WHERE unit_id = ?1"
                + " AND (valid_to IS NULL OR valid_to > ?2)", id, lastDay)
                + count("SELECT count(*) FROM device_membership WHERE unit_id = ?1"
                + " AND (valid_to IS NULL OR valid_to > ?2)", id, lastDay);
        if (remaining > 0) {
            throw BusinessException.conflict("unit-has-members", unit.code(), remaining);
        }
        long children = count("SELECT count(*) FROM org_unit_version v JOIN org_unit c ON c.id = v.unit_id"
                + " WHERE v.parent_id = ?1 AND (v.valid_to IS NULL OR v.valid_to > ?2)"
                + " AND (c.valid_to IS NULL OR c.valid_to > ?2)", id, lastDay);
        if (children > 0) {
            throw BusinessException.conflict("unit-has-children", unit.code(), children);
        }
        closeUnit(unit, lastDay);
    }

    private void closeUnit(Stored unit, LocalDate lastDay) {
        UnitTimeline.Change c;
        try {
            c = UnitTimeline.close(unit.versions(), lastDay);
        } catch (UnitTimeline.RefusedException e) {
            throw refused(e, "lastDay");
        }
        if (c.endId() != null) {
            em.createNativeQuery("UPDATE org_unit_version SET valid_to = ?2 WHERE id = ?1")
                    .setParameter(1, c.endId()).setParameter(2, lastDay).executeUpdate();
        }
        em.createNativeQuery("UPDATE org_unit SET valid_to = ?2, version = version + 1 WHERE id = ?1")
                .setParameter(1, unit.id()).setParameter(2, lastDay).executeUpdate();
        audit.record(AuditTrail.Action.CLOSE, "OrgUnit", unit.id(), unit.id(), Map.of("validTo", String.valueOf(unit.to())),
                Map.of("validTo", lastDay.toString()));
    }

    /**
     * Merging: the units close the day before {@code from}, the new unit begins that day, takes over their
     * open memberships and sub-units, and each old unit records what it was merged into.
     */
    public UnitNode merge(UnitCommands.Merge cmd) {
        if (cmd.unitIds().size() < 2 || cmd.unitIds().stream().distinct().count() != cmd.unitIds().size()) {
            throw BusinessException.invalid("merge-needs-two-units", "unitIds");
        }
        LocalDate lastDay = cmd.from().minusDays(1);
        List<Stored> olds = new ArrayList<>();
        for (Long oldId : cmd.unitIds()) {
            Stored old = load(oldId);
            if (!old.validOn(lastDay) || (old.to() != null && !old.to().isAfter(lastDay))) {
                throw BusinessException.invalid("merge-unit-not-open", "unitIds", old.code(), cmd.from());
            }
            olds.add(old);
        }
        long newId = insert(cmd.into());
        for (Stored old : olds) {
            for (String table : List.of("person_membership", "device_membership")) {
                String owner = table.startsWith("person") ? "person_id" : "device_id";
                moveMembers(table, owner, old.id(), newId, cmd.from());
            }
            reparentChildren(old.id(), newId, cmd.from());
            closeUnit(load(old.id()), lastDay);
            em.createNativeQuery("UPDATE org_unit SET merged_into = ?2 WHERE id = ?1")
                    .setParameter(1, old.id()).setParameter(2, newId).executeUpdate();
        }
        Map<String, Object> after = state(cmd.into());
        after.put("mergedFrom", cmd.unitIds());
        audit.record(AuditTrail.Action.CREATE, "OrgUnit", newId, newId, null, after, "merge");
        return tree.unit(newId, cmd.from());
    }

    /** Memberships open on {@code from} end the day before and continue in the new unit (same end date). */
    @SuppressWarnings("unchecked")
    private void moveMembers(String table, String owner, long oldId, long newId, LocalDate from) {
        List<Object[]> open = em.createNativeQuery("SELECT id, " + owner + ", valid_to FROM " + table
                        + " WHERE unit_id = ?1 AND valid_from < ?2 AND (valid_to IS NULL OR valid_to >= ?2)")
                .setParameter(1, oldId).setParameter(2, from).getResultList();
        em.createNativeQuery("UPDATE " + table + " SET valid_to = ?2 WHERE unit_id = ?1 AND valid_from < ?3"
                        + " AND (valid_to IS NULL OR valid_to >= ?3)")
                .setParameter(1, oldId).setParameter(2, from.minusDays(1)).setParameter(3, from).executeUpdate();
        for (Object[] m : open) {
            em.createNativeQuery("INSERT INTO " + table + " (" + owner + ", unit_id, valid_from, valid_to)"
                            + " VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, OrgTree.num(m[1])).setParameter(2, newId).setParameter(3, from)
                    .setParameter(4, OrgTree.day(m[2])).executeUpdate();
        }
        // memberships that only begin on or after the merge day simply change unit
        em.createNativeQuery("UPDATE " + table + " SET unit_id = ?2 WHERE unit_id = ?1 AND valid_from >= ?3")
                .setParameter(1, oldId).setParameter(2, newId).setParameter(3, from).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private void reparentChildren(long oldId, long newId, LocalDate from) {
        List<Object> children = em.createNativeQuery("SELECT DISTINCT v.unit_id FROM org_unit_version v"
                        + " JOIN org_unit c ON c.id = v.unit_id WHERE v.parent_id = ?1"
                        + " AND (v.valid_to IS NULL OR v.valid_to >= ?2) AND (c.valid_to IS NULL OR c.valid_to >= ?2)")
                .setParameter(1, oldId).setParameter(2, from).getResultList();
        for (Object child : children) {
            long childId = ((Number) child).longValue();
            Stored c = load(childId);
            UnitVersion v = UnitTimeline.on(c.versions(), from).orElse(null);
            if (v != null && v.parentId() != null && v.parentId() == oldId) {
                change(childId, new UnitCommands.Change(from, v.name(), newId, v.costCentre()));
            }
        }
    }

    private boolean below(long candidate, long ancestor, LocalDate day) {
        Long current = candidate;
        for (int i = 0; i < 100 && current != null; i++) {
            if (current == ancestor) {
                return true;
            }
            Stored s = load(current);
            current = UnitTimeline.on(s.versions(), day).map(UnitVersion::parentId).orElse(null);
        }
        return false;
    }

    private BusinessException refused(UnitTimeline.RefusedException e, String field) {
        return switch (e.refusal()) {
            case NOT_VALID_ON_DATE -> BusinessException.invalid("unit-not-valid-on-date", field);
            case LATER_VERSION_EXISTS, CLOSE_BEFORE_LATEST_VERSION ->
                    BusinessException.conflict("unit-later-version-exists");
        };
    }

    @SuppressWarnings("unchecked")
    private Stored load(long id) {
        if (!tree.visible(id)) {
            throw BusinessException.notFound("Organisationsenhet", id);
        }
        List<Object[]> rows = em.createNativeQuery("SELECT id, code, kind, valid_from, valid_to FROM org_unit"
                + " WHERE id = ?1").setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw BusinessException.notFound("Organisationsenhet", id);
        }
        Object[] r = rows.get(0);
        List<Object[]> vs = em.createNativeQuery("SELECT id, valid_from, valid_to, name, parent_id, cost_centre"
                + " FROM org_unit_version WHERE unit_id = ?1 ORDER BY valid_from").setParameter(1, id).getResultList();
        List<UnitVersion> versions = vs.stream().map(v -> new UnitVersion(OrgTree.num(v[0]), OrgTree.day(v[1]),
                OrgTree.day(v[2]), (String) v[3], v[4] == null ? null : OrgTree.num(v[4]), (String) v[5])).toList();
        return new Stored(id, (String) r[1], UnitKind.valueOf((String) r[2]), OrgTree.day(r[3]), OrgTree.day(r[4]),
                versions);
    }

    private long count(String sql, long id, LocalDate day) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, id).setParameter(2, day).getSingleResult())
                .longValue();
    }

    private void bump(long id) {
        em.createNativeQuery("UPDATE org_unit SET version = version + 1 WHERE id = ?1").setParameter(1, id)
                .executeUpdate();
    }

    private static Map<String, Object> state(UnitCommands.NewUnit cmd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", cmd.code());
        m.put("name", cmd.name());
        m.put("kind", cmd.kind());
        m.put("parentId", cmd.parentId());
        m.put("costCentre", cmd.costCentre());
        m.put("orgNumber", cmd.orgNumber());
        m.put("validFrom", String.valueOf(cmd.validFrom()));
        return m;
    }

    private static Map<String, Object> state(UnitCommands.Change cmd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", String.valueOf(cmd.from()));
        m.put("name", cmd.name());
        m.put("parentId", cmd.parentId());
        m.put("costCentre", cmd.costCentre());
        return m;
    }

    private static Map<String, Object> version(UnitVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", String.valueOf(v.from()));
        m.put("to", String.valueOf(v.to()));
        m.put("name", v.name());
        m.put("parentId", v.parentId());
        m.put("costCentre", v.costCentre());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
