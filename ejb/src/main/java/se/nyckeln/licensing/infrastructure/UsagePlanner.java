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

    /** The Microsoft 365 "active user detail" report: each assigned product was last used on the latest activity date. */
    public static UsagePlan m365(CsvTable table, Lookups lookups) {
        return plan(UsageCheck.Kind.M365, table, lookups);
    }

    /** The generic inventory file: one product used by one person or one device on a day. */
    public static UsagePlan inventory(CsvTable table, Lookups lookups) {
        return plan(UsageCheck.Kind.INVENTORY, table, lookups);
    }

    /**
     * The admin center's active users export: which products each account holds in the tenant ({@code Licenses},
     * {@code +}-separated; "Unlicensed" or empty = none) and whether sign-in is blocked. No dates: it is a
     * statement of holdings, not of use.
     */
    public static UsagePlan adminCentre(CsvTable table, Lookups lookups) {
        return plan(UsageCheck.Kind.ADMIN_CENTRE, table, lookups);
    }

    /** A file already in memory, checked by the same {@link UsageCheck} the streaming import uses. */
    private static UsagePlan plan(UsageCheck.Kind kind, CsvTable table, Lookups lookups) {
        UsagePlan plan = new UsagePlan();
        UsageCheck check = new UsageCheck(kind, table.file(), lookups, new UsageCheck.Sink() {
            @Override
            public void usage(UsagePlan.Key key, LocalDate day) {
                plan.record(key, day);
            }

            @Override
            public void holding(UsagePlan.Key key, boolean blocked) {
                plan.holdings.put(key, blocked);
            }
        });
        table.errors().forEach(check::error);
        check.header(table.headers(), table.hasMissingColumns());
        table.rows().forEach(check::row);
        check.finish();
        plan.errors.addAll(check.errors());
        plan.rows = check.rows();
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

}
