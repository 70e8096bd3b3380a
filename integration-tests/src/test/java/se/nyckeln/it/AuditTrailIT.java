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
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes leave an audit trail an auditor can read: who, what, which entity, before and after; a refused change
 * leaves none. Text that looks like a spreadsheet formula is stored exactly as typed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuditTrailIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void createAndRenameOfAUnitAreAuditedWithBeforeAndAfter() {
        long kommun = unitId("KOMMUN");
        String code = "AUD-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply created = Api.as("admin").postJson("/api/v1/units", "{\"code\":\"" + code
                + "\",\"name\":\"Revisionsenheten\",\"kind\":\"SUBUNIT\",\"parentId\":" + kommun
                + ",\"costCentre\":\"7001\",\"validFrom\":\"2025-01-01\"}");
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        Api.Reply renamed = Api.as("admin").putJson("/api/v1/units/" + id, "{\"from\":\"2026-01-01\","
                + "\"name\":\"Granskningsenheten\",\"parentId\":" + kommun + ",\"costCentre\":\"7001\"}");
        assertEquals(200, renamed.status(), renamed.toString());

        List<JsonObject> events = events("OrgUnit", id);
        JsonObject create = find(events, "CREATE");
        JsonObject update = find(events, "UPDATE");
        assertEquals("admin", create.getString("actor"));
        assertEquals("admin", update.getString("actor"));
        assertTrue(create.get("after").toString().contains("Revisionsenheten"), create.toString());
        assertTrue(update.get("before").toString().contains("Revisionsenheten"), update.toString());
        assertTrue(update.get("after").toString().contains("Granskningsenheten"), update.toString());
        assertEquals(id, update.getJsonNumber("unitId").longValue());
    }

    @Test
    void aRefusedChangeLeavesNoAuditEvent() {
        Api.Reply before = Api.as("auditor").get("/api/v1/audit?limit=1");
        long newest = before.array().getJsonObject(0).getJsonNumber("id").longValue();
        String csv = "code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to\n"
                + "AUD-BAD;Felaktigt bolag;BOLAG;KOMMUN;1;556677-0000;2025-01-01;\n";
        Api.Reply rejected = Api.as("admin").post("/api/v1/imports/units?fileName=bad.csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(422, rejected.status(), rejected.toString());
        Api.Reply after = Api.as("auditor").get("/api/v1/audit?limit=1");
        assertEquals(newest, after.array().getJsonObject(0).getJsonNumber("id").longValue(),
                "a rejected import must not write the audit trail");
    }

    @Test
    void formulaLookingTextIsStoredAsTyped() {
        long kommun = unitId("KOMMUN");
        String code = "AUD-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "=HYPERLINK(\\\"http://example.invalid\\\";\\\"klicka\\\")";
        Api.Reply created = Api.as("admin").postJson("/api/v1/units", "{\"code\":\"" + code + "\",\"name\":\""
                + name + "\",\"kind\":\"SUBUNIT\",\"parentId\":" + kommun + ",\"validFrom\":\"2025-01-01\"}");
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getJsonNumber("id").longValue();
        Api.Reply read = Api.as("admin").get("/api/v1/units/" + id);
        assertEquals("=HYPERLINK(\"http://example.invalid\";\"klicka\")", read.json().getString("name"));
    }

    private static List<JsonObject> events(String entityType, long id) {
        Api.Reply r = Api.as("auditor").get("/api/v1/audit?entityType=" + entityType + "&entityId=" + id);
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.array().isEmpty(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject find(List<JsonObject> events, String action) {
        return events.stream().filter(e -> action.equals(e.getString("action"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " event in " + events));
    }

    private static long unitId(String code) {
        Api.Reply r = Api.as("admin").get("/api/v1/units");
        return r.array().stream().map(JsonValue::asJsonObject).filter(o -> code.equals(o.getString("code")))
                .findFirst().orElseThrow().getJsonNumber("id").longValue();
    }
}
