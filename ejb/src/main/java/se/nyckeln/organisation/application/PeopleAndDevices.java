package se.nyckeln.organisation.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.organisation.domain.DeviceKind;
import se.nyckeln.organisation.domain.Membership;
import se.nyckeln.organisation.domain.MembershipChange;
import se.nyckeln.organisation.domain.Memberships;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.security.AccessScope;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * People and devices and their effective-dated memberships: creating them in a unit, moving them (the old
 * membership ends the day before) and ending them (leavers, retired devices). A viewer sees a person or device
 * only while it belongs, on the asked day, to a unit in its scope; otherwise it does not exist for it.
 */
@Stateless
public class PeopleAndDevices {

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @EJB
    private OrgTree tree;

    private enum Kind {
        PERSON("person", "person_membership", "person_id", "Person", "Användare"),
        DEVICE("device", "device_membership", "device_id", "Device", "Enhet");

        final String table;
        final String memberships;
        final String owner;
        final String entity;
        final String swedish;

        Kind(String table, String memberships, String owner, String entity, String swedish) {
            this.table = table;
            this.memberships = memberships;
            this.owner = owner;
            this.entity = entity;
            this.swedish = swedish;
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    @SuppressWarnings("unchecked")
    public PersonEntry person(long id, LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("SELECT p.id, p.upn, p.object_id, p.display_name, p.email,"
                        + " m.unit_id, u.code, m.valid_from, m.valid_to FROM person p"
                        + " LEFT JOIN person_membership m ON m.person_id = p.id AND m.valid_from <= ?2"
                        + "      AND (m.valid_to IS NULL OR m.valid_to >= ?2)"
                        + " LEFT JOIN org_unit u ON u.id = m.unit_id WHERE p.id = ?1")
                .setParameter(1, id).setParameter(2, date).getResultList();
        if (rows.isEmpty()) {
            throw BusinessException.notFound(Kind.PERSON.swedish, id);
        }
        PersonEntry p = OrgTree.person(rows.get(0));
        guard(Kind.PERSON, id, p.unitId());
        return p;
    }

    @SuppressWarnings("unchecked")
    public DeviceEntry device(long id, LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("SELECT d.id, d.serial_number, d.name, d.kind, p.upn,"
                        + " m.unit_id, u.code, m.valid_from, m.valid_to FROM device d"
                        + " LEFT JOIN person p ON p.id = d.primary_person_id"
                        + " LEFT JOIN device_membership m ON m.device_id = d.id AND m.valid_from <= ?2"
                        + "      AND (m.valid_to IS NULL OR m.valid_to >= ?2)"
                        + " LEFT JOIN org_unit u ON u.id = m.unit_id WHERE d.id = ?1")
                .setParameter(1, id).setParameter(2, date).getResultList();
        if (rows.isEmpty()) {
            throw BusinessException.notFound(Kind.DEVICE.swedish, id);
        }
        DeviceEntry d = OrgTree.device(rows.get(0));
        guard(Kind.DEVICE, id, d.unitId());
        return d;
    }

    /** People in the caller's scope on {@code date}, optionally filtered by UPN or name (contains). */
    @SuppressWarnings("unchecked")
    public Page<PersonEntry> people(LocalDate date, String search, int offset, int limit) {
        UnitScope scope = access.current();
        int lim = OrgTree.clamp(limit);
        String where = " FROM person p JOIN person_membership m ON m.person_id = p.id AND m.valid_from <= ?1"
                + " AND (m.valid_to IS NULL OR m.valid_to >= ?1) JOIN org_unit u ON u.id = m.unit_id"
                + " WHERE (p.upn ILIKE ?2 OR p.display_name ILIKE ?2)"
                + " AND (CAST(?3 AS boolean) OR m.unit_id = ANY(CAST(?4 AS bigint[])))";
        String pattern = search == null || search.isBlank() ? "%" : "%" + likeEscaped(search.trim()) + "%";
        var count = em.createNativeQuery("SELECT count(*)" + where).setParameter(1, date).setParameter(2, pattern);
        var list = em.createNativeQuery("SELECT p.id, p.upn, p.object_id, p.display_name, p.email, m.unit_id, u.code,"
                        + " m.valid_from, m.valid_to" + where + " ORDER BY p.upn OFFSET ?5 LIMIT ?6")
                .setParameter(1, date).setParameter(2, pattern).setParameter(5, Math.max(0, offset)).setParameter(6, lim);
        for (var q : List.of(count, list)) {
            q.setParameter(3, String.valueOf(scope.unrestricted())).setParameter(4, idArray(scope));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        List<Object[]> rows = list.getResultList();
        return new Page<>(rows.stream().map(OrgTree::person).toList(), total, Math.max(0, offset), lim);
    }

    @SuppressWarnings("unchecked")
    public Page<DeviceEntry> devices(LocalDate date, String search, int offset, int limit) {
        UnitScope scope = access.current();
        int lim = OrgTree.clamp(limit);
        String where = " FROM device d JOIN device_membership m ON m.device_id = d.id AND m.valid_from <= ?1"
                + " AND (m.valid_to IS NULL OR m.valid_to >= ?1) JOIN org_unit u ON u.id = m.unit_id"
                + " LEFT JOIN person p ON p.id = d.primary_person_id"
                + " WHERE (d.serial_number ILIKE ?2 OR d.name ILIKE ?2)"
                + " AND (CAST(?3 AS boolean) OR m.unit_id = ANY(CAST(?4 AS bigint[])))";
        String pattern = search == null || search.isBlank() ? "%" : "%" + likeEscaped(search.trim()) + "%";
        var count = em.createNativeQuery("SELECT count(*)" + where).setParameter(1, date).setParameter(2, pattern);
        var list = em.createNativeQuery("SELECT d.id, d.serial_number, d.name, d.kind, p.upn, m.unit_id, u.code,"
                        + " m.valid_from, m.valid_to" + where + " ORDER BY d.serial_number OFFSET ?5 LIMIT ?6")
                .setParameter(1, date).setParameter(2, pattern).setParameter(5, Math.max(0, offset)).setParameter(6, lim);
        for (var q : List.of(count, list)) {
            q.setParameter(3, String.valueOf(scope.unrestricted())).setParameter(4, idArray(scope));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        List<Object[]> rows = list.getResultList();
        return new Page<>(rows.stream().map(OrgTree::device).toList(), total, Math.max(0, offset), lim);
    }

    /**
     * Person ids by UPN (lower-cased keys, matched case-insensitively) and device ids by serial number (exact),
     * for importers that resolve a whole file in one query; keys not known are absent from the answer. Not
     * scoped: callers are import services that run as LICENCE_ADMIN.
     */
    public Map<String, Long> idsByUpnOrSerial(boolean devices, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return new java.util.HashMap<>();
        }
        String sql = devices
                ? "SELECT serial_number, id FROM device WHERE serial_number = ANY(?)"
                : "SELECT lower(upn), id FROM person WHERE lower(upn) = ANY(?)";
        Object[] wanted = keys.stream().map(k -> devices ? k : k.toLowerCase(java.util.Locale.ROOT)).toArray();
        // one query with a real text[] parameter (JDBC), so no key needs quoting into an array literal
        return em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            Map<String, Long> ids = new java.util.HashMap<>();
            try (var ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("text", wanted));
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return ids;
        });
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String idArray(UnitScope scope) {
        return "{" + String.join(",", scope.unitIds().stream().map(String::valueOf).toList()) + "}";
    }

    /** A viewer may see an object only through a unit of its scope (any membership, so history stays visible). */
    @SuppressWarnings("unchecked")
    private void guard(Kind kind, long id, Long unitToday) {
        UnitScope scope = access.current();
        if (scope.unrestricted() || (unitToday != null && scope.permits(unitToday))) {
            return;
        }
        List<Object> units = em.createNativeQuery("SELECT unit_id FROM " + kind.memberships + " WHERE "
                + kind.owner + " = ?1").setParameter(1, id).getResultList();
        if (units.stream().noneMatch(u -> scope.permits(((Number) u).longValue()))) {
            throw BusinessException.notFound(kind.swedish, id);
        }
    }

    // ----------------------------------------------------------------------------------------------- writes

    public PersonEntry createPerson(MemberCommands.NewPerson cmd) {
        tree.requireVisible(cmd.unitId());
        requireUnitValid(cmd.unitId(), cmd.validFrom());
        if (!em.createNativeQuery("SELECT 1 FROM person WHERE lower(upn) = lower(?1)").setParameter(1, cmd.upn())
                .getResultList().isEmpty()) {
            throw BusinessException.conflict("person-upn-taken", cmd.upn());
        }
        if (cmd.objectId() != null && !em.createNativeQuery("SELECT 1 FROM person WHERE object_id = ?1")
                .setParameter(1, cmd.objectId()).getResultList().isEmpty()) {
            throw BusinessException.conflict("person-object-id-taken", cmd.objectId());
        }
        long id = ((Number) em.createNativeQuery("INSERT INTO person (upn, object_id, display_name, email)"
                        + " VALUES (?1, ?2, ?3, ?4) RETURNING id")
                .setParameter(1, cmd.upn()).setParameter(2, cmd.objectId()).setParameter(3, cmd.displayName())
                .setParameter(4, cmd.email()).getSingleResult()).longValue();
        insertMembership(Kind.PERSON, id, cmd.unitId(), cmd.validFrom(), null);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("upn", cmd.upn());
        after.put("displayName", cmd.displayName());
        after.put("objectId", cmd.objectId());
        after.put("email", cmd.email());
        after.put("unitId", cmd.unitId());
        after.put("validFrom", cmd.validFrom().toString());
        audit.record(AuditTrail.Action.CREATE, Kind.PERSON.entity, id, cmd.unitId(), null, after);
        return person(id, cmd.validFrom());
    }

    public DeviceEntry createDevice(MemberCommands.NewDevice cmd) {
        tree.requireVisible(cmd.unitId());
        requireUnitValid(cmd.unitId(), cmd.validFrom());
        String kind = DeviceKind.parse(cmd.kind())
                .orElseThrow(() -> BusinessException.invalid("device-kind-unknown", "kind", cmd.kind())).name();
        Long personId = null;
        if (cmd.primaryUserUpn() != null && !cmd.primaryUserUpn().isBlank()) {
            List<?> p = em.createNativeQuery("SELECT id FROM person WHERE lower(upn) = lower(?1)")
                    .setParameter(1, cmd.primaryUserUpn()).getResultList();
            if (p.isEmpty()) {
                throw BusinessException.invalid("person-unknown", "primaryUserUpn", cmd.primaryUserUpn());
            }
            personId = ((Number) p.get(0)).longValue();
        }
        if (!em.createNativeQuery("SELECT 1 FROM device WHERE serial_number = ?1").setParameter(1, cmd.serialNumber())
                .getResultList().isEmpty()) {
            throw BusinessException.conflict("device-serial-taken", cmd.serialNumber());
        }
        long id = ((Number) em.createNativeQuery("INSERT INTO device (serial_number, name, kind, primary_person_id)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS bigint)) RETURNING id")
                .setParameter(1, cmd.serialNumber()).setParameter(2, cmd.name()).setParameter(3, kind)
                .setParameter(4, personId == null ? null : personId.toString()).getSingleResult()).longValue();
        insertMembership(Kind.DEVICE, id, cmd.unitId(), cmd.validFrom(), null);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("serialNumber", cmd.serialNumber());
        after.put("name", cmd.name());
        after.put("kind", kind);
        after.put("primaryPersonId", personId);
        after.put("unitId", cmd.unitId());
        after.put("validFrom", cmd.validFrom().toString());
        audit.record(AuditTrail.Action.CREATE, Kind.DEVICE.entity, id, cmd.unitId(), null, after);
        return device(id, cmd.validFrom());
    }

    public PersonEntry movePerson(long id, MemberCommands.Move cmd) {
        person(id, cmd.from());
        move(Kind.PERSON, id, cmd);
        return person(id, cmd.from());
    }

    public DeviceEntry moveDevice(long id, MemberCommands.Move cmd) {
        device(id, cmd.from());
        move(Kind.DEVICE, id, cmd);
        return device(id, cmd.from());
    }

    public PersonEntry endPerson(long id, MemberCommands.End cmd) {
        person(id, cmd.lastDay());
        end(Kind.PERSON, id, cmd.lastDay());
        return person(id, cmd.lastDay());
    }

    public DeviceEntry endDevice(long id, MemberCommands.End cmd) {
        device(id, cmd.lastDay());
        end(Kind.DEVICE, id, cmd.lastDay());
        return device(id, cmd.lastDay());
    }

    private void move(Kind kind, long id, MemberCommands.Move cmd) {
        tree.requireVisible(cmd.unitId());
        requireUnitValid(cmd.unitId(), cmd.from());
        List<Membership> existing = memberships(kind, id);
        MembershipChange c;
        try {
            c = Memberships.state(existing, cmd.unitId(), cmd.from(), null);
        } catch (Memberships.OverlapException e) {
            throw BusinessException.conflict("membership-overlap", e.conflicting().from());
        }
        apply(kind, id, c);
        if (c.changes()) {
            audit.record(AuditTrail.Action.UPDATE, kind.entity, id, cmd.unitId(), describe(existing),
                    describe(memberships(kind, id)), "move");
        }
    }

    private void end(Kind kind, long id, LocalDate lastDay) {
        List<Membership> existing = memberships(kind, id);
        MembershipChange c = Memberships.end(existing, lastDay);
        apply(kind, id, c);
        if (c.changes()) {
            Long unit = Memberships.on(existing, lastDay).map(Membership::unitId).orElse(null);
            audit.record(AuditTrail.Action.CLOSE, kind.entity, id, unit, describe(existing),
                    describe(memberships(kind, id)));
        }
    }

    private void apply(Kind kind, long id, MembershipChange c) {
        if (c.closeId() != null) {
            em.createNativeQuery("UPDATE " + kind.memberships + " SET valid_to = ?2 WHERE id = ?1")
                    .setParameter(1, c.closeId()).setParameter(2, c.closeAt()).executeUpdate();
        }
        if (c.reassignId() != null) {
            em.createNativeQuery("UPDATE " + kind.memberships + " SET unit_id = ?2 WHERE id = ?1")
                    .setParameter(1, c.reassignId()).setParameter(2, c.reassignTo()).executeUpdate();
        }
        if (c.insert() != null) {
            insertMembership(kind, id, c.insert().unitId(), c.insert().from(), c.insert().to());
        }
    }

    private void insertMembership(Kind kind, long owner, long unitId, LocalDate from, LocalDate to) {
        em.createNativeQuery("INSERT INTO " + kind.memberships + " (" + kind.owner + ", unit_id, valid_from, valid_to)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS date))")
                .setParameter(1, owner).setParameter(2, unitId).setParameter(3, from)
                .setParameter(4, to == null ? null : to.toString()).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private List<Membership> memberships(Kind kind, long id) {
        List<Object[]> rows = em.createNativeQuery("SELECT id, unit_id, valid_from, valid_to FROM " + kind.memberships
                + " WHERE " + kind.owner + " = ?1 ORDER BY valid_from").setParameter(1, id).getResultList();
        return rows.stream().map(r -> new Membership(OrgTree.num(r[0]), OrgTree.num(r[1]), OrgTree.day(r[2]),
                OrgTree.day(r[3]))).toList();
    }

    private static List<Map<String, Object>> describe(List<Membership> ms) {
        return ms.stream().map(m -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("unitId", m.unitId());
            x.put("validFrom", m.from().toString());
            x.put("validTo", m.to() == null ? null : m.to().toString());
            return x;
        }).toList();
    }

    private void requireUnitValid(long unitId, LocalDate day) {
        if (em.createNativeQuery("SELECT 1 FROM org_unit WHERE id = ?1 AND valid_from <= ?2"
                + " AND (valid_to IS NULL OR valid_to >= ?2)").setParameter(1, unitId).setParameter(2, day)
                .getResultList().isEmpty()) {
            throw BusinessException.invalid("unit-not-valid-on-date", "unitId", unitId, day);
        }
    }
}
