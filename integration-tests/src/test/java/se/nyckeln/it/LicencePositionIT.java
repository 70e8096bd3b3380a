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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The licence position computed from a small scenario built through the API, every figure checked against a
 * hand-computed expectation.
 *
 * Pool of a NAMED_USER product owned by the kommun: 10 seats at 100.00 kr and 5 at 160.00 kr valid from 2020, plus
 * 7 at 999.00 kr that ended 2021-12-31. Today: entitled 15, price (10·10000 + 5·16000) / 15 = 12000 öre.
 * Södermalm holds 6 seats assigned to three people, Bromma 4 assigned to two. Usage (inUseDays 90): Södermalm's
 * first used it 10 days ago, the second 200 days ago, the third never; Bromma's first exactly 90 days ago (the
 * window is inclusive), the second 91 days ago.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LicencePositionIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private record Scenario(long pool, long sodermalm, long bromma, LocalDate today) {
    }

    private static Scenario scenario() {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long kommun = units.get("KOMMUN");
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        String sku = "POS-" + s;
        long product = Licensing.product(sku, "NAMED_USER");
        long pool = entitle(product, kommun, 10, 10_000, null);
        assertEquals(pool, entitle(product, kommun, 5, 16_000, null));
        assertEquals(pool, entitle(product, kommun, 7, 99_900, "2021-12-31"));
        assertEquals(200, Licensing.allocate(ADMIN, pool, sodermalm, 6).status());
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 4).status());
        // the server's today (its clock, its zone), so the usage dates are relative to the day it computes on
        LocalDate today = LocalDate.parse(Licensing.pool(ADMIN, pool).getString("asOf"));
        String[] upns = new String[5];
        long[] unitOf = {sodermalm, sodermalm, sodermalm, bromma, bromma};
        for (int i = 0; i < 5; i++) {
            upns[i] = "pos" + i + "-" + s.toLowerCase() + "@stad.se";
            long person = Licensing.person(upns[i], unitOf[i]);
            Api.Reply r = Licensing.assign(ADMIN, pool, unitOf[i], "personId", person);
            assertEquals(201, r.status(), r.toString());
        }
        String file = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Exchange Last Activity Date,"
                + "OneDrive Last Activity Date,SharePoint Last Activity Date,Teams Last Activity Date,Assigned Products\n"
                + usage(today, upns[0], today.minusDays(10), sku)
                + usage(today, upns[1], today.minusDays(200), sku)
                + usage(today, upns[3], today.minusDays(90), sku)
                + usage(today, upns[4], today.minusDays(91), sku);
        Api.Reply imported = ADMIN.upload("/api/v1/imports/usage/m365-active-users", "ActiveUserDetail.csv",
                file.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(4, imported.json().getInt("created"), imported.toString());
        return new Scenario(pool, sodermalm, bromma, today);
    }

    private static String usage(LocalDate refreshed, String upn, LocalDate active, String sku) {
        return refreshed + "," + upn + ",Demo,False," + active + ",,,," + sku + "\n";
    }

    private static long entitle(long product, long owner, long quantity, long price, String validTo) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":" + owner
                + ",\"quantity\":" + quantity + ",\"unitPriceOre\":" + price + ",\"validFrom\":\"2020-01-01\""
                + (validTo == null ? "" : ",\"validTo\":\"" + validTo + "\"") + "}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("poolId").longValue();
    }

    private static JsonObject poolRow(Api api, String query, long pool) {
        Api.Reply r = api.get("/api/v1/licence-position" + query);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("poolId").longValue() == pool).findFirst().orElseThrow();
    }

    private static List<JsonObject> unitRows(Api api, long pool) {
        Api.Reply r = api.get("/api/v1/licence-position/units?inUseDays=90");
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("poolId").longValue() == pool).toList();
    }

    private static void assertLongs(JsonObject o, Object... nameValue) {
        for (int i = 0; i < nameValue.length; i += 2) {
            String name = (String) nameValue[i];
            assertEquals(((Number) nameValue[i + 1]).longValue(), o.getJsonNumber(name).longValue(), name + " " + o);
        }
    }

    @Test
    void thePoolPositionCountsAndValuesEverySeat() {
        Scenario sc = scenario();
        JsonObject p = poolRow(ADMIN, "?inUseDays=90", sc.pool());
        assertEquals(sc.today().toString(), p.getString("asOf"));
        assertLongs(p, "entitled", 15, "allocated", 10, "assigned", 5, "inUse", 2, "surplus", 5, "unassigned", 5,
                "unused", 3, "unitPriceOre", 12_000, "surplusValueOre", 60_000, "unassignedValueOre", 60_000,
                "unusedValueOre", 36_000);
        // a longer window reaches the 200-day-old and 91-day-old activity; the one who never used it stays unused
        assertLongs(poolRow(ADMIN, "?inUseDays=365", sc.pool()), "inUse", 4, "unused", 1, "unusedValueOre", 12_000);
        // before the seats were allocated the ended entitlement still counted: 22 seats at
        // (100000 + 80000 + 699300) / 22 = 39968.18 → 39968 öre
        assertLongs(poolRow(ADMIN, "?asOf=2021-06-01", sc.pool()), "entitled", 22, "allocated", 0, "assigned", 0,
                "surplus", 22, "unitPriceOre", 39_968, "surplusValueOre", 22 * 39_968L);
    }

    @Test
    void eachUnitHasItsOwnRow() {
        Scenario sc = scenario();
        List<JsonObject> rows = unitRows(Api.as("finance"), sc.pool());
        assertEquals(2, rows.size(), rows.toString());
        JsonObject sod = rows.stream().filter(o -> o.getJsonNumber("unitId").longValue() == sc.sodermalm())
                .findFirst().orElseThrow();
        JsonObject bro = rows.stream().filter(o -> o.getJsonNumber("unitId").longValue() == sc.bromma())
                .findFirst().orElseThrow();
        assertLongs(sod, "allocated", 6, "assigned", 3, "inUse", 1, "unassigned", 3, "unused", 2,
                "unitPriceOre", 12_000, "allocatedValueOre", 72_000, "unassignedValueOre", 36_000,
                "unusedValueOre", 24_000);
        assertLongs(bro, "allocated", 4, "assigned", 2, "inUse", 1, "unassigned", 2, "unused", 1,
                "allocatedValueOre", 48_000, "unassignedValueOre", 24_000, "unusedValueOre", 12_000);
    }

    @Test
    void aUnitViewerSeesOnlyItsUnitsRowsAndNotTheCityWidePosition() {
        Scenario sc = scenario();
        Api viewer = Api.as("viewer");
        List<JsonObject> rows = unitRows(viewer, sc.pool());
        assertEquals(1, rows.size(), rows.toString());
        assertLongs(rows.get(0), "unitId", sc.sodermalm(), "allocated", 6, "assigned", 3, "inUse", 1);
        Api.Reply all = viewer.get("/api/v1/licence-position");
        assertEquals(403, all.status(), all.toString());
        assertTrue(all.isProblem(), all.toString());
        for (String user : List.of("admin", "finance", "procurement", "auditor")) {
            assertEquals(200, Api.as(user).get("/api/v1/licence-position").status(), user);
        }
    }

    @Test
    void aWindowOutsideOneToTenYearsOrAnUnreadableDateIsRefused() {
        for (String q : List.of("?inUseDays=0", "?inUseDays=3651", "?inUseDays=x", "?asOf=2025-13-01")) {
            Api.Reply r = ADMIN.get("/api/v1/licence-position/units" + q);
            assertEquals(400, r.status(), q + " " + r);
            assertTrue(r.isProblem(), r.toString());
            assertFalse(r.json().getString("code").isBlank(), r.toString());
        }
        assertEquals(200, ADMIN.get("/api/v1/licence-position?inUseDays=3650").status());
    }
}
