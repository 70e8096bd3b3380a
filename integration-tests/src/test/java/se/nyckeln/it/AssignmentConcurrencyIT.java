package se.nyckeln.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import static se.nyckeln.it.Licensing.ADMIN;

/**
 * Allocations and assignments at once on a nearly full pool: 60 requests from 24 threads released together,
 * half asking the pool for one more seat for a unit, half giving one of that unit's seats to a new person. The
 * pool has 3 seats left and the unit 2 unassigned ones. Every answer must be a 2xx or a 409 problem saying
 * {@code pool-exhausted} or {@code no-free-seat} (never a 5xx); afterwards the pool is exactly full, the unit never
 * has more seats assigned than it holds, and the database's counters equal its ledgers (no request was lost or
 * counted twice). Finally the unit is filled one by one, which must stop exactly at its seats.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AssignmentConcurrencyIT {

    private static final int REQUESTS = 60;
    private static final int THREADS = 24;
    private static final int CAPACITY = 20;
    private static final int HELD = 17;
    private static final int ASSIGNED = 15;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void mixedAllocationsAndAssignmentsNeverOversubscribeAndLoseNothing() throws Exception {
        Map<String, Long> units = Licensing.unitIds();
        long unit = units.get("SDN-SODERMALM");
        String s = Fixtures.suffix();
        long pool = Licensing.entitle(Licensing.product("CONC-AS-" + s, "NAMED_USER"), units.get("KOMMUN"), CAPACITY,
                null);
        assertEquals(200, Licensing.allocate(ADMIN, pool, unit, HELD).status());
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < ASSIGNED + REQUESTS; i++) {
            people.add(Licensing.person("conc-" + i + "-" + s + "@stad.se", unit));
        }
        for (int i = 0; i < ASSIGNED; i++) {
            assertEquals(201, Licensing.assign(ADMIN, pool, unit, "personId", people.get(i)).status());
        }

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        int allocated = 0;
        int assigned = 0;
        List<String> unexpected = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                boolean allocation = i % 2 == 0;
                long person = people.get(ASSIGNED + i);
                replies.add(threads.submit(() -> {
                    start.await();
                    Api admin = Api.as("admin").inEnglish();
                    return allocation ? Licensing.allocate(admin, pool, unit, 1)
                            : Licensing.assign(admin, pool, unit, "personId", person);
                }));
            }
            start.countDown();
            for (int i = 0; i < REQUESTS; i++) {
                boolean allocation = i % 2 == 0;
                Api.Reply r = replies.get(i).get(180, TimeUnit.SECONDS);
                if (allocation && r.status() == 200) {
                    allocated++;
                } else if (!allocation && r.status() == 201) {
                    assigned++;
                } else if (r.status() != 409 || !r.isProblem()
                        || !r.json().getString("code").equals(allocation ? "pool-exhausted" : "no-free-seat")) {
                    unexpected.add(r.toString());
                }
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(unexpected.isEmpty(), "neither a success nor a clear 409: " + unexpected);
        assertEquals(CAPACITY - HELD, allocated, "exactly the pool's free seats are allocated");
        assertTrue(assigned >= HELD - ASSIGNED && assigned <= CAPACITY - ASSIGNED,
                "the unit's free seats, with or without the new ones: " + assigned);

        JsonObject after = Licensing.pool(ADMIN, pool);
        assertEquals(CAPACITY, after.getJsonNumber("allocated").longValue(), "the pool is exactly full: " + after);
        assertEquals(0, after.getJsonNumber("free").longValue());
        assertEquals(Map.of(unit, (long) CAPACITY), Licensing.allocations(after));
        Counters c = counters(pool, unit);
        assertEquals(CAPACITY, c.unitAllocated, "the unit's counter: " + c);
        assertEquals(ASSIGNED + assigned, c.unitAssigned, "every 201 and nothing else was counted: " + c);
        assertEquals(c.unitAssigned, c.openAssignments, "counter = open assignments: " + c);
        assertEquals(c.unitAllocated, c.movements, "counter = allocation ledger: " + c);
        assertEquals(c.poolAllocated, c.movements, "pool counter = allocation ledger: " + c);
        assertTrue(c.unitAssigned <= c.unitAllocated, c.toString());
        assertEquals(ASSIGNED + assigned, ADMIN.get("/api/v1/pools/" + pool + "/assignments").array().size());

        // fill the unit's remaining seats one at a time: it must take exactly as many as the counters say are free
        int topped = 0;
        for (int i = ASSIGNED; i < people.size(); i++) {
            Api.Reply r = Licensing.assign(ADMIN, pool, unit, "personId", people.get(i));
            if (r.status() == 201) {
                topped++;
            } else {
                assertEquals(409, r.status(), r.toString());
                String code = r.json().getString("code");
                assertTrue(code.equals("assignment-exists") || code.equals("no-free-seat"), r.toString());
            }
        }
        assertEquals(CAPACITY - ASSIGNED - assigned, topped);
        Counters full = counters(pool, unit);
        assertEquals(CAPACITY, full.unitAssigned, "the unit ends exactly full: " + full);
        assertEquals(full.unitAssigned, full.openAssignments, full.toString());
    }

    private record Counters(long poolAllocated, long unitAllocated, long unitAssigned, long movements,
                            long openAssignments) {
    }

    /** Read under the API, as the database holds them. */
    private static Counters counters(long pool, long unit) throws SQLException {
        try (Connection c = ItEnvironment.database().superuserConnection()) {
            c.createStatement().execute("SET search_path = nyckeln");
            return new Counters(one(c, "SELECT allocated FROM licence_pool WHERE id = ?", pool),
                    one(c, "SELECT allocated FROM pool_unit_seats WHERE pool_id = ? AND unit_id = ?", pool, unit),
                    one(c, "SELECT assigned FROM pool_unit_seats WHERE pool_id = ? AND unit_id = ?", pool, unit),
                    one(c, "SELECT coalesce(sum(delta), 0) FROM allocation_movement WHERE pool_id = ?", pool),
                    one(c, "SELECT count(*) FROM licence_assignment WHERE pool_id = ? AND unit_id = ?"
                            + " AND valid_to IS NULL", pool, unit));
        }
    }

    private static long one(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setLong(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getLong(1);
            }
        }
    }
}
