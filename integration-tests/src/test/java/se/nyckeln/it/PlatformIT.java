package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform seen from outside: health, authentication answers, problem+json shape, OpenAPI. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PlatformIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void healthIsPublicAndReportsDatabaseAndMigrations() {
        Api.Reply r = Api.anonymous().get("/api/v1/health");
        assertEquals(200, r.status(), r.toString());
        assertEquals("UP", r.json().getString("status"));
        assertTrue(r.json().getBoolean("database"));
        assertTrue(r.json().getBoolean("migrations"));
    }

    @Test
    void unauthenticatedApiCallGets401ProblemNotARedirect() {
        Api.Reply r = Api.anonymous().get("/api/v1/units");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertEquals("unauthenticated", r.json().getString("code"));
        assertEquals(401, r.json().getInt("status"));
        assertTrue(r.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void wrongPasswordIs401() {
        Api.Reply r = Api.as("admin-does-not-exist").get("/api/v1/units");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.isProblem());
    }

    @Test
    void problemTextFollowsAcceptLanguage() {
        String sv = Api.anonymous().get("/api/v1/units").json().getString("title");
        String en = Api.anonymous().inEnglish().get("/api/v1/units").json().getString("title");
        assertEquals("Inloggning krävs", sv);
        assertEquals("Authentication required", en);
    }

    @Test
    void unauthenticatedPageRequestIsRedirectedToLogin() {
        Api.Reply r = Api.anonymous().get("/");
        assertEquals(302, r.status(), r.toString());
        assertTrue(r.raw().headers().firstValue("Location").orElse("").contains("/login.xhtml"));
    }

    @Test
    void loginPageIsPublic() {
        Api.Reply r = Api.anonymous().get("/login.xhtml");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("Logga in"), r.body());
    }

    @Test
    void unknownApiPathIsProblemJsonWithoutStackTrace() {
        Api.Reply r = Api.as("admin").get("/api/v1/no-such-thing");
        assertEquals(404, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        assertFalse(r.body().contains("Exception"));
    }

    @Test
    void openApiDocumentIsPublic() {
        Api.Reply r = Api.anonymous().get("/openapi");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("openapi"));
    }

    // ---------------------------------------------------------------- jobs

    @Test
    void jobsListShowsTheHeartbeatWithItsNextFiringForAdminAndFinance() {
        for (String user : new String[] {"admin", "finance"}) {
            Api.Reply r = Api.as(user).get("/api/v1/jobs");
            assertEquals(200, r.status(), r.toString());
            JsonObject heartbeat = r.array().getValuesAs(JsonObject.class).stream()
                    .filter(j -> j.getString("name").equals("heartbeat")).findFirst().orElseThrow();
            assertTrue(heartbeat.getBoolean("enabled"));
            assertFalse(heartbeat.getBoolean("overlapAllowed"));
            assertTrue(Instant.parse(heartbeat.getString("nextFireTime")).isAfter(Instant.now().minusSeconds(5)));
        }
    }

    @Test
    void jobsAreNotForOtherRoles() {
        assertEquals(403, Api.as("viewer").get("/api/v1/jobs").status());
        assertEquals(403, Api.as("auditor").post("/api/v1/jobs/heartbeat/run", "application/json", new byte[0]).status());
        assertEquals(401, Api.anonymous().get("/api/v1/jobs").status());
    }

    @Test
    void runningAJobByHandIsAcceptedAndItsRunShowsUp() throws InterruptedException {
        Api.Reply r = Api.as("finance").post("/api/v1/jobs/heartbeat/run", "application/json", new byte[0]);
        assertEquals(202, r.status(), r.toString());
        Instant asked = Instant.now().minusSeconds(1);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            JsonObject heartbeat = Api.as("admin").get("/api/v1/jobs").array().getValuesAs(JsonObject.class).stream()
                    .filter(j -> j.getString("name").equals("heartbeat")).findFirst().orElseThrow();
            JsonValue last = heartbeat.get("lastRun");
            if (last instanceof JsonObject run && "SUCCEEDED".equals(run.getString("outcome"))
                    && Instant.parse(run.getString("startedAt")).isAfter(asked)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the heartbeat run by hand did not succeed within 30 s");
    }

    @Test
    void runningAnUnknownJobIs404Problem() {
        Api.Reply r = Api.as("admin").post("/api/v1/jobs/no-such-job/run", "application/json", new byte[0]);
        assertEquals(404, r.status(), r.toString());
        assertTrue(r.isProblem());
        assertEquals("not-found", r.json().getString("code"));
    }

    // ---------------------------------------------------------------- audit

    @Test
    void auditorReadsTheTrailFilteredByEntityType() {
        Api.Reply r = Api.as("auditor").get("/api/v1/audit?entityType=DemoCity&limit=5");
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.array().isEmpty(), "the demo load is audited");
        for (JsonObject e : r.array().getValuesAs(JsonObject.class)) {
            assertEquals("DemoCity", e.getString("entityType"));
        }
        assertEquals(200, Api.as("admin").get("/api/v1/audit?limit=1").status());
    }

    @Test
    void auditTimeFilterIsAHalfOpenInterval() {
        Api.Reply none = Api.as("auditor").get("/api/v1/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z");
        assertEquals(200, none.status(), none.toString());
        assertTrue(none.array().isEmpty());
    }

    @Test
    void auditIsNotForFinanceAndMalformedInstantIs400() {
        assertEquals(403, Api.as("finance").get("/api/v1/audit").status());
        Api.Reply bad = Api.as("auditor").get("/api/v1/audit?from=yesterday");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.isProblem());
    }

    // ---------------------------------------------------------------- test clock (the IT server runs in test mode)

    @Test
    void adminMovesTheClockInTestModeAndResetsIt() {
        try {
            Api.Reply set = Api.as("admin").putJson("/api/v1/test/clock", "{\"instant\": \"2026-11-30T23:30:00Z\"}");
            assertEquals(200, set.status(), set.toString());
            assertEquals(Instant.parse("2026-11-30T23:30:00Z"), Instant.parse(set.json().getString("instant")));
        } finally {
            Api.Reply reset = Api.as("admin").delete("/api/v1/test/clock");
            assertEquals(200, reset.status(), reset.toString());
            Instant now = Instant.parse(reset.json().getString("instant"));
            assertTrue(Math.abs(now.getEpochSecond() - Instant.now().getEpochSecond()) < 60, now.toString());
        }
    }

    @Test
    void clockNeedsAnInstantAndTheAdminRole() {
        Api.Reply missing = Api.as("admin").putJson("/api/v1/test/clock", "{}");
        assertEquals(422, missing.status(), missing.toString());
        assertEquals("clock-instant-required", missing.json().getString("code"));
        assertEquals(403, Api.as("finance").delete("/api/v1/test/clock").status());
    }
}
