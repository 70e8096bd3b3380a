package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nyckeln.it.Licensing.ADMIN;

/**
 * The licensing API end to end: SKU aliases, entitlements filling a pool, allocation and reallocation (audited),
 * who may write, what a unit viewer sees of a pool, and seats assigned to people and devices.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LicensingIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void aSkuAndItsAliasesResolveToOneProductWhateverTheirCase() {
        String s = Fixtures.suffix();
        long id = Licensing.product("SPE_E3-" + s, "NAMED_USER", "Microsoft 365 E3 " + s);
        assertEquals(id, resolve("spe_e3-" + s.toLowerCase(Locale.ROOT)));
        assertEquals(id, resolve("MICROSOFT 365 E3 " + s));

        Api.Reply added = ADMIN.postJson("/api/v1/products/" + id + "/aliases", "{\"alias\":\"M365 E3 " + s + "\"}");
        assertEquals(200, added.status(), added.toString());
        assertEquals(id, resolve("m365 e3 " + s));
        assertEquals(0, ADMIN.get("/api/v1/products?alias=unknown-" + s).array().size());

        Api.Reply clash = ADMIN.postJson("/api/v1/products", "{\"publisher\":\"Microsoft\",\"name\":\"Kopia\","
                + "\"sku\":\"Spe_E3-" + s + "\",\"metric\":\"NAMED_USER\",\"term\":\"SUBSCRIPTION\"}");
        assertEquals(409, clash.status(), clash.toString());
        assertEquals("product-alias-taken", clash.json().getString("code"));
        Api.Reply other = ADMIN.postJson("/api/v1/products/" + Licensing.product("OTHER-" + s, "DEVICE") + "/aliases",
                "{\"alias\":\"microsoft 365 e3 " + s + "\"}");
        assertEquals(409, other.status(), other.toString());

        Api.Reply metric = ADMIN.postJson("/api/v1/products", "{\"publisher\":\"X\",\"name\":\"Y\",\"sku\":\"Z-" + s
                + "\",\"metric\":\"PER_SEAT\",\"term\":\"SUBSCRIPTION\"}");
        assertEquals(422, metric.status(), metric.toString());
        assertEquals("licence-metric-unknown", metric.json().getString("code"));
    }

    @Test
    void theCapacityIsTheSumOfTheValidEntitlementsAndASiteLicenceIsUnlimited() {
        Map<String, Long> units = Licensing.unitIds();
        long kommun = units.get("KOMMUN");
        long product = Licensing.product("CAP-" + Fixtures.suffix(), "DEVICE");
        long pool = Licensing.entitle(product, kommun, 10, null);
        assertEquals(pool, Licensing.entitle(product, kommun, 5, "2020-12-31"), "one pool per product and owner");
        assertEquals(pool, Licensing.entitle(product, kommun, 7, null));
        JsonObject p = Licensing.pool(ADMIN, pool);
        assertEquals(17, p.getJsonNumber("capacity").longValue(), "the expired 5 do not count: " + p);
        assertEquals(17, p.getJsonNumber("free").longValue());

        long site = Licensing.product("SITE-" + Fixtures.suffix(), "SITE");
        long sitePool = Licensing.entitle(site, kommun, 1, null);
        assertEquals(200, Licensing.allocate(ADMIN, sitePool, units.get("FN-UTB"), 250_000).status());
        JsonObject sp = Licensing.pool(ADMIN, sitePool);
        assertTrue(sp.getBoolean("unlimited"), sp.toString());
        assertFalse(sp.containsKey("capacity") && !sp.isNull("capacity"), sp.toString());
        assertFalse(p.getBoolean("unlimited"));
        assertEquals(250_000, sp.getJsonNumber("allocated").longValue());

        Api.Reply owner = ADMIN.postJson("/api/v1/pools", "{\"productId\":" + product + ",\"ownerUnitId\":"
                + units.get("SDN-BROMMA") + "}");
        assertEquals(422, owner.status(), owner.toString());
        assertEquals("pool-owner-not-legal-entity", owner.json().getString("code"));
        Api.Reply twice = ADMIN.postJson("/api/v1/pools", "{\"productId\":" + product + ",\"ownerUnitId\":" + kommun + "}");
        assertEquals(409, twice.status(), twice.toString());
    }

    @Test
    void anEntitlementChangeThatWouldLeaveFewerSeatsThanAllocatedIsRefused() {
        Map<String, Long> units = Licensing.unitIds();
        long product = Licensing.product("CUT-" + Fixtures.suffix(), "NAMED_USER");
        Api.Reply bought = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":"
                + units.get("KOMMUN") + ",\"quantity\":10,\"unitPriceOre\":9900,\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, bought.status(), bought.toString());
        long entitlement = bought.json().getJsonNumber("id").longValue();
        long pool = bought.json().getJsonNumber("poolId").longValue();
        assertEquals(200, Licensing.allocate(ADMIN, pool, units.get("KS"), 8).status());

        Api.Reply cut = ADMIN.putJson("/api/v1/entitlements/" + entitlement, "{\"quantity\":5}");
        assertEquals(409, cut.status(), cut.toString());
        assertEquals("capacity-below-allocated", cut.json().getString("code"));
        Api.Reply ended = ADMIN.putJson("/api/v1/entitlements/" + entitlement, "{\"quantity\":10,\"validTo\":\"2021-12-31\"}");
        assertEquals(409, ended.status(), "ending it would leave 0 seats for 8 allocated: " + ended);
        assertEquals(10, Licensing.pool(ADMIN, pool).getJsonNumber("capacity").longValue(), "nothing changed");

        Api.Reply grown = ADMIN.putJson("/api/v1/entitlements/" + entitlement, "{\"quantity\":12}");
        assertEquals(200, grown.status(), grown.toString());
        assertEquals(12, grown.json().getJsonNumber("poolCapacity").longValue());
        assertEquals(4, Licensing.pool(ADMIN, pool).getJsonNumber("free").longValue());
        assertEquals(403, Api.as("finance").putJson("/api/v1/entitlements/" + entitlement, "{\"quantity\":1}").status());
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=Entitlement&entityId=" + entitlement);
        assertEquals(2, audit.array().size(), "the purchase and the one accepted change: " + audit);
    }

    @Test
    void aBolagDrawsFromTheKommunPoolOnlyWhenItsEntitlementAllowsBolag() {
        Map<String, Long> units = Licensing.unitIds();
        long closed = Licensing.entitle(Licensing.product("BOLAG-" + Fixtures.suffix(), "NAMED_USER"),
                units.get("KOMMUN"), 10, null);
        Api.Reply refused = Licensing.allocate(ADMIN, closed, units.get("BOLAG-SVOA-IT"), 1);
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("pool-not-for-unit", refused.json().getString("code"));

        long product = Licensing.product("BOLAG-OPEN-" + Fixtures.suffix(), "NAMED_USER");
        Api.Reply open = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":"
                + units.get("KOMMUN") + ",\"quantity\":10,\"unitPriceOre\":100,\"validFrom\":\"2020-01-01\","
                + "\"bolagMayDraw\":true}");
        assertEquals(201, open.status(), open.toString());
        long openPool = open.json().getJsonNumber("poolId").longValue();
        assertEquals(200, Licensing.allocate(ADMIN, openPool, units.get("BOLAG-SVOA-IT"), 1).status());

        long bolagPool = Licensing.entitle(product, units.get("BOLAG-SVOA"), 3, null);
        assertEquals(200, Licensing.allocate(ADMIN, bolagPool, units.get("BOLAG-SVOA-IT"), 1).status());
        assertEquals(422, Licensing.allocate(ADMIN, bolagPool, units.get("KS"), 1).status(),
                "a nämnd never draws from a bolag's pool");
    }

    @Test
    void aReallocationMovesSeatsFromADateIsAuditedAndCannotMoveMoreThanHeld() {
        Map<String, Long> units = Licensing.unitIds();
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        long pool = Licensing.entitle(Licensing.product("REALLOC-" + Fixtures.suffix(), "NAMED_USER"),
                units.get("KOMMUN"), 20, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, sodermalm, 10).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 5).status());

        String today = LocalDate.now(ZoneId.of("Europe/Stockholm")).toString();
        Api.Reply moved = ADMIN.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + sodermalm
                + ",\"toUnitId\":" + bromma + ",\"quantity\":4,\"from\":\"" + today + "\",\"reason\":\"Flytt av"
                + " IT-stöd till Bromma\"}");
        assertEquals(201, moved.status(), moved.toString());
        long reallocation = moved.json().getJsonNumber("id").longValue();

        JsonObject p = Licensing.pool(ADMIN, pool);
        Map<Long, Long> seats = Licensing.allocations(p);
        assertEquals(6, seats.get(sodermalm));
        assertEquals(9, seats.get(bromma));
        assertEquals(15, p.getJsonNumber("allocated").longValue(), "a reallocation moves seats, it adds none");

        Api.Reply tooMany = ADMIN.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + sodermalm
                + ",\"toUnitId\":" + bromma + ",\"quantity\":7,\"from\":\"" + today + "\",\"reason\":\"För mycket\"}");
        assertEquals(409, tooMany.status(), tooMany.toString());
        assertEquals("reallocation-exceeds-allocation", tooMany.json().getString("code"));
        assertEquals(6, Licensing.allocations(Licensing.pool(ADMIN, pool)).get(sodermalm), "the refusal changed nothing");

        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=Reallocation&entityId=" + reallocation);
        assertEquals(200, audit.status(), audit.toString());
        assertEquals(1, audit.array().size(), audit.toString());
        JsonObject event = audit.array().getJsonObject(0);
        assertEquals("admin", event.getString("actor"));
        assertEquals("Flytt av IT-stöd till Bromma", event.getString("detail"));
        assertEquals(10, event.getJsonObject("before").getJsonNumber("fromUnitHolds").longValue());
        assertEquals(6, event.getJsonObject("after").getJsonNumber("fromUnitHolds").longValue());
        assertFalse(Api.as("auditor").get("/api/v1/audit?entityType=Allocation&limit=5").array().isEmpty());
    }

    @Test
    void onlyTheLicenceAdministratorWritesAndEveryRoleReads() {
        Map<String, Long> units = Licensing.unitIds();
        long product = Licensing.product("ROLES-" + Fixtures.suffix(), "NAMED_USER");
        long pool = Licensing.entitle(product, units.get("KOMMUN"), 5, null);
        long unit = units.get("SDN-SODERMALM");
        List<String> failures = new ArrayList<>();
        for (String user : List.of("finance", "procurement", "auditor", "viewer")) {
            Api api = Api.as(user);
            List<Api.Reply> writes = List.of(
                    api.postJson("/api/v1/products", "{\"publisher\":\"X\",\"name\":\"Y\",\"sku\":\"W-" + user
                            + Fixtures.suffix() + "\",\"metric\":\"DEVICE\",\"term\":\"PERPETUAL\"}"),
                    api.postJson("/api/v1/products/" + product + "/aliases", "{\"alias\":\"A-" + Fixtures.suffix() + "\"}"),
                    api.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":"
                            + units.get("KOMMUN") + ",\"quantity\":1,\"unitPriceOre\":1,\"validFrom\":\"2020-01-01\"}"),
                    api.postJson("/api/v1/pools", "{\"productId\":" + product + ",\"ownerUnitId\":"
                            + units.get("BOLAG-SVOA") + "}"),
                    Licensing.allocate(api, pool, unit, 1),
                    api.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + unit
                            + ",\"toUnitId\":" + units.get("SDN-BROMMA") + ",\"quantity\":1,\"from\":\"2026-01-01\","
                            + "\"reason\":\"x\"}"));
            for (Api.Reply r : writes) {
                if (r.status() != 403 || !r.isProblem()) {
                    failures.add(user + " wrote: " + r);
                }
            }
            for (String path : List.of("/api/v1/products", "/api/v1/products/" + product, "/api/v1/pools",
                    "/api/v1/pools/" + pool)) {
                Api.Reply r = api.get(path);
                if (r.status() != 200) {
                    failures.add(user + " GET " + path + ": " + r);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(401, Api.anonymous().get("/api/v1/pools").status());
        assertEquals(0, Licensing.pool(ADMIN, pool).getJsonNumber("allocated").longValue(), "no refused write landed");
    }

    @Test
    void aUnitViewerSeesThePoolButOnlyItsOwnUnitsAllocations() {
        Map<String, Long> units = Licensing.unitIds();
        long own = units.get("SDN-SODERMALM");
        long other = units.get("SDN-BROMMA");
        long pool = Licensing.entitle(Licensing.product("VIEW-" + Fixtures.suffix(), "NAMED_USER"),
                units.get("KOMMUN"), 10, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, own, 3).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, other, 4).status());

        Map<Long, Long> adminSees = Licensing.allocations(Licensing.pool(ADMIN, pool));
        assertEquals(Map.of(own, 3L, other, 4L), adminSees);
        JsonObject viewerPool = Licensing.pool(Api.as("viewer"), pool);
        assertEquals(Map.of(own, 3L), Licensing.allocations(viewerPool), viewerPool.toString());
        assertEquals(10, viewerPool.getJsonNumber("capacity").longValue());
        assertEquals(404, Api.as("viewer").get("/api/v1/pools/999999999").status());
    }

    @Test
    void seatsGoToPeopleOfTheUnitOnceAndComeBackWhenTheAssignmentEnds() {
        Map<String, Long> units = Licensing.unitIds();
        long own = units.get("SDN-SODERMALM");
        long other = units.get("SDN-BROMMA");
        String s = Fixtures.suffix();
        String today = LocalDate.now(ZoneId.of("Europe/Stockholm")).toString();
        long pool = Licensing.entitle(Licensing.product("ASSIGN-" + s, "NAMED_USER"), units.get("KOMMUN"), 5, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, own, 1).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, other, 1).status());
        long anna = Licensing.person("anna-" + s + "@stad.se", own);
        long bo = Licensing.person("bo-" + s + "@stad.se", own);
        long cecilia = Licensing.person("cecilia-" + s + "@stad.se", other);
        long pc = Licensing.device("PC-" + s, own);

        Api.Reply first = Licensing.assign(ADMIN, pool, own, "personId", anna);
        assertEquals(201, first.status(), first.toString());
        long annas = first.json().getJsonNumber("id").longValue();
        assertEquals(anna, first.json().getJsonNumber("personId").longValue());
        assertEquals(today, first.json().getString("validFrom"), "from defaults to today");
        assertFalse(first.json().containsKey("validTo"), first.toString());
        assertTrue(first.raw().headers().firstValue("Location").orElseThrow().endsWith("/assignments/" + annas));

        assertProblem(Licensing.assign(ADMIN, pool, own, "personId", anna), 409, "assignment-exists");
        assertProblem(Licensing.assign(ADMIN, pool, own, "personId", bo), 409, "no-free-seat");
        assertProblem(Licensing.assign(ADMIN, pool, own, "personId", cecilia), 422, "assignment-not-in-unit");
        assertProblem(Licensing.assign(ADMIN, pool, own, "deviceId", pc), 422, "assignment-target-mismatch");
        assertProblem(ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + own
                + ",\"personId\":" + bo + ",\"deviceId\":" + pc + "}"), 422, "assignment-one-target");
        assertEquals(403, Licensing.assign(Api.as("viewer"), pool, own, "personId", bo).status());
        Api.Reply brommas = Licensing.assign(ADMIN, pool, other, "personId", cecilia);
        assertEquals(201, brommas.status(), brommas.toString());
        long ceciliasId = brommas.json().getJsonNumber("id").longValue();

        // an assigned seat stays with its unit
        assertProblem(ADMIN.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + own
                + ",\"toUnitId\":" + other + ",\"quantity\":1,\"from\":\"" + today + "\",\"reason\":\"Flytt\"}"),
                409, "seats-assigned");

        Api.Reply viewerList = Api.as("viewer").get("/api/v1/pools/" + pool + "/assignments");
        assertEquals(200, viewerList.status(), viewerList.toString());
        assertEquals(1, viewerList.array().size(), "only Södermalm's: " + viewerList);
        assertEquals(annas, viewerList.array().getJsonObject(0).getJsonNumber("id").longValue());
        assertTrue(Api.as("viewer").get("/api/v1/pools/" + pool + "/assignments?unitId=" + other).array().isEmpty());
        assertEquals(404, Api.as("viewer").get("/api/v1/assignments/" + ceciliasId).status());
        assertEquals(2, Api.as("finance").get("/api/v1/pools/" + pool + "/assignments").array().size());
        assertEquals(1, ADMIN.get("/api/v1/pools/" + pool + "/assignments?unitId=" + other).array().size());

        // a last day in the future is a dated end (DatedAssignmentEndIT); before the first day it is refused
        assertProblem(ADMIN.postJson("/api/v1/assignments/" + annas + "/end", "{\"lastDay\":\"2019-12-31\"}"),
                422, "assignment-end-before-start");
        Api.Reply ended = ADMIN.postJson("/api/v1/assignments/" + annas + "/end", "{\"lastDay\":\"" + today + "\"}");
        assertEquals(200, ended.status(), ended.toString());
        assertEquals(today, ended.json().getString("validTo"));
        assertProblem(ADMIN.postJson("/api/v1/assignments/" + annas + "/end", "{\"lastDay\":\"" + today + "\"}"),
                409, "assignment-ended");
        Api.Reply bos = Licensing.assign(ADMIN, pool, own, "personId", bo);
        assertEquals(201, bos.status(), "the ended assignment gave its seat back: " + bos);

        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=Assignment&entityId=" + annas);
        assertEquals(200, audit.status(), audit.toString());
        assertEquals(2, audit.array().size(), "the assignment and its end: " + audit);
    }

    @Test
    void aDeviceLicenceGoesToDevicesNotPeople() {
        Map<String, Long> units = Licensing.unitIds();
        long own = units.get("SDN-SODERMALM");
        String s = Fixtures.suffix();
        long pool = Licensing.entitle(Licensing.product("DEV-" + s, "DEVICE"), units.get("KOMMUN"), 2, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, own, 1).status());
        long person = Licensing.person("dev-" + s + "@stad.se", own);
        long pc = Licensing.device("DEV-" + s, own);
        assertProblem(Licensing.assign(ADMIN, pool, own, "personId", person), 422, "assignment-target-mismatch");
        Api.Reply r = Licensing.assign(ADMIN, pool, own, "deviceId", pc);
        assertEquals(201, r.status(), r.toString());
        assertEquals(pc, r.json().getJsonNumber("deviceId").longValue());
    }

    private static void assertProblem(Api.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertEquals(code, r.json().getString("code"), r.toString());
    }

    private static long resolve(String alias) {
        Api.Reply r = ADMIN.get("/api/v1/products?alias=" + java.net.URLEncoder.encode(alias,
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.array().size(), r.toString());
        return r.array().getJsonObject(0).getJsonNumber("id").longValue();
    }
}
