package se.nyckeln.bench;

import se.nyckeln.organisation.infrastructure.demo.DemoCity;
import se.nyckeln.shared.OrgNumber;

import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Issue 4's benchmark: a full re-match of 50,000 purchase lines (300 suppliers, 400 agreements, 2,000 price rows)
 * by the application ({@code POST /api/v1/purchases/rematch}) against a hand-written SQL statement that computes
 * the same verdicts into a scratch table, in the same run; both results are compared line by line.
 *
 * <p>The data is generated here, deterministically (fixed seed), and loaded through the application's own paths:
 * suppliers by REST, agreements and price list by their CSV imports, buyer-reference and product mappings by
 * REST, the purchase lines by the ledger CSV import. The organisation is DemoCity's units (imported here; a no-op
 * when the organisation scenario has run).
 */
public final class PurchaseMatchingScenario implements BenchmarkScenario {

    static final double GOAL = 0.5;
    static final int SUPPLIERS = 300;
    static final int AGREEMENTS = 400;
    static final int INVOICES = 10_000;
    static final int LINES_PER_INVOICE = 5;
    static final int ROUNDS = 5;
    private static final long SEED = 4_2025L;
    private static final String SCHEMA = "bench_match";
    private static final LocalDate YEAR = LocalDate.of(2025, 1, 1);
    private static final String[] COMPARED = {"verdict", "sku", "agreement_id", "price_row_id", "city_quantity", "expected_price_ore",
            "alt_agreement_id", "alt_price_row_id", "at_stake_ore"};

    @Override
    public String name() {
        return "Purchase matching";
    }

    @Override
    public String method() {
        return "Generated deterministically in the harness and loaded through the application: " + SUPPLIERS
                + " Swedish suppliers (Luhn-valid org numbers, `POST /api/v1/suppliers`), " + AGREEMENTS
                + " agreements of 250 of them (agreements CSV import; some expired, some not yet begun, some not open "
                + "to the kommun, some open to bolag) with 2,000 price rows (price-list CSV import: per agreement a "
                + "tiered SKU with bands at 1 and 20 or 1,000,000, two plain SKUs and one of 25 SKUs several "
                + "agreements sell at different prices), buyer-reference mappings to kommun and bolag units (some "
                + "references left unmapped), remembered product mappings, and " + (INVOICES * LINES_PER_INVOICE)
                + " purchase lines on " + INVOICES + " invoices (ledger CSV import; unregistered suppliers, suppliers "
                + "without agreements, unknown articles, wrong prices), so that every verdict occurs. "
                + "Application: `POST /api/v1/purchases/rematch` after the verdict columns of every line were cleared "
                + "by SQL (and the table vacuumed; `ANALYZE` once after the load), so every line is judged and written; wall time of the call. "
                + "Baseline: one hand-written SQL statement over the same tables (superuser JDBC; JIT and nested "
                + "loops off, the session settings the application's matching uses) that resolves suppliers and buyer units itself and computes the same verdict, SKU, "
                + "agreement, price row, tier price, cheaper alternative and SEK at stake with joins, grouping and "
                + "DISTINCT ON instead of correlated subqueries, into a fresh scratch table (`CREATE TABLE ... AS`). "
                + "After the rounds the two results are compared per line on every one of those columns; mismatches "
                + "are reported. Rates are lines/s; the ratio is application / baseline (goal >= 0.5, i.e. the "
                + "application takes at most twice the baseline's time). " + ROUNDS + " interleaved rounds (A,B then "
                + "B,A), after one discarded warm-up of each; median and min-max. The no-op re-match (nothing "
                + "changed since the last one) is an informational line.";
    }

    // ------------------------------------------------------------------ generated data

    /** The generated city purchases: CSV files and the mappings to make by REST. */
    record Data(List<String> supplierJson, String agreementsCsv, String priceListCsv, String ledgerCsv,
                List<String[]> buyerRefs, List<String[]> productMappings) {
    }

