package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool is never oversubscribed, whatever arrives at once: 60 requests of one seat each hit a pool with 5 seats
 * left, from 24 threads released together. Exactly 5 may succeed, every other one must be a 409
 * {@code pool-exhausted} problem (never a 5xx), and afterwards the pool is exactly full with every seat
 * accounted for in the per-unit allocations. Concurrent reallocations on one pool likewise end in a 2xx or a 409,
 * never a 5xx, and lose no seat.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PoolConcurrencyIT {

    private static final int REQUESTS = 60;
    private static final int THREADS = 24;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void concurrentAllocationsFillThePoolExactlyAndNeverBeyond() throws Exception {
        Map<String, Long> units = Licensing.unitIds();
        long product = Licensing.product("CONC-" + Fixtures.suffix(), "NAMED_USER");
        long pool = Licensing.entitle(product, units.get("KOMMUN"), 40, null);
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, units.get("KS"), 35).status());

        List<Long> targets = List.of(units.get("KS"), units.get("SDN-SODERMALM"), units.get("SDN-BROMMA"),
                units.get("FN-UTB"));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                long unit = targets.get(i % targets.size());
                replies.add(threads.submit(() -> {
                    start.await();
                    return Licensing.allocate(Api.as("admin").inEnglish(), pool, unit, 1);
                }));
            }
            start.countDown();
            int ok = 0;
            int exhausted = 0;
            List<String> unexpected = new ArrayList<>();
            for (Future<Api.Reply> f : replies) {
                Api.Reply r = f.get(180, TimeUnit.SECONDS);
                if (r.status() >= 200 && r.status() < 300) {
                    ok++;
                } else if (r.status() == 409 && r.isProblem() && "pool-exhausted".equals(r.json().getString("code"))
                        && r.json().getString("detail").startsWith("The pool cannot cover it: 0 seats free")) {
                    exhausted++;
                } else {
                    unexpected.add(r.toString());
                }
            }
            assertTrue(unexpected.isEmpty(), "neither 2xx nor 409 pool-exhausted: " + unexpected);
            assertEquals(5, ok, "exactly the 5 free seats are given");
            assertEquals(REQUESTS - 5, exhausted);
        } finally {
            threads.shutdownNow();
        }

        JsonObject after = Licensing.pool(Licensing.ADMIN, pool);
        assertEquals(40, after.getJsonNumber("capacity").longValue());
        assertEquals(40, after.getJsonNumber("allocated").longValue(), after.toString());
        assertEquals(0, after.getJsonNumber("free").longValue());
        long sum = Licensing.allocations(after).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(40, sum, "every allocated seat belongs to a unit: " + after);

        Api.Reply more = Licensing.allocate(Licensing.ADMIN, pool, units.get("KS"), 1);
        assertEquals(409, more.status(), more.toString());
        assertEquals("pool-exhausted", more.json().getString("code"));
    }

    /**
     * Reallocations back and forth between two units of a full pool, mixed with allocations, all at once: each
     * answer is a 2xx or a 409 problem, and the seats the successful moves account for are exactly where they are.
     */
    @Test
    void concurrentReallocationsLoseNoSeat() throws Exception {
        Map<String, Long> units = Licensing.unitIds();
        long a = units.get("SDN-SODERMALM");
        long b = units.get("SDN-BROMMA");
        long product = Licensing.product("CONC-RE-" + Fixtures.suffix(), "NAMED_USER");
        long pool = Licensing.entitle(product, units.get("KOMMUN"), 30, null);
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, a, 15).status());
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, b, 15).status());
        String today = LocalDate.now(ZoneId.of("Europe/Stockholm")).toString();

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                int kind = i % 3; // 0: a→b, 1: b→a, 2: one more seat (the pool is full)
                kinds.add(kind);
                long from = kind == 0 ? a : b;
                long to = kind == 0 ? b : a;
                replies.add(threads.submit(() -> {
                    start.await();
                    Api admin = Api.as("admin");
                    return kind == 2 ? Licensing.allocate(admin, pool, a, 1)
                            : admin.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":" + from
                            + ",\"toUnitId\":" + to + ",\"quantity\":7,\"from\":\"" + today + "\",\"reason\":\"last\"}");
                }));
            }
            start.countDown();
            long expectedA = 15;
            List<String> unexpected = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Api.Reply r = replies.get(i).get(180, TimeUnit.SECONDS);
                int kind = kinds.get(i);
                if (r.status() == 201 && kind != 2) {
                    expectedA += kind == 0 ? -7 : 7;
                } else if (r.status() == 409 && r.isProblem()) {
                    String code = r.json().getString("code");
                    if (!code.equals(kind == 2 ? "pool-exhausted" : "reallocation-exceeds-allocation")) {
                        unexpected.add(r.toString());
                    }
                } else {
                    unexpected.add(r.toString());
                }
            }
            assertTrue(unexpected.isEmpty(), "neither a move nor a clear refusal: " + unexpected);
            JsonObject after = Licensing.pool(Licensing.ADMIN, pool);
            Map<Long, Long> seats = Licensing.allocations(after);
            assertEquals(30, after.getJsonNumber("allocated").longValue(), after.toString());
            assertEquals(expectedA, seats.getOrDefault(a, 0L), "A holds what the successful moves left it: " + after);
            assertEquals(30 - expectedA, seats.getOrDefault(b, 0L), after.toString());
        } finally {
            threads.shutdownNow();
        }
    }
}
