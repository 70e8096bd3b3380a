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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Harvest proposals over a scenario built through the API, every proposal and figure hand-computed.
 *
 * <p>A NAMED_USER pool of the kommun: 10 seats at 100.00 kr and 5 at 160.00 kr, so a seat is worth
 * (10·10000 + 5·16000) / 15 = 12000 öre a month. Södermalm holds 6 seats, Bromma 4; all assigned 200 days ago
 * except {@code s5} (today). Usage, idle days 90 (the default), day d = the server's today:
 * <ul>
 * <li>{@code s0} used d−10: kept; {@code s4} used d−90 (the inclusive edge): kept; {@code s5} never, but its seat
 *     is new: kept;</li>
 * <li>{@code s1} used d−120, {@code s2} never, {@code s3} used d−91: IDLE;</li>
 * <li>{@code b0} used d−5 but left (last day d−3): LEFT with membership change d−3;</li>
 * <li>{@code b1} used d−5 but moved to Södermalm from d−2: MOVED with membership change d−2.</li>
 * </ul>
 * A DEVICE pool: 3 seats at 50.00 kr, Bromma holds 2; device {@code dv} retired (last day d−1): DEVICE_RETIRED
 * at 5000 öre.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HarvestIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private record Scenario(String sku, long product, long pool, long devicePool, long sodermalm, long bromma,
                            long kommun, LocalDate today, Map<String, Long> people, long device) {
    }

    private static Scenario scenario() {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long kommun = units.get("KOMMUN");
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        String sku = "HRV-" + s;
        long product = Licensing.product(sku, "NAMED_USER");
        long pool = entitle(product, kommun, 10, 10_000);
        assertEquals(pool, entitle(product, kommun, 5, 16_000));
        assertEquals(200, Licensing.allocate(ADMIN, pool, sodermalm, 6).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 4).status());
        LocalDate today = LocalDate.parse(Licensing.pool(ADMIN, pool).getString("asOf"));
        Map<String, Long> people = new java.util.LinkedHashMap<>();
        for (String name : List.of("s0", "s1", "s2", "s3", "s4", "s5", "b0", "b1")) {
            long unit = name.startsWith("s") ? sodermalm : bromma;
            long person = Licensing.person(upn(name, s), unit);
            people.put(name, person);
            LocalDate from = "s5".equals(name) ? today : today.minusDays(200);
            Api.Reply r = assign(pool, unit, "personId", person, from);
            assertEquals(201, r.status(), r.toString());
        }
        String dsku = "HRD-" + s;
        long deviceProduct = Licensing.product(dsku, "DEVICE");
        long devicePool = entitle(deviceProduct, kommun, 3, 5_000);
        assertEquals(200, Licensing.allocate(ADMIN, devicePool, bromma, 2).status());
        long device = Licensing.device("HRV-PC-" + s, bromma);
        assertEquals(201, assign(devicePool, bromma, "deviceId", device, today.minusDays(200)).status());

        importUsage("user_upn,device_serial,sku,last_used\n"
                + upn("s0", s) + ",," + sku + "," + today.minusDays(10) + "\n"
                + upn("s1", s) + ",," + sku + "," + today.minusDays(120) + "\n"
                + upn("s3", s) + ",," + sku + "," + today.minusDays(91) + "\n"
                + upn("s4", s) + ",," + sku + "," + today.minusDays(90) + "\n"
                + upn("b0", s) + ",," + sku + "," + today.minusDays(5) + "\n"
                + upn("b1", s) + ",," + sku + "," + today.minusDays(5) + "\n"
                + ",HRV-PC-" + s + "," + dsku + "," + today.minusDays(3) + "\n");
        assertEquals(200, ADMIN.postJson("/api/v1/people/" + people.get("b0") + "/end",
                "{\"lastDay\":\"" + today.minusDays(3) + "\"}").status());
        assertEquals(200, ADMIN.postJson("/api/v1/people/" + people.get("b1") + "/move",
                "{\"unitId\":" + sodermalm + ",\"from\":\"" + today.minusDays(2) + "\"}").status());
        assertEquals(200, ADMIN.postJson("/api/v1/devices/" + device + "/end",
                "{\"lastDay\":\"" + today.minusDays(1) + "\"}").status());
        run();
        return new Scenario(sku, product, pool, devicePool, sodermalm, bromma, kommun, today, people, device);
    }

    private static String upn(String name, String s) {
        return "hrv-" + name + "-" + s.toLowerCase() + "@stad.se";
    }

    private static void importUsage(String csv) {
        Api.Reply r = ADMIN.upload("/api/v1/imports/usage/inventory", "inventory.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.toString());
    }

    private static long entitle(long product, long owner, long quantity, long price) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":" + owner
                + ",\"quantity\":" + quantity + ",\"unitPriceOre\":" + price + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("poolId").longValue();
    }

    private static Api.Reply assign(long pool, long unit, String field, long id, LocalDate from) {
        return ADMIN.postJson("/api/v1/pools/" + pool + "/assignments",
                "{\"unitId\":" + unit + ",\"" + field + "\":" + id + ",\"from\":\"" + from + "\"}");
    }

    private static JsonObject run() {
        Api.Reply r = ADMIN.postJson("/api/v1/harvest/runs", "{}");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static List<JsonObject> proposals(Api api, String query) {
        Api.Reply r = api.get("/api/v1/harvest/proposals" + query);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject).toList();
    }

    /** Pending proposals of the pool by person (or device) id. */
    private static Map<Long, JsonObject> pending(Api api, long pool) {
        return proposals(api, "?poolId=" + pool).stream().collect(Collectors.toMap(
                o -> o.containsKey("personId") && !o.isNull("personId") ? o.getJsonNumber("personId").longValue()
                        : o.getJsonNumber("deviceId").longValue(), o -> o));
    }

    private static String text(JsonObject o, String name) {
        return o.containsKey(name) && !o.isNull(name) ? o.getString(name) : null;
    }

    private static long id(JsonObject o) {
        return o.getJsonNumber("id").longValue();
    }

    @Test
    void proposalsCarryTheirReasonEvidenceAndMonthlyValue() {
        Scenario sc = scenario();
        Map<Long, JsonObject> p = pending(ADMIN, sc.pool());
        Map<String, Long> who = sc.people();
        assertEquals(Set.of(who.get("s1"), who.get("s2"), who.get("s3"), who.get("b0"), who.get("b1")), p.keySet(),
                p.toString());
        LocalDate d = sc.today();
        JsonObject s1 = p.get(who.get("s1"));
        assertEquals("IDLE", s1.getString("reason"));
        assertEquals(d.minusDays(120).toString(), text(s1, "lastActivity"));
        assertEquals("INVENTORY", text(s1, "usageSource"));
        assertEquals(90, s1.getInt("idleDays"));
        assertEquals(sc.sodermalm(), s1.getJsonNumber("unitId").longValue());
        JsonObject s2 = p.get(who.get("s2"));
        assertEquals("IDLE", s2.getString("reason"));
        assertNull(text(s2, "lastActivity"), "never used");
        assertEquals(d.minusDays(91).toString(), text(p.get(who.get("s3")), "lastActivity"));
        JsonObject b0 = p.get(who.get("b0"));
        assertEquals("LEFT", b0.getString("reason"));
        assertEquals(d.minusDays(3).toString(), text(b0, "membershipChange"));
        assertEquals(d.minusDays(5).toString(), text(b0, "lastActivity"));
        JsonObject b1 = p.get(who.get("b1"));
        assertEquals("MOVED", b1.getString("reason"));
        assertEquals(d.minusDays(2).toString(), text(b1, "membershipChange"));
        for (JsonObject o : p.values()) {
            assertEquals(12_000, o.getJsonNumber("monthlyValueOre").longValue(), o.toString());
            assertEquals("PENDING", o.getString("status"));
            assertEquals(d.toString(), o.getString("proposedOn"));
        }
        Map<Long, JsonObject> devices = pending(ADMIN, sc.devicePool());
        assertEquals(Set.of(sc.device()), devices.keySet(), devices.toString());
        JsonObject dv = devices.get(sc.device());
        assertEquals("DEVICE_RETIRED", dv.getString("reason"));
        assertEquals(d.minusDays(1).toString(), text(dv, "membershipChange"));
        assertEquals(5_000, dv.getJsonNumber("monthlyValueOre").longValue());

        // a second run changes nothing: the same proposals, no duplicates
        run();
        Map<Long, JsonObject> again = pending(ADMIN, sc.pool());
        assertEquals(p.values().stream().map(HarvestIT::id).collect(Collectors.toSet()),
                again.values().stream().map(HarvestIT::id).collect(Collectors.toSet()));

        // the summary: what each unit could return, per pool
        Api.Reply sum = ADMIN.get("/api/v1/harvest/summary");
        assertEquals(200, sum.status(), sum.toString());
        List<JsonObject> rows = sum.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("poolId").longValue() == sc.pool()).toList();
        assertEquals(2, rows.size(), rows.toString());
        for (JsonObject row : rows) {
            boolean sod = row.getJsonNumber("unitId").longValue() == sc.sodermalm();
            assertEquals(sod ? 3 : 2, row.getJsonNumber("seats").longValue(), row.toString());
            assertEquals(sod ? 36_000 : 24_000, row.getJsonNumber("monthlyValueOre").longValue(), row.toString());
        }

        // new use within the window withdraws the idle proposal at the next run
        importUsage("user_upn,device_serial,sku,last_used\n" + upnOf(sc, "s2") + ",," + sc.sku() + "," + d.minusDays(1) + "\n");
        run();
        assertFalse(pending(ADMIN, sc.pool()).containsKey(who.get("s2")));
        Api.Reply withdrawn = ADMIN.get("/api/v1/harvest/proposals/" + id(s2));
        assertEquals("WITHDRAWN", withdrawn.json().getString("status"), withdrawn.toString());

        // a longer idle setting for the product: s3 (91 days) is no longer idle, s1 (120) still is
        Api.Reply set = ADMIN.putJson("/api/v1/harvest/settings/" + sc.product(), "{\"idleDays\":100}");
        assertEquals(200, set.status(), set.toString());
        run();
        Map<Long, JsonObject> after = pending(ADMIN, sc.pool());
        assertFalse(after.containsKey(who.get("s3")));
        assertEquals(100, after.get(who.get("s1")).getInt("idleDays"));
    }

    private static String upnOf(Scenario sc, String name) {
        Api.Reply r = ADMIN.get("/api/v1/people/" + sc.people().get(name));
        return r.json().getString("upn");
    }

    @Test
    void bulkApprovalEndsTheAssignmentsAndReturnsTheSeatsToThePool() {
        Scenario sc = scenario();
        Map<Long, JsonObject> p = pending(ADMIN, sc.pool());
        JsonObject s1 = p.get(sc.people().get("s1"));
        JsonObject s2 = p.get(sc.people().get("s2"));
        JsonObject before = Licensing.pool(ADMIN, sc.pool());
        assertEquals(5, before.getJsonNumber("free").longValue());
        assertEquals(6, Licensing.allocations(before).get(sc.sodermalm()));

        // a date in the future is refused, and nothing changes
        Api.Reply future = ADMIN.postJson("/api/v1/harvest/proposals/approve", "{\"ids\":[" + id(s1) + "," + id(s2)
                + "],\"endDate\":\"" + sc.today().plusDays(1) + "\"}");
        assertEquals(422, future.status(), future.toString());
        assertEquals("harvest-end-in-future", future.json().getString("code"));

        Api.Reply ok = ADMIN.postJson("/api/v1/harvest/proposals/approve", "{\"ids\":[" + id(s1) + "," + id(s2) + "]}");
        assertEquals(200, ok.status(), ok.toString());
        assertEquals(2, ok.json().getJsonArray("decided").size());
        assertEquals(24_000, ok.json().getJsonNumber("monthlyValueOre").longValue());

        JsonObject after = Licensing.pool(ADMIN, sc.pool());
        assertEquals(7, after.getJsonNumber("free").longValue(), after.toString());
        assertEquals(4, Licensing.allocations(after).get(sc.sodermalm()), after.toString());
        Set<Long> open = pending(ADMIN, sc.pool()).values().stream().map(HarvestIT::id).collect(Collectors.toSet());
        assertFalse(open.contains(id(s1)));
        assertFalse(open.contains(id(s2)));
        JsonObject approved = ADMIN.get("/api/v1/harvest/proposals/" + id(s1)).json();
        assertEquals("APPROVED", approved.getString("status"));
        assertEquals(sc.today().toString(), approved.getString("endDate"));
        assertEquals("admin", approved.getString("decidedBy"));
        JsonObject assignment = ADMIN.get("/api/v1/assignments/" + s1.getJsonNumber("assignmentId").longValue()).json();
        assertEquals(sc.today().minusDays(1).toString(), assignment.getString("validTo"), assignment.toString());
        // the seat is with the pool from the end date: the unit's position today counts 4 seats, 1 assigned still
        // (s0, s3, s4, s5 remain: 4 assigned of 4)
        Api.Reply position = ADMIN.get("/api/v1/licence-position/units");
        JsonObject sod = position.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("poolId").longValue() == sc.pool()
                        && o.getJsonNumber("unitId").longValue() == sc.sodermalm()).findFirst().orElseThrow();
        assertEquals(4, sod.getJsonNumber("allocated").longValue(), sod.toString());
        assertEquals(4, sod.getJsonNumber("assigned").longValue(), sod.toString());

        // audit: one row per decision, with before and after
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=HarvestProposal&entityId=" + id(s1));
        assertEquals(200, audit.status(), audit.toString());
        JsonObject event = audit.array().getJsonObject(0);
        assertEquals("admin", event.getString("actor"));
        assertEquals("PENDING", event.getJsonObject("before").getString("status"));
        assertEquals("APPROVED", event.getJsonObject("after").getString("status"));

        // all or nothing: one decided and one open proposal → 409, the open one stays open
        long s3 = id(p.get(sc.people().get("s3")));
        Api.Reply mixed = ADMIN.postJson("/api/v1/harvest/proposals/approve", "{\"ids\":[" + id(s1) + "," + s3 + "]}");
        assertEquals(409, mixed.status(), mixed.toString());
        assertEquals("harvest-proposal-decided", mixed.json().getString("code"));
        assertTrue(pending(ADMIN, sc.pool()).values().stream().anyMatch(o -> id(o) == s3));
        assertEquals(7, Licensing.pool(ADMIN, sc.pool()).getJsonNumber("free").longValue());
        // the next run does not propose the ended assignments again
        run();
        assertEquals(3, pending(ADMIN, sc.pool()).size());
    }

    @Test
    void aRejectionIsRememberedUntilNewEvidenceArrives() {
        Scenario sc = scenario();
        Map<String, Long> who = sc.people();
        Map<Long, JsonObject> p = pending(ADMIN, sc.pool());
        long s3 = id(p.get(who.get("s3")));
        long b1 = id(p.get(who.get("b1")));
        Api.Reply r = ADMIN.postJson("/api/v1/harvest/proposals/reject",
                "{\"ids\":[" + s3 + "," + b1 + "],\"note\":\"Behövs för bokslut\"}");
        assertEquals(200, r.status(), r.toString());
        JsonObject rejected = ADMIN.get("/api/v1/harvest/proposals/" + s3).json();
        assertEquals("REJECTED", rejected.getString("status"));
        assertEquals("Behövs för bokslut", rejected.getString("note"));
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=HarvestProposal&entityId=" + b1);
        assertEquals("REJECTED", audit.array().getJsonObject(0).getJsonObject("after").getString("status"));

        // without new evidence: not proposed again, even when the idle setting changes
        run();
        assertEquals(200, ADMIN.putJson("/api/v1/harvest/settings/" + sc.product(), "{\"idleDays\":60}").status());
        run();
        Map<Long, JsonObject> now = pending(ADMIN, sc.pool());
        assertFalse(now.containsKey(who.get("s3")), now.toString());
        assertFalse(now.containsKey(who.get("b1")), now.toString());
        // the seat stays with its holder
        JsonObject assignment = ADMIN.get("/api/v1/assignments/" + rejected.getJsonNumber("assignmentId").longValue()).json();
        assertFalse(assignment.containsKey("validTo") && !assignment.isNull("validTo"), assignment.toString());

        // new evidence: a later last use (still idle under 60 days) and a later membership event (another move)
        importUsage("user_upn,device_serial,sku,last_used\n" + upnOf(sc, "s3") + ",," + sc.sku() + ","
                + sc.today().minusDays(70) + "\n");
        assertEquals(200, ADMIN.postJson("/api/v1/people/" + who.get("b1") + "/move",
                "{\"unitId\":" + sc.kommun() + ",\"from\":\"" + sc.today() + "\"}").status());
        run();
        now = pending(ADMIN, sc.pool());
        JsonObject again = now.get(who.get("s3"));
        assertEquals(sc.today().minusDays(70).toString(), text(again, "lastActivity"), now.toString());
        assertTrue(id(again) != s3, "a new proposal, the rejection stays on record");
        JsonObject moved = now.get(who.get("b1"));
        assertEquals("MOVED", moved.getString("reason"));
        assertEquals(sc.today().toString(), text(moved, "membershipChange"));
        assertEquals("REJECTED", ADMIN.get("/api/v1/harvest/proposals/" + s3).json().getString("status"));
    }

    @Test
    void aUnitViewerReadsItsOwnUnitsProposalsAndDecidesNothing() {
        Scenario sc = scenario();
        Api viewer = Api.as("viewer");
        Map<Long, JsonObject> seen = pending(viewer, sc.pool());
        Map<String, Long> who = sc.people();
        assertEquals(Set.of(who.get("s1"), who.get("s2"), who.get("s3")), seen.keySet(), seen.toString());
        long bromma = id(pending(ADMIN, sc.pool()).get(who.get("b0")));
        Api.Reply foreign = viewer.get("/api/v1/harvest/proposals/" + bromma);
        assertEquals(404, foreign.status(), foreign.toString());
        assertTrue(foreign.isProblem());
        assertEquals(200, viewer.get("/api/v1/harvest/proposals/" + id(seen.get(who.get("s1")))).status());
        Api.Reply summary = viewer.get("/api/v1/harvest/summary");
        assertEquals(200, summary.status());
        assertTrue(summary.array().stream().map(JsonValue::asJsonObject)
                .noneMatch(o -> o.getJsonNumber("unitId").longValue() == sc.bromma()), summary.toString());
        assertEquals(403, viewer.postJson("/api/v1/harvest/proposals/approve", "{\"ids\":[" + bromma + "]}").status());
        assertEquals(403, viewer.postJson("/api/v1/harvest/proposals/reject", "{\"ids\":[" + bromma + "]}").status());
        assertEquals(403, viewer.postJson("/api/v1/harvest/runs", "{}").status());
        assertEquals(403, Api.as("finance").postJson("/api/v1/harvest/runs", "{}").status());
        assertEquals("PENDING", ADMIN.get("/api/v1/harvest/proposals/" + bromma).json().getString("status"));
    }

    @Test
    void theNightlyJobIsRegisteredAndRunsTheSameFinder() throws InterruptedException {
        Scenario sc = scenario();
        long s2 = id(pending(ADMIN, sc.pool()).get(sc.people().get("s2")));
        // s2 uses it today: the job (not the manual run) must withdraw the proposal
        importUsage("user_upn,device_serial,sku,last_used\n" + upnOf(sc, "s2") + ",," + sc.sku() + "," + sc.today() + "\n");
        Api.Reply jobs = ADMIN.get("/api/v1/jobs");
        assertEquals(200, jobs.status(), jobs.toString());
        assertTrue(jobs.body().contains("\"harvest-proposals\""), jobs.toString());
        Api.Reply fired = ADMIN.postJson("/api/v1/jobs/harvest-proposals/run", "{}");
        assertTrue(fired.status() < 300, fired.toString());
        String status = "PENDING";
        for (int i = 0; i < 300 && "PENDING".equals(status); i++) {
            Thread.sleep(200);
            status = ADMIN.get("/api/v1/harvest/proposals/" + s2).json().getString("status");
        }
        assertEquals("WITHDRAWN", status);
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=HarvestRun&limit=5");
        assertEquals(200, audit.status(), audit.toString());
        assertTrue(audit.array().stream().map(JsonValue::asJsonObject).anyMatch(e -> "system".equals(e.getString("actor"))),
                audit.toString());
    }

    @Test
    void everyCreatedProposalIsTracedToTheAuditEntryOfTheRunThatCreatedIt() {
        Scenario sc = scenario();
        List<JsonObject> proposals = proposals(ADMIN, "?status=ALL&poolId=" + sc.pool());
        assertFalse(proposals.isEmpty());
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=HarvestRun&limit=1000");
        assertEquals(200, audit.status(), audit.toString());
        List<JsonObject> runs = audit.array().stream().map(v -> v.asJsonObject().getJsonObject("after")).toList();
        for (JsonObject r : runs) {
            long created = r.getJsonNumber("created").longValue();
            if (created == 0) {
                assertTrue(!r.containsKey("firstCreatedId") || r.isNull("firstCreatedId"), r.toString());
            } else {
                // one run's proposals are created under the harvest lock: consecutive ids
                assertEquals(created, r.getJsonNumber("lastCreatedId").longValue()
                        - r.getJsonNumber("firstCreatedId").longValue() + 1, r.toString());
            }
        }
        for (JsonObject p : proposals) {
            long id = id(p);
            List<JsonObject> creators = runs.stream().filter(r -> r.getJsonNumber("created").longValue() > 0
                    && r.getJsonNumber("firstCreatedId").longValue() <= id
                    && id <= r.getJsonNumber("lastCreatedId").longValue()).toList();
            assertEquals(1, creators.size(), "proposal " + id + " in runs " + creators);
            assertEquals(p.getString("proposedOn"), creators.get(0).getString("day"), p.toString());
        }
    }
}
