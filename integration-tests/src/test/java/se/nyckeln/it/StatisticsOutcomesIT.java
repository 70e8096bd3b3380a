package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistics outcomes (reuse achieved, agreement fidelity, active suppliers) on a small fixed data set of their
 * own in a month no other test writes (2033-02, on a fixed clock), every figure hand-computed.
 *
 * <p>On 2033-02-10: product P (alias OUT-s) has 10 seats at 100.00 kr in the kommun's pool; its agreement with
 * supplier X lists it at 90.00 kr (band 1) and 80.00 kr (band 100). Unit A (under Södermalm) holds 6 seats, two
 * assigned 200 days ago and never used: the harvest run proposes both, both are approved (2 seats harvested for A,
 * A holds 4). One seat is reallocated from A to unit B (under Bromma; 1 seat reallocated for B). B asks for 3 seats:
 * the pool has 6 free, so all 3 are filled from the pool (3 purchases avoided for B, 3 × 90.00 kr = 270.00 kr at the
 * agreed list price, not the pool's 100.00 kr).
 *
 * <p>Invoices of 2033-02-05 (SEK): X to A, 2 × 90.00 = 180.00 (OK); X to A, 3 × 95.00 = 285.00 (WRONG_PRICE);
 * Y (registered, no agreement) to A, 1 × 100.00 (OFF_AGREEMENT); X to A, one consultancy hour 500.00 (not a licence
 * line: names no product); X to B, 1 × 90.00 (OK): 4 licence lines. A: licence spend 565.00 kr, 180.00 on agreement, 285.00 at a
 * wrong price, 100.00 other → 18000 / 56500 = 31.858 % → 31.9 %; B: 100.0 %. City: 27000 / 65500 = 41.221 % →
 * 41.2 %. Active suppliers: X and Y city-wide (2), Södermalm 2, Bromma 1; after Y is merged into X: 1, 1, 1.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatisticsOutcomesIT {

    private static final Api ADMIN = Api.as("admin");
    private static final Api PROC = Api.as("procurement");
    private static final Api VIEWER = Api.as("viewer");
    private static final String MONTH = "2033-02";

    private record Scenario(String suffix, long unitA, long unitB, long sodermalm, long bromma, long x, long y) {
    }

    private static Scenario scenario;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @AfterAll
    static void resetClock() {
        ADMIN.delete("/api/v1/test/clock");
    }

    private static Api.Reply ok(Api.Reply r, int status) {
        assertEquals(status, r.status(), r.toString());
        return r;
    }

    private static synchronized Scenario scenario() {
        if (scenario != null) {
            return scenario;
        }
        ok(ADMIN.putJson("/api/v1/test/clock", "{\"instant\":\"2033-02-10T10:00:00Z\"}"), 200);
        String s = Fixtures.suffix();
        ok(ADMIN.post("/api/v1/imports/units?fileName=enheter.csv", "text/csv", (
                "code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to\n"
                        + "UT-" + s + "-A;Utfallsenhet A;SUBUNIT;SDN-SODERMALM;8811;;2020-01-01;\n"
                        + "UT-" + s + "-B;Utfallsenhet B;SUBUNIT;SDN-BROMMA;8812;;2020-01-01;\n")
                .getBytes(StandardCharsets.UTF_8)), 200);
        Map<String, Long> ids = Licensing.unitIds();
        long a = ids.get("UT-" + s + "-A");
        long b = ids.get("UT-" + s + "-B");
        String sku = "OUT-" + s;
        long p = Licensing.product(sku, "NAMED_USER");
        long pool = ok(ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + p + ",\"ownerUnitId\":"
                + ids.get("KOMMUN") + ",\"quantity\":10,\"unitPriceOre\":10000,\"validFrom\":\"2020-01-01\"}"), 201)
                .json().getJsonNumber("poolId").longValue();
        ok(Licensing.allocate(ADMIN, pool, a, 6), 200);
        for (int i = 0; i < 2; i++) {
            long person = Licensing.person("ut" + i + "-" + s.toLowerCase() + "@stad.se", a);
            ok(ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + a + ",\"personId\":" + person
                    + ",\"from\":\"2032-07-25\"}"), 201);
        }
        ok(ADMIN.postJson("/api/v1/harvest/runs", "{}"), 200);
        JsonArray proposals = ok(ADMIN.get("/api/v1/harvest/proposals?unitId=" + a), 200).array();
        assertEquals(2, proposals.size(), proposals.toString());
        ok(ADMIN.postJson("/api/v1/harvest/proposals/approve", "{\"ids\":[" + id(proposals, 0) + "," + id(proposals, 1)
                + "]}"), 200);
        ok(ADMIN.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + a + ",\"toUnitId\":" + b
                + ",\"quantity\":1,\"from\":\"2033-02-10\",\"reason\":\"Utfallstest\"}"), 201);
        JsonObject outcome = ok(ADMIN.postJson("/api/v1/licence-requests", "{\"unitId\":" + b + ",\"productId\":" + p
                + ",\"quantity\":3,\"reason\":\"Nya handläggare\"}"), 201).json();
        assertEquals(3, outcome.getJsonNumber("allocatedNow").longValue(), outcome.toString());

        long x = ok(PROC.postJson("/api/v1/suppliers", "{\"name\":\"Utfall X " + s + "\",\"vatNumber\":\"DK" + s
                + "\"}"), 201).json().getJsonNumber("id").longValue();
        long y = ok(PROC.postJson("/api/v1/suppliers", "{\"name\":\"Utfall Y " + s + "\",\"vatNumber\":\"FI" + s
                + "\"}"), 201).json().getJsonNumber("id").longValue();
        ok(PROC.upload("/api/v1/agreements/imports/agreements", "avtal.csv", (
                "reference;supplier;kind;parent_reference;title;category;valid_from;valid_to;owner_unit\n"
                        + "RA-UT-" + s + ";DK" + s + ";FRAMEWORK;;Utfallsavtal;Programvara;2033-01-01;2033-12-31;KS\n")
                .getBytes(StandardCharsets.UTF_8)), 200);
        ok(PROC.upload("/api/v1/agreements/imports/price-list", "pris.csv", (
                "agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to\n"
                        + "RA-UT-" + s + ";" + sku + ";Produkt;90,00;SEK;1;2033-01-01;\n"
                        + "RA-UT-" + s + ";" + sku + ";Produkt;80,00;SEK;100;2033-01-01;\n")
                .getBytes(StandardCharsets.UTF_8)), 200);
        for (String[] m : new String[][] {{"UTA-" + s, "" + a}, {"UTB-" + s, "" + b}}) {
            ok(PROC.putJson("/api/v1/purchases/buyer-references", "{\"reference\":\"" + m[0] + "\",\"unitId\":" + m[1]
                    + "}"), 200);
        }
        String header = "supplier;invoice_number;invoice_date;buyer_reference;line_id;item_name;seller_item_id;"
                + "quantity;unit_price;line_amount\n";
        ok(PROC.post("/api/v1/purchases/ledger?fileName=utfall.csv", "text/csv", (header
                + "DK" + s + ";U1-" + s + ";2033-02-05;UTA-" + s + ";1;Produkt;" + sku + ";2;90,00;180,00\n"
                + "DK" + s + ";U2-" + s + ";2033-02-05;UTA-" + s + ";1;Produkt;" + sku + ";3;95,00;285,00\n"
                + "FI" + s + ";U3-" + s + ";2033-02-05;UTA-" + s + ";1;Produkt;" + sku + ";1;100,00;100,00\n"
                + "DK" + s + ";U4-" + s + ";2033-02-05;UTA-" + s + ";1;Konsulttimme;KONS-" + s + ";1;500,00;500,00\n"
                + "DK" + s + ";U5-" + s + ";2033-02-05;UTB-" + s + ";1;Produkt;" + sku + ";1;90,00;90,00\n")
                .getBytes(StandardCharsets.UTF_8)), 200);
        scenario = new Scenario(s, a, b, ids.get("SDN-SODERMALM"), ids.get("SDN-BROMMA"), x, y);
        return scenario;
    }

    private static long id(JsonArray array, int i) {
        return array.getJsonObject(i).getJsonNumber("id").longValue();
    }

    private static JsonObject month(JsonObject unitOutcomes, String month) {
        return unitOutcomes.getJsonArray("months").stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getString("month").equals(month)).findFirst()
                .orElseThrow(() -> new AssertionError(month + " not in " + unitOutcomes));
    }

    private static long num(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }

    @Test
    @Order(1)
    void reuseIsCountedPerUnitAndPricedAtTheAgreedListPrice() {
        Scenario sc = scenario();
        JsonObject a = month(ok(ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes?from=2033-01&to="
                + MONTH), 200).json(), MONTH).getJsonObject("reuse");
        assertEquals(2, num(a, "seatsHarvested"), a.toString());
        assertEquals(0, num(a, "seatsReallocated"));
        assertEquals(0, num(a, "purchasesAvoided"));
        assertEquals(0, num(a, "avoidedOre"));
        JsonObject b = month(ok(ADMIN.get("/api/v1/statistics/units/" + sc.unitB() + "/outcomes?from=2033-01&to="
                + MONTH), 200).json(), MONTH).getJsonObject("reuse");
        assertEquals(0, num(b, "seatsHarvested"), b.toString());
        assertEquals(1, num(b, "seatsReallocated"));
        assertEquals(3, num(b, "purchasesAvoided"));
        assertEquals(27_000, num(b, "avoidedOre"));
        assertEquals(0, num(b, "avoidedAtPoolPriceSeats"));
        // the month before has nothing
        JsonObject january = month(ADMIN.get("/api/v1/statistics/units/" + sc.unitB() + "/outcomes?from=2033-01&to="
                + MONTH).json(), "2033-01").getJsonObject("reuse");
        assertEquals(0, num(january, "purchasesAvoided"));
        // rolled up: Bromma (B's nämnd) has at least B's figures
        JsonObject bromma = month(ADMIN.get("/api/v1/statistics/units/" + sc.bromma() + "/outcomes?to=" + MONTH)
                .json(), MONTH).getJsonObject("reuse");
        assertTrue(num(bromma, "avoidedOre") >= 27_000, bromma.toString());
    }

    @Test
    @Order(2)
    void agreementFidelityIsTheShareOfLicenceSpendOnTheRightAgreementAtTheAgreedPrice() {
        Scenario sc = scenario();
        JsonObject point = month(ok(ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes?to=" + MONTH), 200)
                .json(), MONTH);
        JsonObject a = point.getJsonObject("fidelity");
        assertEquals(56_500, num(a, "licenceSpendOre"), a.toString());
        assertEquals(18_000, num(a, "onAgreementOre"));
        assertEquals(28_500, num(a, "wrongPriceOre"));
        assertEquals(0, num(a, "wrongAgreementOre"));
        assertEquals(10_000, num(a, "otherOre"));
        assertEquals(3, num(a, "lines"));
        assertEquals(new BigDecimal("31.9"), a.getJsonNumber("percent").bigDecimalValue());
        // the only other subunit with licence spend this month is B: too few for a median, and none is given
        JsonObject peers = point.getJsonObject("fidelityPercent");
        assertTrue(peers.getBoolean("suppressed"), peers.toString());
        assertFalse(peers.containsKey("median"), peers.toString()); // absent values are left out of the JSON
        assertEquals(1, peers.getInt("peerUnits"));
        JsonObject b = month(ADMIN.get("/api/v1/statistics/units/" + sc.unitB() + "/outcomes?to=" + MONTH).json(),
                MONTH).getJsonObject("fidelity");
        assertEquals(9_000, num(b, "licenceSpendOre"), b.toString());
        assertEquals(new BigDecimal("100.0"), b.getJsonNumber("percent").bigDecimalValue());

        String csv = ok(ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes.csv?from=" + MONTH + "&to="
                + MONTH), 200).body();
        assertTrue(csv.contains(MONTH + ",2033-02-10," + sc.unitA() + ",UT-" + sc.suffix() + "-A,Utfallsenhet A,2,0,0,0,0,"
                + "56500,18000,28500,0,10000,3,31.9,,1"), csv);
    }

    @Test
    @Order(3)
    void theCityCountsSpendSuppliersAndTheirSurvivorsAfterAMerge() {
        Scenario sc = scenario();
        JsonObject city = cityMonth();
        JsonObject fidelity = city.getJsonObject("fidelity");
        assertEquals(65_500, num(fidelity, "licenceSpendOre"), fidelity.toString());
        assertEquals(27_000, num(fidelity, "onAgreementOre"));
        assertEquals(new BigDecimal("41.2"), fidelity.getJsonNumber("percent").bigDecimalValue());
        assertEquals(2, num(city.getJsonObject("reuse"), "seatsHarvested"));
        assertEquals(27_000, num(city.getJsonObject("reuse"), "avoidedOre"));
        assertEquals(2, num(city, "activeSuppliers"));
        assertEquals(2, organ(city, sc.sodermalm()).getInt("activeSuppliers"));
        assertEquals(1, organ(city, sc.bromma()).getInt("activeSuppliers"));
        assertEquals(56_500, num(organ(city, sc.sodermalm()).getJsonObject("fidelity"), "licenceSpendOre"));

        ok(PROC.postJson("/api/v1/suppliers/consolidation/merges", "{\"survivorId\":" + sc.x() + ",\"mergedId\":"
                + sc.y() + ",\"reason\":\"Samma koncern\"}"), 201);
        JsonObject after = cityMonth();
        assertEquals(1, num(after, "activeSuppliers"), after.toString());
        assertEquals(1, organ(after, sc.sodermalm()).getInt("activeSuppliers"));
        assertEquals(1, organ(after, sc.bromma()).getInt("activeSuppliers"));

        String csv = ok(ADMIN.get("/api/v1/statistics/city/outcomes.csv?from=" + MONTH + "&to=" + MONTH), 200).body();
        assertTrue(csv.contains(MONTH + ",2033-02-10,,,,2,1,3,27000,0,65500,27000,28500,0,10000,4,41.2,1"), csv);
    }

    private static JsonObject cityMonth() {
        JsonArray months = ok(ADMIN.get("/api/v1/statistics/city/outcomes?from=" + MONTH + "&to=" + MONTH), 200).array();
        assertEquals(1, months.size(), months.toString());
        return months.getJsonObject(0);
    }

    private static JsonObject organ(JsonObject cityMonth, long organId) {
        return cityMonth.getJsonArray("organs").stream().map(JsonValue::asJsonObject)
                .filter(o -> num(o.getJsonObject("unit"), "id") == organId).findFirst()
                .orElseThrow(() -> new AssertionError(organId + " not in " + cityMonth));
    }

    @Test
    @Order(4)
    void aViewerSeesOnlyItsOwnUnitsOutcomes() {
        Scenario sc = scenario();
        JsonObject own = month(ok(VIEWER.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes?to=" + MONTH), 200)
                .json(), MONTH);
        assertEquals(56_500, num(own.getJsonObject("fidelity"), "licenceSpendOre"));
        assertFalse(own.toString().contains("Utfallsenhet B"), own.toString());
        for (String path : List.of("/outcomes?to=" + MONTH, "/outcomes.csv?to=" + MONTH)) {
            Api.Reply foreign = VIEWER.get("/api/v1/statistics/units/" + sc.unitB() + path);
            assertEquals(404, foreign.status(), foreign.toString());
            assertFalse(foreign.body().contains("Utfallsenhet B"), foreign.toString());
            assertEquals(404, VIEWER.get("/api/v1/statistics/units/" + sc.bromma() + path).status());
        }
        assertEquals(403, VIEWER.get("/api/v1/statistics/city/outcomes?to=" + MONTH).status());
        assertEquals(403, VIEWER.get("/api/v1/statistics/city/outcomes.csv?to=" + MONTH).status());
        assertEquals(403, PROC.get("/api/v1/statistics/city/outcomes?to=" + MONTH).status());
        // the same answer again: 304 for its entity tag
        Api.Reply first = ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes?to=" + MONTH);
        String tag = first.raw().headers().firstValue("ETag").orElseThrow();
        assertEquals(304, ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/outcomes?to=" + MONTH,
                "If-None-Match", tag).status());
    }
}
