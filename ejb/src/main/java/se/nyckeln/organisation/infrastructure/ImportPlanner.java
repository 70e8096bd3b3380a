package se.nyckeln.organisation.infrastructure;

import se.nyckeln.organisation.domain.DeviceKind;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.organisation.domain.Membership;
import se.nyckeln.organisation.domain.MembershipChange;
import se.nyckeln.organisation.domain.MembershipLedger;
import se.nyckeln.organisation.domain.Memberships;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.domain.UnitTimeline;
import se.nyckeln.organisation.domain.UnitVersion;
import se.nyckeln.shared.DateRange;
import se.nyckeln.shared.IsoDate;
import se.nyckeln.shared.OrgNumber;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a whole file against the stored organisation and plans what it changes. Every problem is collected
 * (line, column, value, reason) — the caller refuses the file if there is any, so that nothing is half-imported.
 * Pure: it reads a {@link Snapshot} and writes an {@link ImportPlan}; the store does the I/O.
 */
public final class ImportPlanner {

    public static final List<String> UNIT_COLUMNS = List.of("code", "name", "kind", "parent_code", "cost_centre",
            "org_number", "valid_from", "valid_to");
    public static final List<String> PEOPLE_COLUMNS = List.of("upn", "display_name", "object_id", "email",
            "unit_code", "valid_from", "valid_to");
    public static final List<String> DEVICE_COLUMNS = List.of("serial_number", "name", "kind", "primary_user_upn",
            "unit_code", "valid_from", "valid_to");
    public static final List<String> ENTRA_COLUMNS = List.of("userPrincipalName", "displayName", "objectId",
            "department", "accountEnabled");

    private ImportPlanner() {
    }

    // ------------------------------------------------------------------------------------------------ units

    private record UnitRow(CsvTable.Row row, String code, String name, UnitKind kind, String parentCode,
                           String costCentre, String orgNumber, LocalDate from, LocalDate to) {
    }

