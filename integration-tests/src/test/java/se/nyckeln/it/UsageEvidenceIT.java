package se.nyckeln.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin center's active users export (licences per account, '+'-separated) under the usage import rules, and
 * reading the evidence per person, device and product with the viewer's scope.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UsageEvidenceIT {

    private static final Api ADMIN = Api.as("admin");
    private static final String ADMIN_CENTRE = "/api/v1/imports/usage/admin-centre-users";
    private static final String HEADER = "Block credential,City,Country/Region,Department,Display name,First name,"
            + "Last name,User principal name,Licenses,Usage location\n";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static Api.Reply upload(String csv) {
        return ADMIN.upload(ADMIN_CENTRE, "users.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCounts(Api.Reply r, int rows, int created, int updated, int unchanged) {
        assertEquals(200, r.status(), r.toString());
        JsonObject j = r.json();
        assertEquals("ADMIN_CENTRE_USERS", j.getString("format"));
        assertEquals(rows, j.getInt("rows"), r.toString());
        assertEquals(created, j.getInt("created"), r.toString());
        assertEquals(updated, j.getInt("updated"), r.toString());
        assertEquals(unchanged, j.getInt("unchanged"), r.toString());
    }

    private static List<JsonObject> usage(Api api, String query) {
        Api.Reply r = api.get("/api/v1/usage" + query);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject).toList();
    }

    @Test
    void theExportIsReadWholeReimportedAsANoOpAndReadBackPerPerson() {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        String e3 = "E3-" + s;
        long e3Id = Licensing.product(e3, "NAMED_USER", "Microsoft 365 E3 " + s);
        String teams = "TR-" + s;
        long teamsId = Licensing.product(teams, "NAMED_USER");
        String anna = "anna-" + s.toLowerCase() + "@stad.se";
        String bertil = "bertil-" + s.toLowerCase() + "@stad.se";
        long annaId = Licensing.person(anna, sodermalm);
        long bertilId = Licensing.person(bertil, bromma);

        // an unknown licence name and an unknown account reject the whole file, each named on its line
        Api.Reply bad = upload(HEADER + "False,,,,A,A,A," + anna + ",Microsoft 365 E3 " + s + "+Visio-" + s + ",SE\n"
                + "False,,,,X,X,X,nobody-" + s + "@stad.se," + e3 + ",SE\n");
        assertEquals(422, bad.status(), bad.toString());
        List<String> errors = bad.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("reason")).toList();
        assertEquals(List.of("2:unknown-product", "3:unknown-person"), errors);
        assertTrue(usage(ADMIN, "?personId=" + annaId).isEmpty(), "nothing half-applied");

        String file = HEADER + "False,,,,A,A,A," + anna.toUpperCase() + ",Microsoft 365 E3 " + s + "+" + teams + ",SE\n"
                + "True,,,,B,B,B," + bertil + "," + e3 + ",SE\n"
                + "False,,,,G,G,G,gast-" + s + "@extern.se,Unlicensed,SE\n";
        assertCounts(upload(file), 3, 3, 0, 0);
        assertCounts(upload(file), 3, 0, 0, 3);
        // Bertil's sign-in unblocked: one record changes
        assertCounts(upload(file.replace("True,,,,B", "False,,,,B")), 3, 0, 1, 2);

        // usage evidence for Anna's E3 from the inventory file, then read back per person
        Api.Reply inv = ADMIN.upload("/api/v1/imports/usage/inventory", "inv.csv",
                ("user_upn,device_serial,sku,last_used\n" + anna + ",," + e3 + ",2026-01-15\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, inv.status(), inv.toString());
        List<JsonObject> annas = usage(ADMIN, "?personId=" + annaId);
        assertEquals(2, annas.size(), annas.toString());
        JsonObject annaE3 = annas.stream().filter(o -> o.getJsonNumber("productId").longValue() == e3Id).findFirst().orElseThrow();
        assertEquals("2026-01-15", annaE3.getString("lastActivity"));
        assertEquals("INVENTORY", annaE3.getString("source"));
        assertTrue(annaE3.getBoolean("inTenant"));
        assertEquals(sodermalm, annaE3.getJsonNumber("unitId").longValue());
        JsonObject annaTeams = annas.stream().filter(o -> o.getJsonNumber("productId").longValue() == teamsId).findFirst().orElseThrow();
        assertFalse(annaTeams.containsKey("lastActivity"), "held in the tenant, never seen used: " + annaTeams);
        assertFalse(annaTeams.getBoolean("blocked"));

        // per product: both people; the viewer (Södermalm) sees only Anna, and Bertil's rows not at all
        assertEquals(2, usage(ADMIN, "?productId=" + e3Id).size());
        Api viewer = Api.as("viewer");
        List<JsonObject> seen = usage(viewer, "?productId=" + e3Id);
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(annaId, seen.get(0).getJsonNumber("personId").longValue());
        assertTrue(usage(viewer, "?personId=" + bertilId).isEmpty());

        Api.Reply none = ADMIN.get("/api/v1/usage");
        assertEquals(400, none.status(), none.toString());
        assertEquals("usage-filter-required", none.json().getString("code"));
        assertEquals(403, viewer.upload(ADMIN_CENTRE, "users.csv", file.getBytes(StandardCharsets.UTF_8)).status());
    }
}
