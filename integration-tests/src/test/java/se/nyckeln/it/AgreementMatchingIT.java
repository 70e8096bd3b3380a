package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Suppliers, agreements and price lists by CSV, Peppol invoices by zip, and the verdict of every line, checked
 * against hand-computed figures (docs/agreements.md, "Verdicts"). The scenario (prices ex VAT):
 * <ul>
 * <li>RA-ATEA-2025 (Atea, 2025-01-01–2026-12-31; the kommun's nämnder and, listed, SISAB): M365-E3 400 kr from 1,
 * 350 kr from 100 (city-wide quantity); VISIO-P2 120 kr; ADOBE-CC 800 kr.</li>
 * <li>RA-DUSTIN-2025 (Dustin, same period): VISIO-P2 100 kr. RA-ATEA-2022 (Atea, 2022–2024): AUTOCAD 5 000 kr.</li>
 * <li>Invoices: 1001 Södermalm (E3 60 × 400, Visio 10 × 120, AutoCAD 2 × 5 000, "ACC-ALL-APPS" 3 × 800),
 * 1002 SISAB (E3 50 × 350), 1003 Stokab (ADOBE-CC 2 × 800), 1004 unmapped reference (E3 1 × 400),
 * 2001 Dustin Södermalm (Visio 5 × 100), 3001 an unregistered supplier (paper 10 × 50).</li>
 * </ul>
 * The city's E3 quantity on RA-ATEA-2025 is 60 + 50 = 110 (the unmapped 1004 line is not judged), so the 350 kr
 * tier applies.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgreementMatchingIT {

    private static final Api PROC = Api.as("procurement");
    private static final String INVOICES = "/api/v1/purchases/invoices";
    private static final String[] GOOD = {"atea-inv-1001.xml", "atea-inv-1002.xml", "atea-inv-1003.xml",
            "atea-inv-1004.xml", "dustin-inv-2001.xml", "kontorsgiganten-inv-3001.xml"};
    private static boolean ready;
    private static Map<String, Long> units;
    private static long atea;
    private static long visioPool;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    static byte[] resource(String name) {
        try (InputStream in = AgreementMatchingIT.class.getResourceAsStream("/peppol/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] goodZip() {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        for (String f : GOOD) {
            m.put("mars/" + f, resource(f));
        }
        return zip(m);
    }

    static Api.Reply csv(String path, String name, String content) {
        return PROC.upload(path, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static synchronized void setUp() {
        if (ready) {
            return;
        }
        units = Licensing.unitIds();
        Api.Reply a = PROC.postJson("/api/v1/suppliers", "{\"name\":\"Atea Sverige AB\",\"orgNumber\":\"556448-0282\","
                + "\"aliases\":[\"Atea\"]}");
        assertEquals(201, a.status(), a.toString());
        atea = a.json().getJsonNumber("id").longValue();
        Api.Reply d = PROC.postJson("/api/v1/suppliers", "{\"name\":\"Dustin Sverige AB\",\"vatNumber\":\"SE556237459401\"}");
        assertEquals(201, d.status(), d.toString());
        Api.Reply ag = csv("/api/v1/agreements/imports/agreements", "avtal.csv", """
                reference;supplier;kind;parent_reference;title;category;valid_from;valid_to;extension_options;notice_months;owner_unit;kommun_may_call_off;call_off_units
                RA-ATEA-2025;556448-0282;FRAMEWORK;;Programvaror och tjänster;Programvara;2025-01-01;2026-12-31;1+1 år;6;KS;ja;BOLAG-SISAB
                RA-DUSTIN-2025;Dustin Sverige AB;DIRECT;;Visio-licenser;Programvara;2025-01-01;2026-12-31;;3;KS;ja;
                RA-ATEA-2022;Atea;FRAMEWORK;;Programvaror 2022;Programvara;2022-01-01;2024-12-31;;6;KS;ja;
                """);
        assertEquals(200, ag.status(), ag.toString());
        assertEquals(3, ag.json().getInt("created"), ag.toString());
        Api.Reply p = csv("/api/v1/agreements/imports/price-list", "prislista.csv", """
                agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to
                RA-ATEA-2025;M365-E3;Microsoft 365 E3;400,00;SEK;1;2025-01-01;
                RA-ATEA-2025;M365-E3;Microsoft 365 E3;350,00;SEK;100;2025-01-01;
                RA-ATEA-2025;VISIO-P2;Visio Plan 2;120,00;SEK;1;2025-01-01;
                RA-ATEA-2025;ADOBE-CC;Adobe Creative Cloud;800,00;SEK;1;2025-01-01;
                RA-DUSTIN-2025;VISIO-P2;Visio Plan 2;100,00;SEK;1;2025-01-01;
                RA-ATEA-2022;AUTOCAD;AutoCAD;5000,00;SEK;1;2022-01-01;
                """);
        assertEquals(200, p.status(), p.toString());
        assertEquals(6, p.json().getInt("created"), p.toString());
        for (String[] m : new String[][] {{"SOD-IT", "SDN-SODERMALM"}, {"SISAB-IT", "BOLAG-SISAB"},
                {"STOKAB-1", "BOLAG-STOKAB"}}) {
            Api.Reply r = PROC.putJson("/api/v1/purchases/buyer-references", "{\"reference\":\"" + m[0]
                    + "\",\"unitId\":" + units.get(m[1]) + "}");
            assertEquals(200, r.status(), r.toString());
        }
        Api.Reply i = PROC.post(INVOICES + "?fileName=mars.zip", "application/zip", goodZip());
        assertEquals(200, i.status(), i.toString());
        assertEquals(6, i.json().getInt("created"), i.toString());
        ready = true;
    }

    /** All lines as procurement sees them, by "invoice/line". */
    static Map<String, JsonObject> lines(Api api) {
        Api.Reply r = api.get("/api/v1/purchases/lines?limit=500");
        assertEquals(200, r.status(), r.toString());
        Map<String, JsonObject> m = new HashMap<>();
        for (JsonObject o : r.json().getJsonArray("items").getValuesAs(JsonObject.class)) {
            m.put(o.getString("invoiceNumber") + "/" + o.getString("lineId"), o);
        }
        return m;
    }

    static long stake(JsonObject line) {
        return line.getJsonNumber("atStakeOre").longValue();
    }

    @Test
    @Order(1)
    void eachVerdictWithItsExplanationAndTheSekAtStake() {
        setUp();
        Map<String, JsonObject> l = lines(PROC);
        for (String key : List.of("1001/1", "1001/2", "1001/3", "1001/4", "1002/1", "1003/1", "1004/1", "2001/1",
                "3001/1")) {
            assertTrue(l.containsKey(key), key + " in " + l.keySet());
        }
        // 1. OK: SISAB (a bolag listed in the call-off rights) pays the 350 kr tier the city's 110 E3 reach
        JsonObject ok = l.get("1002/1");
        assertEquals("OK", ok.getString("verdict"), ok.toString());
        assertEquals("RA-ATEA-2025", ok.getString("agreementReference"));
        assertEquals(100, ok.getJsonNumber("tierMinQuantity").longValue());
        assertEquals(110, ok.getJsonNumber("cityQuantity").intValue());
        assertEquals(35000, ok.getJsonNumber("expectedPriceOre").longValue());
        assertEquals(0, stake(ok));
        // 2. wrong price: 60 × (400 - 350) kr = 3 000 kr overcharged
        JsonObject wrong = l.get("1001/1");
        assertEquals("WRONG_PRICE", wrong.getString("verdict"), wrong.toString());
        assertEquals(300000, stake(wrong));
        assertTrue(wrong.getString("explanation").contains("volymsteg från 100"), wrong.toString());
        // 3. wrong agreement: Visio at 120 kr on Atea while Dustin's agreement sells it for 100: 10 × 20 kr
        JsonObject agreement = l.get("1001/2");
        assertEquals("WRONG_AGREEMENT", agreement.getString("verdict"), agreement.toString());
        assertEquals("RA-DUSTIN-2025", agreement.getString("altAgreementReference"));
        assertEquals(10000, agreement.getJsonNumber("altPriceOre").longValue());
        assertEquals(20000, stake(agreement));
        // 4. AutoCAD only on the agreement that ended 2024-12-31
        JsonObject expired = l.get("1001/3");
        assertEquals("AGREEMENT_NOT_VALID", expired.getString("verdict"), expired.toString());
        assertEquals("RA-ATEA-2022", expired.getString("agreementReference"));
        assertEquals(1000000, stake(expired));
        assertTrue(expired.getString("explanation").contains("löpt ut"), expired.toString());
        // 5. Stokab is a bolag not listed on RA-ATEA-2025
        JsonObject stokab = l.get("1003/1");
        assertEquals("BUYER_NOT_ENTITLED", stokab.getString("verdict"), stokab.toString());
        assertEquals(160000, stake(stokab));
        // 6. a supplier with no agreement (not even in the register)
        JsonObject off = l.get("3001/1");
        assertEquals("OFF_AGREEMENT", off.getString("verdict"), off.toString());
        assertEquals(50000, stake(off));
        // 7. an article no price list knows
        JsonObject unknown = l.get("1001/4");
        assertEquals("UNKNOWN_PRODUCT", unknown.getString("verdict"), unknown.toString());
        assertEquals(240000, stake(unknown));
        // Dustin's own Visio line is fine; the unmapped reference is not judged and is listed
        assertEquals("OK", l.get("2001/1").getString("verdict"));
        assertEquals("BUYER_UNMAPPED", l.get("1004/1").getString("verdict"));
        Api.Reply unmapped = PROC.get("/api/v1/purchases/buyer-references/unmapped");
        assertEquals(200, unmapped.status(), unmapped.toString());
        assertEquals(1, unmapped.array().size(), unmapped.toString());
        assertEquals("UTB-LIC", unmapped.array().getJsonObject(0).getString("reference"));
    }

    @Test
    @Order(2)
    void totalsPerVerdictAndTheOverchargedLinesOfASupplier() {
        setUp();
        Api.Reply t = PROC.get("/api/v1/purchases/totals?supplierId=" + atea);
        assertEquals(200, t.status(), t.toString());
        Map<String, Long> stakes = new HashMap<>();
        for (JsonObject o : t.array().getValuesAs(JsonObject.class)) {
            stakes.put(o.getString("verdict"), o.getJsonNumber("atStakeOre").longValue());
        }
        assertEquals(300000L, stakes.get("WRONG_PRICE"));
        assertEquals(20000L, stakes.get("WRONG_AGREEMENT"));
        assertEquals(1000000L, stakes.get("AGREEMENT_NOT_VALID"));
        assertEquals(0L, stakes.get("OK"));
        Api.Reply over = PROC.get("/api/v1/purchases/lines?verdict=WRONG_PRICE&supplierId=" + atea);
        assertEquals(200, over.status(), over.toString());
        assertEquals(1, over.json().getInt("total"), over.toString());
        Api.Reply bad = PROC.get("/api/v1/purchases/lines?verdict=NOPE");
        assertEquals(422, bad.status(), bad.toString());
    }

    @Test
    @Order(3)
    void aRememberedProductMappingRematchesTheLine() {
        setUp();
        Api.Reply r = PROC.putJson("/api/v1/purchases/product-mappings", "{\"supplierId\":" + atea
                + ",\"itemKey\":\"ACC-ALL-APPS\",\"sku\":\"ADOBE-CC\"}");
        assertEquals(200, r.status(), r.toString());
        JsonObject line = lines(PROC).get("1001/4");
        assertEquals("OK", line.getString("verdict"), line.toString());
        assertEquals("adobe-cc", line.getString("sku"));
    }

    @Test
    @Order(4)
    void reimportIsANoOpAndABadFileInAZipKeepsOutTheGoodOnes() {
        setUp();
        Api.Reply again = PROC.post(INVOICES + "?fileName=mars.zip", "application/zip", goodZip());
        assertEquals(200, again.status(), again.toString());
        assertEquals(0, again.json().getInt("created"), again.toString());
        assertEquals(6, again.json().getInt("unchanged"), again.toString());

        Api.Reply mixed = PROC.post(INVOICES + "?fileName=maj.zip", "application/zip",
                zip(Map.of("maj/dustin-inv-2002.xml", resource("dustin-inv-2002.xml"),
                        "maj/malformed.xml", resource("malformed.xml"))));
        assertEquals(422, mixed.status(), mixed.toString());
        assertTrue(mixed.isProblem(), mixed.toString());
        JsonObject e = mixed.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("maj.zip!maj/malformed.xml", e.getString("file"), mixed.toString());
        assertEquals("xml-malformed", e.getString("reason"));
        assertEquals(96, e.getInt("line"));
        assertFalse(lines(PROC).containsKey("2002/1"), "nothing of a rejected upload is imported");
        Api.Reply alone = PROC.upload(INVOICES, "dustin-inv-2002.xml", resource("dustin-inv-2002.xml"));
        assertEquals(200, alone.status(), alone.toString());
        assertEquals(1, alone.json().getInt("created"), alone.toString());
    }

    @Test
    @Order(5)
    void anXxeAttemptAMissingElementAndAnEscapingZipAreRefused() {
        setUp();
        Api.Reply xxe = PROC.post(INVOICES + "?fileName=xxe.xml", "application/xml", resource("xxe.xml"));
        assertEquals(422, xxe.status(), xxe.toString());
        assertEquals("xml-dtd-refused", xxe.json().getJsonArray("errors").getJsonObject(0).getString("reason"));
        assertFalse(xxe.body().contains("root:"), xxe.toString());
        Api.Reply missing = PROC.post(INVOICES + "?fileName=utan-datum.xml", "application/xml",
                resource("missing-issue-date.xml"));
        assertEquals(422, missing.status(), missing.toString());
        JsonObject e = missing.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("utan-datum.xml", e.getString("file"));
        assertEquals("cbc:IssueDate", e.getString("column"));
        Api.Reply escape = PROC.post(INVOICES + "?fileName=ut.zip", "application/zip",
                zip(Map.of("../ut.xml", resource("dustin-inv-2002.xml"))));
        assertEquals(422, escape.status(), escape.toString());
        assertEquals("zip-entry-escapes", escape.json().getJsonArray("errors").getJsonObject(0).getString("reason"));
    }

    @Test
    @Order(6)
    void oversizedUploadsAreRefused() {
        setUp();
        byte[] doc = new byte[8 * 1024 * 1024 + 10];
        java.util.Arrays.fill(doc, (byte) ' ');
        Api.Reply big = PROC.post(INVOICES + "?fileName=stor.xml", "application/xml", doc);
        assertEquals(422, big.status(), big.toString());
        assertEquals("xml-too-large", big.json().getJsonArray("errors").getJsonObject(0).getString("reason"));
        byte[] upload = new byte[50 * 1024 * 1024 + 1];
        Api.Reply huge = PROC.post(INVOICES + "?fileName=enorm.zip", "application/zip", upload);
        assertEquals(413, huge.status(), huge.toString());
    }

    @Test
    @Order(7)
    void accessIsScoped() {
        setUp();
        // the viewer (Södermalm) sees only Södermalm's lines: invoices 1001 (4), 2001, 2002 and 3001
        Map<String, JsonObject> seen = lines(Api.as("viewer"));
        assertEquals(List.of("1001/1", "1001/2", "1001/3", "1001/4", "2001/1", "2002/1", "3001/1"),
                seen.keySet().stream().sorted().toList());
        long sisabLine = lines(PROC).get("1002/1").getJsonNumber("id").longValue();
        assertEquals(404, Api.as("viewer").get("/api/v1/purchases/lines/" + sisabLine).status());
        assertEquals(200, Api.as("auditor").get("/api/v1/purchases/lines/" + sisabLine).status());
        assertEquals(403, Api.as("viewer").get("/api/v1/purchases/buyer-references/unmapped").status());
        for (String user : List.of("viewer", "auditor", "finance")) {
            assertEquals(403, Api.as(user).post(INVOICES + "?fileName=a.xml", "application/xml",
                    resource("dustin-inv-2002.xml")).status(), user);
            assertEquals(403, Api.as(user).putJson("/api/v1/purchases/buyer-references",
                    "{\"reference\":\"X\",\"unitId\":1}").status(), user);
            assertEquals(403, Api.as(user).postJson("/api/v1/suppliers",
                    "{\"name\":\"X AB\",\"orgNumber\":\"556000-1116\"}").status(), user);
        }
        assertEquals(200, Api.as("admin").get("/api/v1/agreements").status());
        assertEquals(200, Api.as("auditor").get("/api/v1/agreements/alerts").status());
    }

    @Test
    @Order(8)
    void suppliersAreKeyedOnAValidOrgNumber() {
        setUp();
        Api.Reply s = PROC.get("/api/v1/suppliers/" + atea);
        assertEquals(200, s.status(), s.toString());
        assertEquals("556448-0282", s.json().getString("orgNumber"));
        assertEquals("SE556448028201", s.json().getString("vatNumber"));
        assertEquals(5, s.json().getInt("legalFormDigit"));
        Api.Reply bad = PROC.postJson("/api/v1/suppliers", "{\"name\":\"Fel AB\",\"orgNumber\":\"556448-0283\"}");
        assertEquals(422, bad.status(), bad.toString());
        assertEquals("supplier-org-number-invalid", bad.json().getString("code"));
        Api.Reply dup = PROC.postJson("/api/v1/suppliers", "{\"name\":\"Atea igen\",\"vatNumber\":\"SE556448028201\"}");
        assertEquals(409, dup.status(), dup.toString());
        Api.Reply foreign = PROC.postJson("/api/v1/suppliers",
                "{\"name\":\"Adobe Systems Software Ireland Ltd\",\"vatNumber\":\"IE6364992H\"}");
        assertEquals(201, foreign.status(), foreign.toString());
        assertEquals("IE", foreign.json().getString("country"));
        assertFalse(foreign.json().containsKey("orgNumber"), foreign.toString());
        // every change is in the audit trail: the supplier's creation, the price row's change
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=Supplier&entityId=" + atea);
        assertEquals(200, audit.status(), audit.toString());
        assertEquals("CREATE", audit.array().getJsonObject(0).getString("action"), audit.toString());
        Api.Reply prices = Api.as("auditor").get("/api/v1/audit?entityType=PriceRow&action=CREATE");
        assertEquals(6, prices.array().size(), prices.toString());
    }

    @Test
    @Order(9)
    void badCsvRowsAreAllListedAndNothingChanges() {
        setUp();
        Api.Reply r = csv("/api/v1/agreements/imports/price-list", "fel.csv", """
                agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to
                RA-ATEA-2025;M365-E3;Microsoft 365 E3;1,00;SEK;1;2025-01-01;
                RA-FINNS-INTE;X;X;10;SEK;1;2025-01-01;
                RA-ATEA-2025;Y;Y;tio;SEK;1;2025-13-01;
                """);
        assertEquals(422, r.status(), r.toString());
        List<String> errors = r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("column") + ":" + e.getString("reason")).toList();
        assertEquals(List.of("3:agreement_reference:unknown-agreement", "4:unit_price:bad-amount",
                "4:valid_from:bad-date"), errors, r.toString());
        // the good first row was not applied: the E3 base price is still 400 kr
        assertEquals("WRONG_PRICE", lines(PROC).get("1001/1").getString("verdict"));
    }

    @Test
    @Order(10)
    void aPriceListChangeRematchesEveryLine() {
        setUp();
        Api.Reply p = csv("/api/v1/agreements/imports/price-list", "prislista-2.csv", """
                agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to
                RA-ATEA-2025;M365-E3;Microsoft 365 E3;400,00;SEK;100;2025-01-01;
                """);
        assertEquals(200, p.status(), p.toString());
        assertEquals(1, p.json().getInt("updated"), p.toString());
        Map<String, JsonObject> l = lines(PROC);
        assertEquals("OK", l.get("1001/1").getString("verdict"), l.get("1001/1").toString());
        JsonObject sisab = l.get("1002/1");
        assertEquals("WRONG_PRICE", sisab.getString("verdict"), sisab.toString());
        assertEquals(-250000, stake(sisab), "50 × (350 - 400) kr undercharged");
        assertTrue(sisab.getString("explanation").contains("underdebitering"), sisab.toString());
        // importing the same file again changes nothing
        Api.Reply again = csv("/api/v1/agreements/imports/price-list", "prislista-2.csv", """
                agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to
                RA-ATEA-2025;M365-E3;Microsoft 365 E3;400,00;SEK;100;2025-01-01;
                """);
        assertEquals(1, again.json().getInt("unchanged"), again.toString());
        assertEquals(0, again.json().getInt("updated"), again.toString());
    }

    @Test
    @Order(11)
    void aLicencePurchaseLineCreatesAnEntitlementLinkedToIt() {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        // the Visio lines imported before the product existed (1001/2: 10, 2001/1: 5, 2002/1: 1 seat, all
        // Södermalm, open-ended from their invoice dates) become entitlements when the product appears
        for (String key : List.of("1001/2", "2001/1", "2002/1")) {
            assertFalse(lines(PROC).get(key).containsKey("entitlementId"), key + " has no product yet");
        }
        long product = Licensing.product("VISIO-P2-LIC", "NAMED_USER", "VISIO-P2");
        Map<String, JsonObject> pending = lines(PROC);
        for (String key : List.of("1001/2", "2001/1", "2002/1")) {
            assertTrue(pending.get(key).containsKey("entitlementId"), key + " " + pending.get(key));
        }
        Api.Reply pools = PROC.get("/api/v1/pools");
        JsonObject pool = pools.array().getValuesAs(JsonObject.class).stream()
                .filter(p -> p.getJsonNumber("productId").longValue() == product).findFirst().orElseThrow();
        visioPool = pool.getJsonNumber("id").longValue();
        assertEquals(units.get("KOMMUN").longValue(), pool.getJsonNumber("ownerUnitId").longValue(), pool.toString());
        assertEquals(10 + 5 + 1, pool.getJsonNumber("capacity").longValue(), pool.toString());
        Api.Reply r = PROC.upload(INVOICES, "dustin-inv-2005.xml", resource("dustin-inv-2005.xml"));
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.json().getInt("entitlements"), r.toString());
        JsonObject line = lines(PROC).get("2005/1");
        assertEquals("OK", line.getString("verdict"), line.toString());
        assertTrue(line.containsKey("entitlementId"), line.toString());
        // the kommun's pool of the product now also holds the 7 seats of 2005 (2026-07-01 is inside its period)
        assertEquals(16 + 7, PROC.get("/api/v1/pools/" + visioPool).json().getJsonNumber("capacity").longValue());
        // importing the invoice again, or re-matching, creates nothing more
        Api.Reply again = PROC.upload(INVOICES, "dustin-inv-2005.xml", resource("dustin-inv-2005.xml"));
        assertEquals(0, again.json().getInt("entitlements"), again.toString());
        assertEquals(200, PROC.post("/api/v1/purchases/rematch", "application/json", new byte[0]).status());
        assertEquals(23, PROC.get("/api/v1/pools/" + visioPool).json().getJsonNumber("capacity").longValue());
    }

    @Test
    @Order(12)
    void theDailyJobListsNoticeDatesAndEndingSubscriptionsWithinSixMonths() throws InterruptedException {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        Api.Reply created = PROC.postJson("/api/v1/agreements", "{\"reference\":\"RA-ALERT-1\",\"supplierId\":" + atea
                + ",\"kind\":\"DIRECT\",\"title\":\"Supportavtal\",\"validFrom\":\"2024-01-01\","
                + "\"validTo\":\"2027-03-31\",\"noticeMonths\":6,\"ownerUnitId\":" + units.get("KS") + "}");
        assertEquals(200, created.status(), created.toString());
        assertEquals("2026-09-30", created.json().getString("noticeDate"));
        assertEquals(202, admin.post("/api/v1/jobs/agreement-alerts/run", "application/json", new byte[0]).status());
        List<String> alerts = List.of();
        for (int i = 0; i < 60 && alerts.isEmpty(); i++) {
            Thread.sleep(500);
            Api.Reply r = PROC.get("/api/v1/agreements/alerts");
            assertEquals(200, r.status(), r.toString());
            alerts = r.array().getValuesAs(JsonObject.class).stream()
                    .map(a -> a.getString("kind") + " " + a.getString("dueDate") + " " + a.getString("title")).sorted()
                    .toList();
        }
        // horizon 2026-07-01 .. 2027-01-01: RA-ATEA-2025's notice date 2026-06-30 has passed, RA-ATEA-2022 ended
        assertEquals(List.of("NOTICE_DATE 2026-09-30 Avtal RA-ALERT-1: Supportavtal",
                "NOTICE_DATE 2026-09-30 Avtal RA-DUSTIN-2025: Visio-licenser",
                "SUBSCRIPTION_ENDING 2026-12-31 Produkt VISIO-P2-LIC (7 st, prenumeration)"), alerts);
        // the same alerts in English for Accept-Language en, from the same stored key and parameters
        Api.Reply en = Api.as("procurement").inEnglish().get("/api/v1/agreements/alerts");
        assertEquals(200, en.status(), en.toString());
        assertEquals(List.of("NOTICE_DATE 2026-09-30 Agreement RA-ALERT-1: Supportavtal",
                "NOTICE_DATE 2026-09-30 Agreement RA-DUSTIN-2025: Visio-licenser",
                "SUBSCRIPTION_ENDING 2026-12-31 Produkt VISIO-P2-LIC (7 seats, subscription)"),
                en.array().getValuesAs(JsonObject.class).stream().map(a -> a.getString("kind") + " "
                        + a.getString("dueDate") + " " + a.getString("title")).sorted().toList());
        JsonObject enSub = en.array().getValuesAs(JsonObject.class).stream()
                .filter(a -> "SUBSCRIPTION_ENDING".equals(a.getString("kind"))).findFirst().orElseThrow();
        assertEquals("agreements.alert.subscription-ending", enSub.getString("titleKey"), enSub.toString());
        assertEquals(List.of("Produkt VISIO-P2-LIC", "7"), enSub.getJsonArray("titleArgs")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        JsonObject svSub = PROC.get("/api/v1/agreements/alerts", "Accept-Language", "sv").array()
                .getValuesAs(JsonObject.class).stream().filter(a -> "SUBSCRIPTION_ENDING".equals(a.getString("kind")))
                .findFirst().orElseThrow();
        assertEquals("Produkt VISIO-P2-LIC (7 st, prenumeration)", svSub.getString("title"), svSub.toString());
        assertEquals(enSub.getJsonArray("titleArgs"), svSub.getJsonArray("titleArgs"));
        assertEquals(403, Api.as("viewer").get("/api/v1/agreements/alerts").status());
        assertEquals(200, admin.delete("/api/v1/test/clock").status());
    }

    @Test
    @Order(13)
    void aLedgerCsvOfPurchaseLinesIsMatchedLikeInvoices() {
        setUp();
        String header = "supplier;supplier_name;invoice_number;invoice_date;buyer_reference;contract_reference;"
                + "line_id;item_name;seller_item_id;quantity;unit_price;line_amount;currency;vat_percent\n";
        String file = header + "556448-0282;Atea Sverige AB;L-9001;2025-05-05;SOD-IT;RA-ATEA-2025;1;"
                + "Adobe Creative Cloud;ADOBE-CC;1;900,00;900,00;SEK;25\n";
        Api.Reply r = PROC.post("/api/v1/purchases/ledger?fileName=reskontra.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.json().getInt("created"), r.toString());
        JsonObject line = lines(PROC).get("L-9001/1");
        assertEquals("WRONG_PRICE", line.getString("verdict"), line.toString());
        assertEquals(10000, stake(line));
        Api.Reply again = PROC.post("/api/v1/purchases/ledger?fileName=reskontra.csv", "text/csv",
                file.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, again.json().getInt("created"), again.toString());
        Api.Reply bad = PROC.post("/api/v1/purchases/ledger?fileName=fel.csv", "text/csv", (header
                + "Atea;;L-9002;2025-05-05;SOD-IT;;1;X;X;1;1,00;1,00;SEK;25\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(422, bad.status(), bad.toString());
        JsonObject e = bad.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("bad-supplier-id", e.getString("reason"), bad.toString());
        assertEquals(2, e.getInt("line"));
    }

    @Test
    @Order(14)
    void aForeignSupplierTierBoundaryPriceHistoryAndNotYetValid() {
        setUp();
        // the Irish supplier is registered in test 8 (by its VAT number); make sure it exists whatever the order
        PROC.postJson("/api/v1/suppliers", "{\"name\":\"Adobe Systems Software Ireland Ltd\",\"vatNumber\":\"IE6364992H\"}");
        Api.Reply a = csv("/api/v1/agreements/imports/agreements", "adobe.csv", """
                reference;supplier;kind;parent_reference;title;valid_from;valid_to;owner_unit
                RA-ADOBE-2026;IE6364992H;DIRECT;;Acrobat;2026-01-01;2027-12-31;KS
                AV-ATEA-1;Atea;CALL_OFF;RA-ATEA-2025;Avrop skrivbord;2025-03-01;2025-12-31;KS
                """);
        assertEquals(200, a.status(), a.toString());
        Api.Reply p = csv("/api/v1/agreements/imports/price-list", "adobe-pris.csv", """
                agreement_reference;sku;product_name;unit_price;min_quantity;valid_from;valid_to
                RA-ADOBE-2026;ACROBAT-PRO;Acrobat Pro;2000,00;1;2026-01-01;2026-06-30
                RA-ADOBE-2026;ACROBAT-PRO;Acrobat Pro;1800,00;10;2026-01-01;2026-06-30
                RA-ADOBE-2026;ACROBAT-PRO;Acrobat Pro;1900,00;1;2026-07-01;
                """);
        assertEquals(200, p.status(), p.toString());
        String header = "supplier;invoice_number;invoice_date;buyer_reference;line_id;item_name;seller_item_id;"
                + "quantity;unit_price;line_amount\n";
        Api.Reply l = PROC.post("/api/v1/purchases/ledger?fileName=adobe.csv", "text/csv", (header
                + "IE6364992H;A-1;2025-12-15;SOD-IT;1;Acrobat Pro;ACROBAT-PRO;1;2000,00;2000,00\n"
                + "IE6364992H;A-2;2026-03-01;SOD-IT;1;Acrobat Pro;ACROBAT-PRO;4;1800,00;7200,00\n"
                + "IE6364992H;A-3;2026-04-01;SOD-IT;1;Acrobat Pro;ACROBAT-PRO;5;1800,00;9000,00\n"
                + "IE6364992H;A-4;2026-08-01;SOD-IT;1;Acrobat Pro;ACROBAT-PRO;1;1900,00;1900,00\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, l.status(), l.toString());
        Map<String, JsonObject> lines = lines(PROC);
        JsonObject early = lines.get("A-1/1");
        assertEquals("AGREEMENT_NOT_VALID", early.getString("verdict"), early.toString());
        assertTrue(early.getString("explanation").contains("inte börjat gälla"), early.toString());
        // 4 + 5 + 1 = 10 reaches the band from 10 exactly: 1 800 kr until 2026-06-30
        for (String key : List.of("A-2/1", "A-3/1")) {
            JsonObject x = lines.get(key);
            assertEquals("OK", x.getString("verdict"), x.toString());
            assertEquals(10, x.getJsonNumber("tierMinQuantity").longValue(), x.toString());
            assertEquals(10, x.getJsonNumber("cityQuantity").intValue(), x.toString());
        }
        // from 2026-07-01 one price for all quantities
        JsonObject late = lines.get("A-4/1");
        assertEquals("OK", late.getString("verdict"), late.toString());
        assertEquals(190000, late.getJsonNumber("expectedPriceOre").longValue());
        // the call-off knows its framework
        long ra = PROC.get("/api/v1/agreements").array().getValuesAs(JsonObject.class).stream()
                .filter(x -> x.getString("reference").equals("RA-ATEA-2025")).findFirst().orElseThrow()
                .getJsonNumber("id").longValue();
        JsonObject callOff = PROC.get("/api/v1/agreements").array().getValuesAs(JsonObject.class).stream()
                .filter(x -> x.getString("reference").equals("AV-ATEA-1")).findFirst().orElseThrow();
        assertEquals(ra, callOff.getJsonNumber("parentId").longValue(), callOff.toString());
        assertEquals("CALL_OFF", callOff.getString("kind"));
    }

    @Test
    @Order(15)
    void aliasesAndPriceChangesAreAudited() {
        setUp();
        Api.Reply alias = PROC.postJson("/api/v1/suppliers/" + atea + "/aliases", "{\"alias\":\"ATEA SVERIGE\"}");
        assertEquals(200, alias.status(), alias.toString());
        assertTrue(alias.json().getJsonArray("aliases").toString().contains("ATEA SVERIGE"), alias.toString());
        Api.Reply taken = PROC.postJson("/api/v1/suppliers/" + atea + "/aliases", "{\"alias\":\"dustin sverige ab\"}");
        assertEquals(409, taken.status(), taken.toString());
        Api.Reply updates = Api.as("auditor").get("/api/v1/audit?entityType=PriceRow&action=UPDATE");
        assertEquals(200, updates.status(), updates.toString());
        JsonObject change = updates.array().getJsonObject(0);
        assertEquals("procurement", change.getString("actor"), change.toString());
        assertTrue(change.toString().contains("35000") && change.toString().contains("40000"), change.toString());
    }

    /**
     * Finance turns the period's licence invoice lines into cost pools (docs/chargeback-api.md): invoice 2005
     * (2026-05-20, 7 × Visio at 100 kr = 700 kr ex VAT, an entitlement since test 11) becomes one seat-day pool of
     * 70 000 öre for that product; running it again adds nothing; procurement may not do it.
     */
    @Test
    @Order(16)
    void financeMakesCostPoolsFromTheLicenceInvoiceLines() {
        setUp();
        Api finance = Api.as("finance");
        String body = "{\"period\":\"2026-05\"}";
        Api.Reply r = finance.postJson("/api/v1/chargeback/pools/from-purchases", body);
        assertEquals(200, r.status(), r.toString());
        assertEquals("LICENS-PLATSDAGAR", r.json().getString("costType"), r.toString());
        JsonObject pool = r.json().getJsonArray("created").getValuesAs(JsonObject.class).stream()
                .filter(p -> p.getString("sourceReference").startsWith("Faktura 2005 ")).findFirst().orElseThrow();
        assertEquals(70_000, pool.getJsonNumber("amountOre").longValue(), pool.toString());
        assertEquals("Faktura 2005 Dustin Sverige AB / Produkt VISIO-P2-LIC", pool.getString("sourceReference"));
        long product = pool.getJsonNumber("productId").longValue();
        assertTrue(Api.as("admin").get("/api/v1/products/" + product).body().contains("VISIO-P2-LIC"));
        // the pool is in the period's list, and the audit trail has its creation
        assertTrue(finance.get("/api/v1/chargeback/pools?period=2026-05").body().contains("Faktura 2005 "));
        assertTrue(Api.as("auditor").get("/api/v1/audit?entityType=ChargebackCostPool").body()
                .contains("Faktura 2005 "));
        Api.Reply again = finance.postJson("/api/v1/chargeback/pools/from-purchases", body);
        assertEquals(200, again.status(), again.toString());
        assertTrue(again.json().getJsonArray("created").getValuesAs(JsonObject.class).stream()
                .noneMatch(p -> p.getString("sourceReference").startsWith("Faktura 2005 ")), again.toString());
        assertTrue(again.json().getInt("alreadyPresent") >= 1, again.toString());
        assertEquals(403, PROC.postJson("/api/v1/chargeback/pools/from-purchases", body).status());
        assertEquals(400, finance.postJson("/api/v1/chargeback/pools/from-purchases", "{\"period\":\"2026-13\"}")
                .status());
    }

    /** A Peppol BIS 3 credit note from Dustin crediting {@code quantity} Visio seats of invoice {@code invoice}. */
    static byte[] creditNote(String number, String invoice, int quantity) {
        String amount = quantity * 100 + ".00";
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
                    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
                  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
                  <cbc:ID>%s</cbc:ID>
                  <cbc:IssueDate>2026-06-15</cbc:IssueDate>
                  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
                  <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>
                  <cbc:BuyerReference>SOD-IT</cbc:BuyerReference>
                  <cac:BillingReference>
                    <cac:InvoiceDocumentReference><cbc:ID>%s</cbc:ID></cac:InvoiceDocumentReference>
                  </cac:BillingReference>
                  <cac:AccountingSupplierParty><cac:Party>
                    <cbc:EndpointID schemeID="0007">5562374594</cbc:EndpointID>
                    <cac:PartyLegalEntity>
                      <cbc:RegistrationName>Dustin Sverige AB</cbc:RegistrationName>
                      <cbc:CompanyID schemeID="0007">5562374594</cbc:CompanyID>
                    </cac:PartyLegalEntity>
                  </cac:Party></cac:AccountingSupplierParty>
                  <cac:LegalMonetaryTotal>
                    <cbc:LineExtensionAmount currencyID="SEK">%s</cbc:LineExtensionAmount>
                    <cbc:PayableAmount currencyID="SEK">%s</cbc:PayableAmount>
                  </cac:LegalMonetaryTotal>
                  <cac:CreditNoteLine>
                    <cbc:ID>1</cbc:ID>
                    <cbc:CreditedQuantity unitCode="EA">%d</cbc:CreditedQuantity>
                    <cbc:LineExtensionAmount currencyID="SEK">%s</cbc:LineExtensionAmount>
                    <cac:InvoicePeriod><cbc:StartDate>2026-06-01</cbc:StartDate><cbc:EndDate>2026-12-31</cbc:EndDate></cac:InvoicePeriod>
                    <cac:Item>
                      <cbc:Name>Microsoft Visio Plan 2</cbc:Name>
                      <cac:SellersItemIdentification><cbc:ID>VISIO-P2</cbc:ID></cac:SellersItemIdentification>
                      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>
                        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
                    </cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="SEK">100.00</cbc:PriceAmount></cac:Price>
                  </cac:CreditNoteLine>
                </CreditNote>
                """.formatted(number, invoice, amount, amount, quantity, amount)).strip()
                .getBytes(StandardCharsets.UTF_8);
    }

    static long capacity(long pool) {
        return PROC.get("/api/v1/pools/" + pool).json().getJsonNumber("capacity").longValue();
    }

    /** The licence position's entitled seats of the pool on the day. */
    static long entitled(long pool, String asOf) {
        Api.Reply r = PROC.get("/api/v1/licence-position?asOf=" + asOf);
        assertEquals(200, r.status(), r.toString());
        return r.array().getValuesAs(JsonObject.class).stream()
                .filter(p -> p.getJsonNumber("poolId").longValue() == pool).findFirst().orElseThrow()
                .getJsonNumber("entitled").longValue();
    }

    /**
     * A credit note for invoice 2005 (7 Visio seats, test 11) takes 3 seats back from the entitlement that invoice
     * created: the kommun's pool goes from 23 to 20 seats (also in the licence position on 2026-07-01), the credit
     * line names the entitlement, and the change is audited. Importing it again changes nothing. A second credit
     * note for 5 seats finds only 4 left: it takes those 4 (a full credit: the entitlement keeps 0 seats) and the
     * pool has 16.
     */
    @Test
    @Order(17)
    void aCreditNoteTakesSeatsBackFromTheEntitlementOfTheInvoiceItCredits() {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        try {
            assertEquals(23, capacity(visioPool));
            long entitlement = lines(PROC).get("2005/1").getJsonNumber("entitlementId").longValue();
            Api.Reply r = PROC.post(INVOICES + "?fileName=k-9005.xml", "application/xml", creditNote("K-9005", "2005", 3));
            assertEquals(200, r.status(), r.toString());
            assertEquals(1, r.json().getInt("created"), r.toString());
            assertEquals(1, r.json().getInt("credits"), r.toString());
            JsonObject credit = lines(PROC).get("K-9005/1");
            assertEquals("CREDIT_NOTE", credit.getString("documentType"), credit.toString());
            assertEquals(-3, credit.getJsonNumber("quantity").intValue(), credit.toString());
            assertEquals(entitlement, credit.getJsonNumber("creditedEntitlementId").longValue(), credit.toString());
            assertEquals(3, credit.getJsonNumber("creditedSeats").longValue(), credit.toString());
            assertFalse(credit.containsKey("entitlementId"), "a credit line creates no entitlement");
            assertEquals(20, capacity(visioPool));
            assertEquals(20, entitled(visioPool, "2026-07-01"));
            Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=Entitlement&action=UPDATE");
            assertEquals(200, audit.status(), audit.toString());
            assertTrue(audit.body().contains("Kredit K-9005 rad 1 av faktura 2005"), audit.body());
            assertTrue(Api.as("auditor").get("/api/v1/audit?entityType=PurchaseLine").body()
                    .contains("creditedSeats"));
            // again: a no-op
            Api.Reply again = PROC.post(INVOICES + "?fileName=k-9005.xml", "application/xml",
                    creditNote("K-9005", "2005", 3));
            assertEquals(200, again.status(), again.toString());
            assertEquals(0, again.json().getInt("credits"), again.toString());
            assertEquals(20, capacity(visioPool));
            // 5 more credited, 4 left: all 4 go, none below 0
            Api.Reply full = PROC.post(INVOICES + "?fileName=k-9006.xml", "application/xml",
                    creditNote("K-9006", "2005", 5));
            assertEquals(200, full.status(), full.toString());
            assertEquals(1, full.json().getInt("credits"), full.toString());
            JsonObject rest = lines(PROC).get("K-9006/1");
            assertEquals(4, rest.getJsonNumber("creditedSeats").longValue(), rest.toString());
            assertEquals(16, capacity(visioPool));
            assertEquals(16, entitled(visioPool, "2026-07-01"));
            assertEquals(200, PROC.post("/api/v1/purchases/rematch", "application/json", new byte[0]).status());
            assertEquals(16, capacity(visioPool), "a re-match applies no credit twice");
        } finally {
            assertEquals(200, admin.delete("/api/v1/test/clock").status());
        }
    }

    /**
     * Negative ledger lines are credits too: L-K1 names invoice 2001 (5 Visio seats) and takes 1 back; L-K2 names
     * no invoice and is matched to Dustin's latest Visio invoice for the same buyer on or before its date, 2002
     * (2025-05-02, 1 seat), which it credits in full. The pool: 10 (1001/2) + 4 (2001) + 0 (2002) + 0 (2005) = 14.
     */
    @Test
    @Order(18)
    void negativeLedgerLinesCreditTheNamedOrTheLatestMatchingInvoice() {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        try {
            assertEquals(16, capacity(visioPool));
            Map<String, JsonObject> before = lines(PROC);
            long e2001 = before.get("2001/1").getJsonNumber("entitlementId").longValue();
            long e2002 = before.get("2002/1").getJsonNumber("entitlementId").longValue();
            String file = "supplier;invoice_number;invoice_date;buyer_reference;line_id;item_name;seller_item_id;"
                    + "quantity;unit_price;line_amount;credited_invoice\n"
                    + "556237-4594;L-K1;2025-06-01;SOD-IT;1;Visio Plan 2;VISIO-P2;-1;100,00;-100,00;2001\n"
                    + "556237-4594;L-K2;2025-06-01;SOD-IT;1;Visio Plan 2;VISIO-P2;-1;100,00;-100,00;\n";
            Api.Reply r = PROC.post("/api/v1/purchases/ledger?fileName=kredit.csv", "text/csv",
                    file.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status(), r.toString());
            assertEquals(2, r.json().getInt("credits"), r.toString());
            Map<String, JsonObject> after = lines(PROC);
            assertEquals(e2001, after.get("L-K1/1").getJsonNumber("creditedEntitlementId").longValue());
            assertEquals(1, after.get("L-K1/1").getJsonNumber("creditedSeats").longValue());
            assertEquals(e2002, after.get("L-K2/1").getJsonNumber("creditedEntitlementId").longValue());
            assertEquals(1, after.get("L-K2/1").getJsonNumber("creditedSeats").longValue());
            assertEquals(14, capacity(visioPool));
            assertEquals(14, entitled(visioPool, "2026-07-01"));
        } finally {
            assertEquals(200, admin.delete("/api/v1/test/clock").status());
        }
    }

    /**
     * A line whose item no product alias names (Atea's article "AC-77") stays without an entitlement until a
     * product mapping makes its SKU "CAD-SUITE", an alias of a catalogue product: then it becomes one entitlement
     * of 2 seats for the kommun (once: a re-match adds nothing), audited.
     */
    @Test
    @Order(19)
    void aLineBecomesAnEntitlementWhenAProductMappingNamesItsProduct() {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        try {
            long product = Licensing.product("CAD-SUITE-LIC", "NAMED_USER", "CAD-SUITE");
            String file = "supplier;invoice_number;invoice_date;buyer_reference;line_id;item_name;seller_item_id;"
                    + "quantity;unit_price;line_amount\n"
                    + "556448-0282;L-9100;2026-02-01;SOD-IT;1;AutoCAD svit årslicens;AC-77;2;1200,00;2400,00\n";
            Api.Reply r = PROC.post("/api/v1/purchases/ledger?fileName=cad.csv", "text/csv",
                    file.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, r.json().getInt("entitlements"), r.toString());
            JsonObject line = lines(PROC).get("L-9100/1");
            assertEquals("UNKNOWN_PRODUCT", line.getString("verdict"), line.toString());
            assertFalse(line.containsKey("entitlementId"), line.toString());
            Api.Reply m = PROC.putJson("/api/v1/purchases/product-mappings", "{\"supplierId\":" + atea
                    + ",\"itemKey\":\"AC-77\",\"sku\":\"CAD-SUITE\"}");
            assertEquals(200, m.status(), m.toString());
            JsonObject mapped = lines(PROC).get("L-9100/1");
            assertTrue(mapped.containsKey("entitlementId"), mapped.toString());
            JsonObject pool = PROC.get("/api/v1/pools").array().getValuesAs(JsonObject.class).stream()
                    .filter(p -> p.getJsonNumber("productId").longValue() == product).findFirst().orElseThrow();
            assertEquals(units.get("KOMMUN").longValue(), pool.getJsonNumber("ownerUnitId").longValue());
            assertEquals(2, pool.getJsonNumber("capacity").longValue(), pool.toString());
            assertEquals(200, PROC.post("/api/v1/purchases/rematch", "application/json", new byte[0]).status());
            assertEquals(2, capacity(pool.getJsonNumber("id").longValue()));
            assertEquals(mapped.getJsonNumber("entitlementId").longValue(), lines(PROC).get("L-9100/1")
                    .getJsonNumber("entitlementId").longValue());
            assertTrue(Api.as("auditor").get("/api/v1/audit?entityType=PurchaseLine&entityId="
                    + mapped.getJsonNumber("id").longValue()).body().contains("entitlementId"));
        } finally {
            assertEquals(200, admin.delete("/api/v1/test/clock").status());
        }
    }

    /**
     * The explanation is worded in the caller's language: English for Accept-Language en, Swedish for sv (and by
     * default, ExplanationTest); the text key and parameters are the same in both.
     */
    @Test
    @Order(20)
    void explanationsFollowAcceptLanguage() {
        setUp();
        Api english = Api.as("procurement").inEnglish();
        Api.Reply en = english.get("/api/v1/purchases/lines?limit=500");
        assertEquals(200, en.status(), en.toString());
        // SISAB's E3 line since the price-list change of test 10: 50 × (350 - 400) kr undercharged
        JsonObject wrong = en.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(o -> "1002".equals(o.getString("invoiceNumber")) && "1".equals(o.getString("lineId")))
                .findFirst().orElseThrow();
        assertEquals("agreements.explain.wrong-price.under", wrong.getString("explanationKey"), wrong.toString());
        String text = wrong.getString("explanation");
        assertTrue(text.startsWith("Agreement RA-ATEA-2025: agreed price SEK 400.00 (price row "), text);
        assertTrue(text.endsWith("invoiced SEK 350.00; undercharge SEK 2500.00."), text);
        assertTrue(text.contains("volume band from 100; city quantity "), text);
        long id = wrong.getJsonNumber("id").longValue();
        String sv = PROC.get("/api/v1/purchases/lines/" + id).json().getString("explanation");
        assertTrue(sv.startsWith("Avtal RA-ATEA-2025: avtalat pris 400.00 kr (prisrad "), sv);
        assertTrue(sv.endsWith("fakturerat 350.00 kr; underdebitering 2500.00 kr."), sv);
        assertEquals(text, english.get("/api/v1/purchases/lines/" + id).json().getString("explanation"));
        assertEquals(wrong.getJsonArray("explanationArgs"), PROC.get("/api/v1/purchases/lines/" + id).json()
                .getJsonArray("explanationArgs"));
    }

    /**
     * The maintenance of a perpetual licence ending within the horizon is an alert too (its right to use stays
     * open, so the entitlement's own end cannot say it): maintenance until 2026-10-31 of 4 perpetual seats.
     */
    @Test
    @Order(21)
    void endingMaintenanceOfAPerpetualLicenceIsAnAlert() throws InterruptedException {
        setUp();
        Api admin = Api.as("admin");
        assertEquals(200, admin.putJson("/api/v1/test/clock", "{\"instant\":\"2026-07-01T10:00:00Z\"}").status());
        try {
            Api.Reply product = admin.postJson("/api/v1/products", "{\"publisher\":\"Autodesk\",\"name\":"
                    + "\"AutoCAD LT evig\",\"sku\":\"ACAD-LT-PERP\",\"metric\":\"NAMED_USER\","
                    + "\"term\":\"PERPETUAL\",\"aliases\":[]}");
            assertEquals(201, product.status(), product.toString());
            Api.Reply e = admin.postJson("/api/v1/entitlements", "{\"productId\":"
                    + product.json().getJsonNumber("id").longValue() + ",\"ownerUnitId\":" + units.get("KOMMUN")
                    + ",\"quantity\":4,\"unitPriceOre\":500000,\"validFrom\":\"2024-01-01\"}");
            assertEquals(201, e.status(), e.toString());
            long entitlement = e.json().getJsonNumber("id").longValue();
            Api.Reply m = admin.putJson("/api/v1/maintenance/" + entitlement, "{\"maintenanceFrom\":\"2025-11-01\","
                    + "\"maintenanceTo\":\"2026-10-31\"}");
            assertEquals(200, m.status(), m.toString());
            assertEquals(202, admin.post("/api/v1/jobs/agreement-alerts/run", "application/json", new byte[0]).status());
            String wanted = "SUBSCRIPTION_ENDING 2026-10-31 AutoCAD LT evig (4 st, underhåll) " + entitlement;
            List<String> alerts = List.of();
            for (int i = 0; i < 60 && !alerts.contains(wanted); i++) {
                Thread.sleep(500);
                alerts = PROC.get("/api/v1/agreements/alerts").array().getValuesAs(JsonObject.class).stream()
                        .map(a -> a.getString("kind") + " " + a.getString("dueDate") + " " + a.getString("title")
                                + " " + (a.containsKey("entitlementId") && !a.isNull("entitlementId")
                                ? a.getJsonNumber("entitlementId").longValue() : "")).toList();
            }
            assertTrue(alerts.contains(wanted), alerts.toString());
            assertTrue(Api.as("procurement").inEnglish().get("/api/v1/agreements/alerts").array().getValuesAs(JsonObject.class)
                    .stream().anyMatch(a -> "AutoCAD LT evig (4 seats, maintenance)".equals(a.getString("title"))
                            && "agreements.alert.maintenance-ending".equals(a.getString("titleKey"))));
        } finally {
            assertEquals(200, admin.delete("/api/v1/test/clock").status());
        }
    }

    /**
     * A Peppol invoice's {@code cbc:AccountingCost} is the account the line was booked on: dustin-inv-2010 carries
     * 6540:100 in its header (BT-19) and 4010:100:300 on line 1 (BT-133). Line 1 gets its own (the line wins),
     * line 2 the header's. Dustin is an IT supplier (its Visio lines have no account), so line 1 on the non-IT
     * account 4010 is booked elsewhere (review reason ACCOUNT); line 2 on the IT account 6540 is not.
     */
    @Test
    @Order(22)
    void peppolAccountingCostIsTheLinesAccount() {
        setUp();
        Api.Reply r = PROC.upload(INVOICES, "dustin-inv-2010-kontering.xml", resource("dustin-inv-2010-kontering.xml"));
        assertEquals(200, r.status(), r.toString());
        Map<String, JsonObject> all = lines(PROC);
        assertEquals("4010:100:300", all.get("2010/1").getString("account"), all.get("2010/1").toString());
        assertEquals("6540:100", all.get("2010/2").getString("account"), all.get("2010/2").toString());
        assertFalse(all.get("2002/1").containsKey("account"), "a Peppol line without AccountingCost has none");
        Api.Reply elsewhere = PROC.get("/api/v1/suppliers/consolidation/booked-elsewhere");
        assertEquals(200, elsewhere.status(), elsewhere.toString());
        List<String> booked = elsewhere.array().getValuesAs(JsonObject.class).stream()
                .filter(o -> "2010".equals(o.getString("invoiceNumber")))
                .map(o -> o.getString("itemName") + " " + o.getString("account") + " " + o.getString("reviewReason"))
                .toList();
        assertEquals(List.of("Kontorsstol Ergo 4010:100:300 ACCOUNT"), booked);
    }

    /**
     * Credits count in the cost pools from purchases, net: the two credit notes of June 2026 for invoice 2005 (test
     * 17: K-9005 for 3 × 100 kr, K-9006 for 5 × 100 kr, of which only 4 seats were left to take back; the money
     * credited is the note's) become two pools of −30 000 and −50 000 öre of Visio's product (the product of
     * invoice 2005's pool, test 16), named after the credit note; running it again adds nothing.
     */
    @Test
    @Order(23)
    void creditNotesBecomeNegativeCostPoolsFromPurchases() {
        setUp();
        Api finance = Api.as("finance");
        long product = finance.get("/api/v1/chargeback/pools?period=2026-05").array().getValuesAs(JsonObject.class)
                .stream().filter(p -> p.getString("sourceReference").startsWith("Faktura 2005 ")).findFirst()
                .orElseThrow().getJsonNumber("productId").longValue();
        Api.Reply r = finance.postJson("/api/v1/chargeback/pools/from-purchases", "{\"period\":\"2026-06\"}");
        assertEquals(200, r.status(), r.toString());
        Map<String, JsonObject> credits = new java.util.HashMap<>();
        for (JsonObject p : r.json().getJsonArray("created").getValuesAs(JsonObject.class)) {
            if (p.getString("sourceReference").startsWith("Kredit ")) {
                credits.put(p.getString("sourceReference"), p);
            }
        }
        assertEquals(java.util.Set.of("Kredit K-9005 Dustin Sverige AB / Produkt VISIO-P2-LIC",
                "Kredit K-9006 Dustin Sverige AB / Produkt VISIO-P2-LIC"), credits.keySet(), r.toString());
        JsonObject k5 = credits.get("Kredit K-9005 Dustin Sverige AB / Produkt VISIO-P2-LIC");
        JsonObject k6 = credits.get("Kredit K-9006 Dustin Sverige AB / Produkt VISIO-P2-LIC");
        assertEquals(-30_000, k5.getJsonNumber("amountOre").longValue(), k5.toString());
        assertEquals(-50_000, k6.getJsonNumber("amountOre").longValue(), k6.toString());
        assertEquals(product, k5.getJsonNumber("productId").longValue());
        assertEquals(product, k6.getJsonNumber("productId").longValue());
        assertEquals("LICENS-PLATSDAGAR", k5.getString("costType"));
        Api.Reply again = finance.postJson("/api/v1/chargeback/pools/from-purchases", "{\"period\":\"2026-06\"}");
        assertEquals(200, again.status(), again.toString());
        assertTrue(again.json().getJsonArray("created").getValuesAs(JsonObject.class).stream()
                .noneMatch(p -> p.getString("sourceReference").startsWith("Kredit ")), again.toString());
        assertTrue(again.json().getInt("alreadyPresent") >= 2, again.toString());
    }
}