    public static ImportPlan units(CsvTable table, Snapshot s) {
        ImportPlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        String f = table.file();
        Map<String, UnitRow> byCode = new LinkedHashMap<>();
        for (CsvTable.Row r : table.rows()) {
            plan.rows++;
            String code = required(plan, f, r, "code");
            String name = required(plan, f, r, "name");
            String kindText = required(plan, f, r, "kind");
            UnitKind kind = null;
            if (kindText != null) {
                kind = UnitKind.parse(kindText).orElse(null);
                if (kind == null) {
                    plan.error(f, r.line(), "kind", kindText, "unknown-kind", kindText);
                }
            }
            String orgNumber = r.get("org_number");
            if (orgNumber != null) {
                if (OrgNumber.isValid(orgNumber)) {
                    orgNumber = OrgNumber.parse(orgNumber).digits();
                } else {
                    plan.error(f, r.line(), "org_number", orgNumber, "bad-org-number", orgNumber);
                    orgNumber = null;
                }
            } else if (kind != null && kind.isLegalEntity()) {
                plan.error(f, r.line(), "org_number", null, "missing-org-number", kind.name());
            }
            String parentCode = r.get("parent_code");
            if (parentCode == null && kind != null && kind != UnitKind.KOMMUN) {
                plan.error(f, r.line(), "parent_code", null, "missing-parent", kind.name());
            }
            LocalDate from = date(plan, f, r, "valid_from", true);
            LocalDate to = date(plan, f, r, "valid_to", false);
            if (from != null && to != null && to.isBefore(from)) {
                plan.error(f, r.line(), "valid_to", r.get("valid_to"), "date-order", r.get("valid_from"));
            }
            if (code != null) {
                if (byCode.containsKey(code)) {
                    plan.error(f, r.line(), "code", code, "duplicate-code", code, byCode.get(code).row().line());
                } else {
                    byCode.put(code, new UnitRow(r, code, name, kind, parentCode, r.get("cost_centre"), orgNumber,
                            from, to));
                }
            }
        }
        // cross-row checks: parents exist and are valid, no cycles, kinds do not change
        Map<String, String> parentOf = new HashMap<>();
        for (UnitRow u : byCode.values()) {
            if (u.parentCode() != null) {
                parentOf.put(u.code(), u.parentCode());
            }
        }
        for (UnitRow u : byCode.values()) {
            long line = u.row().line();
            Snapshot.Unit stored = s.unitsByCode.get(u.code());
            if (stored != null && u.kind() != null && stored.kind() != u.kind()) {
                plan.error(f, line, "kind", u.kind().name(), "kind-changed", stored.kind().name());
            }
            if (u.parentCode() == null) {
                continue;
            }
            UnitRow parentRow = byCode.get(u.parentCode());
            Snapshot.Unit parentStored = s.unitsByCode.get(u.parentCode());
            if (parentRow == null && parentStored == null) {
                plan.error(f, line, "parent_code", u.parentCode(), "unknown-parent", u.parentCode());
                continue;
            }
            if (u.from() != null) {
                // a stored parent keeps its own start; a file row for it may only be a later version
                boolean parentValid = parentStored != null
                        ? parentStored.validOn(u.from())
                        : parentRow.from() != null && new DateRange(parentRow.from(), laterOrNull(parentRow))
                        .contains(u.from());
                if (!parentValid) {
                    plan.error(f, line, "parent_code", u.parentCode(), "parent-not-valid", u.parentCode(),
                            u.from());
                }
            }
            if (cycle(u.code(), parentOf, s)) {
                plan.error(f, line, "parent_code", u.parentCode(), "parent-cycle", u.code());
            }
        }
        if (plan.hasErrors()) {
            return plan;
        }
        // plan: new units get temporary negative ids so parents created by the same file can be referenced
        Map<String, Long> ref = new HashMap<>();
        long temp = -1;
        for (UnitRow u : byCode.values()) {
            Snapshot.Unit stored = s.unitsByCode.get(u.code());
            ref.put(u.code(), stored != null ? stored.id() : temp--);
        }
        for (UnitRow u : byCode.values()) {
            Long parentRef = u.parentCode() == null ? null
                    : ref.containsKey(u.parentCode()) ? ref.get(u.parentCode()) : s.unitsByCode.get(u.parentCode()).id();
            Snapshot.Unit stored = s.unitsByCode.get(u.code());
            long line = u.row().line();
            String after = Json.object("code", u.code(), "name", u.name(), "kind", u.kind().name(), "parentCode",
                    u.parentCode(), "costCentre", u.costCentre(), "orgNumber", u.orgNumber(), "validFrom", u.from(),
                    "validTo", u.to());
            if (stored == null) {
                long id = ref.get(u.code());
                plan.newUnits.add(new ImportPlan.NewUnit(id, u.code(), u.kind().name(), u.orgNumber(), u.from(),
                        u.to()));
                plan.newVersions.add(new ImportPlan.NewVersion(id, u.from(), u.to(), u.name(), parentRef,
                        u.costCentre()));
                plan.audits.add(new ImportPlan.Audit("CREATE", "OrgUnit", null, u.code(), parentRef, null, after));
                plan.created++;
                continue;
            }
            if (u.from().isBefore(stored.from())) {
                plan.error(f, line, "valid_from", u.row().get("valid_from"), "before-unit-start", stored.from());
                continue;
            }
            if (stored.to() != null && u.from().isAfter(stored.to())) {
                plan.error(f, line, "valid_from", u.row().get("valid_from"), "unit-closed", stored.to());
                continue;
            }
            List<UnitVersion> versions = new ArrayList<>(stored.versions());
            boolean changed = false;
            boolean closed = false;
            ImportPlan.NewVersion pending = null;
            try {
                UnitTimeline.Change c = UnitTimeline.change(versions, u.from(), u.name(), parentRef, u.costCentre());
                if (c.changes()) {
                    changed = true;
                    if (c.updateId() != null) {
                        plan.versionPatches.add(new ImportPlan.VersionPatch(c.updateId(), u.name(), parentRef,
                                u.costCentre()));
                    } else {
                        plan.versionEnds.add(new ImportPlan.VersionEnd(c.endId(), c.endAt()));
                        versions.replaceAll(v -> v.id().equals(c.endId())
                                ? new UnitVersion(v.id(), v.from(), c.endAt(), v.name(), v.parentId(), v.costCentre())
                                : v);
                        pending = new ImportPlan.NewVersion(stored.id(), u.from(), c.insert().to(), u.name(),
                                parentRef, u.costCentre());
                    }
                }
                if (u.to() != null && !u.to().equals(stored.to())) {
                    closed = true;
                    if (pending != null) {
                        pending = new ImportPlan.NewVersion(stored.id(), pending.from(), u.to(), pending.name(),
                                pending.parentRef(), pending.costCentre());
                    } else {
                        UnitTimeline.Change close = UnitTimeline.close(versions, u.to());
                        if (close.endId() != null) {
                            plan.versionEnds.add(new ImportPlan.VersionEnd(close.endId(), u.to()));
                        }
                    }
                }
            } catch (UnitTimeline.RefusedException e) {
                plan.error(f, line, "valid_from", u.row().get("valid_from"), "retroactive-change",
                        e.refusal().name());
                continue;
            }
            if (pending != null) {
                plan.newVersions.add(pending);
            }
            boolean orgChanged = !Objects.equals(stored.orgNumber() == null ? null : stored.orgNumber().trim(),
                    u.orgNumber());
            if (orgChanged || closed) {
                plan.unitPatches.add(new ImportPlan.UnitPatch(stored.id(), u.orgNumber(),
                        closed ? u.to() : stored.to()));
            }
            String before = Json.object("code", stored.code(), "orgNumber", stored.orgNumber(), "validTo",
                    stored.to());
            if (closed) {
                plan.audits.add(new ImportPlan.Audit("CLOSE", "OrgUnit", stored.id(), null, stored.id(), before, after));
                plan.closed++;
            } else if (changed || orgChanged) {
                plan.audits.add(new ImportPlan.Audit("UPDATE", "OrgUnit", stored.id(), null, stored.id(), before, after));
                plan.updated++;
            } else {
                plan.unchanged++;
            }
        }
        return plan;
    }

