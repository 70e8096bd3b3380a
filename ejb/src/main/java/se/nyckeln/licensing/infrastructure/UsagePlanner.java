package se.nyckeln.licensing.infrastructure;

import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a usage evidence file (formats in docs/imports.md, "Usage evidence") and turns it into usage records.
 * Pure: names are resolved through {@link Lookups}, each asked once for all the names of the file, so a large
 * file costs three queries, not three per row. Every problem is collected; none stops the check.
 */
public final class UsagePlanner {

    public static final String UPN = "User Principal Name";
    public static final String PRODUCTS = "Assigned Products";
    /** The activity columns of the report all end like this (Exchange, OneDrive, SharePoint, Teams, …). */
    static final String ACTIVITY_SUFFIX = " last activity date";
    public static final List<String> M365_COLUMNS = List.of(UPN, PRODUCTS);

    public static final String USER = "user_upn";
    public static final String DEVICE = "device_serial";
    public static final String SKU = "sku";
    public static final String LAST_USED = "last_used";
    public static final List<String> INVENTORY_COLUMNS = List.of(USER, DEVICE, SKU, LAST_USED);

    /** The admin center's Users → Active users → Export (column names as that export writes them). */
    public static final String ADMIN_UPN = "User principal name";
    public static final String LICENSES = "Licenses";
    public static final String BLOCKED = "Block credential";
    public static final List<String> ADMIN_CENTRE_COLUMNS = List.of(ADMIN_UPN, LICENSES);
    /** What the export writes in {@code Licenses} for an account without any licence. */
    static final String UNLICENSED = "unlicensed";

    private UsagePlanner() {
    }

    /** Resolve many names in one go; answers lower-cased alias/UPN or exact serial → id, unknown names absent. */
    public record Lookups(Function<Collection<String>, Map<String, Long>> products,
                          Function<Collection<String>, Map<String, Long>> people,
                          Function<Collection<String>, Map<String, Long>> devices) {
    }

    /** One row's claim before names are resolved: who (UPN or serial), which products, and when. */
    private record Claim(long line, String holder, boolean device, String holderColumn, List<String> products,
                         String productColumn, LocalDate day, Boolean blocked) {
        Claim(long line, String holder, boolean device, String holderColumn, List<String> products,
              String productColumn, LocalDate day) {
            this(line, holder, device, holderColumn, products, productColumn, day, null);
        }
    }

    /** The Microsoft 365 "active user detail" report: each assigned product was last used on the latest activity date. */
    public static UsagePlan m365(CsvTable table, Lookups lookups) {
        UsagePlan plan = start(table);
        List<String> activity = table.headers().stream().filter(h -> h.endsWith(ACTIVITY_SUFFIX)).toList();
        if (activity.isEmpty()) {
            plan.errors.add(new ImportError(table.file(), 1, "Exchange Last Activity Date", null, "missing-column",
                    "Exchange Last Activity Date"));
        }
        if (table.hasMissingColumns() || activity.isEmpty()) {
            return plan;
        }
        List<Claim> claims = new ArrayList<>();
        for (CsvTable.Row r : table.rows()) {
            List<String> products = products(r.get(PRODUCTS));
            if (products.isEmpty()) {
                continue; // an unlicensed account: no product to give evidence for
            }
            String upn = r.get(UPN);
            if (upn == null) {
                plan.errors.add(new ImportError(table.file(), r.line(), UPN, null, "missing-value", UPN));
            }
            LocalDate latest = null;
            for (String column : activity) {
                String v = r.get(column);
                if (v == null) {
                    continue; // empty = that service was never used
                }
                LocalDate d = date(plan, table.file(), r.line(), column, v);
                if (d != null && (latest == null || d.isAfter(latest))) {
                    latest = d;
                }
            }
            if (upn != null) {
                claims.add(new Claim(r.line(), upn, false, UPN, products, PRODUCTS, latest));
            }
        }
        resolve(plan, table.file(), claims, lookups);
        return plan;
    }

    /** The generic inventory file: one product used by one person or one device on a day. */
    public static UsagePlan inventory(CsvTable table, Lookups lookups) {
        UsagePlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        List<Claim> claims = new ArrayList<>();
        for (CsvTable.Row r : table.rows()) {
            String upn = r.get(USER);
            String serial = r.get(DEVICE);
            String sku = r.get(SKU);
            String used = r.get(LAST_USED);
            boolean ok = true;
            if (upn != null && serial != null) {
                plan.errors.add(new ImportError(table.file(), r.line(), DEVICE, serial, "person-and-device", upn, serial));
                ok = false;
            } else if (upn == null && serial == null) {
                plan.errors.add(new ImportError(table.file(), r.line(), USER, null, "no-person-or-device"));
                ok = false;
            }
            if (sku == null) {
                plan.errors.add(new ImportError(table.file(), r.line(), SKU, null, "missing-value", SKU));
                ok = false;
            }
            LocalDate day = null;
            if (used == null) {
                plan.errors.add(new ImportError(table.file(), r.line(), LAST_USED, null, "missing-value", LAST_USED));
                ok = false;
            } else {
                day = date(plan, table.file(), r.line(), LAST_USED, used);
                ok &= day != null;
            }
            if (ok) {
                boolean device = serial != null;
                claims.add(new Claim(r.line(), device ? serial : upn, device, device ? DEVICE : USER,
                        List.of(sku), SKU, day));
            }
        }
        resolve(plan, table.file(), claims, lookups);
        return plan;
    }

