package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit tree over time, legal entities, the viewer's scope and who may write. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganisationTreeIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static long kommun() {
        return unit("KOMMUN", "2024-01-01").getJsonNumber("id").longValue();
    }

    private static JsonObject unit(String code, String asOf) {
        return OrganisationImportIT.unitByCode(code, asOf).orElseThrow(() -> new AssertionError(code + " not in tree"));
    }

    private static long create(String code, String name, String kind, long parent, String orgNumber, String from) {
        Api.Reply r = ADMIN.postJson("/api/v1/units", "{\"code\":\"" + code + "\",\"name\":\"" + name
                + "\",\"kind\":\"" + kind + "\",\"parentId\":" + parent + ",\"costCentre\":\"77\","
                + (orgNumber == null ? "" : "\"orgNumber\":\"" + orgNumber + "\",") + "\"validFrom\":\"" + from + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    private static long person(String upn, long unit, String from) {
        Api.Reply r = ADMIN.postJson("/api/v1/people", "{\"upn\":\"" + upn + "\",\"displayName\":\"Test Person\","
                + "\"unitId\":" + unit + ",\"validFrom\":\"" + from + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    private static long device(String serial, long unit, String from) {
        Api.Reply r = ADMIN.postJson("/api/v1/devices", "{\"serialNumber\":\"" + serial + "\",\"name\":\"PC\","
                + "\"kind\":\"STAFF_COMPUTER\",\"unitId\":" + unit + ",\"validFrom\":\"" + from + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonNumber("id").longValue();
    }

    private static Set<String> codes(String asOf) {
        return ADMIN.get("/api/v1/units?asOf=" + asOf).array().getValuesAs(JsonObject.class).stream()
                .map(u -> u.getString("code")).collect(Collectors.toSet());
    }

    @Test
    void treeAsOfADateFollowsRenameAndMerge() {
        String s = Fixtures.suffix();
        long a = create("T-" + s + "-A", "Norra distriktet", "STADSDELSNAMND", kommun(), null, "2020-01-01");
        long b = create("T-" + s + "-B", "Södra distriktet", "STADSDELSNAMND", kommun(), null, "2020-01-01");
        long p = person("p." + s + "@test.stockholm.se", a, "2021-01-01");

        Api.Reply renamed = ADMIN.putJson("/api/v1/units/" + a, "{\"from\":\"2024-01-01\",\"name\":\"Norrort\","
                + "\"parentId\":" + kommun() + ",\"costCentre\":\"78\"}");
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("Norra distriktet", ADMIN.get("/api/v1/units/" + a + "?asOf=2023-12-31").json().getString("name"));
        JsonObject after = ADMIN.get("/api/v1/units/" + a + "?asOf=2024-01-01").json();
        assertEquals("Norrort", after.getString("name"));
        assertEquals("78", after.getString("costCentre"));

        Api.Reply merged = ADMIN.postJson("/api/v1/units/merge", "{\"unitIds\":[" + a + "," + b + "],"
                + "\"from\":\"2025-01-01\",\"into\":{\"code\":\"T-" + s + "-AB\",\"name\":\"Mittdistriktet\","
                + "\"kind\":\"STADSDELSNAMND\",\"parentId\":" + kommun() + ",\"validFrom\":\"2025-01-01\"}}");
        assertEquals(201, merged.status(), merged.toString());
        long ab = merged.json().getJsonNumber("id").longValue();

        Set<String> before = codes("2024-12-31");
        assertTrue(before.containsAll(List.of("T-" + s + "-A", "T-" + s + "-B")), before.toString());
        assertFalse(before.contains("T-" + s + "-AB"));
        Set<String> later = codes("2025-01-01");
        assertTrue(later.contains("T-" + s + "-AB"));
        assertFalse(later.contains("T-" + s + "-A"));
        assertFalse(later.contains("T-" + s + "-B"));
        assertEquals(404, ADMIN.get("/api/v1/units/" + a + "?asOf=2025-01-01").status());

        // the person moved with the merge: in A until the day before, in the new unit from the merge day
        assertEquals(a, ADMIN.get("/api/v1/people/" + p + "?asOf=2024-12-31").json().getJsonNumber("unitId").longValue());
        assertEquals(ab, ADMIN.get("/api/v1/people/" + p + "?asOf=2025-01-01").json().getJsonNumber("unitId").longValue());
        assertEquals(1, ADMIN.get("/api/v1/units/" + ab + "/people?asOf=2025-01-01").json().getInt("total"));
    }

    @Test
    void movingAPersonIsEffectiveDated() {
        String s = Fixtures.suffix();
        long a = create("T-" + s + "-MA", "Enhet A", "SUBUNIT", kommun(), null, "2020-01-01");
        long b = create("T-" + s + "-MB", "Enhet B", "SUBUNIT", kommun(), null, "2020-01-01");
        long p = person("m." + s + "@test.stockholm.se", a, "2022-01-01");
        Api.Reply moved = ADMIN.postJson("/api/v1/people/" + p + "/move", "{\"unitId\":" + b + ",\"from\":\"2024-03-01\"}");
        assertEquals(200, moved.status(), moved.toString());
        JsonObject before = ADMIN.get("/api/v1/people/" + p + "?asOf=2024-02-29").json();
        assertEquals(a, before.getJsonNumber("unitId").longValue());
        assertEquals("2024-02-29", before.getString("validTo"));
        assertEquals(b, ADMIN.get("/api/v1/people/" + p + "?asOf=2024-03-01").json().getJsonNumber("unitId").longValue());
    }

    @Test
    void subUnitOfABolagHasTheBolagAsLegalEntity() {
        String s = Fixtures.suffix();
        long bolag = create("T-" + s + "-AB", "Testfastigheter AB", "BOLAG", kommun(), "556036-0793", "2020-01-01");
        long sub = create("T-" + s + "-AB-1", "Förvaltning", "SUBUNIT", bolag, null, "2020-01-01");
        long subsub = create("T-" + s + "-AB-1-1", "Fastighetsskötsel", "SUBUNIT", sub, null, "2020-01-01");
        JsonObject n = ADMIN.get("/api/v1/units/" + subsub + "?asOf=2024-01-01").json();
        assertEquals(bolag, n.getJsonNumber("legalEntityId").longValue());
        assertEquals("Testfastigheter AB", n.getString("legalEntityName"));
        long namnd = create("T-" + s + "-FN", "Testnämnden", "FACKNAMND", kommun(), null, "2020-01-01");
        long namndSub = create("T-" + s + "-FN-1", "Kansli", "SUBUNIT", namnd, null, "2020-01-01");
        assertEquals(kommun(), ADMIN.get("/api/v1/units/" + namndSub + "?asOf=2024-01-01").json()
                .getJsonNumber("legalEntityId").longValue());
        Api.Reply badOrg = ADMIN.postJson("/api/v1/units", "{\"code\":\"T-" + s + "-X\",\"name\":\"X\",\"kind\":\"BOLAG\","
                + "\"parentId\":" + kommun() + ",\"orgNumber\":\"556036-0794\",\"validFrom\":\"2020-01-01\"}");
        assertEquals(422, badOrg.status(), badOrg.toString());
        assertEquals("org-number-invalid", badOrg.json().getString("code"));
    }

    @Test
    void viewerSeesOnlyItsScopeAndOtherUnitsAreNotFound() {
        String s = Fixtures.suffix();
        long sodermalm = unit("SDN-SODERMALM", "2024-01-01").getJsonNumber("id").longValue();
        long inside = create("T-" + s + "-IN", "Inom Södermalm", "SUBUNIT", sodermalm, null, "2020-01-01");
        long outside = create("T-" + s + "-OUT", "Utanför", "SUBUNIT", kommun(), null, "2020-01-01");
        long insidePerson = person("in." + s + "@test.stockholm.se", inside, "2021-01-01");
        long outsidePerson = person("out." + s + "@test.stockholm.se", outside, "2021-01-01");
        long outsideDevice = device("SN-" + s + "-OUT", outside, "2021-01-01");

        Api viewer = Api.as("viewer");
        Api.Reply list = viewer.get("/api/v1/units?asOf=2024-01-01");
        assertEquals(200, list.status(), list.toString());
        Set<Long> visible = list.array().getValuesAs(JsonObject.class).stream()
                .map(u -> u.getJsonNumber("id").longValue()).collect(Collectors.toSet());
        assertTrue(visible.contains(sodermalm));
        assertTrue(visible.contains(inside));
        assertFalse(visible.contains(outside));
        assertFalse(visible.contains(kommun()));

        assertEquals(200, viewer.get("/api/v1/units/" + inside + "/people?asOf=2024-01-01").status());
        assertEquals(200, viewer.get("/api/v1/people/" + insidePerson + "?asOf=2024-01-01").status());
        for (String path : List.of("/api/v1/units/" + outside + "?asOf=2024-01-01",
                "/api/v1/units/" + outside + "/people?asOf=2024-01-01",
                "/api/v1/units/" + outside + "/devices?asOf=2024-01-01",
                "/api/v1/people/" + outsidePerson, "/api/v1/devices/" + outsideDevice)) {
            Api.Reply r = viewer.get(path);
            assertEquals(404, r.status(), path + " " + r);
            assertTrue(r.isProblem(), r.toString());
            assertFalse(r.body().contains("Utanför"), r.body());
        }
        // a unit that does not exist answers exactly the same
        Api.Reply missing = viewer.get("/api/v1/units/999999999?asOf=2024-01-01");
        Api.Reply hidden = viewer.get("/api/v1/units/" + outside + "?asOf=2024-01-01");
        assertEquals(missing.json().getString("code"), hidden.json().getString("code"));
        List<String> people = viewer.get("/api/v1/people?q=" + s + "&asOf=2024-01-01").json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(p -> p.getString("upn")).toList();
        assertEquals(List.of("in." + s + "@test.stockholm.se"), people);
    }

    /**
     * The list's JSON is kept per organisation revision and scope (UnitListCache): it carries an entity tag that
     * a client can send back for 304, any change to the organisation makes a new list, and a viewer is never
     * answered with the administrator's list.
     */
    @Test
    void unitListEntityTagFollowsChangesAndScope() {
        String s = Fixtures.suffix();
        String path = "/api/v1/units?asOf=2024-06-01";
        long sodermalm = unit("SDN-SODERMALM", "2024-01-01").getJsonNumber("id").longValue();
        long a = create("E-" + s, "Etagdistriktet", "SUBUNIT", kommun(), null, "2020-01-01");

        Api.Reply first = ADMIN.get(path);
        assertEquals(200, first.status(), first.toString());
        String tag = first.raw().headers().firstValue("ETag").orElseThrow();
        assertTrue(first.body().contains("Etagdistriktet"));
        Api.Reply unchanged = ADMIN.get(path, "If-None-Match", tag);
        assertEquals(304, unchanged.status(), unchanged.toString());
        assertEquals("", unchanged.body());
        assertEquals(first.body(), ADMIN.get(path).body());

        // a viewer sending the administrator's tag gets its own, smaller list, not a 304 or the admin's list
        Api.Reply viewer = Api.as("viewer").get(path, "If-None-Match", tag);
        assertEquals(200, viewer.status(), viewer.toString());
        assertNotEquals(tag, viewer.raw().headers().firstValue("ETag").orElseThrow());
        Set<Long> visible = viewer.array().getValuesAs(JsonObject.class).stream()
                .map(u -> u.getJsonNumber("id").longValue()).collect(Collectors.toSet());
        assertTrue(visible.contains(sodermalm));
        assertFalse(visible.contains(a));
        assertFalse(viewer.body().contains("Etagdistriktet"));

        // a change (here a rename) makes the old tag stale: 200 with the new name and a new tag
        Api.Reply renamed = ADMIN.putJson("/api/v1/units/" + a, "{\"from\":\"2024-01-01\",\"name\":\"Etagstaden\","
                + "\"parentId\":" + kommun() + ",\"costCentre\":\"78\"}");
        assertEquals(200, renamed.status(), renamed.toString());
        Api.Reply after = ADMIN.get(path, "If-None-Match", tag);
        assertEquals(200, after.status(), after.toString());
        assertNotEquals(tag, after.raw().headers().firstValue("ETag").orElseThrow());
        assertTrue(after.body().contains("Etagstaden"), after.body());
        assertFalse(after.body().contains("Etagdistriktet"), after.body());
        // the day before the rename still shows the old name (its own entry)
        assertTrue(ADMIN.get("/api/v1/units?asOf=2023-12-31").body().contains("Etagdistriktet"));
    }

    @Test
    void writesByNonAdministratorsAreForbidden() {
        String body = "{\"code\":\"T-NOPE\",\"name\":\"Nej\",\"kind\":\"SUBUNIT\",\"parentId\":" + kommun()
                + ",\"validFrom\":\"2020-01-01\"}";
        for (String user : List.of("finance", "procurement", "auditor", "viewer")) {
            Api.Reply r = Api.as(user).postJson("/api/v1/units", body);
            assertEquals(403, r.status(), user + " " + r);
            assertTrue(r.isProblem(), r.toString());
            assertEquals("forbidden", r.json().getString("code"));
        }
        Api.Reply imp = Api.as("finance").upload("/api/v1/imports/units", "x.csv", "code\n".getBytes());
        assertEquals(403, imp.status(), imp.toString());
        Api.Reply map = Api.as("auditor").putJson("/api/v1/department-mappings", "[]");
        assertEquals(403, map.status(), map.toString());
        assertEquals(200, Api.as("auditor").get("/api/v1/units").status());
    }

    @Test
    void invalidRequestsAreBadRequests() {
        Api.Reply r = ADMIN.postJson("/api/v1/units", "{\"code\":\"\",\"name\":\"X\",\"kind\":\"SUBUNIT\"}");
        assertEquals(400, r.status(), r.toString());
        assertEquals("validation-failed", r.json().getString("code"));
        Api.Reply date = ADMIN.get("/api/v1/units?asOf=2024-13-01");
        assertEquals(400, date.status(), date.toString());
    }
}