    private static LocalDate laterOrNull(UnitRow r) {
        return r.to() != null && r.from() != null && !r.to().isBefore(r.from()) ? r.to() : null;
    }

    private static boolean cycle(String start, Map<String, String> parentOfInFile, Snapshot s) {
        Set<String> seen = new HashSet<>();
        String code = start;
        while (code != null) {
            if (!seen.add(code)) {
                return true;
            }
            String next = parentOfInFile.get(code);
            if (next == null) {
                Snapshot.Unit stored = s.unitsByCode.get(code);
                if (stored == null || parentOfInFile.containsKey(code)) {
                    return false;
                }
                Long parentId = stored.versions().stream().max(Comparator.comparing(UnitVersion::from))
                        .map(UnitVersion::parentId).orElse(null);
                Snapshot.Unit parent = parentId == null ? null : s.unitsById.get(parentId);
                next = parent == null ? null : parent.code();
            }
            code = next;
        }
        return false;
    }

    // ----------------------------------------------------------------------------------------------- people

    public static ImportPlan people(CsvTable table, Snapshot s) {
        ImportPlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        String f = table.file();
        Map<String, List<Object[]>> statements = new LinkedHashMap<>(capacity(table));
        Map<String, String[]> attributes = new LinkedHashMap<>(capacity(table));
        Map<String, String> objectIdOwner = new HashMap<>(capacity(table));
        for (CsvTable.Row r : table.rows()) {
            plan.rows++;
            String upn = required(plan, f, r, "upn");
            String name = required(plan, f, r, "display_name");
            Long unitId = unit(plan, f, r, "unit_code", s);
            LocalDate from = date(plan, f, r, "valid_from", true);
            LocalDate to = date(plan, f, r, "valid_to", false);
            if (from != null && to != null && to.isBefore(from)) {
                plan.error(f, r.line(), "valid_to", r.get("valid_to"), "date-order", r.get("valid_from"));
                to = null;
                from = null;
            }
            checkUnitValid(plan, f, r, s, unitId, from);
            String objectId = r.get("object_id");
            String upnKey = Snapshot.key(upn);
            if (upn != null && objectId != null) {
                String objectKey = Snapshot.key(objectId);
                String owner = objectIdOwner.putIfAbsent(objectKey, upnKey);
                Long storedOwner = s.personIdByObjectId.get(objectKey);
                Snapshot.Person self = s.peopleByUpn.get(upnKey);
                if ((owner != null && !owner.equals(upnKey))
                        || (storedOwner != null && (self == null || self.id() != storedOwner))) {
                    plan.error(f, r.line(), "object_id", objectId, "object-id-taken", objectId);
                }
            }
            if (upn != null) {
                attributes.put(upnKey, new String[]{upn, objectId, name, r.get("email")});
                statements.computeIfAbsent(upnKey, k -> new ArrayList<>())
                        .add(new Object[]{r, unitId, from, to});
            }
        }
        planMemberships(plan, f, "Person", statements, key -> {
            Snapshot.Person p = s.peopleByUpn.get(key);
            return p == null ? null : new Owner(p.id(), p.memberships());
        }, key -> {
            String[] a = attributes.get(key);
            Snapshot.Person p = s.peopleByUpn.get(key);
            if (p == null) {
                plan.newPeople.add(new ImportPlan.NewPerson(a[0], a[1], a[2], a[3]));
                return true;
            }
            if (!Objects.equals(p.displayName(), a[2]) || (a[1] != null && !Objects.equals(p.objectId(), a[1]))
                    || (a[3] != null && !Objects.equals(p.email(), a[3]))) {
                plan.personPatches.add(new ImportPlan.PersonPatch(p.id(), a[1] != null ? a[1] : p.objectId(), a[2],
                        a[3] != null ? a[3] : p.email()));
                return true;
            }
            return false;
        });
        return plan;
    }

