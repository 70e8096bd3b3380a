package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.nyckeln.launcher.Database;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monthly chargeback on a small scenario built through the API, every amount hand-computed.
 *
 * <p>Period 2025-03 (31 days). Two district committees of this test, CB1 (with a sub-unit SUB) and CB2, and the demo
 * SDN-SODERMALM (the viewer's unit). Licence product P: p1 (in SUB) holds a CB1 seat all month (31 seat-days); p3
 * holds a CB1 seat 1–10 March (10), is moved to CB2 on the 11th and gets a CB2 seat from then (21); p2 holds a CB2
 * seat from 20 March (12). Seat-days CB1 41, CB2 33, total 74.
 * <ul>
 * <li>Pool SEATS 1 000 000 öre by seat-days of P: CB1 41/74 → 554 054,05 → 554 054; CB2 445 945,95 → 445 946 (the
 * leftover öre goes to the larger remainder).</li>
 * <li>Pool NET 100 001 öre, CONNECTION 1 : NOT_DISTRIBUTED 1 → 50 001 / 50 000 (equal remainders, weights: the öre goes
 * to "CONNECTION" by name). Ports CB1 3, CB2 7, SODERMALM 10: 7 500,15 / 17 500,35 / 25 000,5 → 7 500 / 17 500 /
 * 25 001.</li>
 * <li>Pool SYS 70 000 öre by system tier (Guld 8, Brons 2): a Guld system of CB1 all month (248), a Brons system of CB2
 * from 17 March (15 days → 30); 62 446,04 / 7 553,96 → 62 446 / 7 554.</li>
 * <li>Pool PROJ 5 000 öre by project hours, none imported: flagged, not charged.</li>
 * </ul>
 * Totals: CB1 624 000, CB2 471 000, SODERMALM 25 001; not distributed 50 000; flagged 5 000; pools 1 175 001.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChargebackIT {

    private static final Api ADMIN = Api.as("admin");
    private static final Api FINANCE = Api.as("finance");
    private static final Api FINANCE2 = Api.as("finance2");
    private static final Api VIEWER = Api.as("viewer");
    private static final Api AUDITOR = Api.as("auditor");
    private static final String MARCH = "2025-03";
    private static final String APRIL = "2025-04";

    private static String s;
    private static long cb1;
    private static long cb2;
    private static long sodermalm;
    private static long p1;
    private static long p3;
    private static long p2;
    private static long marchRun;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @BeforeAll
    static void scenario() {
        s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long kommun = units.get("KOMMUN");
        sodermalm = units.get("SDN-SODERMALM");
        cb1 = unit("CB1-" + s, "STADSDELSNAMND", kommun, "1101");
        cb2 = unit("CB2-" + s, "STADSDELSNAMND", kommun, "1102");
        long sub = unit("SUB-" + s, "SUBUNIT", cb1, null);
        String sku = "CB-" + s;
        long product = Licensing.product(sku, "NAMED_USER");
        long pool = Licensing.entitle(product, kommun, 10, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, cb1, 5).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, cb2, 5).status());
        p1 = person("p1", sub);
        p2 = person("p2", cb2);
        p3 = person("p3", cb1);
        assign(pool, cb1, p1, "2025-01-01");
        long a3 = assign(pool, cb1, p3, "2025-01-01");
        ok(ADMIN.postJson("/api/v1/assignments/" + a3 + "/end", "{\"lastDay\":\"2025-03-10\"}"), 200);
        ok(ADMIN.postJson("/api/v1/people/" + p3 + "/move", "{\"unitId\":" + cb2 + ",\"from\":\"2025-03-11\"}"), 200);
        assign(pool, cb2, p3, "2025-03-11");
        assign(pool, cb2, p2, "2025-03-20");

        costType("SEATS-" + s, "{\"SEAT_DAYS\":1}");
        costType("NET-" + s, "{\"CONNECTION\":1,\"NOT_DISTRIBUTED\":1}");
        costType("SYS-" + s, "{\"SYSTEM_TIER\":1}");
        costType("PROJ-" + s, "{\"PROJECT\":1}");

        ok(FINANCE.postJson("/api/v1/chargeback/systems", "{\"code\":\"GULD-" + s + "\",\"name\":\"Ekonomisystem\","
                + "\"tier\":\"GULD\",\"ownerUnitId\":" + cb1 + ",\"validFrom\":\"2025-01-01\"}"), 201);
        String systems = "code;name;tier;owner_unit;valid_from\nBRONS-" + s + ";Bokningssystem;Brons;CB2-" + s
                + ";2025-03-17\n";
        JsonObject sysImport = ok(FINANCE.upload("/api/v1/chargeback/systems/import", "system.csv", utf8(systems)), 200)
                .json();
        assertEquals(1, sysImport.getInt("created"));
        // the same file again changes nothing
        assertEquals(1, ok(FINANCE.upload("/api/v1/chargeback/systems/import", "system.csv", utf8(systems)), 200)
                .json().getInt("unchanged"));

        String pools = "period;cost_type;amount_ore;source_reference;description;product\n"
                + MARCH + ";SEATS-" + s + ";1000000;F-SEATS-" + s + ";Licensfaktura;" + sku + "\n"
                + MARCH + ";NET-" + s + ";100001;F-NET-" + s + ";Nätverk;\n"
                + MARCH + ";PROJ-" + s + ";5000;F-PROJ-" + s + ";Projekt;\n";
        assertEquals(3, ok(FINANCE.upload("/api/v1/chargeback/pools/import", "pools.csv", utf8(pools)), 200).json()
                .getInt("created"));
        assertEquals(3, ok(FINANCE.upload("/api/v1/chargeback/pools/import", "pools.csv", utf8(pools)), 200).json()
                .getInt("unchanged"));
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + MARCH + "\",\"costType\":\"SYS-" + s
                + "\",\"amountOre\":70000,\"sourceReference\":\"F-SYS-" + s + "\"}"), 201);
        String ports = "period;measure;unit;quantity\n" + MARCH + ";CONNECTION;CB1-" + s + ";3\n" + MARCH
                + ";CONNECTION;CB2-" + s + ";7\n" + MARCH + ";CONNECTION;SDN-SODERMALM;10\n";
        assertEquals(3, ok(FINANCE.upload("/api/v1/chargeback/imported-measures/import", "ports.csv", utf8(ports)), 200)
                .json().getInt("created"));
        marchRun = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + MARCH + "\"}"), 201).json()
                .getJsonNumber("id").longValue();
    }

    @Test
    void draftSplitsEveryPoolExactlyAndFlagsThePoolWithoutMeasure() {
        JsonObject run = ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun), 200).json();
        assertEquals("DRAFT", run.getString("state"));
        assertEquals("finance", run.getString("preparedBy"));
        assertEquals(1_175_001, run.getJsonNumber("poolsTotalOre").longValue());
        assertEquals(624_000 + 471_000 + 25_001, run.getJsonNumber("chargedOre").longValue());
        assertEquals(50_000, run.getJsonNumber("notDistributedOre").longValue());
        assertEquals(5_000, run.getJsonNumber("flaggedOre").longValue());
        JsonArray flags = run.getJsonArray("flags");
        assertEquals(1, flags.size());
        assertEquals("F-PROJ-" + s, flags.getJsonObject(0).getString("sourceReference"));
        assertEquals("no-measure", flags.getJsonObject(0).getString("reason"));

        Map<Long, Long> totals = totals(FINANCE, marchRun);
        assertEquals(624_000L, totals.get(cb1));
        assertEquals(471_000L, totals.get(cb2));
        assertEquals(25_001L, totals.get(sodermalm));

        Map<String, Long> cb1Lines = linesBySource(ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb1),
                200).json());
        assertEquals(Map.of("F-SEATS-" + s, 554_054L, "F-NET-" + s, 7_500L, "F-SYS-" + s, 62_446L), cb1Lines);
        Map<String, Long> cb2Lines = linesBySource(ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb2),
                200).json());
        assertEquals(Map.of("F-SEATS-" + s, 445_946L, "F-NET-" + s, 17_500L, "F-SYS-" + s, 7_554L), cb2Lines);
    }

    @Test
    void measuresAreDayWeightedAndRolledUpToTheNamnd() {
        Map<String, String> cb1Measures = measures(marchRun, cb1);
        Map<String, String> cb2Measures = measures(marchRun, cb2);
        // seat-days: a seat moved mid-month splits exactly by days
        String seats = cb1Measures.keySet().stream().filter(k -> k.startsWith("SEAT_DAYS:")).findFirst().orElseThrow();
        assertEquals("41", cb1Measures.get(seats));
        assertEquals("33", cb2Measures.get(seats));
        // person-days: p1 (in the sub-unit) 31 + p3 1–10 March 10; CB2: p2 31 + p3 11–31 March 21
        assertEquals("41", cb1Measures.get("USER"));
        assertEquals("52", cb2Measures.get("USER"));
        assertEquals("248", cb1Measures.get("SYSTEM_TIER"));
        assertEquals("30", cb2Measures.get("SYSTEM_TIER"));
        assertEquals("3", cb1Measures.get("CONNECTION"));
    }

    @Test
    void explainGoesFromALineDownToTheSeatsAndTheirDays() {
        JsonObject statement = ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb2), 200).json();
        long line = lineId(statement, "F-SEATS-" + s);
        JsonObject e = ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/lines/" + line + "/explain"), 200).json();
        assertEquals("33", e.getJsonNumber("unitQuantity").bigDecimalValue().stripTrailingZeros().toPlainString());
        assertEquals("74", e.getJsonNumber("totalQuantity").bigDecimalValue().stripTrailingZeros().toPlainString());
        List<String> items = new ArrayList<>();
        for (JsonValue v : e.getJsonArray("items")) {
            JsonObject i = v.asJsonObject();
            items.add(i.getString("itemLabel") + " " + i.getString("from") + ".." + i.getString("to") + " "
                    + i.getInt("days"));
        }
        items.sort(String::compareTo);
        assertEquals(List.of(upn("p2") + " 2025-03-20..2025-03-31 12", upn("p3") + " 2025-03-11..2025-03-31 21"), items);
    }

    @Test
    void viewerSeesOnlyItsOwnUnit() {
        Map<Long, Long> totals = totals(VIEWER, marchRun);
        assertEquals(Map.of(sodermalm, 25_001L), totals);
        JsonObject own = ok(VIEWER.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + sodermalm), 200).json();
        assertEquals(25_001, own.getJsonNumber("totalOre").longValue());
        long ownLine = lineId(own, "F-NET-" + s);
        ok(VIEWER.get("/api/v1/chargeback/runs/" + marchRun + "/lines/" + ownLine + "/explain"), 200);
        assertProblem(VIEWER.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb1), 404, "not-found");
        long foreignLine = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb1), 200).json(),
                "F-NET-" + s);
        assertProblem(VIEWER.get("/api/v1/chargeback/runs/" + marchRun + "/lines/" + foreignLine + "/explain"), 404,
                "not-found");
        JsonObject run = ok(VIEWER.get("/api/v1/chargeback/runs/" + marchRun), 200).json();
        assertTrue(!run.containsKey("chargedOre") || run.isNull("chargedOre"),
                "city-wide figures are not the viewer's: " + run);
        assertEquals(403, VIEWER.get("/api/v1/chargeback/runs/" + marchRun + "/what-if").status());
        assertEquals(403, VIEWER.postJson("/api/v1/chargeback/runs/" + marchRun + "/approve", "{}").status());
        assertEquals(403, AUDITOR.postJson("/api/v1/chargeback/runs", "{\"period\":\"2025-09\"}").status());
        ok(AUDITOR.get("/api/v1/chargeback/runs/" + marchRun + "/units"), 200);
    }

    @Test
    void importRejectsABadFileWithEveryProblemAndChangesNothing() {
        String bad = "period;cost_type;amount_ore;source_reference\n2025-13;SEATS-" + s + ";12;X1\n"
                + "2025-05;NO-SUCH;1,5;X2\n";
        Api.Reply r = FINANCE.upload("/api/v1/chargeback/pools/import", "bad.csv", utf8(bad));
        assertProblem(r, 422, "import-rejected");
        JsonArray errors = r.json().getJsonArray("errors");
        assertEquals(3, errors.size(), r.toString());
        assertEquals(0, ok(FINANCE.get("/api/v1/chargeback/pools?period=2025-05"), 200).array().size());
    }

    @Test
    void lifecycleFourEyesPostingImmutabilityAndAdjustment() throws SQLException {
        String period = "2025-06";
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"NET-" + s
                + "\",\"amountOre\":1000,\"sourceReference\":\"L-" + s + "\"}"), 201);
        ok(FINANCE.upload("/api/v1/chargeback/imported-measures/import", "p.csv",
                utf8("period;measure;unit;quantity\n" + period + ";CONNECTION;CB1-" + s + ";1\n" + period
                        + ";CONNECTION;CB2-" + s + ";3\n")), 200);
        JsonObject draft = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 201).json();
        long run = draft.getJsonNumber("id").longValue();
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 409,
                "chargeback-run-exists");
        // 1000: CONNECTION 500 (1:3 → 125 / 375), NOT_DISTRIBUTED 500
        assertEquals(Map.of(cb1, 125L, cb2, 375L), totals(FINANCE, run));
        // same data → same content
        String hash = draft.getString("contentHash");
        assertEquals(64, hash.length());
        assertEquals(hash, ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/recompute", "{}"), 200).json()
                .getString("contentHash"));
        // finance2 recomputed it, so finance2 is now the preparer and may not approve
        assertProblem(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 409, "chargeback-four-eyes");
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 409,
                "chargeback-run-not-approved");
        JsonObject approved = ok(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 200).json();
        assertEquals("APPROVED", approved.getString("state"));
        assertEquals("finance", approved.getString("approvedBy"));
        // a pool added after the approval: what would be posted is no longer what was approved
        long late = ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":"
                + "\"NET-" + s + "\",\"amountOre\":7,\"sourceReference\":\"L3-" + s + "\"}"), 201).json()
                .getJsonNumber("id").longValue();
        assertProblem(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 409, "chargeback-run-changed");
        assertEquals("APPROVED", ok(FINANCE.get("/api/v1/chargeback/runs/" + run), 200).json().getString("state"));
        ok(FINANCE.delete("/api/v1/chargeback/pools/" + late), 204);
        JsonObject posted = ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 200).json();
        assertEquals("POSTED", posted.getString("state"));
        assertEquals(hash, posted.getString("contentHash"));
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 409, "chargeback-run-posted");
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/recompute", "{}"), 409,
                "chargeback-run-posted");
        assertProblem(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"NET-"
                + s + "\",\"amountOre\":1,\"sourceReference\":\"L2-" + s + "\"}"), 409, "chargeback-period-locked");
        assertProblem(FINANCE.upload("/api/v1/chargeback/imported-measures/import", "p.csv",
                utf8("period;measure;unit;quantity\n" + period + ";CONNECTION;CB1-" + s + ";9\n")), 422,
                "import-rejected");

        // the database refuses too, even for the application's own role
        Database db = ItEnvironment.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            for (String sql : List.of("UPDATE cb_run_line SET amount_ore = 0 WHERE run_id = " + run,
                    "DELETE FROM cb_run_part WHERE run_id = " + run,
                    "UPDATE cb_run SET state = 'DRAFT' WHERE id = " + run,
                    "DELETE FROM cb_run WHERE id = " + run,
                    "INSERT INTO cb_run_line (run_id, kind, unit_id, amount_ore) VALUES (" + run + ", 'CHARGE', " + cb1
                            + ", 1)",
                    "UPDATE cb_cost_pool SET amount_ore = 1 WHERE period = '" + period + "'",
                    "DELETE FROM cb_imported_measure WHERE period = '" + period + "'")) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(sql), sql);
                assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
            }
        }
        assertEquals(Map.of(cb1, 125L, cb2, 375L), totals(FINANCE, run));

        // a correction is an adjustment line in a later run, pointing at the line it corrects
        long corrected = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb1), 200).json(), "L-" + s);
        long july = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"2025-07\"}"), 201).json()
                .getJsonNumber("id").longValue();
        JsonObject adj = ok(FINANCE.postJson("/api/v1/chargeback/runs/" + july + "/adjustments",
                "{\"correctsLineId\":" + corrected + ",\"amountOre\":-25,\"text\":\"Rättning portar juni\"}"), 201).json();
        assertEquals(run, adj.getJsonNumber("correctsRunId").longValue());
        assertEquals(corrected, adj.getJsonNumber("correctsLineId").longValue());
        JsonObject julyCb1 = ok(FINANCE.get("/api/v1/chargeback/runs/" + july + "/units/" + cb1), 200).json();
        assertEquals(-25, julyCb1.getJsonNumber("totalOre").longValue());
        assertEquals("ADJUSTMENT", julyCb1.getJsonArray("lines").getJsonObject(0).getString("kind"));
        assertEquals(-25, ok(FINANCE.get("/api/v1/chargeback/runs/" + july), 200).json()
                .getJsonNumber("adjustmentsOre").longValue());
        // a line of a draft cannot be "corrected"; a posted run takes no adjustments
        long draftLine = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + marchRun + "/units/" + cb1), 200).json(),
                "F-NET-" + s);
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs/" + july + "/adjustments",
                "{\"correctsLineId\":" + draftLine + ",\"amountOre\":1,\"text\":\"x\"}"), 422,
                "chargeback-adjustment-target");
        assertProblem(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/adjustments",
                "{\"correctsLineId\":" + corrected + ",\"amountOre\":1,\"text\":\"x\"}"), 409, "chargeback-run-posted");

        // what-if of July against June: CB1 125 → −25 (the pool is gone, the adjustment came)
        JsonObject whatIf = ok(FINANCE.get("/api/v1/chargeback/runs/" + july + "/what-if"), 200).json();
        assertEquals(run, whatIf.getJsonNumber("previousRunId").longValue());
        JsonObject cb1Change = unitChange(whatIf, cb1);
        assertEquals(125, cb1Change.getJsonNumber("previousOre").longValue());
        assertEquals(-25, cb1Change.getJsonNumber("currentOre").longValue());
        assertEquals(-150, cb1Change.getJsonNumber("changeOre").longValue());
        List<String> kinds = new ArrayList<>();
        cb1Change.getJsonArray("reasons").forEach(v -> kinds.add(v.asJsonObject().getString("kind")));
        assertEquals(List.of("POOL_CHANGED", "ADJUSTMENT"), kinds);

        // every step is in the audit trail
        List<String> details = new ArrayList<>();
        ok(AUDITOR.get("/api/v1/audit?entityType=ChargebackRun&entityId=" + run), 200).array()
                .forEach(v -> details.add(v.asJsonObject().getString("detail", "").split(" ")[0]));
        assertTrue(details.containsAll(List.of("draft", "recompute", "approve", "post")), details.toString());
        assertTrue(ok(AUDITOR.get("/api/v1/audit?entityType=ChargebackAdjustment&entityId=" + adj.getJsonNumber("lineId")),
                200).array().size() == 1);
    }

    @Test
    void theScheduledJobCreatesTheMissingDraftOfLastMonth() throws InterruptedException {
        Api.Reply r = FINANCE.postJson("/api/v1/jobs/chargeback-draft/run", "{}");
        assertEquals(202, r.status(), r.toString());
        JsonArray runs = null;
        for (int i = 0; i < 120; i++) {
            runs = FINANCE.get("/api/v1/chargeback/runs").array();
            boolean bySystem = false;
            for (JsonValue v : runs) {
                bySystem |= "system".equals(v.asJsonObject().getString("preparedBy"));
            }
            if (bySystem) {
                break;
            }
            Thread.sleep(500);
        }
        JsonObject systemRun = null;
        for (JsonValue v : runs) {
            if ("system".equals(v.asJsonObject().getString("preparedBy"))) {
                systemRun = v.asJsonObject();
            }
        }
        assertNotNull(systemRun, "the job created no draft: " + runs);
        assertEquals("DRAFT", systemRun.getString("state"));
        // prepared by the system, so any finance user may approve it
        ok(FINANCE.postJson("/api/v1/chargeback/runs/" + systemRun.getJsonNumber("id") + "/approve", "{}"), 200);
    }

    @Test
    void costTypesCarryTheMolndalTableAndAConfigurableSplit() {
        Map<String, String> models = new HashMap<>();
        for (JsonValue v : ok(AUDITOR.get("/api/v1/chargeback/cost-types"), 200).array()) {
            JsonObject o = v.asJsonObject();
            List<String> m = new ArrayList<>();
            o.getJsonArray("models").forEach(x -> m.add(x.asJsonObject().getInt("molndalNumber", 0) + "="
                    + x.asJsonObject().getJsonNumber("percent").bigDecimalValue().stripTrailingZeros().toPlainString()));
            models.put(o.getString("code"), String.join(",", m));
        }
        assertEquals("3=50,4=50", models.get("LON-DRIFT-PC"));
        assertEquals("1=100", models.get("LON-STAB-IT"));
        assertEquals("5=100", models.get("NAT-MAN"));
        JsonObject changed = ok(FINANCE.putJson("/api/v1/chargeback/cost-types/NET-" + s, "{\"name\":\"Nätverk\","
                + "\"category\":\"Test\",\"account\":\"7541\",\"models\":{\"CONNECTION\":3,\"NOT_DISTRIBUTED\":1}}"), 200)
                .json();
        assertEquals("75", changed.getJsonArray("models").getJsonObject(0).getJsonNumber("percent").bigDecimalValue()
                .stripTrailingZeros().toPlainString());
        // put it back for the other tests
        ok(FINANCE.putJson("/api/v1/chargeback/cost-types/NET-" + s, "{\"name\":\"Nätverk\",\"category\":\"Test\","
                + "\"account\":\"7541\",\"models\":{\"CONNECTION\":1,\"NOT_DISTRIBUTED\":1}}"), 200);
        assertProblem(FINANCE.postJson("/api/v1/chargeback/systems", "{\"code\":\"X-" + s + "\",\"name\":\"x\","
                + "\"tier\":\"GULD\",\"ownerUnitId\":" + Licensing.unitIds().get("KOMMUN") + ",\"validFrom\":\"2025-01-01\"}"),
                422, "chargeback-owner-kind");
    }

    /**
     * Outputs of a posted run, period 2025-09: pool 1 000 öre of a cost type on account 7599, CONNECTION 500 /
     * NOT_DISTRIBUTED 500; ports CB1 1, CB2 3, the bolag 4 → 62,5 / 187,5 / 250 → 62 / 188 / 250 (equal remainders:
     * the larger weight, CB2, gets the odd öre). VAT 25 % on the bolag: 62,5 → 63 öre; gross 313 öre.
     */
    @Test
    void postedRunGivesStatementsSieAndInvoiceBasis() throws Exception {
        String period = "2025-09";
        long bolag = ok(ADMIN.postJson("/api/v1/units", "{\"code\":\"BOLAG-" + s + "\",\"name\":\"Hamnbolaget AB\","
                + "\"kind\":\"BOLAG\",\"parentId\":" + Licensing.unitIds().get("KOMMUN")
                + ",\"orgNumber\":\"556036-0793\",\"validFrom\":\"2025-01-01\"}"), 201).json().getJsonNumber("id")
                .longValue();
        costType("OUT-" + s, "{\"CONNECTION\":1,\"NOT_DISTRIBUTED\":1}");
        ok(FINANCE.putJson("/api/v1/chargeback/cost-types/OUT-" + s, "{\"name\":\"Nätverk\",\"category\":"
                + "\"Stadsnätet\",\"account\":\"7599\",\"models\":{\"CONNECTION\":1,\"NOT_DISTRIBUTED\":1}}"), 200);
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"OUT-" + s
                + "\",\"amountOre\":1000,\"sourceReference\":\"O-" + s + "\"}"), 201);
        ok(FINANCE.upload("/api/v1/chargeback/imported-measures/import", "o.csv", utf8("period;measure;unit;quantity\n"
                + period + ";CONNECTION;CB1-" + s + ";1\n" + period + ";CONNECTION;CB2-" + s + ";3\n" + period
                + ";CONNECTION;BOLAG-" + s + ";4\n")), 200);
        ok(FINANCE.putJson("/api/v1/chargeback/ledger", "{\"settings\":{\"counter-account\":\"3991\","
                + "\"sie-voucher-mode\":\"PER_UNIT\",\"vat-rate-permille\":\"250\"},\"units\":[{\"unitId\":" + cb1
                + ",\"costCentre\":\"1101\",\"motpart\":\"100\"},{\"unitId\":" + cb2
                + ",\"costCentre\":\"1102\",\"motpart\":\"100\"}]}"), 200);
        long run = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 201).json()
                .getJsonNumber("id").longValue();
        assertEquals(Map.of(cb1, 62L, cb2, 188L), totals(FINANCE, run));
        assertProblem(FINANCE.get("/api/v1/chargeback/runs/" + run + "/sie"), 409, "chargeback-run-not-posted");
        ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 200);
        ok(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 200);

        // SIE 4I: parsed back (checksum verified by the reader), the kommun's org.nr, one balanced voucher per nämnd,
        // nothing for the bolag
        Api.Reply sie = FINANCE.get("/api/v1/chargeback/runs/" + run + "/sie");
        assertEquals(200, sie.status(), sie.toString());
        byte[] sieBytes = bytes("/api/v1/chargeback/runs/" + run + "/sie");
        se.nyckeln.chargeback.output.sie.SieFile f = se.nyckeln.chargeback.output.sie.SieReader
                .read(new java.io.ByteArrayInputStream(sieBytes));
        assertEquals("212000-0142", f.orgNr());
        assertEquals(2, f.vouchers().size());
        Map<String, Long> debits = new HashMap<>();
        for (var v : f.vouchers()) {
            assertEquals(0, v.transactions().stream().mapToLong(t -> t.amountOre()).sum(), "balanced " + v);
            for (var t : v.transactions()) {
                if (t.account().equals("7599")) {
                    debits.put(t.objects().get(1), t.amountOre());
                    assertEquals("100", t.objects().get(20));
                } else {
                    assertEquals("3991", t.account());
                }
            }
        }
        assertEquals(Map.of("1101", 62L, "1102", 188L), debits);
        assertTrue(!new String(sieBytes, java.nio.charset.Charset.forName("IBM437")).contains("BOLAG-" + s));

        // invoice basis: the bolag with VAT
        String basis = new String(bytes("/api/v1/chargeback/runs/" + run + "/invoice-basis.csv"),
                StandardCharsets.UTF_8);
        assertTrue(basis.contains("BOLAG-" + s) && basis.contains("556036-0793"), basis);
        assertTrue(basis.contains("2,50") && basis.contains("0,63") && basis.contains("3,13"), basis);

        // statements read back
        String cb2Text = pdfText(bytes("/api/v1/chargeback/runs/" + run + "/statements/" + cb2 + ".pdf"));
        assertTrue(cb2Text.contains("1,88 kr") && cb2Text.contains("Det här kan ni påverka"), cb2Text);
        String bolagText = pdfText(bytes("/api/v1/chargeback/runs/" + run + "/statements/" + bolag + ".pdf"));
        assertTrue(bolagText.contains("Moms") && bolagText.contains("0,63 kr") && bolagText.contains("3,13 kr"),
                bolagText);
        int entries = 0;
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(
                bytes("/api/v1/chargeback/runs/" + run + "/statements.zip")))) {
            while (z.getNextEntry() != null) {
                entries++;
            }
        }
        assertEquals(3, entries);
        assertEquals(404, VIEWER.get("/api/v1/chargeback/runs/" + run + "/statements/" + cb1 + ".pdf").status());

        String csv = new String(bytes("/api/v1/chargeback/runs/" + run + "/export.csv"), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF") && csv.contains("CB1-" + s) && csv.contains("1,88"), csv);
        byte[] xlsx = bytes("/api/v1/chargeback/runs/" + run + "/export.xlsx");
        assertEquals('P', xlsx[0]);
        assertEquals('K', xlsx[1]);
    }

    /** A download as bytes (the shared Api reads bodies as text). */
    private static byte[] bytes(String path) throws Exception {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(Api.base() + path))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                ("finance:" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    private static String pdfText(byte[] pdf) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(d);
        }
    }

    /**
     * A new key version from 2026-01 with fixed shares CB1 60 %, CB2 40 %: a FIXED pool of 1 001 öre → 600,6 / 400,4
     * → 601 / 400. The what-if against December (an empty run under the default key) names the new key version.
     */
    @Test
    void fixedPercentagesOfANewKeyVersionAndTheWhatIfNamesIt() {
        ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"2025-12\"}"), 201);
        JsonObject key = ok(FINANCE.postJson("/api/v1/chargeback/key-versions", "{\"validFrom\":\"2026-01-01\","
                + "\"weightGuld\":8,\"weightSilver\":4,\"weightBrons\":2,\"weightKoppar\":1,\"pupilDeviceWeight\":0.5,"
                + "\"decidedBy\":\"Kommunstyrelsen\",\"decidedOn\":\"2025-12-10\",\"decisionReference\":\"KS 2025/99\","
                + "\"fixedShares\":[{\"unitId\":" + cb1 + ",\"percent\":60},{\"unitId\":" + cb2 + ",\"percent\":40}]}"),
                201).json();
        assertEquals("Kommunstyrelsen", key.getString("decidedBy"));
        assertProblem(FINANCE.postJson("/api/v1/chargeback/key-versions", "{\"validFrom\":\"2026-02-01\","
                + "\"weightGuld\":8,\"weightSilver\":4,\"weightBrons\":2,\"weightKoppar\":1,\"pupilDeviceWeight\":0.5,"
                + "\"decidedBy\":\"KS\",\"decidedOn\":\"2026-01-10\",\"fixedShares\":[{\"unitId\":" + cb1
                + ",\"percent\":60}]}"), 422, "chargeback-fixed-sum");
        costType("FIX-" + s, "{\"FIXED\":1}");
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"2026-01\",\"costType\":\"FIX-" + s
                + "\",\"amountOre\":1001,\"sourceReference\":\"FIX-" + s + "\"}"), 201);
        JsonObject run = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"2026-01\"}"), 201).json();
        long id = run.getJsonNumber("id").longValue();
        assertEquals(key.getJsonNumber("id").longValue(), run.getJsonNumber("keyVersionId").longValue());
        assertEquals(Map.of(cb1, 601L, cb2, 400L), totals(FINANCE, id));
        JsonObject whatIf = ok(FINANCE.get("/api/v1/chargeback/runs/" + id + "/what-if"), 200).json();
        assertTrue(whatIf.getBoolean("keyVersionChanged"));
        JsonObject change = unitChange(whatIf, cb1);
        assertEquals(601, change.getJsonNumber("changeOre").longValue());
        List<String> kinds = new ArrayList<>();
        change.getJsonArray("reasons").forEach(v -> kinds.add(v.asJsonObject().getString("kind")));
        assertEquals(List.of("POOL_CHANGED", "NEW_KEY_VERSION"), kinds);
    }

    /**
     * A zero weight leaves its items out of the draft's measures and item counts, as it does from the items posting
     * verifies and explain lists (the draft sums per unit and weight in the database, posting goes item by item). Key
     * version from 2031-01 with Guld 0 and pupil devices 0; March 2031 (31 days): CB1's only system is Guld, so CB1
     * has no system measure; CB2's Brons system counts 2 × 31 = 62 (one item). The demo city's pupil devices (school
     * units) are in the period but no COMPUTER line's items include one. Posting (which recomputes every measure's
     * quantity and item count from the items) keeps the draft's content hash.
     */
    @Test
    void zeroWeightsLeaveTheirItemsOutOfTheDraftAsOutOfThePostedItems() throws SQLException {
        String period = "2031-03";
        Database db = ItEnvironment.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM device_membership x JOIN device d"
                    + " ON d.id = x.device_id WHERE d.kind = 'PUPIL_DEVICE' AND x.valid_from <= '2031-03-31'"
                    + " AND (x.valid_to IS NULL OR x.valid_to >= '2031-03-01')")) {
                rs.next();
                assertTrue(rs.getLong(1) > 0, "the demo city has pupil devices in the period");
            }
        }
        ok(FINANCE.postJson("/api/v1/chargeback/key-versions", "{\"validFrom\":\"2031-01-01\","
                + "\"weightGuld\":0,\"weightSilver\":4,\"weightBrons\":2,\"weightKoppar\":1,\"pupilDeviceWeight\":0,"
                + "\"decidedBy\":\"Kommunstyrelsen\",\"decidedOn\":\"2030-12-10\",\"decisionReference\":\"KS 2030/1\"}"),
                201);
        costType("DEV-" + s, "{\"COMPUTER\":1}");
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"DEV-" + s
                + "\",\"amountOre\":1000,\"sourceReference\":\"DEV-" + s + "\"}"), 201);
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"SYS-" + s
                + "\",\"amountOre\":700,\"sourceReference\":\"SYS31-" + s + "\"}"), 201);
        JsonObject draft = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 201)
                .json();
        long run = draft.getJsonNumber("id").longValue();
        assertEquals(null, measures(run, cb1).get("SYSTEM_TIER"));
        assertEquals("62", measures(run, cb2).get("SYSTEM_TIER"));

        int computerLines = 0;
        for (JsonValue u : ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units"), 200).array()) {
            long unit = u.asJsonObject().getJsonNumber("unitId").longValue();
            JsonObject statement = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + unit), 200).json();
            for (JsonValue v : statement.getJsonArray("lines")) {
                JsonObject line = v.asJsonObject();
                if (!"COMPUTER".equals(line.getString("model", ""))) {
                    continue;
                }
                computerLines++;
                JsonObject e = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/"
                        + line.getJsonNumber("lineId").longValue() + "/explain"), 200).json();
                assertEquals(false, e.getBoolean("itemsChangedSinceDraft"), e.toString());
                for (JsonValue i : e.getJsonArray("items")) {
                    assertTrue(!i.asJsonObject().getString("itemLabel").endsWith("(PUPIL_DEVICE)"), i.toString());
                    assertEquals("1", i.asJsonObject().getJsonNumber("weight").bigDecimalValue().stripTrailingZeros()
                            .toPlainString(), i.toString());
                }
            }
        }
        assertTrue(computerLines > 0, "the demo city's staff and shared devices give COMPUTER lines");

        ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 200);
        JsonObject posted = ok(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 200).json();
        assertEquals("POSTED", posted.getString("state"));
        assertEquals(draft.getString("contentHash"), posted.getString("contentHash"));
    }

    /**
     * Posting verifies the measures and their items in the database instead of recomputing the run: an item that
     * changes after the approval without changing any measure (a system replaced by a new version of the same tier
     * and owner on the 16th) still posts with the approved hash, and explain then shows the items as posted. August:
     * CB1's Guld system 8 × 31 = 248; CB2's Brons 2 × 31 = 62 plus CK (Guld) 8 × 31 = 248, then 8 × 15 + 8 × 16 = 248;
     * 1000 öre over 248 / 310 → 444,44 / 555,56 → 444 / 556.
     */
    @Test
    void postingVerifiesTheItemsAndRefreshesOneThatChangedWithoutChangingAMeasure() throws SQLException {
        String period = "2025-08";
        Database db = ItEnvironment.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            st.executeUpdate("INSERT INTO cb_system (code, name, tier, owner_unit_id, valid_from, valid_to) VALUES ('CK-"
                    + s + "', 'Kassasystem', 'GULD', " + cb2 + ", '2025-08-01', '2025-08-31')");
        }
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"SYS-" + s
                + "\",\"amountOre\":1000,\"sourceReference\":\"CK-" + s + "\"}"), 201);
        JsonObject draft = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 201).json();
        long run = draft.getJsonNumber("id").longValue();
        assertEquals(Map.of(cb1, 444L, cb2, 556L), totals(FINANCE, run));
        assertEquals("310", measures(run, cb2).get("SYSTEM_TIER"));
        ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 200);

        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            st.executeUpdate("UPDATE cb_system SET valid_to = '2025-08-15' WHERE code = 'CK-" + s + "'");
            st.executeUpdate("INSERT INTO cb_system (code, name, tier, owner_unit_id, valid_from, valid_to) VALUES ('CK-"
                    + s + "', 'Kassasystem 2', 'GULD', " + cb2 + ", '2025-08-16', '2025-08-31')");
        }
        JsonObject posted = ok(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 200).json();
        assertEquals("POSTED", posted.getString("state"));
        assertEquals(draft.getString("contentHash"), posted.getString("contentHash"));
        assertEquals(Map.of(cb1, 444L, cb2, 556L), totals(FINANCE, run));

        long line = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb2), 200).json(), "CK-" + s);
        JsonObject e = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/" + line + "/explain"), 200).json();
        List<String> items = new ArrayList<>();
        for (JsonValue v : e.getJsonArray("items")) {
            JsonObject i = v.asJsonObject();
            items.add(i.getString("itemLabel") + " " + i.getString("from") + ".." + i.getString("to") + " "
                    + i.getInt("days") + " x " + i.getJsonNumber("weight").bigDecimalValue().stripTrailingZeros()
                    .toPlainString() + " = " + i.getJsonNumber("quantity").bigDecimalValue().stripTrailingZeros()
                    .toPlainString());
        }
        items.sort(String::compareTo);
        assertEquals(List.of("BRONS-" + s + " Bokningssystem (BRONS) 2025-08-01..2025-08-31 31 x 2 = 62",
                "CK-" + s + " Kassasystem (GULD) 2025-08-01..2025-08-15 15 x 8 = 120",
                "CK-" + s + " Kassasystem 2 (GULD) 2025-08-16..2025-08-31 16 x 8 = 128"), items);
    }

    /**
     * The labels a statement and an explanation show are those of the run, not of today: October, two new nämnder
     * CB3 (cost centre 1103, a Guld system all month: 8 × 31 = 248) and CB4 (a Brons system: 2 × 31 = 62), next to
     * the scenario's systems of CB1 (Guld, 248) and CB2 (Brons, 62): 1000 öre over 248 / 62 / 248 / 62 of 620 →
     * 400 / 100 / 400 / 100. While the run is a draft its items are computed when explained, and a change in
     * the data shows as itemsChangedSinceDraft. After posting, CB3 is renamed and moved to another cost centre from
     * the 15th (inside the period), its system and the cost type are renamed: statement, explanation, unit totals and
     * the PDF read exactly as before.
     */
    @Test
    void aPostedRunExplainsTheSameAfterUnitsSystemsAndCostTypesAreRenamed() throws Exception {
        String period = "2025-10";
        long kommun = Licensing.unitIds().get("KOMMUN");
        long cb3 = unit("CB3-" + s, "STADSDELSNAMND", kommun, "1103");
        long cb4 = unit("CB4-" + s, "STADSDELSNAMND", kommun, "1104");
        costType("REN-" + s, "{\"SYSTEM_TIER\":1}");
        ok(FINANCE.putJson("/api/v1/chargeback/cost-types/REN-" + s, "{\"name\":\"Verksamhetssystem\",\"category\":"
                + "\"Drift\",\"account\":\"7540\",\"models\":{\"SYSTEM_TIER\":1}}"), 200);
        ok(FINANCE.postJson("/api/v1/chargeback/systems", "{\"code\":\"LON-" + s + "\",\"name\":\"Lönesystem\","
                + "\"tier\":\"GULD\",\"ownerUnitId\":" + cb3 + ",\"validFrom\":\"2025-10-01\",\"validTo\":\"2025-10-31\"}"),
                201);
        ok(FINANCE.postJson("/api/v1/chargeback/systems", "{\"code\":\"BIB-" + s + "\",\"name\":\"Bibliotekssystem\","
                + "\"tier\":\"BRONS\",\"ownerUnitId\":" + cb4 + ",\"validFrom\":\"2025-10-01\",\"validTo\":\"2025-10-31\"}"),
                201);
        ok(FINANCE.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period + "\",\"costType\":\"REN-" + s
                + "\",\"amountOre\":1000,\"sourceReference\":\"REN-" + s + "\"}"), 201);
        long run = ok(FINANCE.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}"), 201).json()
                .getJsonNumber("id").longValue();
        assertEquals(Map.of(cb1, 400L, cb2, 100L, cb3, 400L, cb4, 100L), totals(FINANCE, run, cb1, cb2, cb3, cb4));

        // a draft: the items come from the data when explained
        long cb4Line = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb4), 200).json(), "REN-" + s);
        JsonObject draftExplain = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/" + cb4Line + "/explain"),
                200).json();
        assertEquals(List.of("BIB-" + s + " Bibliotekssystem (BRONS) 2025-10-01..2025-10-31 31 x 2 = 62"),
                items(draftExplain));
        assertEquals(false, draftExplain.getBoolean("itemsChangedSinceDraft"));
        Database db = ItEnvironment.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            st.executeUpdate("INSERT INTO cb_system (code, name, tier, owner_unit_id, valid_from, valid_to) VALUES ('EXTRA-"
                    + s + "', 'Extra', 'KOPPAR', " + cb4 + ", '2025-10-01', '2025-10-31')");
        }
        JsonObject stale = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/" + cb4Line + "/explain"), 200)
                .json();
        assertEquals(true, stale.getBoolean("itemsChangedSinceDraft"));
        assertEquals(2, stale.getJsonArray("items").size());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            st.executeUpdate("DELETE FROM cb_system WHERE code = 'EXTRA-" + s + "'");
        }
        ok(FINANCE2.postJson("/api/v1/chargeback/runs/" + run + "/approve", "{}"), 200);
        ok(FINANCE.postJson("/api/v1/chargeback/runs/" + run + "/post", "{}"), 200);

        long cb3Line = lineId(ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb3), 200).json(), "REN-" + s);
        String statementBefore = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb3), 200).json().toString();
        JsonObject explainBefore = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/" + cb3Line + "/explain"),
                200).json();
        assertEquals(List.of("LON-" + s + " Lönesystem (GULD) 2025-10-01..2025-10-31 31 x 8 = 248"),
                items(explainBefore));
        assertEquals("CB3-" + s, explainBefore.getString("unitCode"));
        assertEquals("Enhet CB3-" + s, explainBefore.getString("unitName"));
        String unitsBefore = ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units"), 200).array().toString();
        String pdfBefore = pdfText(bytes("/api/v1/chargeback/runs/" + run + "/statements/" + cb3 + ".pdf"));
        assertTrue(pdfBefore.contains("Enhet CB3-" + s) && pdfBefore.contains("Verksamhetssystem")
                && pdfBefore.contains("1103"), pdfBefore);

        ok(ADMIN.putJson("/api/v1/units/" + cb3, "{\"from\":\"2025-10-15\",\"name\":\"Omdöpt nämnd\",\"parentId\":"
                + kommun + ",\"costCentre\":\"9999\"}"), 200);
        ok(FINANCE.putJson("/api/v1/chargeback/cost-types/REN-" + s, "{\"name\":\"Omdöpt kostnadsslag\",\"category\":"
                + "\"Drift\",\"account\":\"7540\",\"models\":{\"SYSTEM_TIER\":1}}"), 200);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.APP, db.appPassword());
             Statement st = c.createStatement()) {
            st.execute("SET search_path = nyckeln");
            assertEquals(1, st.executeUpdate("UPDATE cb_system SET name = 'Omdöpt system' WHERE code = 'LON-" + s + "'"));
        }
        // the renames took effect where the organisation is read today
        assertTrue(ok(ADMIN.get("/api/v1/units/" + cb3), 200).json().toString().contains("Omdöpt nämnd"));

        assertEquals(statementBefore, ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units/" + cb3), 200).json()
                .toString());
        assertEquals(explainBefore.toString(), ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/lines/" + cb3Line
                + "/explain"), 200).json().toString());
        assertEquals(unitsBefore, ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/units"), 200).array().toString());
        String pdfAfter = pdfText(bytes("/api/v1/chargeback/runs/" + run + "/statements/" + cb3 + ".pdf"));
        assertTrue(pdfAfter.contains("Enhet CB3-" + s) && pdfAfter.contains("Verksamhetssystem")
                && pdfAfter.contains("1103") && !pdfAfter.contains("Omdöpt"), pdfAfter);
    }

    private static List<String> items(JsonObject explanation) {
        List<String> items = new ArrayList<>();
        for (JsonValue v : explanation.getJsonArray("items")) {
            JsonObject i = v.asJsonObject();
            items.add(i.getString("itemLabel") + " " + i.getString("from") + ".." + i.getString("to") + " "
                    + i.getInt("days") + " x " + i.getJsonNumber("weight").bigDecimalValue().stripTrailingZeros()
                    .toPlainString() + " = " + i.getJsonNumber("quantity").bigDecimalValue().stripTrailingZeros()
                    .toPlainString());
        }
        items.sort(String::compareTo);
        return items;
    }

    private static Map<Long, Long> totals(Api api, long run, long... units) {
        Map<Long, Long> m = new HashMap<>();
        for (JsonValue v : ok(api.get("/api/v1/chargeback/runs/" + run + "/units"), 200).array()) {
            JsonObject o = v.asJsonObject();
            long unit = o.getJsonNumber("unitId").longValue();
            for (long u : units) {
                if (u == unit) {
                    m.put(unit, o.getJsonNumber("totalOre").longValue());
                }
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ helpers

    private static long unit(String code, String kind, long parent, String costCentre) {
        JsonObject o = ok(ADMIN.postJson("/api/v1/units", "{\"code\":\"" + code + "\",\"name\":\"Enhet " + code
                + "\",\"kind\":\"" + kind + "\",\"parentId\":" + parent
                + (costCentre == null ? "" : ",\"costCentre\":\"" + costCentre + "\"")
                + ",\"validFrom\":\"2025-01-01\"}"), 201).json();
        return o.getJsonNumber("id").longValue();
    }

    private static String upn(String name) {
        return name + "-" + s.toLowerCase() + "@stad.se";
    }

    private static long person(String name, long unit) {
        return ok(ADMIN.postJson("/api/v1/people", "{\"upn\":\"" + upn(name) + "\",\"displayName\":\"Person " + name
                + "\",\"unitId\":" + unit + ",\"validFrom\":\"2025-01-01\"}"), 201).json().getJsonNumber("id").longValue();
    }

    private static long assign(long pool, long unit, long person, String from) {
        return ok(ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + unit + ",\"personId\":"
                + person + ",\"from\":\"" + from + "\"}"), 201).json().getJsonNumber("id").longValue();
    }

    private static void costType(String code, String models) {
        ok(FINANCE.putJson("/api/v1/chargeback/cost-types/" + code, "{\"name\":\"Test " + code + "\",\"category\":"
                + "\"Test\",\"account\":\"7540\",\"models\":" + models + "}"), 200);
    }

    private static Map<Long, Long> totals(Api api, long run) {
        Map<Long, Long> m = new HashMap<>();
        for (JsonValue v : ok(api.get("/api/v1/chargeback/runs/" + run + "/units"), 200).array()) {
            JsonObject o = v.asJsonObject();
            long unit = o.getJsonNumber("unitId").longValue();
            if (unit == cb1 || unit == cb2 || unit == sodermalm || api == VIEWER) {
                m.put(unit, o.getJsonNumber("totalOre").longValue());
            }
        }
        return m;
    }

    private static Map<String, Long> linesBySource(JsonObject statement) {
        Map<String, Long> m = new HashMap<>();
        for (JsonValue v : statement.getJsonArray("lines")) {
            JsonObject o = v.asJsonObject();
            m.merge(o.getString("sourceReference"), o.getJsonNumber("amountOre").longValue(), Long::sum);
        }
        return m;
    }

    private static long lineId(JsonObject statement, String source) {
        for (JsonValue v : statement.getJsonArray("lines")) {
            JsonObject o = v.asJsonObject();
            if (o.containsKey("sourceReference") && !o.isNull("sourceReference")
                    && source.equals(o.getString("sourceReference"))) {
                return o.getJsonNumber("lineId").longValue();
            }
        }
        throw new AssertionError("no line for " + source + " in " + statement);
    }

    private static Map<String, String> measures(long run, long unit) {
        Map<String, String> m = new HashMap<>();
        for (JsonValue v : ok(FINANCE.get("/api/v1/chargeback/runs/" + run + "/measures?unitId=" + unit), 200).array()) {
            JsonObject o = v.asJsonObject();
            m.put(o.getString("measureKey"), o.getJsonNumber("quantity").bigDecimalValue().stripTrailingZeros()
                    .toPlainString());
        }
        return m;
    }

    private static JsonObject unitChange(JsonObject whatIf, long unit) {
        for (JsonValue v : whatIf.getJsonArray("units")) {
            if (v.asJsonObject().getJsonNumber("unitId").longValue() == unit) {
                return v.asJsonObject();
            }
        }
        throw new AssertionError("no change for " + unit + " in " + whatIf);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Api.Reply ok(Api.Reply r, int status) {
        assertEquals(status, r.status(), r.toString());
        return r;
    }

    private static void assertProblem(Api.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.json().getString("code"), r.toString());
    }
}
