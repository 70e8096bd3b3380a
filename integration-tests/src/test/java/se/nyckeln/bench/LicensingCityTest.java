package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The licensing city's shape and the harness helpers of the licensing scenarios. */
class LicensingCityTest {

    @Test
    void assignmentsGoRoundThePoolsAndPeoplePoolsComeFirst() {
        assertEquals(new LicensingCity.Key(0, false, 0), LicensingCity.assignmentKey(0, 100, 50));
        // pool 399 is a device pool; holder (0 + 7 * 399) % 50 = 2793 % 50 = 43
        assertEquals(new LicensingCity.Key(399, true, 43), LicensingCity.assignmentKey(399, 100, 50));
        // the second round of pool 1: holder (1 + 7) % 100 = 8
        assertEquals(new LicensingCity.Key(1, false, 8), LicensingCity.assignmentKey(401, 100, 50));
    }

    @Test
    void usageRowsCoverEveryAssignmentThenOnlyNewPairs() {
        int people = 30;
        int devices = 20;
        long max = LicensingCity.maxPairs(people, devices);
        assertEquals(400L * 19, max);
        long assignments = 2_000;
        Set<LicensingCity.Key> seen = new HashSet<>();
        for (long i = 0; i < max; i++) {
            LicensingCity.Key k = LicensingCity.usageKey(i, assignments, people, devices);
            if (i < assignments) {
                assertEquals(LicensingCity.assignmentKey(i, people, devices), k);
            }
            assertTrue(seen.add(k), "pair repeated at row " + i + ": " + k);
            assertTrue(k.holder() < (k.device() ? devices : people));
        }
    }

    @Test
    void lastUseSpreadsOverTheYear() {
        LocalDate today = LocalDate.of(2026, 12, 2);
        assertEquals(today, LicensingCity.lastUsed(0, today));
        assertEquals(today.minusDays(37), LicensingCity.lastUsed(1, today));
        // 10 * 37 = 370 = 365 + 5
        assertEquals(today.minusDays(5), LicensingCity.lastUsed(10, today));
        long recent = 0;
        for (long i = 0; i < 365; i++) {
            if (!LicensingCity.lastUsed(i, today).isBefore(today.minusDays(90))) {
                recent++;
            }
        }
        assertEquals(91, recent); // 37 is coprime to 365: each day once, 91 of them within [d - 90, d]
    }

    @Test
    void assignmentsBeganOverTheLast24Months() {
        LocalDate today = LocalDate.of(2026, 12, 2);
        assertEquals(today.minusDays(30), LicensingCity.assignedOn(0, today));
        assertEquals(today.minusDays(43), LicensingCity.assignedOn(1, today));
        for (long i = 0; i < 2_000; i++) {
            LocalDate d = LicensingCity.assignedOn(i, today);
            assertTrue(!d.isAfter(today.minusDays(30)) && !d.isBefore(today.minusDays(729)), d.toString());
        }
    }

    @Test
    void jsonFieldsAreSummedAndCountedByExactName() {
        String json = "[{\"poolId\":1,\"assigned\":5,\"unassigned\":100,\"inUse\":2},"
                + "{\"poolId\":2,\"assigned\": 7,\"unassigned\":1,\"inUse\":0}]";
        assertEquals(12, LicencePositionScenario.sum(json, "assigned"));
        assertEquals(2, LicencePositionScenario.sum(json, "inUse"));
        assertEquals(2, LicencePositionScenario.count(json, "poolId"));
        assertEquals("5", UsageImportScenario.number(json, "assigned"));
        assertEquals("?", UsageImportScenario.number(json, "created"));
    }

    @Test
    void onlyTheNamedScenariosRunInTheirOrder() {
        List<BenchmarkScenario> all = Benchmarks.SCENARIOS;
        assertEquals(all, Benchmarks.selected(all, " "));
        List<BenchmarkScenario> two = Benchmarks.selected(all, "LicencePositionScenario, OrganisationImportScenario");
        assertEquals(List.of("OrganisationImportScenario", "LicencePositionScenario"),
                two.stream().map(s -> s.getClass().getSimpleName()).toList());
        assertThrows(IllegalArgumentException.class, () -> Benchmarks.selected(all, "NoSuchScenario"));
        assertFalse(Benchmarks.selected(all, "UsageImportScenario").isEmpty());
    }
}
