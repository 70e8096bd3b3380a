package se.nyckeln.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.nyckeln.launcher.Database;
import se.nyckeln.launcher.FreePorts;
import se.nyckeln.launcher.Server;
import se.nyckeln.platform.security.PasswordHash;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production login: a second WildFly, provisioned by the launcher with {@code configure.cli} and then
 * {@code oidc.cli} exactly as the README tells an operator, started without demo mode against the test
 * database, with the provider and client id given through the documented environment variables.
 *
 * <p>The identity provider is a fake inside this JVM: an OpenID discovery document and a JWKS with an RSA key
 * generated here, and RS256 access tokens minted here. WildFly's elytron-oidc-client fetches the discovery
 * document and the key from it and validates the tokens; Nyckeln only sees the resulting identity, whose
 * roles (from the top-level {@code roles} claim) reach both the JAX-RS {@code @RolesAllowed} checks and the
 * EJBs' {@code SessionContext.isCallerInRole} (the unit scope).
 */
class OidcIT {

    private static final String CLIENT_ID = "nyckeln-it";
    private static final String KID = "nyckeln-it-key";
    private static final String VIEWER = "oidc-viewer@example.org";
    private static final String PASSWORD_USER = "oidc-it-password-user";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    private static HttpServer provider;
    private static String issuer;
    private static KeyPair signingKey;
    private static Process server;
    private static int httpPort;
    private static long rootUnit;
    private static long leafUnit;

    @BeforeAll
    static void startProviderAndServer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signingKey = generator.generateKeyPair();
        startFakeProvider();

        Path itDir = Path.of(System.getProperty("nyckeln.it.dir"));
        Path jbossHome = Path.of(System.getProperty("nyckeln.wildfly.home"));
        Path baseDir = itDir.resolve("oidc-server");
        // a fresh base directory every run: what is tested is configure.cli followed by oidc.cli
        Server.deleteRecursively(baseDir);
        Server.provision(jbossHome, baseDir);
        Server.applyCli(jbossHome, baseDir, "cli/oidc.cli");

        httpPort = FreePorts.any();
        Server.Ports ports = new Server.Ports(httpPort, FreePorts.any(), FreePorts.any(), FreePorts.any(), FreePorts.any());
        Database db = ItEnvironment.database();
        List<String> options = Server.javaOptions(baseDir, ports, db, false, false);
        Server.deploy(Path.of(System.getProperty("nyckeln.ear")), baseDir);
        Path console = itDir.resolve("oidc-server-console.log");
        server = Server.start(jbossHome, baseDir, options,
                Map.of("NYCKELN_OIDC_PROVIDER_URL", issuer, "NYCKELN_OIDC_CLIENT_ID", CLIENT_ID), console);
        Server.awaitHealthy(server, httpPort, Duration.ofMinutes(5), console);