    // ---------------------------------------------------------------------------------------------- devices

    public static ImportPlan devices(CsvTable table, Snapshot s) {
        ImportPlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        String f = table.file();
        Map<String, List<Object[]>> statements = new LinkedHashMap<>(capacity(table));
        Map<String, Object[]> attributes = new LinkedHashMap<>(capacity(table));
        for (CsvTable.Row r : table.rows()) {
            plan.rows++;
            String serial = required(plan, f, r, "serial_number");
            String name = required(plan, f, r, "name");
            String kindText = required(plan, f, r, "kind");
            DeviceKind kind = kindText == null ? null : DeviceKind.parse(kindText).orElse(null);
            if (kindText != null && kind == null) {
                plan.error(f, r.line(), "kind", kindText, "unknown-device-kind", kindText);
            }
            String upn = r.get("primary_user_upn");
            Long personId = null;
            if (upn != null) {
                Snapshot.Person p = s.peopleByUpn.get(Snapshot.key(upn));
                if (p == null) {
                    plan.error(f, r.line(), "primary_user_upn", upn, "unknown-person", upn);
                } else {
                    personId = p.id();
                }
            }
            Long unitId = unit(plan, f, r, "unit_code", s);
            LocalDate from = date(plan, f, r, "valid_from", true);
            LocalDate to = date(plan, f, r, "valid_to", false);
            if (from != null && to != null && to.isBefore(from)) {
                plan.error(f, r.line(), "valid_to", r.get("valid_to"), "date-order", r.get("valid_from"));
                from = null;
            }
            checkUnitValid(plan, f, r, s, unitId, from);
            if (serial != null) {
                attributes.put(serial, new Object[]{serial, name, kind == null ? null : kind.name(), personId});
                statements.computeIfAbsent(serial, k -> new ArrayList<>()).add(new Object[]{r, unitId, from, to});
            }
        }
        planMemberships(plan, f, "Device", statements, key -> {
            Snapshot.Device d = s.devicesBySerial.get(key);
            return d == null ? null : new Owner(d.id(), d.memberships());
        }, key -> {
            Object[] a = attributes.get(key);
            Snapshot.Device d = s.devicesBySerial.get(key);
            if (d == null) {
                plan.newDevices.add(new ImportPlan.NewDevice((String) a[0], (String) a[1], (String) a[2], (Long) a[3]));
                return true;
            }
            if (!Objects.equals(d.name(), a[1]) || !Objects.equals(d.kind(), a[2])
                    || !Objects.equals(d.primaryPersonId(), a[3])) {
                plan.devicePatches.add(new ImportPlan.DevicePatch(d.id(), (String) a[1], (String) a[2], (Long) a[3]));
                return true;
            }
            return false;
        });
        return plan;
    }

