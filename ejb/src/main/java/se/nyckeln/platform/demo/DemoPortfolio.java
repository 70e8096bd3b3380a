package se.nyckeln.platform.demo;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RunAs;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.agreements.application.Agreements;
import se.nyckeln.agreements.application.Purchases;
import se.nyckeln.licensing.application.Allocations;
import se.nyckeln.licensing.application.Assignments;
import se.nyckeln.licensing.application.Catalogue;
import se.nyckeln.licensing.application.HarvestProposals;
import se.nyckeln.licensing.application.LicensingCommands;
import se.nyckeln.licensing.application.Pools;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.suppliers.application.NewSupplier;
import se.nyckeln.suppliers.application.Suppliers;

import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.shared.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo city's licences, agreements and purchases, loaded after its organisation (by {@link DemoLoader}, in
 * its transaction) through the application services, so every rule and audit event is the real one: seven
 * licence products with aliases, entitlements in the kommun's pool and one bolag pool, allocations to several
 * units (Södermalm, the demo viewer's unit, among them), assignments to people and devices, usage evidence with
 * some seats idle for more than 90 days (the harvest has something to propose), four suppliers (Luhn-checked org
 * numbers; Adobe foreign, keyed on its VAT number), two framework agreements with volume tiers and one expired
 * direct contract, buyer-reference mappings and a ledger of purchase lines that gets every verdict.
 *
 * <p>Deterministic apart from "today": assignments start 200 days before the start, usage dates are counted back
 * from it, and the invoices are dated in the current validity of the agreements.
 */
@Stateless
@PermitAll
// the services answer for a caller's scope; the loader runs at start-up, without one
@RunAs("LICENCE_ADMIN")
public class DemoPortfolio {

    private static final Logger LOG = Logger.getLogger(DemoPortfolio.class);

    /** Org numbers (Luhn check digit computed: 556448-028 → 2, 556237-930 → 4, 556251-608 → 7). */
    static final String ATEA = "556448-0282";
    static final String DUSTIN = "556237-9304";
    static final String MICROSOFT = "556251-6087";
    static final String ADOBE_VAT = "IE6364992H";

    @EJB
    private Catalogue catalogue;
    @EJB
    private Pools pools;
    @EJB
    private Allocations allocations;
    @EJB
    private Assignments assignments;
    @EJB
    private AuditTrail audit;
    @EJB
    private Suppliers suppliers;
    @EJB
    private Agreements agreements;
    @EJB
    private Purchases purchases;
    @EJB
    private HarvestProposals harvest;
    @Inject
    private ClockProvider clock;

    /** Products: sku → (publisher, name, edition, metric, term, aliases). */
    private record Product(String sku, String publisher, String name, String edition, String metric, String term,
                           List<String> aliases) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("M365-E3", "Microsoft", "Microsoft 365", "E3", "NAMED_USER", "SUBSCRIPTION",
                    List.of("Microsoft 365 E3", "SPE_E3")),
            new Product("M365-E5", "Microsoft", "Microsoft 365", "E5", "NAMED_USER", "SUBSCRIPTION",
                    List.of("Microsoft 365 E5", "SPE_E5")),
            new Product("M365-A3", "Microsoft", "Microsoft 365", "A3", "NAMED_USER", "SUBSCRIPTION",
                    List.of("Microsoft 365 A3", "M365EDU_A3_FACULTY")),
            new Product("M365-F3", "Microsoft", "Microsoft 365", "F3", "NAMED_USER", "SUBSCRIPTION",
                    List.of("Microsoft 365 F3", "SPE_F1")),
            new Product("ADOBE-ACRO-PRO", "Adobe", "Acrobat Pro", null, "NAMED_USER", "SUBSCRIPTION",
                    List.of("Adobe Acrobat Pro")),
            new Product("ARCGIS-DESKTOP", "Esri", "ArcGIS Desktop", "Standard", "DEVICE", "SUBSCRIPTION",
                    List.of("ArcGIS Desktop Standard")),
            new Product("PLATINA-USER", "Formpipe", "Platina ärendehantering", null, "NAMED_USER", "PERPETUAL",
                    List.of("Platina", "Platina ärendehantering")));

    /**
     * Whether demo mode loads the portfolio: {@code -Dnyckeln.demo.portfolio}, by default on unless test mode is on
     * (the integration tests share one server and build their own licences, agreements and purchases; the demo
     * city's would change their counts).
     */
    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("nyckeln.demo.portfolio",
                String.valueOf(!Boolean.getBoolean("nyckeln.testmode"))));
    }

    /**
     * Loads everything; {@code c} is the demo loader's connection (same transaction) for the few look-ups of the
     * generated people and devices.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void load(Connection c, Map<String, Long> units) throws SQLException {
        long start = System.nanoTime();
        LocalDate today = clock.today();
        LocalDate since = today.minusDays(200);
        long kommun = units.get("KOMMUN");
        long sodermalm = units.get(DemoLoader.VIEWER_UNIT);

        Map<String, Long> products = new LinkedHashMap<>();
        for (Product p : PRODUCTS) {
            products.put(p.sku(), catalogue.create(new LicensingCommands.NewProduct(p.publisher(), p.name(), p.edition(),
                    p.sku(), p.metric(), p.term(), p.aliases())).id());
        }
        // entitlements: the kommun's pools, and one bolag pool (SISAB's own Microsoft 365 E3)
        Map<String, Long> pool = new LinkedHashMap<>();
        Object[][] ents = {
                {"M365-E3", 400L, 330_000L}, {"M365-E5", 40L, 590_000L}, {"M365-A3", 200L, 120_000L},
                {"M365-F3", 150L, 90_000L}, {"ADOBE-ACRO-PRO", 60L, 240_000L}, {"ARCGIS-DESKTOP", 10L, 1_200_000L},
                {"PLATINA-USER", 120L, 150_000L}};
        for (Object[] e : ents) {
            String sku = (String) e[0];
            pool.put(sku, pools.addEntitlement(new LicensingCommands.NewEntitlement(products.get(sku), kommun, (Long) e[1],
                    (Long) e[2], "Demo: avrop " + sku, since.minusDays(30), null, false)).poolId());
        }
        pools.addEntitlement(new LicensingCommands.NewEntitlement(products.get("M365-E3"), units.get("BOLAG-SISAB"), 40,
                330_000, "Demo: SISAB:s eget avrop", since.minusDays(30), null, false));

        // allocations to several units
        Object[][] allocs = {
                {"M365-E3", DemoLoader.VIEWER_UNIT, 30L}, {"M365-E3", "SDN-BROMMA", 40L}, {"M365-E3", "KS", 25L},
                {"M365-E5", "KS", 10L}, {"M365-A3", "FN-UTB", 120L}, {"M365-F3", "SDN-BROMMA", 20L},
                {"ADOBE-ACRO-PRO", DemoLoader.VIEWER_UNIT, 6L}, {"ADOBE-ACRO-PRO", "KS", 10L},
                {"ARCGIS-DESKTOP", DemoLoader.VIEWER_UNIT, 3L}, {"PLATINA-USER", DemoLoader.VIEWER_UNIT, 20L},
                {"PLATINA-USER", "SDN-BROMMA", 20L}};
        for (Object[] a : allocs) {
            allocations.allocate(pool.get((String) a[0]), new LicensingCommands.Allocate(units.get((String) a[1]), (Long) a[2]));
        }

        // assignments: people and devices that belong to the unit since before the start date
        List<String[]> people = members(c, "person", sodermalm, since, 16);
        List<String[]> bromma = members(c, "person", units.get("SDN-BROMMA"), since, 6);
        List<String[]> devices = members(c, "device", sodermalm, since, 2);
        Evidence evidence = new Evidence(products);
        for (int i = 0; i < people.size(); i++) {
            String[] p = people.get(i);
            assignments.assign(pool.get("M365-E3"), new LicensingCommands.Assign(sodermalm, Long.valueOf(p[0]), null, since));
            // seats 0-9 used this week, 10-12 last used 150 days ago, 13-15 never seen: idle > 90 days
            if (i < 10) {
                evidence.person(p, "M365-E3", today.minusDays(2 + i % 5));
            } else if (i < 13) {
                evidence.person(p, "M365-E3", today.minusDays(150));
            }
            if (i < 4) {
                assignments.assign(pool.get("ADOBE-ACRO-PRO"), new LicensingCommands.Assign(sodermalm, Long.valueOf(p[0]),
                        null, since));
                evidence.person(p, "ADOBE-ACRO-PRO", today.minusDays(i == 3 ? 120 : 1));
            }
            if (i < 6) {
                assignments.assign(pool.get("PLATINA-USER"), new LicensingCommands.Assign(sodermalm, Long.valueOf(p[0]),
                        null, since));
                evidence.person(p, "PLATINA-USER", today.minusDays(3));
            }
        }
        for (String[] p : bromma) {
            assignments.assign(pool.get("M365-E3"), new LicensingCommands.Assign(units.get("SDN-BROMMA"), Long.valueOf(p[0]),
                    null, since));
            evidence.person(p, "M365-E3", today.minusDays(1));
        }
        for (String[] d : devices) {
            assignments.assign(pool.get("ARCGIS-DESKTOP"), new LicensingCommands.Assign(sodermalm, null, Long.valueOf(d[0]),
                    since));
            evidence.device(d, "ARCGIS-DESKTOP", today.minusDays(10));
        }
        evidence.write(c, audit);

        // suppliers, agreements, price lists
        suppliers.create(new NewSupplier("Atea Sverige AB", ATEA, null, null, "SE", List.of("Atea")));
        suppliers.create(new NewSupplier("Dustin Sverige AB", DUSTIN, null, null, "SE", List.of("Dustin")));
        suppliers.create(new NewSupplier("Microsoft AB", MICROSOFT, null, null, "SE", List.of("Microsoft")));
        suppliers.create(new NewSupplier("Adobe Systems Software Ireland Ltd", null, ADOBE_VAT, null, "IE", List.of("Adobe")));
        int year = today.getYear();
        agreements.importAgreements("demo-avtal.csv", stream(
                "reference;supplier;kind;title;category;valid_from;valid_to;extension_options;notice_months;owner_unit;"
                        + "kommun_may_call_off;call_off_units\n"
                        + "RA-ATEA-PROG;" + ATEA + ";FRAMEWORK;Programvaror och licenser;Programvara;" + (year - 1)
                        + "-01-01;" + (year + 1) + "-12-31;1+1 år;6;KS;ja;BOLAG-SISAB\n"
                        + "RA-DUSTIN-PROG;" + DUSTIN + ";FRAMEWORK;Programvaror, kompletterande;Programvara;" + (year - 1)
                        + "-01-01;;;3;KS;ja;\n"
                        + "AV-DUSTIN-PLATINA;" + DUSTIN + ";DIRECT;Platina, licenser;Programvara;" + (year - 5)
                        + "-01-01;" + (year - 2) + "-12-31;;0;KS;ja;\n"));
        String from = (year - 1) + "-01-01";
        agreements.importPrices("demo-prislista.csv", stream(
                "agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to\n"
                        + "RA-ATEA-PROG;M365-E3;Microsoft 365 E3;3600,00;SEK;1;" + from + ";\n"
                        + "RA-ATEA-PROG;M365-E3;Microsoft 365 E3;3300,00;SEK;300;" + from + ";\n"
                        + "RA-ATEA-PROG;M365-E5;Microsoft 365 E5;5900,00;SEK;1;" + from + ";\n"
                        + "RA-ATEA-PROG;ADOBE-ACRO-PRO;Adobe Acrobat Pro;2400,00;SEK;1;" + from + ";\n"
                        + "RA-ATEA-PROG;ARCGIS-DESKTOP;ArcGIS Desktop Standard;12000,00;SEK;1;" + from + ";\n"
                        + "RA-DUSTIN-PROG;M365-E3;Microsoft 365 E3;3700,00;SEK;1;" + from + ";\n"
                        + "RA-DUSTIN-PROG;ADOBE-ACRO-PRO;Adobe Acrobat Pro;2100,00;SEK;1;" + from + ";\n"
                        + "AV-DUSTIN-PLATINA;PLATINA-USER;Platina ärendehantering;1500,00;SEK;1;" + (year - 5) + "-01-01;\n"));

        // buyer references, and a ledger of purchase lines with every verdict
        Object[][] refs = {{"SOD-IT", DemoLoader.VIEWER_UNIT}, {"BRO-IT", "SDN-BROMMA"}, {"UTB-IT", "FN-UTB"},
                {"SISAB-IT", "BOLAG-SISAB"}, {"STOKAB-IT", "BOLAG-STOKAB"}};
        for (Object[] r : refs) {
            purchases.mapBuyerReference((String) r[0], units.get((String) r[1]));
        }
        String d = today.minusDays(20).toString();
        purchases.importLedger("demo-reskontra.csv", stream(LEDGER.replace("{D}", d).replace("{ATEA}", ATEA)
                .replace("{DUSTIN}", DUSTIN).replace("{ADOBE}", ADOBE_VAT)));
        // the nightly harvest run, once, so the first start already shows its proposals
        harvest.run();
        LOG.infof("Demo portfolio loaded: %d products, %d pools, %d assignments, 4 suppliers, 3 agreements, 10 purchase"
                + " lines in %d ms", PRODUCTS.size(), pool.size() + 1, people.size() * 2 + bromma.size() + devices.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The ledger (docs/agreements.md, "Ledger CSV"). Verdicts, by hand: the city's quantity of M365-E3 on the Atea
     * agreement is 20 + 150 + 140 + 40 = 350 ≥ 300, so the tier price is 3 300 kr: SOD-IT and BRO-IT lines OK, UTB-IT
     * WRONG_PRICE (300 kr × 140 = 42 000 kr over), SISAB (listed bolag) OK, Stokab BUYER_NOT_ENTITLED; Acrobat at
     * Atea's 2 400 kr while Dustin sells it for 2 100 kr: WRONG_AGREEMENT (3 000 kr); Platina on the expired direct
     * contract: AGREEMENT_NOT_VALID; Adobe has no agreement: OFF_AGREEMENT; an Atea article on no price list:
     * UNKNOWN_PRODUCT; a reference nobody mapped: BUYER_UNMAPPED.
     */
    static final String LEDGER = """
            supplier;supplier_name;invoice_number;invoice_date;buyer_reference;contract_reference;line_id;item_name;seller_item_id;quantity;unit_price;line_amount;currency;vat_percent
            {ATEA};Atea Sverige AB;A-1001;{D};SOD-IT;RA-ATEA-PROG;1;Microsoft 365 E3;M365-E3;20;3300,00;66000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1001;{D};SOD-IT;RA-ATEA-PROG;2;Adobe Acrobat Pro;ADOBE-ACRO-PRO;10;2400,00;24000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1002;{D};BRO-IT;RA-ATEA-PROG;1;Microsoft 365 E3;M365-E3;150;3300,00;495000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1002;{D};BRO-IT;RA-ATEA-PROG;2;Installationstjänst;ATEA-INST;8;950,00;7600,00;SEK;25
            {ATEA};Atea Sverige AB;A-1003;{D};UTB-IT;RA-ATEA-PROG;1;Microsoft 365 E3;M365-E3;140;3600,00;504000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1004;{D};SISAB-IT;RA-ATEA-PROG;1;Microsoft 365 E3;M365-E3;40;3300,00;132000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1005;{D};STOKAB-IT;RA-ATEA-PROG;1;Microsoft 365 E3;M365-E3;5;3300,00;16500,00;SEK;25
            {DUSTIN};Dustin Sverige AB;D-2001;{D};SOD-IT;AV-DUSTIN-PLATINA;1;Platina ärendehantering;PLATINA-USER;30;1500,00;45000,00;SEK;25
            {ADOBE};Adobe Systems Software Ireland Ltd;AD-3001;{D};UTB-IT;;1;Adobe Creative Cloud;ADOBE-CC;5;7000,00;35000,00;SEK;25
            {ATEA};Atea Sverige AB;A-1006;{D};KULTUR-IT;RA-ATEA-PROG;1;Microsoft 365 E5;M365-E5;2;5900,00;11800,00;SEK;25
            """;

    /** Up to {@code max} people or devices that are members of the unit (or a unit below it) since {@code since}, by id. */
    private static List<String[]> members(Connection c, String kind, long unit, LocalDate since, int max) throws SQLException {
        String key = kind.equals("person") ? "upn" : "serial_number";
        String sql = "SELECT x.id, x." + key + " FROM " + kind + " x JOIN " + kind + "_membership m ON m." + kind + "_id = x.id"
                + " JOIN org_unit_version v ON v.unit_id = m.unit_id AND v.valid_to IS NULL"
                + " WHERE (m.unit_id = ? OR v.parent_id = ?) AND m.valid_from <= ? AND m.valid_to IS NULL"
                + " ORDER BY x.id LIMIT ?";
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, unit);
            ps.setLong(2, unit);
            ps.setDate(3, Date.valueOf(since));
            ps.setInt(4, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[]{String.valueOf(rs.getLong(1)), rs.getString(2)});
                }
            }
        }
        return out;
    }

    /**
     * The demo's usage evidence, written in the loader's own transaction: the usage import (UsageImports) runs its
     * own transaction for files of millions of rows, which could not see the demo city and products that this
     * transaction has not committed yet. The rows are what an inventory file would give (one per holder and
     * product, newest date), recorded as an import run of that file with its digest and one IMPORT audit event, as
     * the import does.
     */
    private static final class Evidence {
        private final Map<String, Long> products;
        private final StringBuilder csv = new StringBuilder("user_upn;device_serial;sku;last_used\n");
        private final List<Object[]> rows = new ArrayList<>();

        Evidence(Map<String, Long> products) {
            this.products = products;
        }

        void person(String[] p, String sku, LocalDate day) {
            csv.append(p[1]).append(";;").append(sku).append(';').append(day).append('\n');
            rows.add(new Object[]{products.get(sku), Long.valueOf(p[0]), null, day});
        }

        void device(String[] d, String sku, LocalDate day) {
            csv.append(';').append(d[1]).append(';').append(sku).append(';').append(day).append('\n');
            rows.add(new Object[]{products.get(sku), null, Long.valueOf(d[0]), day});
        }

        void write(Connection c, AuditTrail audit) throws SQLException {
            long run;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_run (kind, file_name, sha256,"
                    + " imported_by, rows_read, created, updated, closed, unchanged) VALUES ('USAGE_INVENTORY',"
                    + " 'demo-anvandning.csv', ?, 'demo', ?, ?, 0, 0, 0) RETURNING id")) {
                ps.setString(1, Sha256.of(csv.toString().getBytes(StandardCharsets.UTF_8)).hex());
                ps.setInt(2, rows.size());
                ps.setInt(3, rows.size());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    run = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO licence_usage (product_id, person_id,"
                    + " device_id, last_activity, source, import_run_id) VALUES (?, ?, ?, ?, 'INVENTORY', ?)")) {
                for (Object[] r : rows) {
                    ps.setLong(1, (Long) r[0]);
                    ps.setObject(2, r[1], java.sql.Types.BIGINT);
                    ps.setObject(3, r[2], java.sql.Types.BIGINT);
                    ps.setDate(4, Date.valueOf((LocalDate) r[3]));
                    ps.setLong(5, run);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            audit.record(AuditTrail.Action.IMPORT, "ImportRun", run, null, null,
                    Map.of("rows", rows.size(), "created", rows.size()), "import USAGE_INVENTORY demo-anvandning.csv");
        }
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
