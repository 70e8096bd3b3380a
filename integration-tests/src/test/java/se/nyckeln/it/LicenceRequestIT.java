package se.nyckeln.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request walks the path "reuse before buying", every figure hand-computed.
 *
 * <p>A NAMED_USER pool of the kommun: 10 seats at 100.00 kr and 5 at 160.00 kr (seat price 12000 öre), capacity 15.
 * Södermalm holds 10 seats, two of them given 200 days ago to people who never used them (two IDLE proposals);
 * Bromma holds 3. Free: 2. Bromma asks for 5: 2 come from the free seats at once (saving 2 × 12000 = 24000 öre),
 * the 2 harvest proposals are offered, 1 seat is proposed for purchase (12000 öre). After the two proposals are
 * approved their seats are free again; filling the request allocates them to Bromma (another 24000 öre saved).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LicenceRequestIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static long entitle(long product, long owner, long quantity, long price) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":" + owner
                + ",\"quantity\":" + quantity + ",\"unitPriceOre\":" + price + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("poolId").longValue();
    }

    private static long num(JsonObject o, String name) {
        return o.getJsonNumber(name).longValue();
    }

    @Test
    void freeSeatsFirstThenHarvestableSeatsThenAPurchase() {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long kommun = units.get("KOMMUN");
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        long product = Licensing.product("REQ-" + s, "NAMED_USER");
        long pool = entitle(product, kommun, 10, 10_000);
        entitle(product, kommun, 5, 16_000);
        assertEquals(200, Licensing.allocate(ADMIN, pool, sodermalm, 10).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 3).status());
        LocalDate today = LocalDate.parse(Licensing.pool(ADMIN, pool).getString("asOf"));
        for (int i = 0; i < 2; i++) {
            long person = Licensing.person("req" + i + "-" + s.toLowerCase() + "@stad.se", sodermalm);
            Api.Reply r = ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + sodermalm
                    + ",\"personId\":" + person + ",\"from\":\"" + today.minusDays(200) + "\"}");
            assertEquals(201, r.status(), r.toString());
        }
        assertEquals(200, ADMIN.postJson("/api/v1/harvest/runs", "{}").status());

        // a purchase while the pool has 2 free seats is refused, with the reason
        Api.Reply refused = Api.as("procurement").postJson("/api/v1/purchase-proposals",
                "{\"unitId\":" + bromma + ",\"productId\":" + product + ",\"quantity\":5}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.isProblem());
        assertEquals("purchase-with-free-seats", refused.json().getString("code"));
        assertTrue(refused.json().getString("detail").contains("2"), refused.toString());

        Api.Reply created = ADMIN.postJson("/api/v1/licence-requests", "{\"unitId\":" + bromma + ",\"productId\":"
                + product + ",\"quantity\":5,\"reason\":\"Nya handläggare\"}");
        assertEquals(201, created.status(), created.toString());
        JsonObject outcome = created.json();
        JsonObject request = outcome.getJsonObject("request");
        long requestId = num(request, "id");
        assertEquals(2, num(outcome, "allocatedNow"));
        assertEquals(24_000, num(outcome, "savingOre"));
        assertEquals(2, num(outcome, "offeredNow"));
        assertEquals(1, num(outcome, "purchasedSeats"));
        assertEquals(pool, num(request, "poolId"));
        assertEquals(2, num(request, "filled"));
        assertEquals(2, num(request, "harvestOffered"));
        assertEquals(1, num(request, "purchaseProposed"));
        assertEquals(2, num(request, "outstanding"));
        assertEquals("AWAITING_HARVEST", request.getString("status"));
        List<Long> offered = request.getJsonArray("offeredProposals").stream()
                .map(v -> ((jakarta.json.JsonNumber) v).longValue()).toList();
        assertEquals(2, offered.size());

        JsonObject purchase = ADMIN.get("/api/v1/purchase-proposals/" + num(outcome, "purchaseProposalId")).json();
        assertEquals(1, num(purchase, "quantity"));
        assertEquals(12_000, num(purchase, "unitPriceOre"));
        assertEquals(12_000, num(purchase, "estimatedValueOre"));
        assertEquals(requestId, num(purchase, "requestId"));

        JsonObject p = Licensing.pool(ADMIN, pool);
        assertEquals(0, num(p, "free"));
        assertEquals(5, Licensing.allocations(p).get(bromma));
        // with no free seat left, a purchase may be proposed
        assertEquals(201, Api.as("procurement").postJson("/api/v1/purchase-proposals",
                "{\"unitId\":" + bromma + ",\"productId\":" + product + ",\"quantity\":1}").status());

        // the offered seats are harvested, then the request is filled from the pool
        Api.Reply approved = ADMIN.postJson("/api/v1/harvest/proposals/approve",
                "{\"ids\":[" + offered.get(0) + "," + offered.get(1) + "]}");
        assertEquals(200, approved.status(), approved.toString());
        assertEquals(2, num(Licensing.pool(ADMIN, pool), "free"));
        Api.Reply filled = ADMIN.postJson("/api/v1/licence-requests/" + requestId + "/fill", "{}");
        assertEquals(200, filled.status(), filled.toString());
        assertEquals(2, num(filled.json(), "allocatedNow"));
        assertEquals(24_000, num(filled.json(), "savingOre"));
        assertEquals(0, num(filled.json(), "purchasedSeats"));
        JsonObject after = filled.json().getJsonObject("request");
        assertEquals(4, num(after, "filled"));
        assertEquals(0, num(after, "harvestOffered"));
        assertEquals(1, num(after, "purchaseProposed"));
        assertEquals(0, num(after, "outstanding"));
        JsonObject poolAfter = Licensing.pool(ADMIN, pool);
        assertEquals(0, num(poolAfter, "free"));
        assertEquals(7, Licensing.allocations(poolAfter).get(bromma));
        assertEquals(8, Licensing.allocations(poolAfter).get(sodermalm));

        // reuse savings: 4 seats, 48000 öre, this month, for Bromma
        Api.Reply savings = Api.as("finance").get("/api/v1/reuse-savings?productId=" + product);
        assertEquals(200, savings.status(), savings.toString());
        assertEquals(1, savings.array().size(), savings.toString());
        JsonObject row = savings.array().getJsonObject(0);
        assertEquals(bromma, num(row, "unitId"));
        assertEquals(today.toString().substring(0, 7), row.getString("period"));
        assertEquals(4, num(row, "seats"));
        assertEquals(48_000, num(row, "amountOre"));
        String month = today.toString().substring(0, 7);
        assertEquals(1, ADMIN.get("/api/v1/reuse-savings?productId=" + product + "&from=" + month + "&to=" + month)
                .array().size());
        assertEquals(0, ADMIN.get("/api/v1/reuse-savings?productId=" + product + "&to=2020-01").array().size());
        assertEquals(400, ADMIN.get("/api/v1/reuse-savings?from=2026-13").status());

        // the viewer (Södermalm) sees neither Bromma's request nor its savings
        Api viewer = Api.as("viewer");
        assertEquals(404, viewer.get("/api/v1/licence-requests/" + requestId).status());
        assertTrue(viewer.get("/api/v1/licence-requests").array().stream().map(JsonValue::asJsonObject)
                .noneMatch(o -> num(o, "id") == requestId));
        assertEquals(0, viewer.get("/api/v1/reuse-savings?productId=" + product).array().size());
        assertEquals(403, viewer.postJson("/api/v1/licence-requests", "{\"unitId\":" + sodermalm + ",\"productId\":"
                + product + ",\"quantity\":1}").status());

        // audit: the request, its saving and the purchase proposal
        for (String type : List.of("LicenceRequest", "ReuseSaving", "PurchaseProposal")) {
            Api.Reply a = Api.as("auditor").get("/api/v1/audit?entityType=" + type + "&limit=50");
            assertEquals(200, a.status());
            assertTrue(a.array().size() > 0, type);
        }
        Api.Reply ra = Api.as("auditor").get("/api/v1/audit?entityType=LicenceRequest&entityId=" + requestId);
        assertEquals(3, ra.array().size(), ra.toString()); // created, met, filled
    }

    @Test
    void aRequestWithoutAnyPoolIsProposedForPurchaseWhole() {
        String s = Fixtures.suffix();
        long bromma = Licensing.unitIds().get("SDN-BROMMA");
        long product = Licensing.product("REQN-" + s, "NAMED_USER");
        Api.Reply created = ADMIN.postJson("/api/v1/licence-requests", "{\"unitId\":" + bromma + ",\"productId\":"
                + product + ",\"quantity\":3}");
        assertEquals(201, created.status(), created.toString());
        assertEquals(0, num(created.json(), "allocatedNow"));
        assertEquals(3, num(created.json(), "purchasedSeats"));
        assertEquals("PURCHASE_PROPOSED", created.json().getJsonObject("request").getString("status"));
        assertEquals(0, ADMIN.get("/api/v1/reuse-savings?productId=" + product).array().size());
    }
}
