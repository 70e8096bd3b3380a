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
 * The generated city purchases the purchase scenarios share (matching, supplier dashboard): 300 Swedish suppliers
 * (Luhn-valid org numbers), 400 agreements of 250 of them with 2,000 price rows, buyer-reference and product
 * mappings, and per year 10,000 invoices of 5 lines, deterministic (fixed seeds), loaded through the
 * application's own paths (suppliers by REST, agreement and price-list CSV imports, mappings by REST, the lines by
 * the ledger CSV import). The organisation is DemoCity's units (imported here; a no-op when already there).
 */
final class PurchaseCity {

    static final int SUPPLIERS = 300;
    static final int AGREEMENTS = 400;
    static final int INVOICES = 10_000;
    static final int LINES_PER_INVOICE = 5;
    static final long SEED = 4_2025L;

    private PurchaseCity() {
    }

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

    /**
     * One year of invoices: {@code INVOICES} invoices from {@code start} (one a day, round the year), numbered
     * {@code prefix + n}, drawn from {@code seed}. {@code dashboard} adds the columns {@code classification} (a CPV
     * code per kind of article; one unknown article in six is office supplies, not IT) and {@code account} (BAS 6540
     * IT-tjänster; one line in a hundred on 7490, and every line of suppliers 280-299 on 6510, neither IT), drawn
     * from a second random stream, so the lines themselves are those of the matching scenario's generator.
     */
    record Year(LocalDate start, String prefix, long seed, boolean dashboard) {
        /** The matching scenario's year: 2025, invoices F-n, without the dashboard's columns. */
        static Year matching() {
            return new Year(LocalDate.of(2025, 1, 1), "F-", SEED, false);
        }
    }

    static Data generate(List<String> kommunUnits, List<String> bolagUnits, Year year) {
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

        Random rnd = new Random(year.seed());
        Random extra = new Random(year.seed() * 31 + 7);
        StringBuilder led = new StringBuilder("supplier;supplier_name;invoice_number;invoice_date;buyer_reference;"
                + "contract_reference;line_id;item_name;seller_item_id;quantity;unit_price;line_amount;currency"
                + (year.dashboard() ? ";classification;account" : "") + "\n");
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
            LocalDate date = year.start().plusDays(n % 365);
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
                String cpv;
                if (kind < 6) {
                    seller = "X-" + rnd.nextInt(100_000);
                    item = "Okänd artikel";
                    price = (100 + rnd.nextInt(900)) * 100L;
                    cpv = year.dashboard() && extra.nextInt(6) == 0 ? "30197630-1" : "";
                } else if (kind < 10 && mapped.contains(supplier)) {
                    seller = "";
                    item = "Licens standard";
                    int first = own.get(0);
                    price = plainPrice(first, 0);
                    cpv = "48000000-8";
                } else if (kind < 48) {
                    seller = "A" + j + "-BAS";
                    item = "Basprodukt " + j;
                    price = tierBand(j) == 20 ? tierPrice(j) : basePrice(j);
                    cpv = "48000000-8";
                } else if (kind < 66) {
                    seller = "A" + j + "-TILL";
                    item = "Tillägg " + j;
                    price = plainPrice(j, 0);
                    cpv = "72000000-5";
                } else if (kind < 82) {
                    seller = "A" + j + "-SUP";
                    item = "Support " + j;
                    price = plainPrice(j, 1);
                    cpv = "72000000-5";
                } else {
                    seller = "DELAD-" + (j % 25);
                    item = "Delad produkt " + (j % 25);
                    price = sharedPrice(j);
                    cpv = "30213100-6";
                }
                if (rnd.nextInt(100) < 12) {
                    price = price + (rnd.nextBoolean() ? 1 : -1) * price * (5 + rnd.nextInt(10)) / 100;
                }
                led.append(key).append(";Leverantör ").append(key).append(';').append(year.prefix()).append(n)
                        .append(';').append(date)
                        .append(';').append(ref).append(';').append(cref).append(';').append(line).append(';')
                        .append(item).append(';').append(seller).append(';').append(q).append(';').append(kr(price))
                        .append(';').append(kr(price * q)).append(";SEK");
                if (year.dashboard()) {
                    String account = supplier >= 280 ? "6510" : extra.nextInt(100) == 0 ? "7490" : "6540";
                    led.append(';').append(cpv).append(';').append(account);
                }
                led.append('\n');
            }
        }
        return new Data(suppliers, ag.toString(), pl.toString(), led.toString(), refs, mappings);
    }


    /** Unit codes by kind and every current unit's id. */
    record Units(List<String> kommun, List<String> bolag, Map<String, Long> ids) {
    }

    /** Imports DemoCity's units (a no-op when present) and answers the kommun and bolag units. */
    static Units units(BenchContext ctx, HttpClient client) throws Exception {
        StringWriter csv = new StringWriter();
        DemoCity.generate(ctx.size()).writeUnitsCsv(csv);
        expect2xx(send(ctx, client, "POST", "/api/v1/imports/units?fileName=units.csv", "text/csv", csv.toString()),
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
        return new Units(kommunUnits, bolagUnits, unitIds);
    }

    /** Suppliers, agreements, price list, buyer references and product mappings (each a no-op when loaded). */
    static void loadMasterData(BenchContext ctx, HttpClient client, Data data, Units units) throws Exception {
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
                    "{\"reference\":\"" + ref[0] + "\",\"unitId\":" + units.ids().get(ref[1]) + "}"), "buyer reference");
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
    }

    /** The ledger CSV import of the lines (one transaction, with its own re-match); seconds. */
    static double loadLedger(BenchContext ctx, HttpClient client, String csv, String fileName) throws Exception {
        long start = System.nanoTime();
        expect2xx(send(ctx, client, "POST", "/api/v1/purchases/ledger?fileName=" + fileName, "text/csv", csv),
                "ledger import");
        return (System.nanoTime() - start) / 1e9;
    }

    static HttpResponse<String> send(BenchContext ctx, HttpClient client, String method, String path,
                                     String contentType, String body) throws IOException, InterruptedException {
        HttpRequest req = ctx.request(path).timeout(Duration.ofMinutes(10)).header("Accept", "application/json")
                .header("Content-Type", contentType + "; charset=UTF-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static void expect2xx(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            String body = r.body() == null ? "" : r.body().replaceAll("\\s+", " ");
            throw new IllegalStateException(what + " answered HTTP " + r.statusCode() + ": "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }
}