    // ------------------------------------------------------------------------------------------------ entra

    /**
     * The Entra ID "Download users" export: department → unit through the mapping; an enabled account is in
     * that unit from {@code today} (a move if it was elsewhere); a disabled account's membership ends today.
     */
    public static ImportPlan entraUsers(CsvTable table, Snapshot s, LocalDate today) {
        ImportPlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        String f = table.file();
        Map<String, List<Object[]>> statements = new LinkedHashMap<>(capacity(table));
        Map<String, String[]> attributes = new LinkedHashMap<>(capacity(table));
        for (CsvTable.Row r : table.rows()) {
            plan.rows++;
            String upn = required(plan, f, r, "userPrincipalName");
            String name = required(plan, f, r, "displayName");
            String enabledText = r.get("accountEnabled");
            Boolean enabled = null;
            if (enabledText == null || !(enabledText.equalsIgnoreCase("true") || enabledText.equalsIgnoreCase("false"))) {
                plan.error(f, r.line(), "accountEnabled", enabledText, "bad-boolean", enabledText);
            } else {
                enabled = Boolean.parseBoolean(enabledText.toLowerCase());
            }
            Long unitId = null;
            if (Boolean.TRUE.equals(enabled)) {
                String department = r.get("department");
                if (department == null) {
                    plan.error(f, r.line(), "department", null, "missing-value", "department");
                } else {
                    unitId = s.departments.get(Snapshot.key(department));
                    if (unitId == null) {
                        plan.error(f, r.line(), "department", department, "unknown-department", department);
                    } else {
                        checkUnitValid(plan, f, r, s, unitId, today);
                    }
                }
            }
            if (upn != null && enabled != null) {
                String objectId = r.get("objectId");
                Long storedOwner = objectId == null ? null : s.personIdByObjectId.get(Snapshot.key(objectId));
                Snapshot.Person self = s.peopleByUpn.get(Snapshot.key(upn));
                if (storedOwner != null && (self == null || self.id() != storedOwner)) {
                    plan.error(f, r.line(), "objectId", objectId, "object-id-taken", objectId);
                }
                if (statements.containsKey(Snapshot.key(upn))) {
                    plan.error(f, r.line(), "userPrincipalName", upn, "duplicate-code", upn,
                            ((CsvTable.Row) statements.get(Snapshot.key(upn)).get(0)[0]).line());
                    continue;
                }
                attributes.put(Snapshot.key(upn), new String[]{upn, objectId, name, r.get("mail")});
                // a disabled account is a leaver: the sentinel unit id null means "ends today"
                statements.computeIfAbsent(Snapshot.key(upn), k -> new ArrayList<>())
                        .add(new Object[]{r, enabled ? unitId : null, today, null, !enabled});
            }
        }
        planMemberships(plan, f, "Person", statements, key -> {
            Snapshot.Person p = s.peopleByUpn.get(key);
            return p == null ? null : new Owner(p.id(), p.memberships());
        }, key -> {
            String[] a = attributes.get(key);
            Snapshot.Person p = s.peopleByUpn.get(key);
            if (p == null) {
                if (Boolean.TRUE.equals(statements.get(key).get(0)[4])) {
                    return false;
                }
                plan.newPeople.add(new ImportPlan.NewPerson(a[0], a[1], a[2], a[3]));
                return true;
            }
            if (!Objects.equals(p.displayName(), a[2]) || (a[1] != null && !Objects.equals(p.objectId(), a[1]))
                    || (a[3] != null && !Objects.equals(p.email(), a[3]))) {
                plan.personPatches.add(new ImportPlan.PersonPatch(p.id(), a[1] != null ? a[1] : p.objectId(), a[2],
                        a[3] != null ? a[3] : p.email()));
                return true;
            }
            return false;
        });
        return plan;
    }