    static String orgNumber(int n) {
        String nine = "556" + String.format(Locale.ROOT, "%06d", n);
        return nine.substring(0, 6) + "-" + nine.substring(6) + OrgNumber.luhnCheckDigit(nine);
    }

    static String kr(long ore) {
        return (ore / 100) + "." + String.format(Locale.ROOT, "%02d", Math.abs(ore % 100));
    }

    static String agreementRef(int j) {
        return "RA-B-" + j;
    }

    static int supplierOf(int j) {
        return j < 300 ? j / 2 : j - 150;
    }

    static long basePrice(int j) {
        return (1000 + (j * 37L % 500)) * 100;
    }

    static long tierPrice(int j) {
        return basePrice(j) * 85 / 100;
    }

    static long tierBand(int j) {
        return j % 2 == 0 ? 20 : 1_000_000;
    }

    static long plainPrice(int j, int k) {
        return k == 0 ? (200 + j % 100) * 100L + 50 : (50 + j % 40) * 100L;
    }

    static long sharedPrice(int j) {
        return (300 + (j * 53L % 200)) * 100;
    }

    static Data generate(List<String> kommunUnits, List<String> bolagUnits) {
        List<String> suppliers = new ArrayList<>();
        for (int s = 0; s < SUPPLIERS; s++) {
            suppliers.add("{\"name\":\"Benchleverantör " + s + " AB\",\"orgNumber\":\"" + orgNumber(s) + "\",\"country\":\"SE\"}");
        }
        StringBuilder ag = new StringBuilder("reference;supplier;kind;title;category;valid_from;valid_to;notice_months;"
                + "owner_unit;kommun_may_call_off;call_off_units\n");
        StringBuilder pl = new StringBuilder("agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to\n");
        for (int j = 0; j < AGREEMENTS; j++) {
            String from = j % 20 == 13 ? "2026-01-01" : "2024-01-01";
            String to = j % 20 == 7 ? "2024-12-31" : "";
            boolean kommun = j % 10 != 3;
            String callOff = j % 10 == 3 ? "BOLAG-SISAB" : j % 10 == 5 ? "BOLAG-STADSHUS" : "";
            ag.append(agreementRef(j)).append(';').append(orgNumber(supplierOf(j))).append(";FRAMEWORK;Ramavtal ")
                    .append(j).append(";IT;").append(from).append(';').append(to).append(";3;KS;")
                    .append(kommun ? "ja" : "nej").append(';').append(callOff).append('\n');
            String a = agreementRef(j);
            pl.append(a).append(";A").append(j).append("-BAS;Basprodukt ").append(j).append(';').append(kr(basePrice(j)))
                    .append(";SEK;1;2024-01-01;\n");
            pl.append(a).append(";A").append(j).append("-BAS;Basprodukt ").append(j).append(';').append(kr(tierPrice(j)))
                    .append(";SEK;").append(tierBand(j)).append(";2024-01-01;\n");
            pl.append(a).append(";A").append(j).append("-TILL;Tillägg ").append(j).append(';').append(kr(plainPrice(j, 0)))
                    .append(";SEK;1;2024-01-01;\n");
            pl.append(a).append(";A").append(j).append("-SUP;Support ").append(j).append(';').append(kr(plainPrice(j, 1)))
                    .append(";SEK;1;2024-01-01;\n");
            pl.append(a).append(";DELAD-").append(j % 25).append(";Delad produkt ").append(j % 25).append(';')
                    .append(kr(sharedPrice(j))).append(";SEK;1;2024-01-01;\n");
        }
        List<String[]> refs = new ArrayList<>();
        for (String u : kommunUnits) {
            refs.add(new String[]{"REF-" + u, u});
        }
        for (String u : bolagUnits) {
            refs.add(new String[]{"REF-" + u, u});
        }
        // the suppliers of agreements 0, 10, 20, ... remember "Licens standard" as their first agreement's TILL
        List<String[]> mappings = new ArrayList<>();
        List<Integer> mapped = new ArrayList<>();
        for (int j = 0; j < 300; j += 10) {
            mappings.add(new String[]{orgNumber(supplierOf(j)), "licens standard", "A" + j + "-TILL"});
            mapped.add(supplierOf(j));
        }

        Random rnd = new Random(SEED);
        StringBuilder led = new StringBuilder("supplier;supplier_name;invoice_number;invoice_date;buyer_reference;"
                + "contract_reference;line_id;item_name;seller_item_id;quantity;unit_price;line_amount;currency\n");
        for (int n = 0; n < INVOICES; n++) {
            int r = rnd.nextInt(100);
            int supplier;
            String key;
            if (r < 4) {
                supplier = -1;
                key = orgNumber(900_000 + rnd.nextInt(10)); // not registered
            } else if (r < 10) {
                supplier = 250 + rnd.nextInt(50); // registered, no agreement
                key = orgNumber(supplier);
            } else {
                supplier = rnd.nextInt(250);
                key = orgNumber(supplier);
            }
            int b = rnd.nextInt(100);
            String ref = b < 2 ? "OKAND-" + (n % 5) : b < 14 ? "REF-" + bolagUnits.get(rnd.nextInt(bolagUnits.size()))
                    : "REF-" + kommunUnits.get(rnd.nextInt(kommunUnits.size()));
            LocalDate date = YEAR.plusDays(n % 365);
            List<Integer> own = new ArrayList<>();
            if (supplier >= 0 && supplier < 150) {
                own.add(2 * supplier);
                own.add(2 * supplier + 1);
            } else if (supplier >= 150 && supplier < 250) {
                own.add(supplier + 150);
            }
            String cref = !own.isEmpty() && rnd.nextInt(4) == 0 ? agreementRef(own.get(rnd.nextInt(own.size()))) : "";
            for (int line = 1; line <= LINES_PER_INVOICE; line++) {
                int j = own.isEmpty() ? rnd.nextInt(AGREEMENTS) : own.get(rnd.nextInt(own.size()));
                int q = 1 + rnd.nextInt(20);
                int kind = rnd.nextInt(100);
                String item;
                String seller;
                long price;
                if (kind < 6) {
                    seller = "X-" + rnd.nextInt(100_000);
                    item = "Okänd artikel";
                    price = (100 + rnd.nextInt(900)) * 100L;
                } else if (kind < 10 && mapped.contains(supplier)) {
                    seller = "";
                    item = "Licens standard";
                    int first = own.get(0);
                    price = plainPrice(first, 0);
                } else if (kind < 48) {
                    seller = "A" + j + "-BAS";
                    item = "Basprodukt " + j;
                    price = tierBand(j) == 20 ? tierPrice(j) : basePrice(j);
                } else if (kind < 66) {
                    seller = "A" + j + "-TILL";
                    item = "Tillägg " + j;
                    price = plainPrice(j, 0);
                } else if (kind < 82) {
                    seller = "A" + j + "-SUP";
                    item = "Support " + j;
                    price = plainPrice(j, 1);
                } else {
                    seller = "DELAD-" + (j % 25);
                    item = "Delad produkt " + (j % 25);
                    price = sharedPrice(j);
                }
                if (rnd.nextInt(100) < 12) {
                    price = price + (rnd.nextBoolean() ? 1 : -1) * price * (5 + rnd.nextInt(10)) / 100;
                }
                led.append(key).append(";Leverantör ").append(key).append(";F-").append(n).append(';').append(date)
                        .append(';').append(ref).append(';').append(cref).append(';').append(line).append(';')
                        .append(item).append(';').append(seller).append(';').append(q).append(';').append(kr(price))
                        .append(';').append(kr(price * q)).append(";SEK\n");
            }
        }
        return new Data(suppliers, ag.toString(), pl.toString(), led.toString(), refs, mappings);
    }

