package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @Test
    void verdictComparesRatioWithGoal() {
        assertEquals("PASS", row(0.5, 0.5).verdict());
        assertEquals("FAIL", row(0.49, 0.5).verdict());
        assertEquals("-", row(0.7, Double.NaN).verdict());
        assertEquals("-", ResultRow.notAvailable("x", "not built").verdict());
    }

    @Test
    void unavailableFiguresAreDashesNotNumbers() {
        Report r = new Report();
        r.add(new Report.Section("S", "method", List.of(ResultRow.notAvailable("import", "HTTP 404 | gone")), 1));
        String md = r.render();
        assertTrue(md.contains("| import | - | - |  | - | - | - |  | not available: HTTP 404 \\| gone |"), md);
    }

    @Test
    void importSummaryKeepsTheCounts() {
        assertEquals("0 closed, 12 created, 55 unchanged, 0 updated", OrganisationImportScenario.summary(
                "{\"closed\":0,\"created\":12,\"fileName\":\"units.csv\",\"kind\":\"UNITS\",\"rows\":67,"
                        + "\"unchanged\":55,\"updated\":0}"));
    }

    private static ResultRow row(double ratio, double goal) {
        return new ResultRow("m", 1, 2, "req/s", ratio, goal, "", "");
    }
}
