package se.nyckeln.bench;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupplierDashboardScenarioTest {

    @Test
    void applicationAnswersBecomeRowsAsTheBaselinePrintsThem() {
        Object json = JsonText.parse("[{\"supplierId\":7,\"spendOre\":1500.0,\"units\":[\"SDN-B\",\"KS\"],"
                + "\"pareto\":true,\"category\":null}]");
        assertEquals(List.of("7|1500|KS SDN-B|true|null|x"),
                SupplierDashboardScenario.rows(json, "supplierId", "spendOre", "units", "pareto", "category", "'x"));
    }

    @Test
    void comparisonIgnoresOrderAndNamesTheDifferences() {
        assertEquals("application and baseline agree on all 2 rows",
                SupplierDashboardScenario.compare(List.of("b", "a"), List.of("a", "b")));
        String bad = SupplierDashboardScenario.compare(List.of("a", "c"), List.of("a", "b"));
        assertTrue(bad.startsWith("**MISMATCH**"), bad);
        assertTrue(bad.contains("only in the application: [c]") && bad.contains("only in the baseline: [b]"), bad);
        assertTrue(SupplierDashboardScenario.compare(List.of("a"), List.of("a", "a")).startsWith("**MISMATCH**"));
    }

    @Test
    void theDashboardYearHasTheMatchingGeneratorsLinesPlusClassificationAndAccount() {
        List<String> kommun = List.of("KS", "SDN-A");
        List<String> bolag = List.of("BOLAG-X");
        String plain = PurchaseCity.generate(kommun, bolag, PurchaseCity.Year.matching()).ledgerCsv();
        String dash = PurchaseCity.generate(kommun, bolag,
                new PurchaseCity.Year(LocalDate.of(2025, 1, 1), "F-", PurchaseCity.SEED, true)).ledgerCsv();
        List<String> p = plain.lines().toList();
        List<String> d = dash.lines().toList();
        assertEquals(PurchaseCity.INVOICES * PurchaseCity.LINES_PER_INVOICE + 1, p.size());
        assertEquals(p.size(), d.size());
        assertEquals(p.get(0) + ";classification;account", d.get(0));
        int other = 0;
        for (int i = 1; i < p.size(); i++) {
            String[] cols = d.get(i).split(";", -1);
            assertEquals(p.get(i), String.join(";", Arrays.copyOf(cols, cols.length - 2)));
            String account = cols[cols.length - 1];
            assertTrue(List.of("6540", "7490", "6510").contains(account), d.get(i));
            other += account.equals("7490") ? 1 : 0;
        }
        // one line in a hundred, drawn: between 0.5 % and 1.5 % of 50,000
        assertTrue(other > 250 && other < 750, "7490 lines: " + other);
    }
}