        // The schema exists now (the deployment ran Flyway); the units and the viewer's binding are this
        // test's own, so it does not depend on the demo data or on running after another test.
        try (Connection c = db.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = nyckeln");
            rootUnit = unit(c, "OIDC-IT-ROOT", "KOMMUN", "2120009999", "OIDC-test kommun", null);
            leafUnit = unit(c, "OIDC-IT-LEAF", "SUBUNIT", null, "OIDC-test enhet", rootUnit);
            long userId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_account (username, display_name, roles)"
                    + " VALUES (?, 'OIDC viewer', ARRAY['UNIT_VIEWER']) RETURNING id")) {
                ps.setString(1, VIEWER);
                userId = single(ps);
            }
            s.executeUpdate("INSERT INTO user_unit_scope (user_id, unit_id) VALUES (" + userId + ", " + leafUnit + ")");
            // a password user, as the demo users are: HTTP Basic must not accept it in OIDC mode
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_account (username, display_name,"
                    + " password_hash, roles) VALUES (?, 'Password user', ?, ARRAY['LICENCE_ADMIN']) RETURNING id")) {
                ps.setString(1, PASSWORD_USER);
                ps.setString(2, PasswordHash.hash(Api.PASSWORD));
                single(ps);
            }
        }
    }

    @AfterAll
    static void stopServerAndProvider() throws InterruptedException, SQLException {
        try {
            Server.stop(server);
            if (provider != null) {
                provider.stop(0);
            }
        } finally {
            removeFixtures();
        }
    }

    /**
     * The other ITs share this database: a user_account row left behind would keep the demo server from
     * loading the demo city (it loads only into an empty user table), and extra units would change trees.
     */
    private static void removeFixtures() throws SQLException {
        Database db = ItEnvironment.database();
        try (Connection c = db.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("SET search_path = nyckeln");
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('nyckeln.user_account') IS NOT NULL")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return; // the server never got as far as running the migrations
                }
            }
            // user_unit_scope goes with the user (ON DELETE CASCADE), versions with their unit
            s.executeUpdate("DELETE FROM user_account WHERE username IN ('" + VIEWER + "', '" + PASSWORD_USER + "')");
            s.executeUpdate("DELETE FROM org_unit WHERE code = 'OIDC-IT-LEAF'");
            s.executeUpdate("DELETE FROM org_unit WHERE code = 'OIDC-IT-ROOT'");
        }
    }

    @Test
    void administratorTokenReadsAllUnits() {
        HttpResponse<String> r = get("/api/v1/units", token("oidc-admin", Set.of("LICENCE_ADMIN"), 300, signingKey));
        assertEquals(200, r.statusCode(), r.body());
        Set<Long> ids = ids(r);
        assertTrue(ids.contains(rootUnit) && ids.contains(leafUnit), r.body());
    }

    @Test
    void missingTokenIs401ProblemNotARedirect() {
        // whatever the client accepts: curl sends */*, a browser text/html
        for (String accept : new String[]{null, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8", "application/json"}) {
            HttpRequest.Builder b = request("/api/v1/units");
            if (accept != null) {
                b.header("Accept", accept);
            }
            HttpResponse<String> r = send(b);
            assertEquals(401, r.statusCode(), accept + ": " + r.headers().map() + " " + r.body());
            assertTrue(r.headers().firstValue("Location").isEmpty(), accept + ": " + r.headers().map());
            assertProblem(r, "unauthenticated");
        }
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        HttpResponse<String> r = get("/api/v1/units",
                token("oidc-admin", Set.of("LICENCE_ADMIN"), 300, generator.generateKeyPair()));
        assertEquals(401, r.statusCode(), r.body());
        assertProblem(r, "unauthenticated");
    }

    @Test
    void expiredTokenIs401() {
        HttpResponse<String> r = get("/api/v1/units", token("oidc-admin", Set.of("LICENCE_ADMIN"), -600, signingKey));
        assertEquals(401, r.statusCode(), r.body());
        assertProblem(r, "unauthenticated");
    }

    @Test
    void tokenWithoutTheBearerTypClaimIsRejectedByWildFly() {
        // WildFly's own rule (README: Entra ID needs wildfly.elytron.oidc.disable.typ.claim.validation=true)
        HttpResponse<String> r = get("/api/v1/units", token("oidc-admin", Set.of("LICENCE_ADMIN"), 300, signingKey, false));
        assertEquals(401, r.statusCode(), r.body());
        assertProblem(r, "unauthenticated");
    }

    @Test
    void auditorCannotWrite() {
        String body = Json.createObjectBuilder().add("code", "OIDC-IT-NEW").add("name", "Ny").add("kind", "SUBUNIT")
                .add("parentId", rootUnit).add("validFrom", "2024-01-01").build().toString();
        HttpResponse<String> r = send(request("/api/v1/units")
                .header("Authorization", "Bearer " + token("oidc-auditor", Set.of("AUDITOR"), 300, signingKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, r.statusCode(), r.body());
        assertProblem(r, null);
        // ... while the auditor may read
        assertEquals(200, get("/api/v1/units", token("oidc-auditor", Set.of("AUDITOR"), 300, signingKey)).statusCode());
    }

    @Test
    void tokenWithoutANyckelnRoleIsForbidden() {
        HttpResponse<String> r = get("/api/v1/units", token("oidc-nobody", Set.of("SOMETHING_ELSE"), 300, signingKey));
        assertEquals(403, r.statusCode(), r.body());
        assertProblem(r, null);
    }

    @Test
    void unitViewerSeesOnlyTheUnitsBoundToItsUserName() {
        HttpResponse<String> r = get("/api/v1/units", token(VIEWER, Set.of("UNIT_VIEWER"), 300, signingKey));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Set.of(leafUnit), ids(r), r.body());
    }

    @Test
    void demoUsersAndPasswordsDoNotWorkInOidcMode() {
        // admin is a demo user (absent here unless an Arquillian test's demo server created it first);
        // PASSWORD_USER does have a password hash in user_account: only the token counts
        for (String user : new String[]{"admin", PASSWORD_USER}) {
            HttpResponse<String> r = send(request("/api/v1/units").header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8))));
            assertEquals(401, r.statusCode(), user + ": " + r.body());
            assertProblem(r, "unauthenticated");
        }
    }

    @Test
    void browserIsSentToTheProvidersLogin() {
        HttpResponse<String> r = send(request("/").header("Accept", "text/html,application/xhtml+xml"));
        assertEquals(302, r.statusCode(), r.headers().map() + " " + r.body());
        String location = r.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(issuer + "/auth?") && location.contains("client_id=" + CLIENT_ID), location);
    }

    @Test
    void healthStaysPublic() {
        assertEquals(200, send(request("/api/v1/health")).statusCode());
    }

    // --- the fake OpenID provider -------------------------------------------------------------------------

    private static void startFakeProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort();
        String discovery = Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/auth")
                .add("token_endpoint", issuer + "/token")
                .add("jwks_uri", issuer + "/jwks")
                .add("response_types_supported", Json.createArrayBuilder().add("code"))
                .add("subject_types_supported", Json.createArrayBuilder().add("public"))
                .add("id_token_signing_alg_values_supported", Json.createArrayBuilder().add("RS256"))
                .build().toString();
        RSAPublicKey pub = (RSAPublicKey) signingKey.getPublic();
        String jwks = Json.createObjectBuilder().add("keys", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("kty", "RSA").add("kid", KID).add("use", "sig").add("alg", "RS256")
                .add("n", b64(unsigned(pub.getModulus()))).add("e", b64(unsigned(pub.getPublicExponent())))))
                .build().toString();
        provider.createContext("/.well-known/openid-configuration", ex -> respond(ex, discovery));
        provider.createContext("/jwks", ex -> respond(ex, jwks));
        provider.start();
    }

    private static void respond(HttpExchange ex, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * An access token as Keycloak issues one (Entra ID's differ: no {@code typ} claim, see README), with the
     * roles in the top-level {@code roles} claim.
     */
    private static String token(String user, Set<String> roles, long validSeconds, KeyPair key) {
        return token(user, roles, validSeconds, key, true);
    }

    private static String token(String user, Set<String> roles, long validSeconds, KeyPair key, boolean typClaim) {
        long now = Instant.now().getEpochSecond();
        JsonArrayBuilder roleArray = Json.createArrayBuilder();
        roles.forEach(roleArray::add);
        String header = Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").add("kid", KID).build().toString();
        JsonObjectBuilder claims = Json.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", "sub-" + user)
                .add("preferred_username", user)
                .add("aud", CLIENT_ID)
                .add("azp", CLIENT_ID)
                .add("iat", Math.min(now, now + validSeconds) - 300)
                .add("exp", now + validSeconds)
                .add("roles", roleArray);
        if (typClaim) {
            claims.add("typ", "Bearer");
        }
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.build().toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(sign(signingInput, key.getPrivate()));
    }

    private static byte[] sign(String input, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** JWK integers are unsigned big-endian: BigInteger's leading sign byte goes. */
    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(60));
    }

    private static HttpResponse<String> get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> r, String code) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/problem+json"), type + " " + r.body());
        JsonObject problem = Json.createReader(new StringReader(r.body())).readObject();
        assertEquals(r.statusCode(), problem.getInt("status"), r.body());
        if (code != null) {
            assertEquals(code, problem.getString("code"), r.body());
        }
    }

    private static Set<Long> ids(HttpResponse<String> r) {
        JsonArray units = Json.createReader(new StringReader(r.body())).readArray();
        return units.getValuesAs(JsonObject.class).stream().map(u -> u.getJsonNumber("id").longValue())
                .collect(Collectors.toSet());
    }

    private static long unit(Connection c, String code, String kind, String orgNumber, String name, Long parent)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO org_unit (code, kind, org_number, valid_from)"
                + " VALUES (?, ?, ?, DATE '2000-01-01') RETURNING id")) {
            ps.setString(1, code);
            ps.setString(2, kind);
            ps.setString(3, orgNumber);
            id = single(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO org_unit_version (unit_id, valid_from, name, parent_id)"
                + " VALUES (?, DATE '2000-01-01', ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            if (parent == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(3, parent);
            }
            ps.executeUpdate();
        }
        return id;
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
