package se.nyckeln.licensing.infrastructure;

import se.nyckeln.platform.csv.CsvStream;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.shared.IsoDate;

import java.time.LocalDate;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a usage evidence file row by row as it streams (formats in docs/imports.md, "Usage evidence") and hands
 * each good usage record to a {@link Sink} at once, so that nothing per row is kept for the whole file. Names are
 * resolved a batch of rows at a time (one query per kind of name per batch, names already found are remembered:
 * at most one entry per product, person and device of the city, whatever the file's length).
 *
 * <p>Problems are listed in line order up to {@link #MAX_LISTED}; beyond that they are only counted
 * ({@link #errorCount()}). After the first problem the sink gets nothing more: the file will be rejected whole.
 */
public final class UsageCheck implements CsvStream.Handler {

    /** How many problems an answer lists; the rest are counted. */
    public static final int MAX_LISTED = 1000;
    static final int BATCH = 5000;

    public enum Kind { M365, INVENTORY, ADMIN_CENTRE }

    /** Where good records go. */
    public interface Sink {
        void usage(UsagePlan.Key key, LocalDate day);

        void holding(UsagePlan.Key key, boolean blocked);
    }

    /** One row's claim before names are resolved: who (UPN or serial), which products, and when. */
    private record Claim(long line, String holder, boolean device, String holderColumn, List<String> products,
                         String productColumn, LocalDate day, Boolean blocked) {
    }

    private final Kind kind;
    private final String file;
    private final UsagePlanner.Lookups lookups;
    private final Sink sink;
    private final List<ImportError> listed = new ArrayList<>();
    private long errorCount;
    private int rows;
    private boolean skipRows;
    private List<String> activity = List.of();
    private final List<Claim> batch = new ArrayList<>();
    private final List<ImportError> batchErrors = new ArrayList<>();
    private final Map<String, Long> productCache = new HashMap<>();
    private final Map<String, Long> personCache = new HashMap<>();
    private final Map<String, Long> deviceCache = new HashMap<>();

    public UsageCheck(Kind kind, String file, UsagePlanner.Lookups lookups, Sink sink) {
        this.kind = kind;
        this.file = file;
        this.lookups = lookups;
        this.sink = sink;
    }

    public static List<String> requiredColumns(Kind kind) {
        return switch (kind) {
            case M365 -> UsagePlanner.M365_COLUMNS;
            case INVENTORY -> UsagePlanner.INVENTORY_COLUMNS;
            case ADMIN_CENTRE -> UsagePlanner.ADMIN_CENTRE_COLUMNS;
        };
    }

    @Override
    public void header(List<String> headers, boolean missingColumns) {
        skipRows = missingColumns;
        if (kind == Kind.M365) {
            activity = headers.stream().filter(h -> h.endsWith(UsagePlanner.ACTIVITY_SUFFIX)).toList();
            if (activity.isEmpty()) {
                error(new ImportError(file, 1, "Exchange Last Activity Date", null, "missing-column",
                        "Exchange Last Activity Date"));
                skipRows = true;
            }
        }
    }

    @Override
    public void error(ImportError error) {
        batchErrors.add(error);
        errorCount++;
        if (batch.isEmpty() && batchErrors.size() >= BATCH) {
            drainErrors(); // e.g. a file whose rows are skipped but whose bytes keep failing to decode
        }
    }

    @Override
    public void row(CsvTable.Row r) {
        rows++;
        if (skipRows) {
            return;
        }
        switch (kind) {
            case M365 -> m365(r);
            case INVENTORY -> inventory(r);
            case ADMIN_CENTRE -> adminCentre(r);
        }
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    /** Resolves the last batch; call once after the file's end, before reading the results. */
    public void finish() {
        flush();
    }

    public boolean hasErrors() {
        return errorCount > 0;
    }

    public long errorCount() {
        return errorCount;
    }

    /** The first {@link #MAX_LISTED} problems, in line order. */
    public List<ImportError> errors() {
        return listed;
    }

    public int rows() {
        return rows;
    }

    /**
     * The distinct ids the file's names resolved to, in this transaction: every product, person and device its
     * records can name (the import checks and locks them before it merges, UsageStore#mergeStaged).
     */
    public UsageStore.References references() {
        return new UsageStore.References(new HashSet<>(productCache.values()), new HashSet<>(personCache.values()),
                new HashSet<>(deviceCache.values()));
    }

    private void m365(CsvTable.Row r) {
        List<String> products = UsagePlanner.products(r.get(UsagePlanner.PRODUCTS));
        if (products.isEmpty()) {
            return; // an unlicensed account: no product to give evidence for
        }
        String upn = r.get(UsagePlanner.UPN);
        if (upn == null) {
            error(new ImportError(file, r.line(), UsagePlanner.UPN, null, "missing-value", UsagePlanner.UPN));
        }
        LocalDate latest = null;
        for (String column : activity) {
            String v = r.get(column);
            if (v == null) {
                continue; // empty = that service was never used
            }
            LocalDate d = date(r.line(), column, v);
            if (d != null && (latest == null || d.isAfter(latest))) {
                latest = d;
            }
        }
        if (upn != null) {
            batch.add(new Claim(r.line(), upn, false, UsagePlanner.UPN, products, UsagePlanner.PRODUCTS, latest,
                    null));
        }
    }

    private void inventory(CsvTable.Row r) {
        String upn = r.get(UsagePlanner.USER);
        String serial = r.get(UsagePlanner.DEVICE);
        String sku = r.get(UsagePlanner.SKU);
        String used = r.get(UsagePlanner.LAST_USED);
        boolean ok = true;
        if (upn != null && serial != null) {
            error(new ImportError(file, r.line(), UsagePlanner.DEVICE, serial, "person-and-device", upn, serial));
            ok = false;
        } else if (upn == null && serial == null) {
            error(new ImportError(file, r.line(), UsagePlanner.USER, null, "no-person-or-device"));
            ok = false;
        }
        if (sku == null) {
            error(new ImportError(file, r.line(), UsagePlanner.SKU, null, "missing-value", UsagePlanner.SKU));
            ok = false;
        }
        LocalDate day = null;
        if (used == null) {
            error(new ImportError(file, r.line(), UsagePlanner.LAST_USED, null, "missing-value",
                    UsagePlanner.LAST_USED));
            ok = false;
        } else {
            day = date(r.line(), UsagePlanner.LAST_USED, used);
            ok &= day != null;
        }
        if (ok) {
            boolean device = serial != null;
            batch.add(new Claim(r.line(), device ? serial : upn, device,
                    device ? UsagePlanner.DEVICE : UsagePlanner.USER, List.of(sku), UsagePlanner.SKU, day, null));
        }
    }

    private void adminCentre(CsvTable.Row r) {
        String licences = r.get(UsagePlanner.LICENSES);
        List<String> products = licences == null || UsagePlanner.UNLICENSED.equalsIgnoreCase(licences.trim())
                ? List.of() : UsagePlanner.products(licences);
        if (products.isEmpty()) {
            return;
        }
        String upn = r.get(UsagePlanner.ADMIN_UPN);
        boolean ok = true;
        if (upn == null) {
            error(new ImportError(file, r.line(), UsagePlanner.ADMIN_UPN, null, "missing-value",
                    UsagePlanner.ADMIN_UPN));
            ok = false;
        }
        String blockedText = r.get(UsagePlanner.BLOCKED);
        Boolean blocked = Boolean.FALSE;
        if (blockedText != null) {
            if ("true".equalsIgnoreCase(blockedText)) {
                blocked = Boolean.TRUE;
            } else if (!"false".equalsIgnoreCase(blockedText)) {
                error(new ImportError(file, r.line(), UsagePlanner.BLOCKED, blockedText, "bad-boolean", blockedText));
                ok = false;
            }
        }
        if (ok) {
            batch.add(new Claim(r.line(), upn, false, UsagePlanner.ADMIN_UPN, products, UsagePlanner.LICENSES, null,
                    blocked));
        }
    }

    private LocalDate date(long line, String column, String value) {
        try {
            return IsoDate.parse(value);
        } catch (DateTimeException e) {
            error(new ImportError(file, line, column, value, "bad-date", value));
            return null;
        }
    }

    /** Resolves the batch's names (asking only for those not yet known), records the good claims. */
    private void flush() {
        Set<String> productNames = new LinkedHashSet<>();
        Set<String> upns = new LinkedHashSet<>();
        Set<String> serials = new LinkedHashSet<>();
        for (Claim c : batch) {
            for (String p : c.products()) {
                if (!productCache.containsKey(p.toLowerCase(Locale.ROOT))) {
                    productNames.add(p);
                }
            }
            if (c.device()) {
                if (!deviceCache.containsKey(c.holder())) {
                    serials.add(c.holder());
                }
            } else if (!personCache.containsKey(c.holder().toLowerCase(Locale.ROOT))) {
                upns.add(c.holder());
            }
        }
        ask(lookups.products(), productNames, productCache);
        ask(lookups.people(), upns, personCache);
        ask(lookups.devices(), serials, deviceCache);
        for (Claim c : batch) {
            Long holder = c.device() ? deviceCache.get(c.holder())
                    : personCache.get(c.holder().toLowerCase(Locale.ROOT));
            if (holder == null) {
                error(new ImportError(file, c.line(), c.holderColumn(), c.holder(),
                        c.device() ? "unknown-device" : "unknown-person", c.holder()));
            }
            List<Long> ids = new ArrayList<>();
            for (String name : c.products()) {
                Long id = productCache.get(name.toLowerCase(Locale.ROOT));
                if (id == null) {
                    error(new ImportError(file, c.line(), c.productColumn(), name, "unknown-product", name));
                } else {
                    ids.add(id);
                }
            }
            if (errorCount > 0 || holder == null || ids.size() != c.products().size()) {
                continue; // the file will be rejected: nothing more to record
            }
            if (c.blocked() != null) {
                for (long id : ids) {
                    sink.holding(new UsagePlan.Key(id, holder, null), c.blocked());
                }
            } else if (c.day() != null) {
                for (long id : ids) {
                    sink.usage(c.device() ? new UsagePlan.Key(id, null, holder) : new UsagePlan.Key(id, holder, null),
                            c.day());
                }
            }
        }
        batch.clear();
        drainErrors();
    }

    /** The batch's problems (checks and names), in line order, after all earlier batches' ones. */
    private void drainErrors() {
        batchErrors.sort(Comparator.comparingLong(ImportError::line));
        for (ImportError e : batchErrors) {
            if (listed.size() < MAX_LISTED) {
                listed.add(e);
            }
        }
        batchErrors.clear();
    }

    /** Only names found are remembered (an unknown name is a problem anyway, and may be many). */
    private static void ask(java.util.function.Function<Collection<String>, Map<String, Long>> lookup,
                            Set<String> names, Map<String, Long> cache) {
        if (!names.isEmpty()) {
            cache.putAll(lookup.apply(names));
        }
    }
}
