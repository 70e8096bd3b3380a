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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance periods of perpetual licences: recorded, renewed, listed by end, refused for subscriptions. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MaintenanceIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static long entitlement(long product, long owner) {
        Api.Reply r = ADMIN.postJson("/api/v1/entitlements", "{\"productId\":" + product + ",\"ownerUnitId\":" + owner
                + ",\"quantity\":4,\"unitPriceOre\":2500000,\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    private static boolean listed(String endingBy, long entitlement) {
        Api.Reply r = Api.as("procurement").get("/api/v1/maintenance?endingBy=" + endingBy);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .anyMatch(o -> o.getJsonNumber("entitlementId").longValue() == entitlement);
    }

    @Test
    void aPerpetualLicenceKeepsItsSeatsWhileItsMaintenanceIsTrackedAndRenewed() {
        String s = Fixtures.suffix();
        long kommun = Licensing.unitIds().get("KOMMUN");
        Api.Reply p = ADMIN.postJson("/api/v1/products", "{\"publisher\":\"Esri\",\"name\":\"GIS desktop " + s
                + "\",\"sku\":\"GIS-" + s + "\",\"metric\":\"NAMED_USER\",\"term\":\"PERPETUAL\"}");
        assertEquals(201, p.status(), p.toString());
        long perpetual = entitlement(p.json().getJsonNumber("id").longValue(), kommun);
        Api.Reply any = ADMIN.get("/api/v1/pools");
        LocalDate today = LocalDate.parse(any.array().getJsonObject(0).getString("asOf"));

        Api.Reply set = ADMIN.putJson("/api/v1/maintenance/" + perpetual, "{\"maintenanceFrom\":\"" + today.minusDays(335)
                + "\",\"maintenanceTo\":\"" + today.plusDays(30) + "\",\"annualFeeOre\":1800000,\"reference\":\"UH-1\"}");
        assertEquals(200, set.status(), set.toString());
        JsonObject period = set.json();
        assertEquals(today.plusDays(30).toString(), period.getString("maintenanceTo"));
        assertEquals(4, period.getJsonNumber("quantity").longValue());
        assertEquals(1_800_000, period.getJsonNumber("annualFeeOre").longValue());
        assertTrue(listed(today.plusDays(60).toString(), perpetual));
        assertFalse(listed(today.plusDays(10).toString(), perpetual));

        // renewed for a year: no longer ending soon; the seats were never touched
        assertEquals(200, ADMIN.putJson("/api/v1/maintenance/" + perpetual, "{\"maintenanceFrom\":\""
                + today.plusDays(31) + "\",\"maintenanceTo\":\"" + today.plusDays(395) + "\"}").status());
        assertFalse(listed(today.plusDays(60).toString(), perpetual));
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=EntitlementMaintenance&entityId=" + perpetual);
        assertEquals(2, audit.array().size(), audit.toString());

        long subscription = entitlement(Licensing.product("SUB-" + s, "NAMED_USER"), kommun);
        Api.Reply refused = ADMIN.putJson("/api/v1/maintenance/" + subscription, "{\"maintenanceFrom\":\"2026-01-01\","
                + "\"maintenanceTo\":\"2026-12-31\"}");
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("maintenance-only-perpetual", refused.json().getString("code"));
        Api.Reply backwards = ADMIN.putJson("/api/v1/maintenance/" + perpetual, "{\"maintenanceFrom\":\"2026-01-01\","
                + "\"maintenanceTo\":\"2025-12-31\"}");
        assertEquals(422, backwards.status(), backwards.toString());
        assertEquals("maintenance-dates", backwards.json().getString("code"));
        assertEquals(404, ADMIN.putJson("/api/v1/maintenance/999999999", "{\"maintenanceFrom\":\"2026-01-01\","
                + "\"maintenanceTo\":\"2026-12-31\"}").status());
        assertEquals(403, Api.as("viewer").get("/api/v1/maintenance").status());
        assertEquals(403, Api.as("finance").putJson("/api/v1/maintenance/" + perpetual, "{}").status());
    }
}
