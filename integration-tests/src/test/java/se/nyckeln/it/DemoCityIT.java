package se.nyckeln.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.nyckeln.launcher.Database;
import se.nyckeln.launcher.FreePorts;
import se.nyckeln.launcher.Server;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo city as {@code ./nyckeln run} shows it: its own PostgreSQL and WildFly (launcher classes, free ports)
 * with demo mode on and test mode off, so the demo loader loads the organisation and the portfolio
 * (DemoPortfolio). The shared test server runs in test mode, without the portfolio, so the other tests are not
 * disturbed by it. Checked through the REST API, as the demo users.
 */
class DemoCityIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static Database db;
    private static Process server;
    private static int http;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of(System.getProperty("nyckeln.it.dir")).resolve("demo-city");
        Path jbossHome = Path.of(System.getProperty("nyckeln.wildfly.home"));
        Server.deleteRecursively(dir.resolve("postgres"));
        db = Database.start(dir.resolve("postgres"), FreePorts.any(), false);
        Path base = Server.provision(jbossHome, dir.resolve("server"));
        for (String sub : List.of("data", "tmp", "log")) {
            Server.deleteRecursively(base.resolve(sub));
        }
        Server.deploy(Path.of(System.getProperty("nyckeln.ear")), base);
        Server.Ports ports = new Server.Ports(FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any(),
                FreePorts.any());
        http = ports.http();
        Path log = dir.resolve("server.log");
        server = Server.start(jbossHome, base, Server.javaOptions(base, ports, db, true, false), log);
        Server.awaitHealthy(server, http, Duration.ofMinutes(6), log);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                Server.stop(server);
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    @Test
    void kommunAndBolagPoolsOfEveryDemoProduct() {
        JsonArray pools = (JsonArray) get("admin", "/api/v1/pools");
        Set<String> skus = new TreeSet<>();
        Set<Long> owners = new TreeSet<>();
        long allocated = 0;
        for (JsonValue v : pools) {
            JsonObject p = v.asJsonObject();
            skus.add(p.getString("sku"));
            owners.add(p.getJsonNumber("ownerUnitId").longValue());
            allocated += p.getJsonNumber("allocated").longValue();
        }
        assertEquals(Set.of("ADOBE-ACRO-PRO", "ARCGIS-DESKTOP", "M365-A3", "M365-E3", "M365-E5", "M365-F3", "PLATINA-USER"),
                skus);
        // the kommun, SISAB's own pool, and Stokab's (an invoice line to Stokab became an entitlement of its pool)
        assertTrue(owners.size() >= 2, "owners " + owners);
        // 30 + 40 + 25 + 10 + 120 + 20 + 6 + 10 + 3 + 20 + 20 seats allocated by hand
        assertEquals(304, allocated);
    }

    @Test
    void harvestProposesTheSeatsIdleForMoreThan90Days() {
        JsonObject run = (JsonObject) post("admin", "/api/v1/harvest/runs");
        assertTrue(run.containsKey("candidates"), run.toString());
        JsonArray proposals = (JsonArray) get("admin", "/api/v1/harvest/proposals?status=PENDING");
        Map<String, Integer> bySku = new HashMap<>();
        for (JsonValue v : proposals) {
            JsonObject p = v.asJsonObject();
            assertEquals("IDLE", p.getString("reason"), p.toString());
            assertEquals("SDN-SODERMALM", p.getString("unitCode"), p.toString());
            bySku.merge(p.getString("sku"), 1, Integer::sum);
        }
        // Microsoft 365 E3: three seats last used 150 days ago, three never seen; Acrobat: one seat 120 days idle
        assertEquals(Map.of("M365-E3", 6, "ADOBE-ACRO-PRO", 1), bySku);
    }

    @Test
    void purchaseLinesGetEveryVerdictWithTheSekAtStake() {
        JsonArray totals = (JsonArray) get("finance", "/api/v1/purchases/totals");
        Map<String, Long> lines = new HashMap<>();
        Map<String, Long> atStake = new HashMap<>();
        for (JsonValue v : totals) {
            JsonObject t = v.asJsonObject();
            lines.put(t.getString("verdict"), t.getJsonNumber("lines").longValue());
            atStake.put(t.getString("verdict"), t.getJsonNumber("atStakeOre").longValue());
        }
        assertEquals(Map.of("OK", 3L, "WRONG_PRICE", 1L, "WRONG_AGREEMENT", 1L, "AGREEMENT_NOT_VALID", 1L,
                "BUYER_NOT_ENTITLED", 1L, "OFF_AGREEMENT", 1L, "UNKNOWN_PRODUCT", 1L, "BUYER_UNMAPPED", 1L), lines);
        // (3 600 - 3 300) kr × 140 at the tier the city's 350 seats reach; (2 400 - 2 100) kr × 10 at Dustin
        assertEquals(4_200_000L, atStake.get("WRONG_PRICE"));
        assertEquals(300_000L, atStake.get("WRONG_AGREEMENT"));
        assertEquals(0L, atStake.get("OK"));
    }

    @Test
    void theViewerSeesOnlySodermalmsPurchases() {
        JsonObject all = (JsonObject) get("admin", "/api/v1/purchases/lines");
        assertEquals(10, all.getJsonNumber("total").longValue());
        JsonObject mine = (JsonObject) get("viewer", "/api/v1/purchases/lines");
        JsonArray items = mine.getJsonArray("items");
        assertEquals(3, mine.getJsonNumber("total").longValue());
        Set<Long> units = new TreeSet<>();
        Set<String> refs = new TreeSet<>();
        for (JsonValue v : items) {
            units.add(v.asJsonObject().getJsonNumber("unitId").longValue());
            refs.add(v.asJsonObject().getString("buyerReference"));
        }
        assertEquals(1, units.size(), "units " + units);
        assertEquals(Set.of("SOD-IT"), refs);
        JsonArray proposals = (JsonArray) get("viewer", "/api/v1/harvest/proposals?status=ALL");
        for (JsonValue v : proposals) {
            assertEquals("SDN-SODERMALM", v.asJsonObject().getString("unitCode"));
        }
        assertFalse(((JsonArray) get("viewer", "/api/v1/purchases/totals")).isEmpty());
    }

    // ------------------------------------------------------------------ HTTP

    private static JsonStructure get(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    private static JsonStructure post(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("")));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http + path);
    }

    private static JsonStructure send(String user, HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + Api.PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            try (var reader = Json.createReader(new StringReader(r.body()))) {
                return reader.read();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
