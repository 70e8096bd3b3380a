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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each role against each endpoint family, as a table: who may read, who may write, who gets 401/403/404. The
 * department viewer (bound to Södermalms stadsdelsnämnd) must get 404 — not 403, not data — for another
 * unit's objects. Every refusal must be problem+json.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessMatrixIT {

    private static final String[] USERS = {null, "admin", "finance", "procurement", "auditor", "viewer"};

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private record Probe(String method, String path, String body, int anonymous, int admin, int finance,
                         int procurement, int auditor, int viewer) {
        int expected(String user) {
            if (user == null) {
                return anonymous;
            }
            return switch (user) {
                case "admin" -> admin;
                case "finance" -> finance;
                case "procurement" -> procurement;
                case "auditor" -> auditor;
                default -> viewer;
            };
        }
    }

    @Test
    void everyRoleGetsExactlyWhatItMay() {
        long own = unitId("SDN-SODERMALM");
        long ownChild = unitId("SDN-SODERMALM-FSK");
        long other = unitId("SDN-BROMMA");
        String badCsv = "code;name\n";
        List<Probe> probes = List.of(
                new Probe("GET", "/api/v1/units", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/units/" + own, null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/units/" + ownChild, null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/units/" + other, null, 401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/units/" + other + "/people", null, 401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/units/" + other + "/devices", null, 401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/units/" + own + "/people", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/units/999999999", null, 401, 404, 404, 404, 404, 404),
                new Probe("POST", "/api/v1/imports/units", badCsv, 401, 422, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/imports/usage/m365-active-users", badCsv, 401, 422, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/imports/usage/inventory", badCsv, 401, 422, 403, 403, 403, 403),
                new Probe("PUT", "/api/v1/units/" + other, "{}", 401, 400, 403, 403, 403, 403),
                new Probe("GET", "/api/v1/audit", null, 401, 200, 403, 403, 200, 403),
                new Probe("GET", "/api/v1/products", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/pools", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/licence-position", null, 401, 200, 200, 200, 200, 403),
                new Probe("GET", "/api/v1/licence-position/units", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/statistics/city", null, 401, 200, 200, 403, 200, 403),
                new Probe("GET", "/api/v1/statistics/products/trend", null, 401, 200, 200, 200, 200, 403),
                new Probe("GET", "/api/v1/statistics/units/" + own, null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/statistics/units/" + other, null, 401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/statistics/units/" + other + "/comparison", null, 401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/open-data/licence-statistics/2020-01.json", null, 200, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/pools/999999999", null, 401, 404, 404, 404, 404, 404),
                new Probe("POST", "/api/v1/products", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/pools", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/entitlements", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/assignments/999999999/end", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("GET", "/api/v1/jobs", null, 401, 200, 200, 403, 403, 403),
                new Probe("POST", "/api/v1/imports/usage/admin-centre-users", badCsv, 401, 422, 403, 403, 403, 403),
                new Probe("GET", "/api/v1/usage?productId=999999999", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/usage", null, 401, 400, 400, 400, 400, 400),
                new Probe("GET", "/api/v1/harvest/proposals", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/harvest/proposals/999999999", null, 401, 404, 404, 404, 404, 404),
                new Probe("GET", "/api/v1/harvest/summary", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/harvest/settings", null, 401, 200, 200, 200, 200, 200),
                new Probe("PUT", "/api/v1/harvest/settings/999999999", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/harvest/runs", "{}", 401, 200, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/harvest/proposals/approve", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/harvest/proposals/reject", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("GET", "/api/v1/licence-requests", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/licence-requests/999999999", null, 401, 404, 404, 404, 404, 404),
                new Probe("POST", "/api/v1/licence-requests", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("POST", "/api/v1/purchase-proposals", "{}", 401, 400, 403, 400, 403, 403),
                new Probe("GET", "/api/v1/reuse-savings", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/maintenance", null, 401, 200, 200, 200, 200, 403),
                new Probe("PUT", "/api/v1/maintenance/999999999", "{}", 401, 400, 403, 403, 403, 403),
                new Probe("GET", "/api/v1/suppliers", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/suppliers/999999999", null, 401, 404, 404, 404, 404, 404),
                new Probe("POST", "/api/v1/suppliers", "{}", 401, 422, 403, 422, 403, 403),
                new Probe("GET", "/api/v1/agreements", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/agreements/alerts", null, 401, 200, 403, 200, 200, 403),
                new Probe("GET", "/api/v1/purchases/lines", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/purchases/totals", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/purchases/buyer-references/unmapped", null, 401, 200, 200, 200, 200, 403),
                new Probe("PUT", "/api/v1/purchases/product-mappings", "{}", 401, 422, 403, 422, 403, 403),
                new Probe("GET", "/api/v1/chargeback/runs", null, 401, 403, 200, 403, 200, 200),
                new Probe("POST", "/api/v1/chargeback/runs", "{}", 401, 403, 400, 403, 403, 403),
                new Probe("GET", "/api/v1/chargeback/cost-types", null, 401, 403, 200, 403, 200, 403),
                new Probe("GET", "/api/v1/chargeback/pools?period=2026-01", null, 401, 403, 200, 403, 200, 403),
                new Probe("GET", "/api/v1/chargeback/runs/999999999/what-if", null, 401, 403, 404, 403, 404, 403),
                new Probe("GET", "/api/v1/chargeback/runs/999999999/units", null, 401, 403, 404, 403, 404, 404),
                new Probe("GET", "/api/v1/suppliers/consolidation/spend", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/suppliers/consolidation/export/tail.csv", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/suppliers/consolidation/duplicates", null, 401, 200, 200, 200, 200, 403),
                new Probe("POST", "/api/v1/suppliers/consolidation/merges", "{}", 401, 422, 403, 422, 403, 403),
                new Probe("PUT", "/api/v1/suppliers/consolidation/review/999999999", "{}", 401, 404, 403, 404, 403, 403),
                new Probe("GET", "/api/v1/suppliers/consolidation/it-accounts", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/suppliers/consolidation/booked-elsewhere", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/suppliers/consolidation/duplicates/dismissals", null, 401, 200, 200, 200, 200, 403),
                new Probe("POST", "/api/v1/suppliers/consolidation/duplicates/dismissals/999999999/undo", "{}",
                        401, 404, 403, 404, 403, 403),
                new Probe("GET", "/api/v1/statistics/units/" + own + "/statements?month=2020-01", null,
                        401, 403, 200, 403, 200, 200),
                new Probe("GET", "/api/v1/statistics/units/" + other + "/statements?month=2020-01", null,
                        401, 403, 200, 403, 200, 404),
                new Probe("GET", "/api/v1/statistics/units/" + own + "/outcomes", null, 401, 200, 200, 200, 200, 200),
                new Probe("GET", "/api/v1/statistics/units/" + other + "/outcomes.csv", null,
                        401, 200, 200, 200, 200, 404),
                new Probe("GET", "/api/v1/statistics/city/outcomes", null, 401, 200, 200, 403, 200, 403),
                new Probe("GET", "/api/v1/statistics/city/outcomes.csv", null, 401, 200, 200, 403, 200, 403));
        List<String> failures = new ArrayList<>();
        for (Probe p : probes) {
            for (String user : USERS) {
                Api api = user == null ? Api.anonymous() : Api.as(user);
                Api.Reply r = switch (p.method()) {
                    case "GET" -> api.get(p.path());
                    case "PUT" -> api.putJson(p.path(), p.body());
                    default -> p.path().startsWith("/api/v1/imports/")
                            ? api.post(p.path(), "text/csv", p.body().getBytes(StandardCharsets.UTF_8))
                            : api.postJson(p.path(), p.body());
                };
                int expected = p.expected(user);
                if (r.status() != expected) {
                    failures.add(p.method() + " " + p.path() + " as " + user + ": expected " + expected + ", got " + r);
                } else if (expected >= 400 && !r.isProblem()) {
                    failures.add(p.method() + " " + p.path() + " as " + user + ": refusal is not problem+json: " + r);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void viewerListsOnlyItsOwnUnitsAndThoseBelow() {
        Map<String, Long> all = units(Api.as("admin"));
        Map<String, Long> visible = units(Api.as("viewer"));
        assertTrue(visible.containsKey("SDN-SODERMALM"), visible.toString());
        assertTrue(visible.containsKey("SDN-SODERMALM-FSK"), visible.toString());
        assertTrue(all.size() > visible.size());
        for (String code : visible.keySet()) {
            assertTrue(code.startsWith("SDN-SODERMALM"), "viewer sees " + code);
        }
    }

    @Test
    void viewerCannotTellAMissingUnitFromAForeignOne() {
        Api.Reply foreign = Api.as("viewer").get("/api/v1/units/" + unitId("SDN-BROMMA"));
        Api.Reply missing = Api.as("viewer").get("/api/v1/units/999999998");
        assertEquals(404, foreign.status());
        assertEquals(missing.status(), foreign.status());
        assertEquals(missing.json().getString("code"), foreign.json().getString("code"));
        assertTrue(!foreign.body().contains("Bromma"), foreign.body());
    }

    private static long unitId(String code) {
        Long id = units(Api.as("admin")).get(code);
        if (id == null) {
            throw new AssertionError("demo unit " + code + " not found");
        }
        return id;
    }

    private static Map<String, Long> units(Api api) {
        Api.Reply r = api.get("/api/v1/units");
        assertEquals(200, r.status(), r.toString());
        Map<String, Long> byCode = new LinkedHashMap<>();
        for (JsonValue v : r.array()) {
            JsonObject o = v.asJsonObject();
            byCode.put(o.getString("code"), o.getJsonNumber("id").longValue());
        }
        return byCode;
    }
}
