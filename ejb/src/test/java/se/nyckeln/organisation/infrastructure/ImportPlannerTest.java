package se.nyckeln.organisation.infrastructure;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.organisation.domain.Membership;
import se.nyckeln.organisation.domain.UnitKind;
import se.nyckeln.organisation.domain.UnitVersion;
import se.nyckeln.platform.problem.ImportError;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportPlannerTest {

    private static final LocalDate START = LocalDate.of(2020, 1, 1);

    private static Snapshot city() {
        Snapshot s = new Snapshot();
        s.add(new Snapshot.Unit(1, "KOMMUN", UnitKind.KOMMUN, "2120000142", START, null,
                List.of(new UnitVersion(10L, START, null, "Staden", null, "1000"))));
        s.add(new Snapshot.Unit(2, "SDN", UnitKind.STADSDELSNAMND, null, START, null,
                List.of(new UnitVersion(20L, START, null, "Södermalm", 1L, "2200"))));
        s.add(new Snapshot.Unit(3, "SKOLA", UnitKind.SUBUNIT, null, LocalDate.of(2021, 8, 1), null,
                List.of(new UnitVersion(30L, LocalDate.of(2021, 8, 1), null, "Skolan", 2L, "2210"))));
        return s;
    }

    private static CsvTable csv(String text, List<String> columns) {
        return CsvTable.read("test.csv", text.getBytes(StandardCharsets.UTF_8), columns);
    }

    private static Set<String> where(List<ImportError> errors) {
        return errors.stream().map(e -> e.line() + ":" + e.column() + ":" + e.reason()).collect(Collectors.toSet());
    }

    @Test
    void everyProblemOfAUnitsFileIsReportedWithLineAndColumn() {
        String file = """
                code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to
                OK;Bra;SUBUNIT;KOMMUN;1;;2020-01-01;
                B1;Bolag;BOLAG;KOMMUN;2;556677-8898;2020-01-01;
                B2;Utan förälder;SUBUNIT;FINNS-INTE;3;;2020-01-01;
                B3;Baklänges;SUBUNIT;KOMMUN;4;;2024-01-01;2023-12-31
                OK;Dubblett;SUBUNIT;KOMMUN;5;;2020-01-01;
                B4;Typ;AVDELNING;KOMMUN;6;;2020-01-01;
                B5;;SUBUNIT;KOMMUN;7;;2020-13-01;
                B6;Bolag utan nummer;BOLAG;KOMMUN;8;;2020-01-01;
                SDN;Södermalm;SUBUNIT;KOMMUN;2200;;2020-01-01;
                B7;Före föräldern;SUBUNIT;SKOLA;9;;2020-01-01;
                """;
        ImportPlan plan = ImportPlanner.units(csv(file, ImportPlanner.UNIT_COLUMNS), city());
        Set<String> found = where(plan.errors);
        for (String expected : List.of("3:org_number:bad-org-number", "4:parent_code:unknown-parent",
                "5:valid_to:date-order", "6:code:duplicate-code", "7:kind:unknown-kind", "8:name:missing-value",
                "8:valid_from:bad-date", "9:org_number:missing-org-number", "10:kind:kind-changed",
                "11:parent_code:parent-not-valid")) {
            assertTrue(found.contains(expected), expected + " not in " + found);
        }
        assertTrue(plan.newUnits.isEmpty() || plan.hasErrors());
    }

    @Test
    void aGoodUnitsFileIsPlannedAndRestatingItChangesNothing() {
        String file = """
                code,name,kind,parent_code,cost_centre,org_number,valid_from,valid_to
                NY-SUB,Underenhet,SUBUNIT,NY,11,,2022-01-01,
                NY,Nytt bolag,BOLAG,KOMMUN,10,5566778899,2022-01-01,
                SDN,Södermalm,STADSDELSNAMND,KOMMUN,2200,,2020-01-01,
                """;
        ImportPlan plan = ImportPlanner.units(csv(file, ImportPlanner.UNIT_COLUMNS), city());
        assertFalse(plan.hasErrors(), plan.errors.toString());
        assertEquals(2, plan.created);
        assertEquals(1, plan.unchanged);
        ImportPlan.NewVersion sub = plan.newVersions.stream().filter(v -> v.name().equals("Underenhet")).findFirst()
                .orElseThrow();
        long bolagRef = plan.newUnits.stream().filter(u -> u.code().equals("NY")).findFirst().orElseThrow().tempId();
        assertEquals(bolagRef, sub.parentRef(), "a parent created by the same file is referenced by its temporary id");
    }

    @Test
    void aRenameFromALaterDateEndsTheVersionAndAnExplicitEndCloses() {
        String file = """
                code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to
                SDN;Södermalm och Gamla stan;STADSDELSNAMND;KOMMUN;2200;;2025-01-01;
                SKOLA;Skolan;SUBUNIT;SDN;2210;;2021-08-01;2025-06-30
                """;
        ImportPlan plan = ImportPlanner.units(csv(file, ImportPlanner.UNIT_COLUMNS), city());
        assertFalse(plan.hasErrors(), plan.errors.toString());
        assertEquals(1, plan.updated);
        assertEquals(1, plan.closed);
        assertTrue(plan.versionEnds.contains(new ImportPlan.VersionEnd(20L, LocalDate.of(2024, 12, 31))));
        assertTrue(plan.versionEnds.contains(new ImportPlan.VersionEnd(30L, LocalDate.of(2025, 6, 30))));
        assertTrue(plan.unitPatches.contains(new ImportPlan.UnitPatch(3L, null, LocalDate.of(2025, 6, 30))));
    }

    @Test
    void peopleAreMovedAndOverlapsAreRefused() {
        Snapshot s = city();
        s.add(new Snapshot.Person(100, "anna@stad.se", null, "Anna", null,
                List.of(new Membership(1000L, 2, LocalDate.of(2021, 1, 1), null))));
        String file = """
                upn;display_name;object_id;email;unit_code;valid_from;valid_to
                ANNA@stad.se;Anna;;;SKOLA;2024-03-01;
                """;
        ImportPlan plan = ImportPlanner.people(csv(file, ImportPlanner.PEOPLE_COLUMNS), s);
        assertFalse(plan.hasErrors(), plan.errors.toString());
        assertEquals(1, plan.updated);
        assertEquals(List.of(new ImportPlan.MembershipPatch(1000L, 2, LocalDate.of(2024, 2, 29))),
                plan.membershipPatches);
        assertEquals(3, plan.newMemberships.get(0).unitId());

        String overlapping = """
                upn;display_name;object_id;email;unit_code;valid_from;valid_to
                ny@stad.se;Ny;;;SDN;2022-01-01;
                ny@stad.se;Ny;;;SKOLA;2021-09-01;2022-06-30
                okand@stad.se;Okänd;;;FINNS-INTE;2022-01-01;
                """;
        ImportPlan bad = ImportPlanner.people(csv(overlapping, ImportPlanner.PEOPLE_COLUMNS), s);
        Set<String> found = where(bad.errors);
        assertTrue(found.contains("2:valid_from:overlapping-period"), found.toString());
        assertTrue(found.contains("4:unit_code:unknown-unit"), found.toString());
    }

    @Test
    void entraLeaversEndTodayAndUnknownDepartmentsAreNamed() {
        Snapshot s = city();
        s.departments.put("skolan", 3L);
        s.add(new Snapshot.Person(100, "anna@stad.se", "o1", "Anna", null,
                List.of(new Membership(1000L, 3, LocalDate.of(2022, 1, 1), null))));
        LocalDate today = LocalDate.of(2025, 5, 20);
        String file = """
                userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department,accountEnabled
                anna@stad.se,Anna,A,,Anna,o1,Member,,Skolan,False
                bo@stad.se,Bo,B,,Bo,o2,Member,,Okänd,True
                """;
        ImportPlan plan = ImportPlanner.entraUsers(csv(file, ImportPlanner.ENTRA_COLUMNS), s, today);
        assertEquals(1, plan.errors.size(), plan.errors.toString());
        ImportError e = plan.errors.get(0);
        assertEquals("unknown-department", e.reason());
        assertEquals("Okänd", e.value());
        assertEquals(3, e.line());

        String good = file.lines().limit(2).collect(Collectors.joining("\n"));
        ImportPlan leaver = ImportPlanner.entraUsers(csv(good, ImportPlanner.ENTRA_COLUMNS), s, today);
        assertEquals(1, leaver.closed);
        assertEquals(List.of(new ImportPlan.MembershipPatch(1000L, 3, today)), leaver.membershipPatches);
    }

    @Test
    void peopleAuditsCarryTheStoredStateAsBeforeAndTheMembershipsOnceWrittenAsAfter() {
        Snapshot s = city();
        s.add(new Snapshot.Person(7, "anna@x.se", "obj-7", "Anna", null,
                List.of(new Membership(70L, 3, LocalDate.of(2022, 1, 1), null))));
        String file = """
                upn;display_name;object_id;email;unit_code;valid_from;valid_to
                anna@x.se;Anna;obj-7;;SDN;2023-06-01;
                ny@x.se;Ny;obj-8;;SKOLA;2022-02-01;
                """;
        ImportPlan plan = ImportPlanner.people(csv(file, ImportPlanner.PEOPLE_COLUMNS), s);
        assertFalse(plan.hasErrors(), plan.errors.toString());
        // anna: the school membership closes the day before the move, a new one at SDN follows (ordered by start)
        assertEquals(List.of(
                new ImportPlan.Audit("UPDATE", "Person", 7L, "anna@x.se", 2L,
                        "{\"memberships\":[{\"unitId\":3,\"validFrom\":\"2022-01-01\",\"validTo\":null}]}",
                        "{\"memberships\":[{\"unitId\":3,\"validFrom\":\"2022-01-01\",\"validTo\":\"2023-05-31\"},"
                                + "{\"unitId\":2,\"validFrom\":\"2023-06-01\",\"validTo\":null}]}"),
                new ImportPlan.Audit("CREATE", "Person", null, "ny@x.se", 3L, null,
                        "{\"memberships\":[{\"unitId\":3,\"validFrom\":\"2022-02-01\",\"validTo\":null}]}")),
                plan.audits);
        assertEquals(List.of(new ImportPlan.MembershipPatch(70L, 3, LocalDate.of(2023, 5, 31))),
                plan.membershipPatches);
        // the JSON is ordered by start whatever order the memberships come in
        assertEquals("{\"memberships\":[{\"unitId\":3,\"validFrom\":\"2022-01-01\",\"validTo\":\"2023-05-31\"},"
                        + "{\"unitId\":2,\"validFrom\":\"2023-06-01\",\"validTo\":null}]}",
                ImportPlanner.memberships(List.of(new Membership(-1L, 2, LocalDate.of(2023, 6, 1), null),
                        new Membership(70L, 3, LocalDate.of(2022, 1, 1), LocalDate.of(2023, 5, 31)))));
        assertEquals("{\"memberships\":[]}", ImportPlanner.memberships(List.of()));
    }
}
