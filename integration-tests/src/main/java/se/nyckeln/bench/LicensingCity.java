package se.nyckeln.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The licensing part of the benchmark city, made by the harness on top of the imported organisation (people and
 * devices with their units): {@value #PRODUCTS} products, one pool each, an entitlement and the units' seats, and
 * the assignments (1,000,000 at benchmark size, {@code nyckeln.bench.assignments}); and the usage rows the usage
 * import scenario sends ({@code nyckeln.bench.usage.rows}, target 10,000,000). All of it is deterministic and
 * written with SQL/COPY directly (setup, never measured): what the scenarios measure is the application reading it.
 *
 * <p>Shape (pure, see {@link #assignmentKey}/{@link #usageKey}): assignment {@code i} is in pool {@code i % 400}
 * and goes to holder number {@code i / 400} of that pool; pools 0–199 are per named user (people), 200–399 per
 * device. Usage row {@code i} for {@code i < assignments} is the evidence of assignment {@code i}; later rows are
 * further distinct (product, holder) pairs. So every assignment has evidence, with a last-use date spread over
 * the past year ({@link #lastUsed}), and no (product, holder) pair repeats. Assignments began over the past 24
 * months ({@link #assignedOn}); ledger and entitlements 25 months back.
 */
final class LicensingCity {

    static final int PRODUCTS = 400;
    static final int PERSON_PRODUCTS = 200;
    static final long TARGET_USAGE_ROWS = 10_000_000L;
    static final long TARGET_ASSIGNMENTS = 1_000_000L;

    /** A holder of a pool: its index into the people (named-user pools) or devices (device pools). */
    record Key(int pool, boolean device, int holder) {
    }

    record Holder(long id, String name, long unitId) {
    }

    final LocalDate today;
    final List<Holder> people;
    final List<Holder> devices;
    final long[] unitIds;
    final int assignments;
    final long usageRows;
    final long[] productIds = new long[PRODUCTS];

    private LicensingCity(LocalDate today, List<Holder> people, List<Holder> devices, long[] unitIds,
                          long assignments, long usageRows) {
        this.today = today;
        this.people = people;
        this.devices = devices;
        this.unitIds = unitIds;
        long max = maxPairs(people.size(), devices.size());
        this.assignments = (int) Math.min(assignments, max);
        this.usageRows = Math.min(Math.max(usageRows, this.assignments), max);
    }

    /** Distinct (pool, holder) pairs the shape can make: each pool's holders are distinct up to the smaller list. */
    static long maxPairs(int people, int devices) {
        return (long) PRODUCTS * Math.max(0, Math.min(people, devices) - 1);
    }

    static String sku(int pool) {
        return String.format(Locale.ROOT, "BENCH-%03d", pool);
    }

    /** Assignment {@code i}: pool {@code i % 400}, the pool's holder number {@code i / 400}. */
    static Key assignmentKey(long i, int people, int devices) {
        int pool = (int) (i % PRODUCTS);
        return key(pool, i / PRODUCTS, people, devices);
    }

    /**
     * Usage row {@code i}: the evidence of assignment {@code i} while there are assignments, then further pairs
     * with holder numbers after the assignments' ones (so never the same pair twice while the count stays within
     * {@link #maxPairs}).
     */
    static Key usageKey(long i, long assignments, int people, int devices) {
        if (i < assignments) {
            return assignmentKey(i, people, devices);
        }
        long firstFree = (assignments + PRODUCTS - 1) / PRODUCTS;
        long j = i - assignments;
        return key((int) (j % PRODUCTS), firstFree + j / PRODUCTS, people, devices);
    }

    private static Key key(int pool, long k, int people, int devices) {
        boolean device = pool >= PERSON_PRODUCTS;
        int n = device ? devices : people;
        // the offset spreads the pools over different holders; k < n keeps a pool's holders distinct
        return new Key(pool, device, (int) ((k + 7L * pool) % n));
    }

    /** Start of assignment {@code i}: 30–729 days before today, so the statistics' 24 months all have history. */
    static LocalDate assignedOn(long i, LocalDate today) {
        return today.minusDays(30 + (i * 13) % 700);
    }

    /** Last use of usage row {@code i}: 0–364 days before today, about a quarter within the last 90 days. */
    static LocalDate lastUsed(long i, LocalDate today) {
        return today.minusDays((i * 37) % 365);
    }

    private static LicensingCity shared;

    /** The run's licensing city: loaded and written on first use (by the first licensing scenario). */
    static synchronized LicensingCity shared(BenchContext ctx) throws SQLException, IOException {
        if (shared == null) {
            LicensingCity city = load(ctx, LocalDate.now());
            Benchmarks.log("licensing city: %d products, %d assignments, %d people, %d devices", PRODUCTS,
                    city.assignments, city.people.size(), city.devices.size());
            city.writeCatalogueAndAssignments(ctx);
            shared = city;
        }
        return shared;
    }

    static LicensingCity load(BenchContext ctx, LocalDate today) throws SQLException {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            List<Holder> people = holders(s, "SELECT p.id, p.upn, m.unit_id FROM nyckeln.person p"
                    + " JOIN nyckeln.person_membership m ON m.person_id = p.id AND m.valid_to IS NULL"
                    + " AND m.valid_from <= current_date ORDER BY p.id");
            List<Holder> devices = holders(s, "SELECT d.id, d.serial_number, m.unit_id FROM nyckeln.device d"
                    + " JOIN nyckeln.device_membership m ON m.device_id = d.id AND m.valid_to IS NULL"
                    + " AND m.valid_from <= current_date ORDER BY d.id");
            List<Long> units = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM nyckeln.org_unit WHERE valid_to IS NULL ORDER BY id")) {
                while (rs.next()) {
                    units.add(rs.getLong(1));
                }
            }
            if (people.isEmpty() || devices.isEmpty() || units.size() < 2) {
                throw new IllegalStateException("the organisation is not imported (people " + people.size()
                        + ", devices " + devices.size() + ", units " + units.size() + ")");
            }
            return new LicensingCity(today, people, devices, units.stream().mapToLong(Long::longValue).toArray(),
                    Long.getLong("nyckeln.bench.assignments", TARGET_ASSIGNMENTS),
                    Long.getLong("nyckeln.bench.usage.rows", TARGET_USAGE_ROWS));
        }
    }

    private static List<Holder> holders(Statement s, String sql) throws SQLException {
        List<Holder> list = new ArrayList<>();
        Long last = null;
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (last == null || last != id) {
                    list.add(new Holder(id, rs.getString(2), rs.getLong(3)));
                }
                last = id;
            }
        }
        return list;
    }

    Holder holder(Key k) {
        return (k.device() ? devices : people).get(k.holder());
    }

    /**
     * Products, pools, entitlements, allocations (ledger and counters) and the assignments, by COPY in one
     * transaction. One assignment in a hundred is in another unit than its holder's (a "moved" person or device).
     */
    void writeCatalogueAndAssignments(BenchContext ctx) throws SQLException, IOException {
        try (Connection c = ctx.database().superuserConnection()) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long owner = unitIds[0];
            try (Statement s = c.createStatement()) {
                for (int p = 0; p < PRODUCTS; p++) {
                    try (ResultSet rs = s.executeQuery("INSERT INTO nyckeln.product (publisher, name, sku, metric, term)"
                            + " VALUES ('Bench', 'Benchmark product " + String.format(Locale.ROOT, "%03d", p) + "', '"
                            + sku(p) + "', '" + (p < PERSON_PRODUCTS ? "NAMED_USER" : "DEVICE")
                            + "', 'SUBSCRIPTION') RETURNING id")) {
                        rs.next();
                        productIds[p] = rs.getLong(1);
                    }
                    s.execute("INSERT INTO nyckeln.product_alias (product_id, alias) VALUES (" + productIds[p] + ", '"
                            + sku(p) + "')");
                }
            }
            // assignments per (pool, unit), for the seats
            Map<Long, Long>[] perUnit = newMaps();
            // the ledger and entitlements start 25 months back, the assignments over the 24 months after that
            LocalDate from = today.minusMonths(25);
            long poolBase;
            try (Statement s = c.createStatement()) {
                StringBuilder pools = new StringBuilder();
                for (int p = 0; p < PRODUCTS; p++) {
                    pools.append(p == 0 ? "" : ",").append("(").append(productIds[p]).append(',').append(owner).append(")");
                }
                s.execute("INSERT INTO nyckeln.licence_pool (product_id, owner_unit_id) VALUES " + pools);
                try (ResultSet rs = s.executeQuery("SELECT min(id) FROM nyckeln.licence_pool WHERE product_id = "
                        + productIds[0])) {
                    rs.next();
                    poolBase = rs.getLong(1);
                }
            }
            long[] poolIds = new long[PRODUCTS];
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT product_id, id FROM nyckeln.licence_pool WHERE id >= " + poolBase)) {
                Map<Long, Integer> index = new HashMap<>();
                for (int p = 0; p < PRODUCTS; p++) {
                    index.put(productIds[p], p);
                }
                while (rs.next()) {
                    poolIds[index.get(rs.getLong(1))] = rs.getLong(2);
                }
            }
            Path file = ctx.workDir().resolve("assignments.copy");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (long i = 0; i < assignments; i++) {
                    Key k = assignmentKey(i, people.size(), devices.size());
                    Holder h = holder(k);
                    long unit = i % 100 == 99 ? otherUnit(h.unitId()) : h.unitId();
                    perUnit[k.pool()].merge(unit, 1L, Long::sum);
                    w.write(poolIds[k.pool()] + "\t" + unit + "\t" + (k.device() ? "\\N\t" + h.id() : h.id() + "\t\\N")
                            + "\t" + assignedOn(i, today) + "\t\\N\ttrue\tbench\n");
                }
            }
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                copy.copyIn("COPY nyckeln.licence_assignment (pool_id, unit_id, person_id, device_id, valid_from,"
                        + " valid_to, counted, created_by) FROM STDIN", r);
            }
            Files.delete(file);
            // seats: each (pool, unit) holds its assignments and two more; the pool's capacity the sum and 100
            StringBuilder movements = new StringBuilder();
            StringBuilder seats = new StringBuilder();
            StringBuilder entitlements = new StringBuilder();
            try (Statement s = c.createStatement()) {
                for (int p = 0; p < PRODUCTS; p++) {
                    long total = 0;
                    for (var e : perUnit[p].entrySet()) {
                        long allocated = e.getValue() + 2;
                        total += allocated;
                        movements.append(poolIds[p]).append('\t').append(e.getKey()).append('\t').append(allocated)
                                .append('\t').append(from).append("\tALLOCATE\n");
                        seats.append(poolIds[p]).append('\t').append(e.getKey()).append('\t').append(allocated)
                                .append('\t').append(e.getValue()).append('\n');
                    }
                    long capacity = total + 100;
                    s.execute("UPDATE nyckeln.licence_pool SET capacity = " + capacity + ", allocated = " + total
                            + " WHERE id = " + poolIds[p]);
                    entitlements.append(poolIds[p]).append('\t').append(capacity).append('\t').append(5_000 + 10L * p)
                            .append('\t').append(from).append('\n');
                }
            }
            copy.copyIn("COPY nyckeln.allocation_movement (pool_id, unit_id, delta, effective_from, kind) FROM STDIN",
                    new java.io.StringReader(movements.toString()));
            copy.copyIn("COPY nyckeln.pool_unit_seats (pool_id, unit_id, allocated, assigned) FROM STDIN",
                    new java.io.StringReader(seats.toString()));
            copy.copyIn("COPY nyckeln.entitlement (pool_id, quantity, unit_price_ore, valid_from) FROM STDIN",
                    new java.io.StringReader(entitlements.toString()));
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE nyckeln.licence_assignment");
                s.execute("ANALYZE nyckeln.pool_unit_seats");
                s.execute("ANALYZE nyckeln.allocation_movement");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Long>[] newMaps() {
        Map<Long, Long>[] maps = new Map[PRODUCTS];
        for (int p = 0; p < PRODUCTS; p++) {
            maps[p] = new HashMap<>();
        }
        return maps;
    }

    private long otherUnit(long unit) {
        return unit == unitIds[1] ? unitIds[2 % unitIds.length] : unitIds[1];
    }

    /** The usage rows as the inventory import file ({@code user_upn;device_serial;sku;last_used}). */
    void writeInventoryFile(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("user_upn;device_serial;sku;last_used\n");
            for (long i = 0; i < usageRows; i++) {
                Key k = usageKey(i, assignments, people.size(), devices.size());
                Holder h = holder(k);
                w.write(k.device() ? ";" + h.name() : h.name() + ";");
                w.write(';');
                w.write(sku(k.pool()));
                w.write(';');
                w.write(lastUsed(i, today).toString());
                w.write('\n');
            }
        }
    }

    /** The same rows as COPY text for {@code licence_usage} (ids resolved here, before any clock starts). */
    void writeUsageCopyFile(Path file, long importRun) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < usageRows; i++) {
                Key k = usageKey(i, assignments, people.size(), devices.size());
                Holder h = holder(k);
                w.write(productIds[k.pool()] + "\t" + (k.device() ? "\\N\t" + h.id() : h.id() + "\t\\N") + "\t"
                        + lastUsed(i, today) + "\tINVENTORY\t" + importRun + "\n");
            }
        }
    }
}
