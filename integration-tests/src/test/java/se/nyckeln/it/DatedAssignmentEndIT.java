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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An assignment ended on a future day: figures read by date see the end at once, the seat itself stays with its
 * holder until the nightly job {@code assignment-ends} reaches the day (the test moves the clock there).
 * Bromma holds one seat; Anna has it; her end is dated today + 3.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatedAssignmentEndIT {

    private static final Api ADMIN = Api.as("admin");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static long assigned(long pool, long unit, LocalDate asOf) {
        Api.Reply r = ADMIN.get("/api/v1/licence-position/units?asOf=" + asOf);
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("poolId").longValue() == pool && o.getJsonNumber("unitId").longValue() == unit)
                .mapToLong(o -> o.getJsonNumber("assigned").longValue()).sum();
    }

    /** Runs the job now and waits for its run to finish; answers the seats it returned to the pool's units. */
    private static long jobReturned(long pool) throws InterruptedException {
        long before = seatReturns(pool);
        Api.Reply fired = ADMIN.postJson("/api/v1/jobs/assignment-ends/run", "{}");
        assertTrue(fired.status() < 300, fired.toString());
        long startedAfter = System.currentTimeMillis();
        for (int i = 0; i < 150; i++) {
            Thread.sleep(200);
            Api.Reply jobs = ADMIN.get("/api/v1/jobs");
            JsonObject job = jobs.array().stream().map(JsonValue::asJsonObject)
                    .filter(o -> "assignment-ends".equals(o.getString("name"))).findFirst().orElseThrow();
            if (job.containsKey("lastRun") && !job.isNull("lastRun")
                    && !"RUNNING".equals(job.getJsonObject("lastRun").getString("outcome"))
                    && java.time.Instant.parse(job.getJsonObject("lastRun").getString("startedAt")).toEpochMilli()
                    >= startedAfter - 5_000) {
                assertEquals("SUCCEEDED", job.getJsonObject("lastRun").getString("outcome"), job.toString());
                return seatReturns(pool) - before;
            }
        }
        throw new AssertionError("the job did not finish");
    }

    private static boolean mentionsPool(String json, long pool) {
        return java.util.regex.Pattern.compile("\"poolId\":" + pool + "(?!\\d)").matcher(json).find();
    }

    private static long seatReturns(long pool) {
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=AssignmentSeatReturn&limit=1000");
        assertEquals(200, audit.status(), audit.toString());
        return audit.array().stream().map(JsonValue::asJsonObject).map(JsonObject::toString)
                .filter(e -> mentionsPool(e, pool)).count();
    }

    @Test
    void aDatedEndCountsByDateAtOnceAndReturnsTheSeatWhenTheDayComes() throws InterruptedException {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long bromma = units.get("SDN-BROMMA");
        long pool = Licensing.entitle(Licensing.product("END-" + s, "NAMED_USER"), units.get("KOMMUN"), 2, null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 1).status());
        LocalDate today = LocalDate.parse(Licensing.pool(ADMIN, pool).getString("asOf"));
        long anna = Licensing.person("end-anna-" + s.toLowerCase() + "@stad.se", bromma);
        long bo = Licensing.person("end-bo-" + s.toLowerCase() + "@stad.se", bromma);
        Api.Reply a = Licensing.assign(ADMIN, pool, bromma, "personId", anna);
        assertEquals(201, a.status(), a.toString());
        long annas = a.json().getJsonNumber("id").longValue();

        LocalDate lastDay = today.plusDays(3);
        Api.Reply ended = ADMIN.postJson("/api/v1/assignments/" + annas + "/end", "{\"lastDay\":\"" + lastDay + "\"}");
        assertEquals(200, ended.status(), ended.toString());
        assertEquals(lastDay.toString(), ended.json().getString("validTo"));
        // by date: in force through the last day, gone the day after — nothing had to run
        assertEquals(1, assigned(pool, bromma, lastDay));
        assertEquals(0, assigned(pool, bromma, lastDay.plusDays(1)));
        // the seat is still Anna's: no one else gets it, and Anna cannot be given a second one meanwhile
        Api.Reply early = Licensing.assign(ADMIN, pool, bromma, "personId", bo);
        assertEquals(409, early.status(), early.toString());
        assertEquals("no-free-seat", early.json().getString("code"));
        assertEquals(409, ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + bromma
                + ",\"personId\":" + anna + ",\"from\":\"" + lastDay + "\"}").status());
        assertEquals(409, ADMIN.postJson("/api/v1/assignments/" + annas + "/end", "{\"lastDay\":\"" + today + "\"}")
                .status(), "an end already recorded is not recorded twice");

        try {
            // on the last day the job returns nothing yet: the seat is Anna's through that day
            assertEquals(200, ADMIN.putJson("/api/v1/test/clock", "{\"instant\":\"" + lastDay + "T10:00:00Z\"}").status());
            assertEquals(0, jobReturned(pool), "nothing due on the last day");
            Api.Reply set = ADMIN.putJson("/api/v1/test/clock", "{\"instant\":\"" + lastDay.plusDays(1) + "T10:00:00Z\"}");
            assertEquals(200, set.status(), set.toString());
            Api.Reply fired = ADMIN.postJson("/api/v1/jobs/assignment-ends/run", "{}");
            assertTrue(fired.status() < 300, fired.toString());
            Api.Reply bos = null;
            for (int i = 0; i < 150; i++) {
                Thread.sleep(200);
                bos = Licensing.assign(ADMIN, pool, bromma, "personId", bo);
                if (bos.status() == 201) {
                    break;
                }
            }
            assertEquals(201, bos.status(), "the job gave Anna's seat back the day after her last day: " + bos);
        } finally {
            assertEquals(200, ADMIN.delete("/api/v1/test/clock").status());
        }
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=AssignmentSeatReturn&limit=5");
        assertEquals(200, audit.status());
        assertTrue(audit.array().stream().map(JsonValue::asJsonObject).map(JsonObject::toString)
                .anyMatch(e -> mentionsPool(e, pool)), audit.toString());
    }

    @Test
    void aLapsedEntitlementStopsAllocationsAfterTheNightlyCapacityRefresh() throws InterruptedException {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long bromma = units.get("SDN-BROMMA");
        long kommun = units.get("KOMMUN");
        long product = Licensing.product("LAPSE-" + s, "NAMED_USER");
        long pool = Licensing.entitle(product, kommun, 3, null);
        LocalDate today = LocalDate.parse(Licensing.pool(ADMIN, pool).getString("asOf"));
        LocalDate lastDay = today.plusDays(2);
        assertEquals(pool, Licensing.entitle(product, kommun, 5, lastDay.toString()));
        assertEquals(200, Licensing.allocate(ADMIN, pool, bromma, 7).status());
        assertEquals(1, Licensing.pool(ADMIN, pool).getJsonNumber("free").longValue());
        try {
            assertEquals(200, ADMIN.putJson("/api/v1/test/clock", "{\"instant\":\"" + lastDay.plusDays(1)
                    + "T10:00:00Z\"}").status());
            // by date the shortfall shows at once: 3 entitled, 7 allocated
            Api.Reply position = ADMIN.get("/api/v1/licence-position");
            JsonObject row = position.array().stream().map(JsonValue::asJsonObject)
                    .filter(o -> o.getJsonNumber("poolId").longValue() == pool).findFirst().orElseThrow();
            assertEquals(3, row.getJsonNumber("entitled").longValue(), row.toString());
            assertEquals(-4, row.getJsonNumber("surplus").longValue(), row.toString());
            // the guard counter is "as of now": until the nightly refresh it still counts the lapsed 5
            assertEquals(1, Licensing.pool(ADMIN, pool).getJsonNumber("free").longValue());
            Api.Reply fired = ADMIN.postJson("/api/v1/jobs/pool-capacity/run", "{}");
            assertTrue(fired.status() < 300, fired.toString());
            JsonObject after = null;
            for (int i = 0; i < 150; i++) {
                Thread.sleep(200);
                after = Licensing.pool(ADMIN, pool);
                if (after.getJsonNumber("capacity").longValue() != 8) {
                    break;
                }
            }
            assertEquals(7, after.getJsonNumber("capacity").longValue(), "held at the allocated count: " + after);
            assertEquals(0, after.getJsonNumber("free").longValue());
            Api.Reply refused = Licensing.allocate(ADMIN, pool, bromma, 1);
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("pool-exhausted", refused.json().getString("code"));
        } finally {
            assertEquals(200, ADMIN.delete("/api/v1/test/clock").status());
        }
        Api.Reply audit = Api.as("auditor").get("/api/v1/audit?entityType=PoolCapacityRefresh&limit=5");
        assertTrue(audit.array().stream().map(JsonValue::asJsonObject).map(JsonObject::toString)
                .anyMatch(e -> mentionsPool(e, pool)), audit.toString());
    }
}
