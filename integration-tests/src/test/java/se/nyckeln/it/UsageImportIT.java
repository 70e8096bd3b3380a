package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage evidence imports seen from outside: counts, re-import, every error at once, dates only forward, roles. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UsageImportIT {

    private static final Api ADMIN = Api.as("admin");
    private static final String M365 = "/api/v1/imports/usage/m365-active-users";
    private static final String INVENTORY = "/api/v1/imports/usage/inventory";
    private static final String HEADER = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,"
            + "Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date,"
            + "Teams Last Activity Date,Assigned Products\n";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    /** Real UPNs of the demo city. */
    private static List<String> upns() {
        Api.Reply r = ADMIN.get("/api/v1/people?limit=5");
        assertEquals(200, r.status(), r.toString());
        List<String> upns = r.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(p -> p.getString("upn")).toList();
        assertTrue(upns.size() >= 4, r.toString());
        return upns;
    }

    private static String row(String upn, String exchange, String teams, String products) {
        return "2025-03-01," + upn + ",Demo,False," + exchange + ",,," + teams + "," + products + "\n";
    }

    private static Api.Reply m365(String content) {
        return ADMIN.upload(M365, "ActiveUserDetail.csv", content.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCounts(Api.Reply r, int rows, int created, int updated, int unchanged) {
        assertEquals(200, r.status(), r.toString());
        JsonObject j = r.json();
        assertEquals(rows, j.getInt("rows"), r.toString());
        assertEquals(created, j.getInt("created"), r.toString());
        assertEquals(updated, j.getInt("updated"), r.toString());
        assertEquals(unchanged, j.getInt("unchanged"), r.toString());
    }

    @Test
    void anM365ReportRecordsEachAssignedProductAndReimportChangesNothing() {
        String s = Fixtures.suffix();
        String e3 = "Microsoft 365 E3 " + s;
        String rooms = "Teams Rooms " + s;
        Licensing.product("M365-" + s, "NAMED_USER", e3);
        Licensing.product("ROOMS-" + s, "NAMED_USER", rooms);
        List<String> upns = upns();
        // the alias is matched whatever its case; the third person has a licence but no activity: no evidence
        String file = HEADER + row(upns.get(0), "2025-02-01", "2025-02-20", e3.toUpperCase() + "+" + rooms)
                + row(upns.get(1), "2025-01-05", "", e3)
                + row(upns.get(2), "", "", e3);
        assertCounts(m365(file), 3, 3, 0, 0);
        assertCounts(m365(file), 3, 0, 0, 3);
        // the same file as a raw body with its name in the query
        assertCounts(ADMIN.post(M365 + "?fileName=ActiveUserDetail.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8)), 3, 0, 0, 3);
    }

    @Test
    void unknownSkusAndPeopleAreListedWithLinesAndNothingIsImported() {
        String s = Fixtures.suffix();
        String e3 = "E3 " + s;
        Licensing.product("BAD-" + s, "NAMED_USER", e3);
        List<String> upns = upns();
        String unknownSku = "Visio Plan 2 " + s;
        String unknownUpn = "finns.inte." + s.toLowerCase() + "@example.org";
        String good = row(upns.get(3), "2025-02-01", "", e3);
        Api.Reply r = m365(HEADER + good + row(upns.get(0), "2025-02-01", "", e3 + "+" + unknownSku)
                + row(unknownUpn, "2025-02-01", "", e3));
        assertEquals(422, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertEquals("import-rejected", r.json().getString("code"));
        List<String> errors = r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("reason") + ":" + e.getString("value")).toList();
        assertEquals(List.of("3:unknown-product:" + unknownSku, "4:unknown-person:" + unknownUpn), errors,
                r.toString());
        // the good line of the rejected file was not imported: on its own it is new
        assertCounts(m365(HEADER + good), 1, 1, 0, 0);
    }

    @Test
    void aNewerDateUpdatesAndAnOlderOneDoesNot() {
        String s = Fixtures.suffix();
        String sku = "DATE-" + s;
        Licensing.product(sku, "NAMED_USER");
        String upn = upns().get(1);
        assertCounts(m365(HEADER + row(upn, "2025-01-10", "", sku)), 1, 1, 0, 0);
        assertCounts(m365(HEADER + row(upn, "2025-01-10", "2025-03-01", sku)), 1, 0, 1, 0);
        assertCounts(m365(HEADER + row(upn, "2024-12-31", "", sku)), 1, 0, 0, 1);
        // the stored date is still the newest: importing it again changes nothing
        assertCounts(m365(HEADER + row(upn, "", "2025-03-01", sku)), 1, 0, 0, 1);
    }

    @Test
    void oneFileCreatesUpdatesAndLeavesKeysAndTheNewestOfRepeatedRowsWins() {
        String s = Fixtures.suffix();
        String sku = "MIX-" + s;
        Licensing.product(sku, "NAMED_USER");
        List<String> upns = upns();
        String inventory = "user_upn;device_serial;sku;last_used\n";
        byte[] first = (inventory + upns.get(0) + ";;" + sku + ";2025-02-10\n" + upns.get(1) + ";;" + sku
                + ";2025-02-10\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "forsta.csv", first), 2, 2, 0, 0);
        // person 0: stored, an older and a newer row (the newer wins: updated); person 1: stored, only older rows
        // (unchanged); person 2: new, two rows (one record, created)
        byte[] second = (inventory + upns.get(0) + ";;" + sku + ";2025-01-01\n" + upns.get(1) + ";;" + sku
                + ";2025-02-09\n" + upns.get(2) + ";;" + sku + ";2025-02-01\n" + upns.get(0) + ";;" + sku
                + ";2025-03-05\n" + upns.get(2) + ";;" + sku + ";2025-02-03\n" + upns.get(1) + ";;" + sku
                + ";2025-02-10\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "andra.csv", second), 6, 1, 1, 1);
        assertCounts(ADMIN.upload(INVENTORY, "andra.csv", second), 6, 0, 0, 3);
        // the stored dates are the newest per person: a file of exactly them changes nothing
        byte[] newest = (inventory + upns.get(2) + ";;" + sku + ";2025-02-03\n" + upns.get(0) + ";;" + sku
                + ";2025-03-05\n" + upns.get(1) + ";;" + sku + ";2025-02-10\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "senaste.csv", newest), 3, 0, 0, 3);
        // one day later for person 2 only moves that one
        byte[] later = (inventory + upns.get(2) + ";;" + sku + ";2025-02-04\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "senare.csv", later), 1, 0, 1, 0);
    }

    @Test
    void aFileTheServerCannotGroupIsGroupedByTheDatabaseWithTheSameResult() {
        // a date before 1970 does not fit the server's compact grouping (SortedUsageBuffer): the file is staged as
        // read and grouped by the merge statement instead; the newest date per key must still win
        String s = Fixtures.suffix();
        String sku = "OLD-" + s;
        Licensing.product(sku, "NAMED_USER");
        List<String> upns = upns();
        String inventory = "user_upn;device_serial;sku;last_used\n";
        byte[] file = (inventory + upns.get(0) + ";;" + sku + ";1969-12-31\n" + upns.get(1) + ";;" + sku
                + ";2025-01-03\n" + upns.get(0) + ";;" + sku + ";2025-01-05\n" + upns.get(1) + ";;" + sku
                + ";2025-01-02\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "gammal.csv", file), 4, 2, 0, 0);
        // had an older date been kept for either person, this would move it forward
        assertCounts(ADMIN.upload(INVENTORY, "gammal.csv", file), 4, 0, 0, 2);
        byte[] newer = (inventory + upns.get(0) + ";;" + sku + ";2025-01-04\n" + upns.get(1) + ";;" + sku
                + ";2025-01-09\n").getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "nyare.csv", newer), 2, 0, 1, 1);
    }

    @Test
    void anInventoryFileRecordsPeopleAndDevices() {
        String s = Fixtures.suffix();
        String sku = "INV-" + s;
        Licensing.product(sku, "DEVICE");
        Api.Reply d = ADMIN.get("/api/v1/devices?limit=1");
        assertEquals(200, d.status(), d.toString());
        String serial = d.json().getJsonArray("items").getJsonObject(0).getString("serialNumber");
        String file = "user_upn;device_serial;sku;last_used\n;" + serial + ";" + sku.toLowerCase() + ";2025-01-11\n"
                + upns().get(0) + ";;" + sku + ";2025-01-12\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        assertCounts(ADMIN.upload(INVENTORY, "inventarie.csv", bytes), 2, 2, 0, 0);
        assertCounts(ADMIN.upload(INVENTORY, "inventarie.csv", bytes), 2, 0, 0, 2);
        Api.Reply both = ADMIN.upload(INVENTORY, "inventarie.csv", ("user_upn;device_serial;sku;last_used\n"
                + upns().get(0) + ";" + serial + ";" + sku + ";2025-01-11\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(422, both.status(), both.toString());
        assertEquals("person-and-device",
                both.json().getJsonArray("errors").getJsonObject(0).getString("reason"), both.toString());
    }

    @Test
    void aLargeFileWithAnErrorInItsLastLineImportsNothing() {
        // 12,000 rows: more than one check batch (5,000) and one staging batch (10,000), so rows of the file were
        // already staged when the last line fails
        String s = Fixtures.suffix();
        String sku = "BIG-" + s;
        Licensing.product(sku, "NAMED_USER");
        List<String> upns = upns();
        StringBuilder good = new StringBuilder("user_upn;device_serial;sku;last_used\n");
        for (int i = 0; i < 12_000; i++) {
            // the four people, each with dates up to 2025-01-28 (day 1 + i % 28)
            good.append(upns.get(i % 4)).append(";;").append(sku).append(";2025-01-")
                    .append(String.format("%02d", 1 + i % 28)).append('\n');
        }
        String bad = good + upns.get(0) + ";;NO-SUCH-SKU-" + s + ";2025-01-30\n";
        Api.Reply r = ADMIN.upload(INVENTORY, "stor.csv", bad.getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        List<String> errors = r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("reason")).toList();
        assertEquals(List.of("12002:unknown-product"), errors, r.toString());
        // nothing of the rejected file was applied: the good part on its own creates all four records
        assertCounts(ADMIN.upload(INVENTORY, "stor.csv", good.toString().getBytes(StandardCharsets.UTF_8)),
                12_000, 4, 0, 0);
    }

    @Test
    void aFileWithVeryManyErrorsListsTheFirstThousandAndCountsThemAll() {
        String s = Fixtures.suffix();
        StringBuilder file = new StringBuilder("user_upn;device_serial;sku;last_used\n");
        for (int i = 0; i < 1_500; i++) {
            file.append(";SERIAL-").append(s).append(';').append("SKU-").append(s).append(";not-a-date\n");
        }
        Api.Reply r = ADMIN.inEnglish().upload(INVENTORY, "fel.csv", file.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        var errors = r.json().getJsonArray("errors");
        assertEquals(1_000, errors.size(), r.toString());
        // every row has one problem, its bad date (a row with a bad date is not looked up further): 1,500 in all
        assertEquals("2:bad-date", errors.getJsonObject(0).getInt("line") + ":"
                + errors.getJsonObject(0).getString("reason"), r.toString());
        assertEquals("1001:bad-date", errors.getJsonObject(999).getInt("line") + ":"
                + errors.getJsonObject(999).getString("reason"), r.toString());
        assertTrue(r.body().matches("(?s).*1[,.\u00a0 ]?500 errors.*"), r.toString());
    }

    @Test
    void onlyLicenceAdministratorsMayImportUsage() {
        for (String user : List.of("viewer", "finance", "auditor")) {
            Api.Reply r = Api.as(user).upload(M365, "ActiveUserDetail.csv", HEADER.getBytes(StandardCharsets.UTF_8));
            assertEquals(403, r.status(), user + " " + r);
            assertTrue(r.isProblem(), r.toString());
            assertEquals("forbidden", r.json().getString("code"), r.toString());
        }
    }
}
