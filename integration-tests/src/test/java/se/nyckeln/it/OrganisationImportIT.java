package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organisation imports seen from outside: counts, every error at once, nothing half-imported, encodings, size. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganisationImportIT {

    private static final String TODAY = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Stockholm")).toString();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static final Api ADMIN = Api.as("admin");

    private static Api.Reply importFile(String kind, String fileName, byte[] content) {
        return ADMIN.upload("/api/v1/imports/" + kind, fileName, content);
    }

    private static void assertCounts(Api.Reply r, int rows, int created, int updated, int closed, int unchanged) {
        assertEquals(200, r.status(), r.toString());
        JsonObject j = r.json();
        assertEquals(rows, j.getInt("rows"), r.toString());
        assertEquals(created, j.getInt("created"), r.toString());
        assertEquals(updated, j.getInt("updated"), r.toString());
        assertEquals(closed, j.getInt("closed"), r.toString());
        assertEquals(unchanged, j.getInt("unchanged"), r.toString());
    }

    static Optional<JsonObject> unitByCode(String code, String asOf) {
        Api.Reply r = ADMIN.get("/api/v1/units?asOf=" + asOf);
        assertEquals(200, r.status(), r.toString());
        return r.array().getValuesAs(JsonObject.class).stream().filter(u -> code.equals(u.getString("code")))
                .findFirst();
    }

    private static String goodOrganisation(String s) {
        assertCounts(importFile("units", "enheter.csv", Fixtures.text("organisation/units-good.csv", s)
                .getBytes(StandardCharsets.UTF_8)), 4, 4, 0, 0, 0);
        assertCounts(importFile("people", "personer.csv", Fixtures.text("organisation/people-good.csv", s)
                .getBytes(StandardCharsets.UTF_8)), 2, 2, 0, 0, 0);
        return s;
    }

    @Test
    void goodFilesReportCountsAndReimportChangesNothing() {
        String s = goodOrganisation(Fixtures.suffix());
        byte[] units = Fixtures.text("organisation/units-good.csv", s).getBytes(StandardCharsets.UTF_8);
        assertCounts(importFile("units", "enheter.csv", units), 4, 0, 0, 0, 4);
        byte[] people = Fixtures.text("organisation/people-good.csv", s).getBytes(StandardCharsets.UTF_8);
        assertCounts(importFile("people", "personer.csv", people), 2, 0, 0, 0, 2);
        byte[] devices = Fixtures.text("organisation/devices-good.csv", s).getBytes(StandardCharsets.UTF_8);
        assertCounts(importFile("devices", "datorer.csv", devices), 2, 2, 0, 0, 0);
        assertCounts(importFile("devices", "datorer.csv", devices), 2, 0, 0, 0, 2);

        JsonObject skola = unitByCode("IT-" + s + "-SDN-SKOLA", "2023-01-01").orElseThrow();
        assertEquals("Testskolan", skola.getString("name"));
        assertEquals(1, skola.getInt("people"));
        assertEquals(2, skola.getInt("devices"));
        JsonObject bertil = ADMIN.get("/api/v1/people?q=bertil." + s + "&asOf=2023-01-01").json()
                .getJsonArray("items").getJsonObject(0);
        assertEquals("=Bertil Formel", bertil.getString("displayName"), "formula-like text is stored as typed");
        // the same file sent as a raw CSV body is read the same way
        Api.Reply raw = ADMIN.post("/api/v1/imports/units?fileName=enheter.csv", "text/csv", units);
        assertCounts(raw, 4, 0, 0, 0, 4);
    }

    @Test
    void badFileListsEveryErrorWithLineAndColumnAndChangesNothing() {
        String s = Fixtures.suffix();
        Api.Reply r = importFile("units", "fel.csv", Fixtures.text("organisation/units-bad.csv", s)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        assertTrue(r.isProblem());
        assertEquals("import-rejected", r.json().getString("code"));
        List<String> found = r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("column") + ":" + e.getString("reason"))
                .collect(Collectors.toList());
        for (String expected : List.of("3:org_number:bad-org-number", "4:parent_code:unknown-parent",
                "5:valid_to:date-order", "6:code:duplicate-code", "7:kind:unknown-kind", "8:name:missing-value",
                "8:valid_from:bad-date")) {
            assertTrue(found.contains(expected), expected + " missing in " + found);
        }
        JsonObject first = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("fel.csv", first.getString("file"));
        assertTrue(!first.getString("message").isBlank());
        assertTrue(unitByCode("IT-" + s + "-OK", "2024-06-01").isEmpty(), "the good row must not be imported");
    }

    @Test
    void peopleFileWithUnknownUnitAndOverlapsIsRefusedWhole() {
        String s = goodOrganisation(Fixtures.suffix());
        Api.Reply r = importFile("people", "personer-fel.csv", Fixtures.text("organisation/people-bad.csv", s)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        List<String> reasons = r.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getInt("line") + ":" + e.getString("reason")).toList();
        assertTrue(reasons.contains("2:unknown-unit"), reasons.toString());
        assertTrue(reasons.contains("4:date-order"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(x -> x.endsWith(":overlapping-period")), reasons.toString());
        assertTrue(reasons.contains("5:unit-not-valid"), reasons.toString());
        assertEquals(0, ADMIN.get("/api/v1/people?q=erik." + s).json().getInt("total"));
    }

    @Test
    void missingColumnIsReportedOnTheHeaderLine() {
        String s = Fixtures.suffix();
        Api.Reply r = importFile("units", "kolumn.csv", Fixtures.text("organisation/units-missing-column.csv", s)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, r.status(), r.toString());
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("missing-column", e.getString("reason"));
        assertEquals("cost_centre", e.getString("column"));
        assertEquals(1, e.getInt("line"));
    }

    @Test
    void windows1252FileFromExcelIsRead() {
        String s = Fixtures.suffix();
        byte[] cp1252 = Fixtures.text("organisation/units-sodermalm.csv", s).getBytes(Charset.forName("windows-1252"));
        assertCounts(importFile("units", "excel.csv", cp1252), 1, 1, 0, 0, 0);
        assertEquals("Södermalms äldreboende Åsö",
                unitByCode("IT-" + s + "-SOD", "2024-01-01").orElseThrow().getString("name"));
    }

    @Test
    void utf16FileWithByteOrderMarkAndCommasIsRead() {
        String s = Fixtures.suffix();
        byte[] text = Fixtures.text("organisation/units-comma.csv", s).getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[text.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(text, 0, withBom, 2, text.length);
        assertCounts(importFile("units", "utf16.csv", withBom), 1, 1, 0, 0, 0);
        assertEquals("Kultur, idrott och fritid",
                unitByCode("IT-" + s + "-KOMMA", "2024-01-01").orElseThrow().getString("name"));
        byte[] be = Fixtures.text("organisation/units-comma.csv", s).getBytes(StandardCharsets.UTF_16);
        assertCounts(importFile("units", "utf16be.csv", be), 1, 0, 0, 0, 1);
    }

    @Test
    void undecodableBytesAreAnError() {
        String s = Fixtures.suffix();
        byte[] good = Fixtures.text("organisation/units-sodermalm.csv", s).getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 3];
        bad[0] = (byte) 0xEF;
        bad[1] = (byte) 0xBB;
        bad[2] = (byte) 0xBF;
        System.arraycopy(good, 0, bad, 3, good.length);
        bad[bad.length - 3] = (byte) 0xFF;
        Api.Reply r = importFile("units", "trasig.csv", bad);
        assertEquals(422, r.status(), r.toString());
        JsonObject e = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("undecodable", e.getString("reason"));
        assertEquals(2, e.getInt("line"));
        assertTrue(unitByCode("IT-" + s + "-SOD", "2024-01-01").isEmpty());
    }

    @Test
    void entraExportMapsDepartmentsAndEndsDisabledAccounts() {
        String s = goodOrganisation(Fixtures.suffix());
        long skola = unitByCode("IT-" + s + "-SDN-SKOLA", TODAY).orElseThrow().getJsonNumber("id").longValue();
        long drift = unitByCode("IT-" + s + "-BOLAG-DRIFT", TODAY).orElseThrow().getJsonNumber("id").longValue();
        JsonArray current = ADMIN.get("/api/v1/department-mappings").array();
        StringBuilder body = new StringBuilder("[");
        for (JsonValue v : current) {
            JsonObject m = v.asJsonObject();
            body.append("{\"department\":\"").append(m.getString("department")).append("\",\"unitId\":")
                    .append(m.getJsonNumber("unitId")).append("},");
        }
        body.append("{\"department\":\"Testskolan ").append(s).append("\",\"unitId\":").append(skola).append("},")
                .append("{\"department\":\"Drift ").append(s).append("\",\"unitId\":").append(drift).append("}]");
        Api.Reply put = ADMIN.putJson("/api/v1/department-mappings", body.toString());
        assertEquals(200, put.status(), put.toString());

        byte[] entra = Fixtures.text("organisation/entra-users.csv", s).getBytes(StandardCharsets.UTF_8);
        // anna is already in the mapped unit; bertil is disabled (a leaver); cecilia is new
        assertCounts(importFile("entra-users", "exportUsers.csv", entra), 3, 1, 0, 1, 1);
        assertCounts(importFile("entra-users", "exportUsers.csv", entra), 3, 0, 0, 0, 3);
        List<String> people = ADMIN.get("/api/v1/units/" + skola + "/people?asOf=" + TODAY).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(p -> p.getString("upn")).toList();
        assertTrue(people.contains("cecilia." + s + "@test.stockholm.se"), people.toString());
        JsonObject bertil = ADMIN.get("/api/v1/people?q=bertil." + s + "&asOf=" + TODAY).json()
                .getJsonArray("items").getJsonObject(0);
        assertEquals(TODAY, bertil.getString("validTo"), "a disabled account's membership ends on the import day");
        assertEquals(0, ADMIN.get("/api/v1/units/" + drift + "/people?asOf="
                + java.time.LocalDate.parse(TODAY).plusDays(1)).json().getInt("total"));

        Api.Reply bad = importFile("entra-users", "fel.csv", Fixtures.text("organisation/entra-users-bad.csv", s)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(422, bad.status(), bad.toString());
        JsonObject e = bad.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("unknown-department", e.getString("reason"));
        assertEquals("Okänd avdelning " + s, e.getString("value"));
    }

    @Test
    void oversizeUploadIsRefusedWith413() throws IOException, InterruptedException {
        byte[] big = new byte[50 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Api.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest declared = HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/imports/units"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build();
        HttpResponse<String> r = send(client, declared);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("upload-too-large"), r.body());

        // no Content-Length (chunked): counted while streaming
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(Api.base() + "/api/v1/imports/units"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private long left = big.length;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'a' : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                        left -= n;
                        return n;
                    }
                })).build();
        HttpResponse<String> c = send(client, chunked);
        assertEquals(413, c.statusCode(), c.body());
        assertNotNull(c.body());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