    // ------------------------------------------------------------------ the run

    @Override
    public List<ResultRow> run(BenchContext ctx) throws Exception {
        HttpClient client = BenchContext.newClient();
        List<ResultRow> result = new ArrayList<>();
        // the organisation: DemoCity's units (a no-op when the organisation scenario imported them)
        StringWriter units = new StringWriter();
        DemoCity.generate(ctx.size()).writeUnitsCsv(units);
        expect2xx(send(ctx, client, "POST", "/api/v1/imports/units?fileName=units.csv", "text/csv", units.toString()),
                "units import");
        Map<String, Long> unitIds = new TreeMap<>();
        List<String> kommunUnits = new ArrayList<>();
        List<String> bolagUnits = new ArrayList<>();
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, code, kind FROM nyckeln.org_unit WHERE valid_to IS NULL ORDER BY code")) {
            while (rs.next()) {
                unitIds.put(rs.getString(2), rs.getLong(1));
                String code = rs.getString(2);
                if (code.startsWith("BOLAG-")) {
                    bolagUnits.add(code);
                } else if (code.startsWith("SDN-") || code.startsWith("FN-") || code.equals("KS")) {
                    kommunUnits.add(code);
                }
            }
        }
        if (kommunUnits.isEmpty() || bolagUnits.isEmpty()) {
            return List.of(ResultRow.notAvailable("re-match", "no kommun or bolag units after the units import"));
        }
        Data data = generate(kommunUnits, bolagUnits);
        long setup = System.nanoTime();
        for (String json : data.supplierJson()) {
            HttpResponse<String> r = send(ctx, client, "POST", "/api/v1/suppliers", "application/json", json);
            if (r.statusCode() != 409) {
                expect2xx(r, "supplier");
            }
        }
        expect2xx(send(ctx, client, "POST", "/api/v1/agreements/imports/agreements?fileName=bench-agreements.csv",
                "text/csv", data.agreementsCsv()), "agreements import");
        expect2xx(send(ctx, client, "POST", "/api/v1/agreements/imports/price-list?fileName=bench-prices.csv",
                "text/csv", data.priceListCsv()), "price-list import");
        for (String[] ref : data.buyerRefs()) {
            expect2xx(send(ctx, client, "PUT", "/api/v1/purchases/buyer-references", "application/json",
                    "{\"reference\":\"" + ref[0] + "\",\"unitId\":" + unitIds.get(ref[1]) + "}"), "buyer reference");
        }
        Map<String, Long> supplierIds = new LinkedHashMap<>();
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT org_number, id FROM nyckeln.supplier WHERE org_number IS NOT NULL")) {
            while (rs.next()) {
                supplierIds.put(rs.getString(1).trim(), rs.getLong(2));
            }
        }
        for (String[] m : data.productMappings()) {
            long sid = supplierIds.get(m[0].replace("-", ""));
            expect2xx(send(ctx, client, "PUT", "/api/v1/purchases/product-mappings", "application/json",
                    "{\"supplierId\":" + sid + ",\"itemKey\":\"" + m[1] + "\",\"sku\":\"" + m[2] + "\"}"), "product mapping");
        }
        Benchmarks.log("matching: suppliers, agreements, price list and mappings loaded in %.1f s", (System.nanoTime() - setup) / 1e9);
        long ledgerStart = System.nanoTime();
        HttpResponse<String> ledger = send(ctx, client, "POST", "/api/v1/purchases/ledger?fileName=bench-ledger.csv",
                "text/csv", data.ledgerCsv());
        expect2xx(ledger, "ledger import");
        double ledgerSeconds = (System.nanoTime() - ledgerStart) / 1e9;
        Benchmarks.log("matching: ledger import %.1f s", ledgerSeconds);

        long lines;
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            // statistics after the bulk load (as autovacuum would soon): both sides are planned on the same facts
            s.execute("ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM nyckeln.purchase_line")) {
                rs.next();
                lines = rs.getLong(1);
            }
        }

        List<Double> appSeconds = new ArrayList<>();
        List<Double> baseSeconds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> noopSeconds = new ArrayList<>();
        String appProblem = null;
        try {
            // warm-up of both, discarded
            appRematch(ctx, client, lines);
            baseline(ctx);
            for (int round = 0; round < ROUNDS; round++) {
                double a;
                double b;
                if (round % 2 == 0) {
                    a = appRematch(ctx, client, lines);
                    b = baseline(ctx);
                } else {
                    b = baseline(ctx);
                    a = appRematch(ctx, client, lines);
                }
                noopSeconds.add(timedRematch(ctx, client, 0));
                Benchmarks.log("matching: round %d: application %.2f s, baseline %.2f s", round + 1, a, b);
                appSeconds.add(a);
                baseSeconds.add(b);
                ratios.add(b / a);
            }
        } catch (IllegalStateException e) {
            appProblem = e.getMessage();
        }
        if (appProblem != null) {
            result.add(ResultRow.notAvailable("full re-match, lines/s", appProblem));
            return result;
        }
        String comparison = compare(ctx);
        String distribution = distribution(ctx);
        double app = lines / Stats.median(appSeconds);
        double base = lines / Stats.median(baseSeconds);
        result.add(new ResultRow("full re-match, lines/s", app, base, "lines/s", Stats.median(ratios), GOAL,
                String.format(Locale.ROOT, "ratio %.2f-%.2f; application %.2f-%.2f s, baseline %.2f-%.2f s; %d rounds",
                        Stats.min(ratios), Stats.max(ratios), Stats.min(appSeconds), Stats.max(appSeconds),
                        Stats.min(baseSeconds), Stats.max(baseSeconds), ROUNDS),
                String.format(Locale.ROOT, "%d lines; application %.2f s, baseline %.2f s (medians); %s; verdicts: %s; "
                        + "ledger import of the lines (with its own re-match) %.1f s", lines, Stats.median(appSeconds),
                        Stats.median(baseSeconds), comparison, distribution, ledgerSeconds)));
        double noop = lines / Stats.median(noopSeconds);
        result.add(new ResultRow("no-op re-match, lines/s", noop, base, "lines/s", noop / base, Double.NaN,
                String.format(Locale.ROOT, "%.2f-%.2f s", Stats.min(noopSeconds), Stats.max(noopSeconds)),
                "nothing changed since the previous re-match: every line judged, none written"));
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        return result;
    }

    /** Clears every line's verdict (setup, not timed), then times the application's full re-match. */
    private double appRematch(BenchContext ctx, HttpClient client, long lines) throws Exception {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE nyckeln.purchase_line SET verdict = NULL, sku = NULL, agreement_id = NULL, price_row_id = NULL,"
                    + " city_quantity = NULL, expected_price_ore = NULL, alt_agreement_id = NULL, alt_price_row_id = NULL,"
                    + " alt_price_ore = NULL, at_stake_ore = NULL");
            s.execute("VACUUM ANALYZE nyckeln.purchase_line");
        }
        return timedRematch(ctx, client, lines);
    }

    private double timedRematch(BenchContext ctx, HttpClient client, long expectedChanged) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = send(ctx, client, "POST", "/api/v1/purchases/rematch", "application/json", "");
        double seconds = (System.nanoTime() - start) / 1e9;
        expect2xx(r, "re-match");
        long changed = Long.parseLong(r.body().trim());
        if (changed != expectedChanged) {
            throw new IllegalStateException("re-match changed " + changed + " lines, expected " + expectedChanged);
        }
        return seconds;
    }

    private double baseline(BenchContext ctx) throws SQLException {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".verdict");
            s.execute("SET search_path = nyckeln");
            s.execute("SET jit = off");
            s.execute("SET enable_nestloop = off");
            long start = System.nanoTime();
            s.execute("CREATE TABLE " + SCHEMA + ".verdict AS " + BASELINE);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Per compared column, the lines where the application and the baseline differ. */
    private static String compare(BenchContext ctx) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FILTER (WHERE b.id IS NULL OR pl.id IS NULL)");
        for (String col : COMPARED) {
            sql.append(", count(*) FILTER (WHERE pl.").append(col).append(" IS DISTINCT FROM b.").append(col).append(')');
        }
        sql.append(" FROM nyckeln.purchase_line pl FULL JOIN ").append(SCHEMA).append(".verdict b ON b.id = pl.id");
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            List<String> bad = new ArrayList<>();
            if (rs.getLong(1) > 0) {
                bad.add(rs.getLong(1) + " lines in one result only");
            }
            for (int i = 0; i < COMPARED.length; i++) {
                if (rs.getLong(i + 2) > 0) {
                    bad.add(COMPARED[i] + " differs on " + rs.getLong(i + 2) + " lines");
                }
            }
            return bad.isEmpty() ? "application and baseline agree on every line (verdict, SKU, agreement, price row, "
                    + "expected price, alternative agreement and row, SEK at stake)"
                    : "**MISMATCH**: " + String.join(", ", bad);
        }
    }

    private static String distribution(BenchContext ctx) throws SQLException {
        try (Connection c = ctx.database().superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT verdict, count(*) FROM nyckeln.purchase_line GROUP BY 1 ORDER BY 2 DESC")) {
            List<String> parts = new ArrayList<>();
            while (rs.next()) {
                parts.add(rs.getString(1) + " " + rs.getLong(2));
            }
            return String.join(", ", parts);
        }
    }

    private static HttpResponse<String> send(BenchContext ctx, HttpClient client, String method, String path,
                                             String contentType, String body) throws IOException, InterruptedException {
        HttpRequest req = ctx.request(path).timeout(Duration.ofMinutes(10)).header("Accept", "application/json")
                .header("Content-Type", contentType + "; charset=UTF-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect2xx(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            String body = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
            throw new IllegalStateException(what + " answered HTTP " + r.statusCode() + ": "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }

    // ------------------------------------------------------------------ the baseline

    /**
     * The verdicts of docs/agreements.md written by hand: suppliers and buyer units resolved by joins, the agreement
     * picked per line with DISTINCT ON over its candidates, tiers and the cheaper alternative by grouping and
     * DISTINCT ON over the (few) price rows of the same SKU.
     */
    static final String BASELINE = """
            WITH RECURSIVE
            cur AS (SELECT DISTINCT ON (unit_id) unit_id, parent_id FROM org_unit_version ORDER BY unit_id, valid_from DESC),
            anc (unit_id, ancestor_id, depth) AS (
                SELECT unit_id, unit_id, 0 FROM cur
                UNION ALL SELECT a.unit_id, c.parent_id, a.depth + 1 FROM anc a JOIN cur c ON c.unit_id = a.ancestor_id
                 WHERE c.parent_id IS NOT NULL AND a.depth < 32),
            legal AS (SELECT DISTINCT ON (a.unit_id) a.unit_id, u.kind AS legal_kind FROM anc a JOIN org_unit u ON u.id = a.ancestor_id
                       WHERE u.kind IN ('KOMMUN', 'BOLAG') ORDER BY a.unit_id, a.depth),
            ent AS (SELECT DISTINCT co.agreement_id, a.unit_id FROM agreement_call_off co JOIN anc a ON a.ancestor_id = co.unit_id),
            skey AS (SELECT k, min(id) AS id FROM (
                       SELECT '0007:' || org_number AS k, id FROM supplier WHERE org_number IS NOT NULL
                       UNION ALL SELECT 'VAT:' || vat_number, id FROM supplier WHERE vat_number IS NOT NULL
                       UNION ALL SELECT lower(peppol_id), id FROM supplier WHERE peppol_id IS NOT NULL) x GROUP BY k),
            withagr AS (SELECT DISTINCT supplier_id FROM agreement),
            supsku AS (SELECT DISTINCT a.supplier_id, p.sku_key FROM price_row p JOIN agreement a ON a.id = p.agreement_id),
            l AS MATERIALIZED (
                SELECT pl.id, pl.quantity, pl.unit_price_ore, pl.line_amount_ore, bm.unit_id, i.issue_date AS d,
                       i.currency AS cur, sk.id AS supplier_id, lower(btrim(i.contract_reference)) AS cref, lg.legal_kind,
                       wa.supplier_id IS NOT NULL AS has_agreement,
                       coalesce(lower(pm.sku), s1.sku_key, s2.sku_key) AS sku
                  FROM purchase_line pl JOIN purchase_invoice i ON i.id = pl.invoice_id
                  LEFT JOIN skey sk ON sk.k = i.supplier_key
                  LEFT JOIN withagr wa ON wa.supplier_id = sk.id
                  LEFT JOIN buyer_reference_mapping bm ON bm.reference_key = lower(btrim(i.buyer_reference))
                  LEFT JOIN legal lg ON lg.unit_id = bm.unit_id
                  LEFT JOIN product_mapping pm ON pm.supplier_id = sk.id
                        AND pm.item_key = lower(btrim(coalesce(pl.seller_item_id, pl.standard_item_id, pl.item_name)))
                  LEFT JOIN supsku s1 ON s1.supplier_id = sk.id AND s1.sku_key = lower(btrim(pl.seller_item_id))
                  LEFT JOIN supsku s2 ON s2.supplier_id = sk.id AND s2.sku_key = lower(btrim(pl.standard_item_id))
            ),
            cand AS (
                SELECT l.id, a.id AS aid,
                       a.valid_from <= l.d AND (a.valid_to IS NULL OR l.d <= a.valid_to)
                         AND bool_or(p.valid_from <= l.d AND (p.valid_to IS NULL OR l.d <= p.valid_to) AND p.currency = l.cur) AS valid,
                       (l.legal_kind = 'KOMMUN' AND a.kommun_may_call_off) IS TRUE OR e.agreement_id IS NOT NULL AS entitled,
                       (lower(a.reference) = l.cref) IS TRUE AS named,
                       bool_or(p.valid_from <= l.d AND (p.valid_to IS NULL OR l.d <= p.valid_to) AND p.currency = l.cur
                               AND p.unit_price_ore = l.unit_price_ore) AS same_price
                  FROM l JOIN agreement a ON a.supplier_id = l.supplier_id
                  JOIN price_row p ON p.agreement_id = a.id AND p.sku_key = l.sku
                  LEFT JOIN ent e ON e.agreement_id = a.id AND e.unit_id = l.unit_id
                 GROUP BY l.id, l.d, l.cref, l.legal_kind, a.id, e.agreement_id
            ),
            pick AS MATERIALIZED (
                SELECT DISTINCT ON (id) id, aid, valid, entitled FROM cand
                 ORDER BY id, valid DESC, entitled DESC, named DESC, same_price DESC, aid
            ),
            m AS MATERIALIZED (
                SELECT l.*, p.aid, coalesce(p.valid, false) AS valid, coalesce(p.entitled, false) AS entitled
                  FROM l LEFT JOIN pick p ON p.id = l.id
            ),
            tot AS (SELECT aid, sku, sum(quantity) AS q FROM m WHERE valid AND entitled GROUP BY 1, 2),
            priced AS MATERIALIZED (
                SELECT DISTINCT ON (m.id) m.id, t.q, p.id AS price_row_id, p.unit_price_ore AS expected
                  FROM m JOIN tot t ON t.aid = m.aid AND t.sku = m.sku
                  JOIN price_row p ON p.agreement_id = m.aid AND p.sku_key = m.sku
                       AND p.valid_from <= m.d AND (p.valid_to IS NULL OR m.d <= p.valid_to) AND p.currency = m.cur
                 WHERE m.valid AND m.entitled
                 ORDER BY m.id, (p.min_quantity <= t.q) DESC,
                          CASE WHEN p.min_quantity <= t.q THEN p.min_quantity END DESC, p.min_quantity, p.valid_from DESC, p.id
            ),
            others AS (
                SELECT m.id, a2.id AS a2, p2.id AS row_id, p2.unit_price_ore AS price, p2.min_quantity,
                       coalesce(max(p2.min_quantity) FILTER (WHERE p2.min_quantity <= coalesce(t2.q, 0)) OVER w,
                                min(p2.min_quantity) OVER w) AS band
                  FROM m JOIN priced pr ON pr.id = m.id
                  JOIN price_row p2 ON p2.sku_key = m.sku AND p2.agreement_id <> m.aid
                       AND p2.valid_from <= m.d AND (p2.valid_to IS NULL OR m.d <= p2.valid_to) AND p2.currency = m.cur
                  JOIN agreement a2 ON a2.id = p2.agreement_id AND a2.valid_from <= m.d AND (a2.valid_to IS NULL OR m.d <= a2.valid_to)
                  LEFT JOIN ent e2 ON e2.agreement_id = a2.id AND e2.unit_id = m.unit_id
                  LEFT JOIN tot t2 ON t2.aid = a2.id AND t2.sku = m.sku
                 WHERE (m.legal_kind = 'KOMMUN' AND a2.kommun_may_call_off) IS TRUE OR e2.agreement_id IS NOT NULL
                WINDOW w AS (PARTITION BY m.id, a2.id)
            ),
            alt AS (
                SELECT DISTINCT ON (o.id) o.id, o.a2, o.row_id, o.price FROM others o JOIN priced pr ON pr.id = o.id
                 WHERE o.min_quantity = o.band AND o.price < pr.expected
                 ORDER BY o.id, o.price, o.a2
            ),
            v AS (
                SELECT m.id, m.sku, m.aid, m.quantity, m.unit_price_ore, m.line_amount_ore, pr.price_row_id, pr.q, pr.expected,
                       x.a2, x.row_id AS alt_row, x.price AS alt_price,
                       CASE
                         WHEN m.supplier_id IS NULL OR NOT m.has_agreement THEN 'OFF_AGREEMENT'
                         WHEN m.sku IS NULL OR m.aid IS NULL THEN 'UNKNOWN_PRODUCT'
                         WHEN NOT m.valid THEN 'AGREEMENT_NOT_VALID'
                         WHEN m.unit_id IS NULL THEN 'BUYER_UNMAPPED'
                         WHEN NOT m.entitled THEN 'BUYER_NOT_ENTITLED'
                         WHEN m.unit_price_ore <> pr.expected THEN 'WRONG_PRICE'
                         WHEN x.price IS NOT NULL THEN 'WRONG_AGREEMENT'
                         ELSE 'OK'
                       END AS verdict
                  FROM m LEFT JOIN priced pr ON pr.id = m.id LEFT JOIN alt x ON x.id = m.id
            )
            SELECT id, verdict, sku, aid AS agreement_id, price_row_id, q AS city_quantity, expected AS expected_price_ore,
                   CASE WHEN verdict = 'WRONG_AGREEMENT' THEN a2 END AS alt_agreement_id,
                   CASE WHEN verdict = 'WRONG_AGREEMENT' THEN alt_row END AS alt_price_row_id,
                   CASE WHEN verdict = 'WRONG_AGREEMENT' THEN alt_price END AS alt_price_ore,
                   CASE verdict WHEN 'OK' THEN 0
                     WHEN 'WRONG_PRICE' THEN round((unit_price_ore - expected) * quantity)::bigint
                     WHEN 'WRONG_AGREEMENT' THEN round((expected - alt_price) * quantity)::bigint
                     ELSE line_amount_ore END AS at_stake_ore
              FROM v
            """;
}