    /**
     * The admin center's active users export: which products each account holds in the tenant ({@code Licenses},
     * {@code +}-separated; "Unlicensed" or empty = none) and whether sign-in is blocked. No dates: it is a
     * statement of holdings, not of use.
     */
    public static UsagePlan adminCentre(CsvTable table, Lookups lookups) {
        UsagePlan plan = start(table);
        if (table.hasMissingColumns()) {
            return plan;
        }
        List<Claim> claims = new ArrayList<>();
        for (CsvTable.Row r : table.rows()) {
            String licences = r.get(LICENSES);
            List<String> products = licences == null || UNLICENSED.equalsIgnoreCase(licences.trim()) ? List.of()
                    : products(licences);
            if (products.isEmpty()) {
                continue;
            }
            String upn = r.get(ADMIN_UPN);
            boolean ok = true;
            if (upn == null) {
                plan.errors.add(new ImportError(table.file(), r.line(), ADMIN_UPN, null, "missing-value", ADMIN_UPN));
                ok = false;
            }
            String blockedText = r.get(BLOCKED);
            Boolean blocked = Boolean.FALSE;
            if (blockedText != null) {
                if ("true".equalsIgnoreCase(blockedText)) {
                    blocked = Boolean.TRUE;
                } else if (!"false".equalsIgnoreCase(blockedText)) {
                    plan.errors.add(new ImportError(table.file(), r.line(), BLOCKED, blockedText, "bad-boolean",
                            blockedText));
                    ok = false;
                }
            }
            if (ok) {
                claims.add(new Claim(r.line(), upn, false, ADMIN_UPN, products, LICENSES, null, blocked));
            }
        }
        resolve(plan, table.file(), claims, lookups);
        return plan;
    }

    private static UsagePlan start(CsvTable table) {
        UsagePlan plan = new UsagePlan();
        plan.errors.addAll(table.errors());
        plan.rows = table.rows().size();
        return plan;
    }

    /** "Microsoft 365 E3+Microsoft Teams Rooms" → the two names (blank parts dropped, repeats once). */
    static List<String> products(String assigned) {
        if (assigned == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : assigned.split("\\+")) {
            if (!part.isBlank()) {
                names.add(part.trim());
            }
        }
        return List.copyOf(names);
    }

    private static LocalDate date(UsagePlan plan, String file, long line, String column, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            plan.errors.add(new ImportError(file, line, column, value, "bad-date", value));
            return null;
        }
    }

    /** Resolves every name of the file at once, lists each unknown one on its line, and records the rest. */
    private static void resolve(UsagePlan plan, String file, List<Claim> claims, Lookups lookups) {
        Set<String> productNames = new LinkedHashSet<>();
        Set<String> upns = new LinkedHashSet<>();
        Set<String> serials = new LinkedHashSet<>();
        for (Claim c : claims) {
            productNames.addAll(c.products());
            (c.device() ? serials : upns).add(c.holder());
        }
        Map<String, Long> products = lookups.products().apply(productNames);
        Map<String, Long> people = lookups.people().apply(upns);
        Map<String, Long> devices = lookups.devices().apply(serials);
        for (Claim c : claims) {
            Long holder = c.device() ? devices.get(c.holder()) : people.get(c.holder().toLowerCase(Locale.ROOT));
            if (holder == null) {
                plan.errors.add(new ImportError(file, c.line(), c.holderColumn(), c.holder(),
                        c.device() ? "unknown-device" : "unknown-person", c.holder()));
            }
            List<Long> ids = new ArrayList<>();
            for (String name : c.products()) {
                Long id = products.get(name.toLowerCase(Locale.ROOT));
                if (id == null) {
                    plan.errors.add(new ImportError(file, c.line(), c.productColumn(), name, "unknown-product", name));
                } else {
                    ids.add(id);
                }
            }
            if (holder != null && c.blocked() != null && ids.size() == c.products().size()) {
                for (long id : ids) {
                    plan.holdings.put(new UsagePlan.Key(id, holder, null), c.blocked());
                }
            } else if (holder != null && c.day() != null && ids.size() == c.products().size()) {
                for (long id : ids) {
                    plan.record(c.device() ? new UsagePlan.Key(id, null, holder) : new UsagePlan.Key(id, holder, null),
                            c.day());
                }
            }
        }
        // problems found in the first pass (dates) and in resolution, in file order
        plan.errors.sort(Comparator.comparingLong(ImportError::line));
    }
}