    // ----------------------------------------------------------------------------------------------- shared

    private record Owner(long id, List<Membership> memberships) {
    }

    /**
     * Applies each owner's dated statements in date order to a ledger of its memberships; then the attribute
     * step ({@code attributesChanged}: creates or patches the owner, true when it did) and the outcome per row.
     * A statement without a unit (Entra leaver) ends the membership covering its date.
     */
    private static void planMemberships(ImportPlan plan, String f, String entityType,
                                        Map<String, List<Object[]>> statements,
                                        java.util.function.Function<String, Owner> stored,
                                        java.util.function.Predicate<String> attributesChanged) {
        boolean anyErrors = plan.hasErrors();
        for (Map.Entry<String, List<Object[]>> e : statements.entrySet()) {
            String key = e.getKey();
            Owner owner = stored.apply(key);
            List<Object[]> rows = e.getValue();
            if (rows.size() > 1 || rows.get(0)[2] == null) {
                rows = new ArrayList<>(rows);
                rows.removeIf(st -> st[2] == null);
                rows.sort(Comparator.comparing(st -> (LocalDate) st[2]));
            }
            // rows of one owner in the same file must not overlap each other
            for (int i = 1; i < rows.size(); i++) {
                Object[] prev = rows.get(i - 1);
                Object[] cur = rows.get(i);
                LocalDate prevTo = (LocalDate) prev[3];
                if (prevTo == null || !prevTo.isBefore((LocalDate) cur[2])) {
                    CsvTable.Row r = (CsvTable.Row) cur[0];
                    plan.error(f, r.line(), "valid_from", r.get("valid_from"), "overlapping-period", key,
                            ((CsvTable.Row) prev[0]).line());
                }
            }
            if (plan.hasErrors()) {
                anyErrors = true;
            }
            MembershipLedger ledger = new MembershipLedger(owner == null ? List.of() : owner.memberships());
            List<MembershipChange.Outcome> outcomes = new ArrayList<>();
            for (Object[] st : rows) {
                CsvTable.Row r = (CsvTable.Row) st[0];
                Long unitId = (Long) st[1];
                try {
                    boolean leaver = st.length > 4 && Boolean.TRUE.equals(st[4]);
                    if (leaver) {
                        outcomes.add(ledger.end((LocalDate) st[2]));
                    } else if (unitId != null) {
                        outcomes.add(ledger.state(unitId, (LocalDate) st[2], (LocalDate) st[3]));
                    }
                } catch (Memberships.OverlapException ex) {
                    plan.error(f, r.line(), "valid_from", r.get("valid_from"), "overlapping-period", key,
                            ex.conflicting().from());
                    anyErrors = true;
                }
            }
            if (anyErrors) {
                continue;
            }
            boolean attrs = attributesChanged.test(key);
            boolean created = owner == null && attrs;
            List<Membership> inserts = ledger.inserts();
            List<Membership> updates = ledger.updates();
            List<Membership> current = ledger.current();
            for (Membership m : inserts) {
                plan.newMemberships.add(new ImportPlan.NewMembership(owner == null ? null : owner.id(), key,
                        m.unitId(), m.from(), m.to()));
            }
            for (Membership m : updates) {
                plan.membershipPatches.add(new ImportPlan.MembershipPatch(m.id(), m.unitId(), m.to()));
            }
            String before = owner == null ? null : memberships(owner.memberships());
            Membership latest = null;
            for (Membership m : current) {
                if (latest == null || m.from().isAfter(latest.from())) {
                    latest = m;
                }
            }
            Long unit = latest == null ? null : latest.unitId();
            boolean first = true;
            for (MembershipChange.Outcome o : outcomes) {
                MembershipChange.Outcome reported = created ? (first ? MembershipChange.Outcome.CREATED
                        : MembershipChange.Outcome.UPDATED)
                        : (attrs && o == MembershipChange.Outcome.UNCHANGED && first ? MembershipChange.Outcome.UPDATED : o);
                count(plan, reported);
                first = false;
            }
            if (outcomes.isEmpty()) {
                count(plan, attrs ? (created ? MembershipChange.Outcome.CREATED : MembershipChange.Outcome.UPDATED)
                        : MembershipChange.Outcome.UNCHANGED);
            }
            boolean closedAny = outcomes.contains(MembershipChange.Outcome.CLOSED);
            boolean changedAny = attrs || !inserts.isEmpty() || !updates.isEmpty();
            if (changedAny) {
                String action = created ? "CREATE" : closedAny && !attrs && inserts.isEmpty() ? "CLOSE" : "UPDATE";
                // after: the stored memberships once the plan is written (= ledger.current())
                plan.audits.add(new ImportPlan.Audit(action, entityType, owner == null ? null : owner.id(), key, unit,
                        before, memberships(current)));
            }
        }
    }

