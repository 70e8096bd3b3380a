package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Supplier consolidation, the second part (docs/supplier-consolidation.md): the ledger's account column, IT
 * suppliers' lines booked on non-IT accounts awaiting review, the configurable IT accounts, and dismissing a
 * duplicate proposal ("not a duplicate", undo). Its own year (2017), invoice prefix {@code ACC-}, suppliers and
 * buyer reference; shared lists are filtered to them. Ledger, kronor ex VAT, buyer Södermalm:
 * <pre>
 * ACC-M-1 Molnbolaget       2017-02-01 Molnlagring 10×100 = 1 000  account 6540  (BAS IT-tjänster: IT)
 * ACC-M-2 Molnbolaget       2017-03-01 Molnlagring  5×100 =   500  account 7490  (not IT: an IT supplier booked elsewhere)
 * ACC-K-1 Kontorsgrossen    2017-04-01 Pärmar      20×10  =   200  account 6510  (not IT; nothing booked as IT)
 * ACC-S-1 Serverhallen AB   2017-05-01 Serverhyra   1×3000 = 3 000 account "6540 1" (IT)
 * ACC-S-2 Serverhallen (DK) 2017-06-01 Serverhyra   1×2900 = 2 900 no account (booked as IT by the export)
 * </pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolidationReviewIT {

    private static final Api PROC = Api.as("procurement");
    private static final Api VIEWER = Api.as("viewer");
    private static final Api AUDITOR = Api.as("auditor");
    private static final Api FINANCE = Api.as("finance");
    private static final String C = "/api/v1/suppliers/consolidation";
    private static boolean ready;
    private static long molnbolaget;
    private static long kontorsgrossen;
    private static long serverhallen;
    private static long serverhallenDk;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    static synchronized void setUp() {
        if (ready) {
            return;
        }
        Map<String, Long> units = Licensing.unitIds();
        molnbolaget = register("{\"name\":\"Molnbolaget AB\",\"orgNumber\":\"556810-0001\"}");
        kontorsgrossen = register("{\"name\":\"Kontorsgrossen AB\",\"orgNumber\":\"556820-0009\"}");
        serverhallen = register("{\"name\":\"Serverhallen Norr AB\",\"orgNumber\":\"556830-0007\"}");
        Api.Reply m = PROC.putJson("/api/v1/purchases/buyer-references", "{\"reference\":\"ACC-SOD\",\"unitId\":"
                + units.get("SDN-SODERMALM") + "}");
        assertEquals(200, m.status(), m.toString());
        String ledger = """
                supplier;supplier_name;invoice_number;invoice_date;buyer_reference;line_id;item_name;quantity;unit_price;line_amount;account
                556810-0001;Molnbolaget AB;ACC-M-1;2017-02-01;ACC-SOD;1;Molnlagring;10;100,00;1000,00;6540
                556810-0001;Molnbolaget AB;ACC-M-2;2017-03-01;ACC-SOD;1;Molnlagring;5;100,00;500,00;7490
                556820-0009;Kontorsgrossen AB;ACC-K-1;2017-04-01;ACC-SOD;1;Pärmar;20;10,00;200,00;6510
                556830-0007;Serverhallen Norr AB;ACC-S-1;2017-05-01;ACC-SOD;1;Serverhyra;1;3000,00;3000,00;6540 1
                DK11223344;Serverhallen Norr;ACC-S-2;2017-06-01;ACC-SOD;1;Serverhyra;1;2900,00;2900,00;
                """;
        Api.Reply l = PROC.post("/api/v1/purchases/ledger?fileName=konton.csv", "text/csv",
                ledger.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, l.status(), l.toString());
        Api.Reply n = PROC.post(C + "/normalise", "application/json", new byte[0]);
        assertEquals(200, n.status(), n.toString());
        serverhallenDk = ConsolidationIT.supplierId("Serverhallen Norr");
        ready = true;
    }

    private static long register(String json) {
        Api.Reply r = PROC.postJson("/api/v1/suppliers", json);
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    private static Map<Long, Long> spend2017() {
        Api.Reply r = PROC.get(C + "/spend?by=supplier&year=2017");
        assertEquals(200, r.status(), r.toString());
        Set<Long> ours = Set.of(molnbolaget, kontorsgrossen, serverhallen, serverhallenDk);
        return r.array().stream().map(JsonValue::asJsonObject).filter(o -> ours.contains(Long.valueOf(o.getString("key"))))
                .collect(Collectors.toMap(o -> Long.valueOf(o.getString("key")), o -> o.getJsonNumber("spendOre").longValue()));
    }

    private static List<JsonObject> elsewhere(Api api, String query) {
        Api.Reply r = api.get(C + "/booked-elsewhere" + query);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getString("invoiceNumber").startsWith("ACC-")).toList();
    }

    private static List<JsonObject> pair(JsonArray proposals) {
        return proposals.stream().map(JsonValue::asJsonObject)
                .filter(o -> Set.of(serverhallen, serverhallenDk).equals(Set.of(o.getJsonNumber("supplierId").longValue(),
                        o.getJsonNumber("otherId").longValue()))).toList();
    }

    @Test
    @Order(1)
    void anItSuppliersLineOnANonItAccountAwaitsReviewAndANonItSuppliersIsNotItSpend() {
        setUp();
        // counted: M-1 (6540), S-1 ("6540 1" = 65401), S-2 (no account); M-2 awaits review; K-1 is not IT spend
        assertEquals(Map.of(molnbolaget, 100_000L, serverhallen, 300_000L, serverhallenDk, 290_000L), spend2017());
        List<JsonObject> pending = elsewhere(PROC, "?pending=true");
        assertEquals(1, pending.size(), pending.toString());
        JsonObject m2 = pending.get(0);
        assertEquals("ACC-M-2", m2.getString("invoiceNumber"));
        assertEquals("7490", m2.getString("account"));
        assertEquals("ACCOUNT", m2.getString("reviewReason"));
        assertTrue(!m2.containsKey("countedIt") || m2.isNull("countedIt"), "awaiting review: not counted " + m2);
        // the same line is in the review list (reason ACCOUNT), the office supplier's line in neither
        Api.Reply review = PROC.get(C + "/review?pending=true&reason=ACCOUNT&limit=1000");
        assertEquals(200, review.status(), review.toString());
        assertTrue(review.json().getJsonArray("lines").stream().map(JsonValue::asJsonObject)
                .anyMatch(o -> o.getJsonNumber("id").longValue() == m2.getJsonNumber("id").longValue()), review.toString());
        assertFalse(review.body().contains("ACC-K-1"), review.toString());
        assertFalse(PROC.get(C + "/review?pending=false&limit=1000").body().contains("ACC-K-1"));
        assertEquals(422, PROC.get(C + "/review?reason=KONTO").status());
        // the unit viewer (Södermalm) sees the line too; finance reads, may not decide
        assertEquals(1, elsewhere(VIEWER, "?pending=true").size());
        assertEquals(403, FINANCE.putJson(C + "/review/" + m2.getJsonNumber("id").longValue(), "{\"it\":true}").status());

        // decided IT: counted under Molnbolaget (1 000 + 500 kr), no longer pending, still in the report; audited
        long lineId = m2.getJsonNumber("id").longValue();
        Api.Reply d = PROC.putJson(C + "/review/" + lineId, "{\"it\":true}");
        assertEquals(200, d.status(), d.toString());
        assertEquals(150_000L, spend2017().get(molnbolaget));
        assertEquals(0, elsewhere(PROC, "?pending=true").size());
        List<JsonObject> all = elsewhere(PROC, "");
        assertEquals(1, all.size(), all.toString());
        assertTrue(all.get(0).getBoolean("reviewIsIt"), all.toString());
        Api.Reply audit = AUDITOR.get("/api/v1/audit?entityType=PurchaseLineReview&entityId=" + lineId);
        assertEquals(1, audit.array().size(), audit.toString());
        // and the CSV export of the report carries the account
        Api.Reply csv = PROC.get(C + "/export/booked-elsewhere.csv");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.body().contains("ACC-M-2") && csv.body().contains("7490"), csv.body());
    }

    @Test
    @Order(2)
    void theItAccountsAreConfigurableAndAudited() {
        setUp();
        Api.Reply before = PROC.get(C + "/it-accounts");
        assertEquals(200, before.status(), before.toString());
        List<String> prefixes = before.array().stream().map(v -> v.asJsonObject().getString("prefix")).toList();
        assertEquals(List.of("1012", "4023", "5420", "6540", "68"), prefixes);
        assertEquals(403, FINANCE.putJson(C + "/it-accounts", "[{\"prefix\":\"65\"}]").status());
        assertEquals(422, PROC.putJson(C + "/it-accounts", "[]").status());
        assertEquals(422, PROC.putJson(C + "/it-accounts", "[{\"prefix\":\"65-1\"}]").status());
        assertEquals(422, PROC.putJson(C + "/it-accounts", "[{\"prefix\":\"65\"},{\"prefix\":\"65\"}]").status());
        try {
            // 65 (kontorsmaterial) counted as IT: Kontorsgrossen's 200 kr now count; 6540 is still covered by "65"
            Api.Reply put = PROC.putJson(C + "/it-accounts", "[{\"prefix\":\"65\",\"name\":\"Test\"},{\"prefix\":\"68\"}]");
            assertEquals(200, put.status(), put.toString());
            assertEquals(2, put.array().size(), put.toString());
            assertEquals(Map.of(molnbolaget, 150_000L, kontorsgrossen, 20_000L, serverhallen, 300_000L,
                    serverhallenDk, 290_000L), spend2017());
            Api.Reply audit = AUDITOR.get("/api/v1/audit?entityType=ItAccounts&entityId=it-accounts");
            assertEquals(200, audit.status(), audit.toString());
            assertFalse(audit.array().isEmpty(), audit.toString());
        } finally {
            StringBuilder json = new StringBuilder("[");
            before.array().forEach(v -> json.append(json.length() > 1 ? "," : "").append(v.toString()));
            Api.Reply restore = PROC.putJson(C + "/it-accounts", json.append(']').toString());
            assertEquals(200, restore.status(), restore.toString());
        }
        assertEquals(Map.of(molnbolaget, 150_000L, serverhallen, 300_000L, serverhallenDk, 290_000L), spend2017());
    }

    @Test
    @Order(3)
    void aDismissedDuplicateProposalIsRememberedAuditedAndCanBeUndone() {
        setUp();
        Api.Reply r = PROC.get(C + "/duplicates");
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, pair(r.array()).size(), r.toString());
        String body = "{\"supplierId\":" + serverhallenDk + ",\"otherId\":" + serverhallen + ",\"reason\":\"Olika bolag\"}";
        assertEquals(403, VIEWER.postJson(C + "/duplicates/dismissals", body).status());
        assertEquals(403, FINANCE.postJson(C + "/duplicates/dismissals", body).status());
        Api.Reply self = PROC.postJson(C + "/duplicates/dismissals", "{\"supplierId\":" + serverhallen + ",\"otherId\":"
                + serverhallen + "}");
        assertEquals(422, self.status(), self.toString());
        assertTrue(self.body().contains("supplier-dismiss-self"), self.toString());
        assertEquals(404, PROC.postJson(C + "/duplicates/dismissals", "{\"supplierId\":" + serverhallen
                + ",\"otherId\":999999999}").status());

        Api.Reply d = PROC.postJson(C + "/duplicates/dismissals", body);
        assertEquals(201, d.status(), d.toString());
        long id = d.json().getJsonNumber("id").longValue();
        // stored in id order whichever way it was asked
        assertEquals(Math.min(serverhallen, serverhallenDk), d.json().getJsonNumber("supplierId").longValue());
        assertEquals("Olika bolag", d.json().getString("reason"));
        assertEquals("procurement", d.json().getString("dismissedBy"));
        assertTrue(d.json().getBoolean("open"));
        assertEquals(0, pair(PROC.get(C + "/duplicates").array()).size(), "a dismissed pair is not proposed");
        Api.Reply twice = PROC.postJson(C + "/duplicates/dismissals", "{\"supplierId\":" + serverhallen + ",\"otherId\":"
                + serverhallenDk + "}");
        assertEquals(409, twice.status(), twice.toString());
        assertTrue(twice.body().contains("supplier-dismissal-exists"), twice.toString());
        Api.Reply list = AUDITOR.get(C + "/duplicates/dismissals");
        assertEquals(200, list.status(), list.toString());
        assertTrue(list.array().stream().anyMatch(v -> v.asJsonObject().getJsonNumber("id").longValue() == id));
        assertEquals(403, VIEWER.get(C + "/duplicates/dismissals").status());
        assertTrue(PROC.get(C + "/export/dismissals.csv").body().contains("Olika bolag"));

        // undo: proposed again; a second undo is refused; both steps audited
        assertEquals(403, FINANCE.post(C + "/duplicates/dismissals/" + id + "/undo", "application/json", new byte[0]).status());
        Api.Reply u = PROC.post(C + "/duplicates/dismissals/" + id + "/undo", "application/json", new byte[0]);
        assertEquals(200, u.status(), u.toString());
        assertFalse(u.json().getBoolean("open"));
        assertEquals("procurement", u.json().getString("undoneBy"));
        assertEquals(1, pair(PROC.get(C + "/duplicates").array()).size(), "proposed again after the undo");
        Api.Reply again = PROC.post(C + "/duplicates/dismissals/" + id + "/undo", "application/json", new byte[0]);
        assertEquals(409, again.status(), again.toString());
        assertTrue(again.body().contains("supplier-dismissal-undone"), again.toString());
        assertEquals(404, PROC.post(C + "/duplicates/dismissals/999999999/undo", "application/json", new byte[0]).status());
        Api.Reply audit = AUDITOR.get("/api/v1/audit?entityType=DuplicateDismissal&entityId=" + id);
        assertEquals(200, audit.status(), audit.toString());
        List<String> actions = audit.array().stream().map(v -> v.asJsonObject().getString("action")).sorted().toList();
        assertEquals(List.of("CREATE", "UPDATE"), actions, audit.toString());

        // dismissed again after the undo: a new decision
        Api.Reply d2 = PROC.postJson(C + "/duplicates/dismissals", body);
        assertEquals(201, d2.status(), d2.toString());
        assertTrue(d2.json().getJsonNumber("id").longValue() != id);
        assertEquals(0, pair(PROC.get(C + "/duplicates").array()).size());
    }

    private static JsonObject reviewPage(Api api, String query) {
        Api.Reply r = api.get(C + "/review?" + query);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static List<Long> ids(JsonArray lines) {
        return lines.stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList();
    }

    @Test
    @Order(4)
    void theReviewListIsPagedInAStableOrderWithItsTotal() {
        setUp();
        // the whole list (every decided or pending line, all classes' data in this deployment) on one page
        JsonObject all = reviewPage(PROC, "pending=false&limit=1000");
        long total = all.getJsonNumber("total").longValue();
        JsonArray lines = all.getJsonArray("lines");
        assertTrue(total >= 1 && total <= 1000, all.toString());
        assertEquals(total, lines.size());
        assertEquals(0, all.getInt("offset"));
        assertEquals(1000, all.getInt("limit"));
        assertTrue(lines.stream().map(JsonValue::asJsonObject).anyMatch(o -> o.getString("invoiceNumber").equals("ACC-M-2")),
                "the decided line ACC-M-2 is in the whole list");
        // oldest first: issue date, then line id, strictly increasing
        for (int i = 1; i < lines.size(); i++) {
            JsonObject a = lines.getJsonObject(i - 1);
            JsonObject b = lines.getJsonObject(i);
            int byDate = a.getString("issueDate").compareTo(b.getString("issueDate"));
            assertTrue(byDate < 0 || byDate == 0 && a.getJsonNumber("id").longValue() < b.getJsonNumber("id").longValue(),
                    "order at " + i + ": " + a + " then " + b);
        }
        // pages of two give the same lines in the same order, each with the whole list's total
        List<Long> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < total; offset += 2) {
            JsonObject page = reviewPage(PROC, "pending=false&limit=2&offset=" + offset);
            assertEquals(total, page.getJsonNumber("total").longValue(), page.toString());
            assertEquals(offset, page.getInt("offset"));
            assertEquals(2, page.getInt("limit"));
            assertEquals(Math.min(2, total - offset), page.getJsonArray("lines").size(), page.toString());
            paged.addAll(ids(page.getJsonArray("lines")));
        }
        assertEquals(ids(lines), paged);
        // past the end: no lines, the total still counted; a page of one from the middle is that line
        JsonObject past = reviewPage(PROC, "pending=false&limit=5&offset=" + total);
        assertEquals(0, past.getJsonArray("lines").size());
        assertEquals(total, past.getJsonNumber("total").longValue());
        JsonObject last = reviewPage(PROC, "pending=false&limit=1&offset=" + (total - 1));
        assertEquals(List.of(ids(lines).get((int) total - 1)), ids(last.getJsonArray("lines")));
        // the default page is 100 lines from the first; the pending list is a part of the whole list
        JsonObject pendingDefault = reviewPage(PROC, "");
        assertEquals(100, pendingDefault.getInt("limit"));
        assertEquals(0, pendingDefault.getInt("offset"));
        assertTrue(pendingDefault.getJsonNumber("total").longValue() < total, "ACC-M-2 is decided: not pending");
        assertTrue(ids(lines).containsAll(ids(pendingDefault.getJsonArray("lines"))));
        // the unit viewer's list is scoped: its total never exceeds procurement's
        assertTrue(reviewPage(VIEWER, "pending=false&limit=1000").getJsonNumber("total").longValue() <= total);
        // refused page sizes and offsets, with their codes
        Api.Reply zero = PROC.get(C + "/review?limit=0");
        assertEquals(422, zero.status(), zero.toString());
        assertTrue(zero.body().contains("consolidation-page-limit"), zero.toString());
        assertEquals(422, PROC.get(C + "/review?limit=1001").status());
        Api.Reply negative = PROC.get(C + "/review?offset=-1");
        assertEquals(422, negative.status(), negative.toString());
        assertTrue(negative.body().contains("consolidation-page-offset"), negative.toString());
    }

    private static List<JsonObject> drill(Api api, long supplierId) {
        Api.Reply r = api.get(C + "/lines?year=2017&supplierId=" + supplierId);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject).toList();
    }

    /** The same drill-down without the supplier parameter (the whole year), filtered here: the other query path. */
    private static List<JsonObject> drillByYear(long supplierId) {
        Api.Reply r = PROC.get(C + "/lines?year=2017");
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("supplierId").longValue() == supplierId).toList();
    }

    private static List<String> invoices(List<JsonObject> lines) {
        return lines.stream().map(o -> o.getString("invoiceNumber")).toList();
    }

    @Test
    @Order(5)
    void theDrillDownFollowsAMergeAndItsUndo() {
        setUp();
        // before: each Serverhallen has its own line (S-1 3 000 kr on the Swedish one, S-2 2 900 kr on the Danish one)
        List<JsonObject> sweBefore = drill(PROC, serverhallen);
        List<JsonObject> dkBefore = drill(PROC, serverhallenDk);
        assertEquals(List.of("ACC-S-1"), invoices(sweBefore));
        assertEquals(List.of("ACC-S-2"), invoices(dkBefore));
        assertEquals(sweBefore, drillByYear(serverhallen));
        assertEquals(sweBefore, drill(VIEWER, serverhallen), "the viewer's unit (Södermalm) bought it");

        Api.Reply m = PROC.postJson(C + "/merges", "{\"survivorId\":" + serverhallen + ",\"mergedId\":" + serverhallenDk
                + ",\"reason\":\"Samma bolag\"}");
        assertEquals(201, m.status(), m.toString());
        long mergeId = m.json().getJsonNumber("id").longValue();
        try {
            // merged: both lines under the survivor, oldest first, the Danish one still booked on its own supplier
            List<JsonObject> merged = drill(PROC, serverhallen);
            assertEquals(List.of("ACC-S-1", "ACC-S-2"), invoices(merged));
            assertEquals(List.of(serverhallen, serverhallen), merged.stream()
                    .map(o -> o.getJsonNumber("supplierId").longValue()).toList());
            assertEquals(serverhallenDk, merged.get(1).getJsonNumber("bookedSupplierId").longValue());
            assertEquals(List.of(300_000L, 290_000L), merged.stream().map(o -> o.getJsonNumber("amountOre").longValue())
                    .toList());
            assertEquals(merged, drillByYear(serverhallen), "both query paths agree after the merge");
            assertEquals(merged, drill(VIEWER, serverhallen));
            assertEquals(List.of(), drill(PROC, serverhallenDk), "a merged supplier has no lines of its own");
            assertEquals(List.of(), drillByYear(serverhallenDk));
        } finally {
            Api.Reply s = PROC.post(C + "/merges/" + mergeId + "/split", "application/json", new byte[0]);
            assertEquals(200, s.status(), s.toString());
        }
        // undone: exactly the answers from before
        assertEquals(sweBefore, drill(PROC, serverhallen));
        assertEquals(dkBefore, drill(PROC, serverhallenDk));
        assertEquals(dkBefore, drillByYear(serverhallenDk));
    }
}
