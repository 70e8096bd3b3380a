package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Licence statistics on a small fixed data set built through the API on a fixed clock, every figure checked
 * against a hand-computed expectation (inUseDays 90).
 *
 * <p>On 2030-03-10: product P (named user) has 20 seats at 120.00 kr and 10 at 150.00 kr (seat price
 * (240000 + 150000) / 30 = 13000 öre); product D (device) 6 seats at 300.00 kr. Our unit A (under Södermalm)
 * holds 6 P and 2 D: P assigned to a1, a2, a3 (its only people), D to its only device; our unit B (under Bromma)
 * holds 4 P, assigned to b1, b2. Enskede holds 1 P (assigned, used), Farsta 2 P (one assigned, used), Hässelby 4 P
 * and Kungsholmen 5 P (none assigned); these four also hold 1 D each. Usage: a1 2030-03-05, a2 2029-10-01, b1
 * 2030-03-08, Enskede's and Farsta's 2030-03-09; a3, b2 and the device never. On 2030-04-20 a3's seat is ended.
 * The tests read on 2030-05-15.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StatisticsIT {

    private static final Api ADMIN = Api.as("admin");
    private static final Api VIEWER = Api.as("viewer");

    private record Scenario(String suffix, long unitA, long unitB, long sodermalm, long bromma, long productP,
                            long productD, List<String> upns) {
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

    private static void clock(String instant) {
        Api.Reply r = ADMIN.putJson("/api/v1/test/clock", "{\"instant\":\"" + instant + "\"}");
        assertEquals(200, r.status(), r.toString());
    }

    private static synchronized Scenario scenario() {
        if (scenario != null) {
            return scenario;
        }
        clock("2030-03-10T10:00:00Z");
        String s = Fixtures.suffix();
        Api.Reply units = ADMIN.post("/api/v1/imports/units?fileName=enheter.csv", "text/csv", (
                "code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to\n"
                        + "ST-" + s + "-A;Statistikenhet A;SUBUNIT;SDN-SODERMALM;8801;;2020-01-01;\n"
                        + "ST-" + s + "-B;Statistikenhet B;SUBUNIT;SDN-BROMMA;8802;;2020-01-01;\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, units.status(), units.toString());
        Map<String, Long> ids = Licensing.unitIds();
        long a = ids.get("ST-" + s + "-A");
        long b = ids.get("ST-" + s + "-B");
        long kommun = ids.get("KOMMUN");

        long p = Licensing.product("STP-" + s, "NAMED_USER");
        long d = Licensing.product("STD-" + s, "DEVICE");
        long poolP = entitle(p, kommun, 20, 12_000);
        assertEquals(poolP, entitle(p, kommun, 10, 15_000));
        long poolD = entitle(d, kommun, 6, 30_000);

        allocate(poolP, a, 6);
        allocate(poolP, b, 4);
        allocate(poolD, a, 2);
        String[] peers = {"SDN-ENSKEDE", "SDN-FARSTA", "SDN-HASSELBY", "SDN-KUNGSHOLMEN"};
        long[] peerSeats = {1, 2, 4, 5};
        for (int i = 0; i < peers.length; i++) {
            allocate(poolP, ids.get(peers[i]), peerSeats[i]);
            allocate(poolD, ids.get(peers[i]), 1);
        }
        String l = s.toLowerCase();
        List<String> upns = List.of("a1-" + l + "@stad.se", "a2-" + l + "@stad.se", "a3-" + l + "@stad.se",
                "b1-" + l + "@stad.se", "b2-" + l + "@stad.se", "e1-" + l + "@stad.se", "f1-" + l + "@stad.se");
        long[] unitOf = {a, a, a, b, b, ids.get("SDN-ENSKEDE"), ids.get("SDN-FARSTA")};
        long a3Assignment = -1;
        for (int i = 0; i < upns.size(); i++) {
            long person = Licensing.person(upns.get(i), unitOf[i]);
            Api.Reply r = Licensing.assign(ADMIN, poolP, unitOf[i], "personId", person);
            assertEquals(201, r.status(), r.toString());
            if (i == 2) {
                a3Assignment = r.json().getJsonNumber("id").longValue();
            }
        }
        long device = Licensing.device("ST-" + s + "-PC", a);
        assertEquals(201, Licensing.assign(ADMIN, poolD, a, "deviceId", device).status());

        String usage = "user_upn;device_serial;sku;last_used\n"
                + upns.get(0) + ";;STP-" + s + ";2030-03-05\n"
                + upns.get(1) + ";;STP-" + s + ";2029-10-01\n"
                + upns.get(3) + ";;STP-" + s + ";2030-03-08\n"
                + upns.get(5) + ";;STP-" + s + ";2030-03-09\n"
                + upns.get(6) + ";;STP-" + s + ";2030-03-09\n";
        Api.Reply imported = ADMIN.upload("/api/v1/imports/usage/inventory", "inventory.csv",
                usage.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, imported.status(), imported.toString());

        clock("2030-04-20T10:00:00Z");
        Api.Reply ended = ADMIN.postJson("/api/v1/assignments/" + a3Assignment + "/end", "{\"lastDay\":\"2030-04-20\"}");
        assertEquals(200, ended.status(), ended.toString());
        clock("2030-05-15T10:00:00Z");
        scenario = new Scenario(s, a, b, ids.get("SDN-SODERMALM"), ids.get("SDN-BROMMA"), p, d, upns);
        return scenario;
    }

    private static long entitle(long product, long owner, long quantity, long price) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":" + owner
                + ",\"quantity\":" + quantity + ",\"unitPriceOre\":" + price + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("poolId").longValue();
    }

    private static void allocate(long pool, long unit, long quantity) {
        Api.Reply r = Licensing.allocate(ADMIN, pool, unit, quantity);
        assertEquals(200, r.status(), r.toString());
    }

    private static JsonObject get(Api api, String path) {
        Api.Reply r = api.get(path);
        assertEquals(200, r.status(), path + " " + r);
        return r.json();
    }

    private static void assertFigures(JsonObject f, Object... nameValue) {
        for (int i = 0; i < nameValue.length; i += 2) {
            String name = (String) nameValue[i];
            Object expected = nameValue[i + 1];
            if (expected instanceof String text) {
                assertEquals(text, f.getJsonNumber(name).bigDecimalValue().toPlainString(), name + " " + f);
            } else {
                assertEquals(((Number) expected).longValue(), f.getJsonNumber(name).longValueExact(), name + " " + f);
            }
        }
    }

    private static JsonObject product(JsonArray products, long productId) {
        return products.stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("productId").longValue() == productId).findFirst().orElseThrow();
    }

    @Test
    void aUnitsFiguresAtTheEndOfMarch() {
        Scenario sc = scenario();
        JsonObject v = get(ADMIN, "/api/v1/statistics/units/" + sc.unitA() + "?month=2030-03&inUseDays=90");
        assertEquals("2030-03", v.getString("month"));
        assertEquals("2030-03-31", v.getString("asOf"));
        // P: 6 held, 3 assigned, a1 in use (a2's activity is older than 90 days, a3 never) ; D: 2 held, 1 unused
        assertFigures(v.getJsonObject("figures"), "allocated", 8, "assigned", 4, "inUse", 1, "shelfware", 3,
                "neverUsed", 2, "utilisationPercent", "12.5", "allocatedValueOre", 6 * 13_000 + 2 * 30_000,
                "shelfwareValueOre", 2 * 13_000 + 30_000, "unpricedSeats", 0, "persons", 3, "devices", 1,
                "costPerUserOre", 26_000, "costPerDeviceOre", 60_000);
        JsonObject p = product(v.getJsonArray("products"), sc.productP()).getJsonObject("figures");
        assertFigures(p, "allocated", 6, "assigned", 3, "inUse", 1, "shelfware", 2, "neverUsed", 1,
                "utilisationPercent", "16.7", "allocatedValueOre", 78_000, "shelfwareValueOre", 26_000);
        assertFalse(p.containsKey("persons"), p.toString());
    }

    @Test
    void theTrendFollowsTheDatedAssignmentsMonthByMonth() {
        Scenario sc = scenario();
        Api.Reply r = ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/trend?from=2030-02&to=2030-07&inUseDays=90");
        assertEquals(200, r.status(), r.toString());
        JsonArray points = r.array();
        // months after today (2030-05-15) are not computed; May is evaluated on today
        assertEquals(List.of("2030-02", "2030-03", "2030-04", "2030-05"),
                points.stream().map(o -> o.asJsonObject().getString("month")).toList());
        assertEquals("2030-05-15", points.getJsonObject(3).getString("asOf"));
        // February: nothing allocated or assigned yet (everything dates from 2030-03-10)
        assertFigures(points.getJsonObject(0).getJsonObject("figures"), "allocated", 0, "assigned", 0, "persons", 3);
        assertFalse(points.getJsonObject(0).getJsonObject("figures").containsKey("utilisationPercent"));
        // April and May: a3's seat ended on 2030-04-20; a1's activity of 2030-03-05 is still within 90 days
        for (int i = 2; i <= 3; i++) {
            assertFigures(points.getJsonObject(i).getJsonObject("figures"), "allocated", 8, "assigned", 3, "inUse", 1,
                    "shelfware", 2, "neverUsed", 1, "shelfwareValueOre", 13_000 + 30_000);
        }
        Api.Reply csv = ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/trend.csv?from=2030-03&to=2030-04");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        String[] lines = csv.body().replace("\uFEFF", "").split("\r\n");
        assertEquals(3, lines.length, csv.body());
        assertTrue(lines[1].startsWith("2030-03,2030-03-31,,,,8,4,1,3,2,12.5,138000,56000,0,3,1,26000,60000"), lines[1]);
    }

    @Test
    void theCityViewAndTheProductPositionTrend() {
        Scenario sc = scenario();
        for (String user : List.of("admin", "finance", "auditor")) {
            JsonObject city = get(Api.as(user), "/api/v1/statistics/city?month=2030-03&inUseDays=90");
            // P city-wide: 6 + 4 + 1 + 2 + 4 + 5 = 22 held, 7 assigned, a1 b1 e1 f1 in use, a3 b2 never
            assertFigures(product(city.getJsonArray("products"), sc.productP()).getJsonObject("figures"),
                    "allocated", 22, "assigned", 7, "inUse", 4, "shelfware", 3, "neverUsed", 2,
                    "utilisationPercent", "18.2", "allocatedValueOre", 22 * 13_000, "shelfwareValueOre", 39_000);
            // the drill-down's organ level holds Södermalm with the same figures as its unit view
            JsonObject sod = city.getJsonArray("organs").stream().map(JsonValue::asJsonObject)
                    .filter(o -> o.getJsonObject("unit").getJsonNumber("id").longValue() == sc.sodermalm())
                    .findFirst().orElseThrow();
            JsonObject unit = get(ADMIN, "/api/v1/statistics/units/" + sc.sodermalm() + "?month=2030-03&inUseDays=90");
            assertEquals(unit.getJsonObject("figures"), sod.getJsonObject("figures"));
            assertTrue(unit.getJsonArray("children").stream().anyMatch(c -> c.asJsonObject().getJsonObject("unit")
                    .getJsonNumber("id").longValue() == sc.unitA()), unit.toString());
        }
        Api.Reply trend = ADMIN.get("/api/v1/statistics/products/trend?from=2030-03&to=2030-04&productId=" + sc.productD());
        assertEquals(200, trend.status(), trend.toString());
        JsonObject march = trend.array().getJsonObject(0);
        assertEquals("2030-03", march.getString("month"));
        assertFigures(march, "entitled", 6, "allocated", 6, "assigned", 1, "inUse", 0, "surplus", 0, "shelfware", 1,
                "utilisationPercent", "0.0");
        assertEquals(2, trend.array().size());
        JsonObject pTrend = ADMIN.get("/api/v1/statistics/products/trend?from=2030-04&to=2030-04&productId="
                + sc.productP()).array().getJsonObject(0);
        // April: a3 ended, so 6 assigned; 30 entitled, 22 held
        assertFigures(pTrend, "entitled", 30, "allocated", 22, "assigned", 6, "inUse", 4, "surplus", 8);
    }

    @Test
    void theSeatsBehindAProduct() {
        Scenario sc = scenario();
        JsonObject v = get(ADMIN, "/api/v1/statistics/units/" + sc.unitA() + "/products/" + sc.productP()
                + "/seats?month=2030-03&inUseDays=90");
        JsonArray seats = v.getJsonArray("seats");
        assertEquals(3, seats.size(), v.toString());
        assertEquals("2030-03-05", seats.getJsonObject(0).getString("lastActivity"));
        assertTrue(seats.getJsonObject(0).getBoolean("inUse"));
        assertEquals("2029-10-01", seats.getJsonObject(1).getString("lastActivity"));
        assertFalse(seats.getJsonObject(1).getBoolean("inUse"));
        assertFalse(seats.getJsonObject(2).containsKey("lastActivity"));
        assertFalse(seats.getJsonObject(2).getBoolean("inUse"));
    }

    @Test
    void theViewerSeesItsOwnUnitsAndOnlyMediansOfEnoughOthers() {
        Scenario sc = scenario();
        assertEquals(200, VIEWER.get("/api/v1/statistics/units/" + sc.unitA() + "?month=2030-03").status());
        for (String path : List.of("/units/" + sc.unitB() + "?month=2030-03", "/units/" + sc.bromma(),
                "/units/" + sc.unitB() + "/trend", "/units/" + sc.bromma() + "/comparison",
                "/units/" + sc.unitB() + "/products/" + sc.productP() + "/seats",
                "/units/" + sc.unitB() + "/products.csv", "/units/999999999")) {
            Api.Reply r = VIEWER.get("/api/v1/statistics" + path);
            assertEquals(404, r.status(), path + " " + r);
            assertTrue(r.isProblem(), r.toString());
        }
        for (String path : List.of("/city", "/city.csv", "/products/trend")) {
            assertEquals(403, VIEWER.get("/api/v1/statistics" + path).status(), path);
        }
        JsonArray start = VIEWER.get("/api/v1/statistics/start-units").array();
        assertEquals(1, start.size(), start.toString());
        assertEquals("SDN-SODERMALM", start.getJsonObject(0).getString("code"));

        Api.Reply r = VIEWER.get("/api/v1/statistics/units/" + sc.sodermalm() + "/comparison?month=2030-03&inUseDays=90");
        assertEquals(200, r.status(), r.toString());
        JsonObject c = r.json();
        assertEquals("STADSDELSNAMND", c.getString("peerKind"));
        assertEquals(5, c.getInt("minPeerUnits"));
        // P among the other stadsdelsnämnder holding it: Bromma 1/4 = 25.0, Enskede 100.0, Farsta 50.0,
        // Hässelby 0.0, Kungsholmen 0.0 → median 25.0; Södermalm's own 1/6 = 16.7
        JsonObject p = product(c.getJsonArray("products"), sc.productP()).getJsonObject("utilisationPercent");
        assertEquals(5, p.getInt("peerUnits"));
        assertEquals("25.0", p.getJsonNumber("median").bigDecimalValue().toPlainString());
        assertEquals("16.7", p.getJsonNumber("own").bigDecimalValue().toPlainString());
        assertFalse(p.getBoolean("suppressed"));
        // D is held by only four others: no median
        JsonObject d = product(c.getJsonArray("products"), sc.productD()).getJsonObject("utilisationPercent");
        assertEquals(4, d.getInt("peerUnits"));
        assertTrue(d.getBoolean("suppressed"));
        assertFalse(d.containsKey("median"), d.toString());
        // no other unit's name, code or id anywhere in the answer
        for (String other : List.of("Bromma", "SDN-BROMMA", "Enskede", "Farsta", "Hässelby", "Kungsholmen",
                "ST-" + sc.suffix() + "-B", "\"unitId\"", "\"id\":" + sc.bromma())) {
            assertFalse(r.body().contains(other), other + " in " + r.body());
        }
        assertEquals(Set.of("month", "asOf", "inUseDays", "unit", "peerKind", "minPeerUnits", "utilisationPercent",
                "costPerUserOre", "products"), c.keySet());
    }

    @Test
    void openDataIsPublicAggregatedAndSuppressesSmallCounts() {
        Scenario sc = scenario();
        Api anonymous = Api.anonymous();
        Api.Reply r = anonymous.get("/api/v1/open-data/licence-statistics/2030-03.json");
        assertEquals(200, r.status(), r.toString());
        JsonObject data = r.json();
        assertEquals(5, data.getInt("suppressionThreshold"));
        String family = "Microsoft Produkt STP-" + sc.suffix();
        List<JsonObject> rows = data.getJsonArray("rows").stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getString("productFamily").equals(family)).toList();
        // the city and the six nämnder holding P
        assertEquals(7, rows.size(), rows.toString());
        JsonObject city = rows.get(0);
        assertEquals("CITY", city.getString("level"));
        // 7 assigned, 4 in use (1–4 identifies): counts suppressed, seats and cost shown
        assertFigures(city, "entitled", 30, "licences", 22, "costOre", 22 * 13_000);
        assertTrue(city.getBoolean("suppressed"));
        assertFalse(city.containsKey("assigned") || city.containsKey("inUse") || city.containsKey("utilisationPercent"));
        JsonObject sod = rows.stream().filter(o -> "SDN-SODERMALM".equals(o.getString("organCode", ""))).findFirst()
                .orElseThrow();
        assertFigures(sod, "licences", 6, "costOre", 78_000);
        assertTrue(sod.getBoolean("suppressed"));
        assertFalse(sod.containsKey("assigned"), sod.toString());
        JsonObject kungsholmen = rows.stream().filter(o -> "SDN-KUNGSHOLMEN".equals(o.getString("organCode", "")))
                .findFirst().orElseThrow();
        assertFigures(kungsholmen, "licences", 5, "assigned", 0, "inUse", 0, "utilisationPercent", "0.0");
        assertFalse(kungsholmen.getBoolean("suppressed"));

        Set<String> allowed = Set.of("month", "level", "organCode", "organName", "organKind", "productFamily",
                "entitled", "licences", "assigned", "inUse", "utilisationPercent", "costOre", "suppressed");
        Set<String> seen = new HashSet<>();
        data.getJsonArray("rows").forEach(o -> seen.addAll(o.asJsonObject().keySet()));
        assertTrue(allowed.containsAll(seen), seen.toString());
        // our subunits (below a nämnd), people and devices never appear
        for (String personal : List.of(sc.upns().get(0), "ST-" + sc.suffix() + "-A", "Statistikenhet", "ST-"
                + sc.suffix() + "-PC", "personId", "deviceId", "upn")) {
            assertFalse(r.body().contains(personal), personal);
        }

        Api.Reply csv = anonymous.get("/api/v1/open-data/licence-statistics/2030-03.csv");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.body().startsWith("\uFEFFmonth,level,organCode,organName,organKind,productFamily,entitled,"
                + "licences,assigned,inUse,utilisationPercent,costOre,suppressed\r\n"), csv.body());
        assertTrue(csv.body().contains("2030-03,CITY,,,," + family + ",30,22,,,," + (22 * 13_000) + ",true\r\n"),
                csv.body());
        assertFalse(csv.body().contains(sc.upns().get(0)));

        // the running month is not published; a bad month is a problem
        assertEquals(404, anonymous.get("/api/v1/open-data/licence-statistics/2030-05.json").status());
        assertEquals(400, anonymous.get("/api/v1/open-data/licence-statistics/2030-13.json").status());
        // nothing else became public
        for (String path : List.of("/api/v1/statistics/city", "/api/v1/statistics/start-units",
                "/api/v1/statistics/units/" + sc.unitA(), "/api/v1/pools", "/api/v1/open-data/../statistics/city")) {
            assertEquals(401, anonymous.get(path).status(), path);
        }
    }

    /**
     * Answers are stored as bytes per data revision (StatisticsAnswers): they carry an entity tag (304 when sent
     * back), the first request after a change through the API computes anew, and a stored answer is never given to
     * a viewer who may not see the unit. Runs on its own unit C (under Södermalm) and product Q in May, so the
     * other tests' figures stay as they are.
     */
    @Test
    void storedAnswersFollowEveryChangeAndKeepTheViewersScope() {
        Scenario sc = scenario();
        String s = Fixtures.suffix();
        Api.Reply imported = ADMIN.post("/api/v1/imports/units?fileName=enheter.csv", "text/csv", (
                "code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to\n"
                        + "ST-" + s + "-C;Statistikenhet C;SUBUNIT;SDN-SODERMALM;8803;;2020-01-01;\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, imported.status(), imported.toString());
        long c = Licensing.unitIds().get("ST-" + s + "-C");
        long q = Licensing.product("STQ-" + s, "NAMED_USER");
        long poolQ = entitle(q, Licensing.unitIds().get("KOMMUN"), 10, 10_000);
        String unitC = "/api/v1/statistics/units/" + c + "?month=2030-05&inUseDays=90";
        String sod = "/api/v1/statistics/units/" + sc.sodermalm() + "?month=2030-05&inUseDays=90";
        String city = "/api/v1/statistics/city?month=2030-05&inUseDays=90";

        Api.Reply before = ADMIN.get(unitC);
        assertEquals(200, before.status(), before.toString());
        assertFigures(before.json().getJsonObject("figures"), "allocated", 0, "assigned", 0, "persons", 0);
        String tag = before.raw().headers().firstValue("ETag").orElseThrow();
        assertEquals(before.body(), ADMIN.get(unitC).body());
        Api.Reply notModified = ADMIN.get(unitC, "If-None-Match", tag);
        assertEquals(304, notModified.status(), notModified.toString());
        // the viewer sees C (below Södermalm): the same answer, the same tag
        Api.Reply viewers = VIEWER.get(unitC);
        assertEquals(200, viewers.status(), viewers.toString());
        assertEquals(before.body(), viewers.body());
        assertEquals(304, VIEWER.get(unitC, "If-None-Match", tag).status());
        long sodAllocated = get(ADMIN, sod).getJsonObject("figures").getJsonNumber("allocated").longValue();
        assertTrue(get(ADMIN, city).getJsonArray("products").stream()
                .noneMatch(p -> p.asJsonObject().getJsonNumber("productId").longValue() == q));
        assertEquals(200, ADMIN.get("/api/v1/statistics/units/" + c + "/trend?from=2030-04&to=2030-05").status());
        assertEquals(200, ADMIN.get("/api/v1/statistics/units/" + c + "/comparison?month=2030-05").status());

        // a change: three seats of Q to C (from today, 2030-05-15)
        allocate(poolQ, c, 3);
        Api.Reply after = ADMIN.get(unitC, "If-None-Match", tag);
        assertEquals(200, after.status(), "the old tag no longer matches: " + after);
        assertFigures(after.json().getJsonObject("figures"), "allocated", 3, "assigned", 0, "inUse", 0,
                "allocatedValueOre", 30_000, "utilisationPercent", "0.0");
        String tag2 = after.raw().headers().firstValue("ETag").orElseThrow();
        assertFalse(tag.equals(tag2), tag2);
        assertFigures(get(ADMIN, sod).getJsonObject("figures"), "allocated", sodAllocated + 3);
        assertFigures(product(get(ADMIN, city).getJsonArray("products"), q).getJsonObject("figures"),
                "allocated", 3, "allocatedValueOre", 30_000);
        JsonArray trend = ADMIN.get("/api/v1/statistics/units/" + c + "/trend?from=2030-04&to=2030-05").array();
        assertFigures(trend.getJsonObject(0).getJsonObject("figures"), "allocated", 0);
        assertFigures(trend.getJsonObject(1).getJsonObject("figures"), "allocated", 3);
        JsonObject cmp = get(ADMIN, "/api/v1/statistics/units/" + c + "/comparison?month=2030-05");
        assertFigures(product(cmp.getJsonArray("products"), q).getJsonObject("utilisationPercent"), "own", "0.0");

        // another change: a person of C gets one of the seats
        long person = Licensing.person("c1-" + s.toLowerCase() + "@stad.se", c);
        assertEquals(201, Licensing.assign(ADMIN, poolQ, c, "personId", person).status());
        Api.Reply third = ADMIN.get(unitC, "If-None-Match", tag2);
        assertEquals(200, third.status(), third.toString());
        assertFigures(third.json().getJsonObject("figures"), "allocated", 3, "assigned", 1, "shelfware", 1,
                "neverUsed", 1, "persons", 1, "costPerUserOre", 30_000);
        assertEquals(third.body(), VIEWER.get(unitC).body());

        // a unit outside the viewer's scope stays 404 though its answer is stored (the scope is checked first)
        String unitB = "/api/v1/statistics/units/" + sc.unitB() + "?month=2030-05&inUseDays=90";
        Api.Reply admins = ADMIN.get(unitB);
        assertEquals(200, admins.status());
        String tagB = admins.raw().headers().firstValue("ETag").orElseThrow();
        for (String path : List.of(unitB, "/api/v1/statistics/units/" + sc.unitB() + "/trend",
                "/api/v1/statistics/units/" + sc.bromma() + "/comparison")) {
            ADMIN.get(path);
            Api.Reply r = VIEWER.get(path, "If-None-Match", tagB);
            assertEquals(404, r.status(), path + " " + r);
            assertFalse(r.body().contains("Statistikenhet B"), r.body());
        }
        // CSV twins are stored answers too, with their file name
        Api.Reply csv = ADMIN.get("/api/v1/statistics/units/" + c + "/products.csv?month=2030-05");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.raw().headers().firstValue("Content-Disposition").orElseThrow()
                .contains("statistik-ST-" + s + "-C-produkter-2030-05.csv"), csv.toString());
        assertTrue(csv.body().contains(",STQ-" + s + ",NAMED_USER,3,1,0,1,1,0.0,30000,10000,0"), csv.body());
    }

    /**
     * The department view links to what the unit pays: the chargeback statements of the unit and below it in the
     * month's run, with the statement's total; the links open for the roles that may read statements.
     */
    @Test
    void theUnitsChargebackStatementsOfTheMonthAreLinked() {
        Scenario sc = scenario();
        Api finance = Api.as("finance");
        String s = Fixtures.suffix();
        String costType = "ST-USER-" + s;
        Api.Reply type = finance.putJson("/api/v1/chargeback/cost-types/" + costType,
                "{\"name\":\"Statistiktest\",\"category\":\"Test\",\"account\":\"6540\",\"models\":{\"USER\":1}}");
        assertEquals(200, type.status(), type.toString());
        Api.Reply pool = finance.postJson("/api/v1/chargeback/pools", "{\"period\":\"2030-03\",\"costType\":\""
                + costType + "\",\"amountOre\":1000000,\"sourceReference\":\"ST-" + s + "\"}");
        assertEquals(201, pool.status(), pool.toString());
        Api.Reply run = finance.postJson("/api/v1/chargeback/runs", "{\"period\":\"2030-03\"}");
        assertEquals(201, run.status(), run.toString());
        long runId = run.json().getJsonNumber("id").longValue();

        for (Api api : List.of(finance, Api.as("auditor"), VIEWER)) {
            JsonObject v = get(api, "/api/v1/statistics/units/" + sc.sodermalm() + "/statements?month=2030-03");
            assertEquals("2030-03", v.getString("month"));
            JsonArray links = v.getJsonArray("statements");
            // the lines of a run go to the nämnd (persons of unit A roll up to Södermalm): one statement
            assertEquals(1, links.size(), links.toString());
            JsonObject link = links.getJsonObject(0);
            assertEquals(runId, link.getJsonNumber("runId").longValue());
            assertEquals("DRAFT", link.getString("state"));
            assertEquals(sc.sodermalm(), link.getJsonObject("unit").getJsonNumber("id").longValue());
            assertEquals("/api/v1/chargeback/runs/" + runId + "/units/" + sc.sodermalm(), link.getString("statement"));
            JsonObject statement = get(api, link.getString("statement"));
            assertTrue(statement.getJsonNumber("totalOre").longValue() > 0, statement.toString());
            assertEquals(statement.getJsonNumber("totalOre").longValue(), link.getJsonNumber("totalOre").longValue());
            Api.Reply pdf = api.get(link.getString("pdf"));
            assertEquals(200, pdf.status(), pdf.toString());
            assertTrue(pdf.contentType().startsWith("application/pdf"), pdf.contentType());
        }
        // a subunit has no statement of its own; another month has none
        assertEquals(0, get(VIEWER, "/api/v1/statistics/units/" + sc.unitA() + "/statements?month=2030-03")
                .getJsonArray("statements").size());
        assertEquals(0, get(VIEWER, "/api/v1/statistics/units/" + sc.sodermalm() + "/statements?month=2030-02")
                .getJsonArray("statements").size());
        // the viewer: not another unit's; the administrator and procurement do not read statements
        assertEquals(404, VIEWER.get("/api/v1/statistics/units/" + sc.bromma() + "/statements?month=2030-03").status());
        assertEquals(403, ADMIN.get("/api/v1/statistics/units/" + sc.sodermalm() + "/statements?month=2030-03").status());
        assertEquals(403, Api.as("procurement").get("/api/v1/statistics/units/" + sc.sodermalm()
                + "/statements?month=2030-03").status());
    }

    @Test
    void badParametersAreProblems() {
        Scenario sc = scenario();
        for (String q : List.of("?month=2030-13", "?month=x", "?inUseDays=0", "?month=2030-06")) {
            Api.Reply r = ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + q);
            assertEquals(400, r.status(), q + " " + r);
            assertTrue(r.isProblem(), r.toString());
        }
        Api.Reply range = ADMIN.get("/api/v1/statistics/units/" + sc.unitA() + "/trend?from=2027-01&to=2030-05");
        assertEquals(400, range.status(), range.toString());
        assertEquals("statistics-bad-range", range.json().getString("code"));
    }
}
