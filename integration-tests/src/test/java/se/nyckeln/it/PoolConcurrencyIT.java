package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * accounted for in the per-unit allocations.
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
}