    private static void count(ImportPlan plan, MembershipChange.Outcome o) {
        switch (o) {
            case CREATED -> plan.created++;
            case UPDATED -> plan.updated++;
            case CLOSED -> plan.closed++;
            case UNCHANGED -> plan.unchanged++;
        }
    }

    /** The audit JSON of a list of memberships, ordered by start (one per person or device an import changes). */
    static String memberships(List<Membership> ms) {
        StringBuilder b = new StringBuilder(24 + 64 * ms.size()).append("{\"memberships\":[");
        List<Membership> ordered = ms;
        if (ms.size() > 1) {
            ordered = new ArrayList<>(ms);
            ordered.sort(Comparator.comparing(Membership::from));
        }
        for (int i = 0; i < ordered.size(); i++) {
            Membership m = ordered.get(i);
            if (i > 0) {
                b.append(',');
            }
            // the shape of Json.object("unitId", …, "validFrom", …, "validTo", …); dates are ISO, no escaping needed
            b.append("{\"unitId\":").append(m.unitId()).append(",\"validFrom\":\"").append(m.from())
                    .append("\",\"validTo\":");
            if (m.to() == null) {
                b.append("null");
            } else {
                b.append('"').append(m.to()).append('"');
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    /** A map's initial capacity for one entry per row of the file, so that it never grows while being filled. */
    private static int capacity(CsvTable table) {
        return Math.max(16, (int) (table.rows().size() / 0.75f) + 1);
    }

    private static ImportPlan start(CsvTable table) {
        ImportPlan plan = new ImportPlan();
        plan.errors.addAll(table.errors());
        return plan;
    }

    private static String required(ImportPlan plan, String f, CsvTable.Row r, String column) {
        String v = r.get(column);
        if (v == null) {
            plan.error(f, r.line(), column, null, "missing-value", column);
        }
        return v;
    }

    private static LocalDate date(ImportPlan plan, String f, CsvTable.Row r, String column, boolean required) {
        String v = required ? required(plan, f, r, column) : r.get(column);
        if (v == null) {
            return null;
        }
        try {
            return IsoDate.parse(v);
        } catch (DateTimeParseException e) {
            plan.error(f, r.line(), column, v, "bad-date", v);
            return null;
        }
    }

    private static Long unit(ImportPlan plan, String f, CsvTable.Row r, String column, Snapshot s) {
        String code = required(plan, f, r, column);
        if (code == null) {
            return null;
        }
        Snapshot.Unit u = s.unitsByCode.get(code);
        if (u == null) {
            plan.error(f, r.line(), column, code, "unknown-unit", code);
            return null;
        }
        return u.id();
    }

    private static void checkUnitValid(ImportPlan plan, String f, CsvTable.Row r, Snapshot s, Long unitId,
                                       LocalDate day) {
        if (unitId == null || day == null) {
            return;
        }
        Snapshot.Unit u = s.unitsById.get(unitId);
        if (u != null && !u.validOn(day)) {
            plan.error(f, r.line(), "unit_code", u.code(), "unit-not-valid", u.code(), day);
        }
    }
}
