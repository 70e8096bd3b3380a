package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.shared.Money;
import se.nyckeln.suppliers.application.Suppliers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A ledger export of purchase lines (format in docs/agreements.md, "Ledger CSV"): one row per line, grouped
 * into invoices by supplier and invoice number. Rows of one invoice must agree on its date, buyer reference,
 * contract reference and currency. A row with a negative quantity is a credit (it reduces the entitlement of the
 * invoice line it credits: the optional {@code credited_invoice} names that invoice).
 */
public final class LedgerCsv {

    public static final List<String> COLUMNS = List.of("supplier", "invoice_number", "invoice_date", "line_id",
            "item_name", "quantity", "unit_price", "line_amount");

    private LedgerCsv() {
    }

    public record Plan(List<UblInvoice> invoices, List<ImportError> errors) {
    }

    public static Plan plan(CsvTable t) {
        List<ImportError> errors = new ArrayList<>(t.errors());
        if (t.hasMissingColumns()) {
            return new Plan(List.of(), errors);
        }
        Map<String, UblInvoice> invoices = new LinkedHashMap<>();
        Map<String, List<UblInvoice.Line>> lines = new LinkedHashMap<>();
        Set<String> lineKeys = new HashSet<>();
        Map<String, Set<String>> credited = new LinkedHashMap<>();
        for (CsvTable.Row r : t.rows()) {
            int before = errors.size();
            String supplier = required(t, r, "supplier", errors);
            String key = supplier == null ? null : Suppliers.key(supplier).orElse(null);
            if (supplier != null && key == null) {
                errors.add(new ImportError(t.file(), r.line(), "supplier", supplier, "bad-supplier-id", supplier));
            }
            String number = required(t, r, "invoice_number", errors);
            LocalDate date = null;
            String d = required(t, r, "invoice_date", errors);
            if (d != null) {
                try {
                    date = LocalDate.parse(d);
                } catch (DateTimeParseException e) {
                    errors.add(new ImportError(t.file(), r.line(), "invoice_date", d, "bad-date", d));
                }
            }
            String lineId = required(t, r, "line_id", errors);
            String name = required(t, r, "item_name", errors);
            BigDecimal quantity = null;
            String q = required(t, r, "quantity", errors);
            if (q != null) {
                try {
                    quantity = new BigDecimal(q.replace(" ", "").replace(',', '.'));
                } catch (NumberFormatException e) {
                    errors.add(new ImportError(t.file(), r.line(), "quantity", q, "bad-number", q));
                }
            }
            Long price = amount(t, r, "unit_price", errors);
            Long amount = amount(t, r, "line_amount", errors);
            String currency = r.get("currency") == null ? "SEK" : r.get("currency").toUpperCase(Locale.ROOT);
            BigDecimal vat = null;
            if (r.get("vat_percent") != null) {
                try {
                    vat = new BigDecimal(r.get("vat_percent").replace(',', '.'));
                } catch (NumberFormatException e) {
                    errors.add(new ImportError(t.file(), r.line(), "vat_percent", r.get("vat_percent"), "bad-number",
                            r.get("vat_percent")));
                }
            }
            if (errors.size() > before) {
                continue;
            }
            String invoiceKey = key + "|" + number;
            if (!lineKeys.add(invoiceKey + "|" + lineId)) {
                errors.add(new ImportError(t.file(), r.line(), "line_id", lineId, "duplicate-key",
                        number + "/" + lineId));
                continue;
            }
            UblInvoice head = new UblInvoice(t.file(), "INVOICE", number, date, currency, r.get("buyer_reference"),
                    null, r.get("contract_reference"), key, r.get("supplier_name"), List.of(), List.of());
            if (r.get("credited_invoice") != null) {
                credited.computeIfAbsent(invoiceKey, k -> new java.util.LinkedHashSet<>()).add(r.get("credited_invoice"));
            }
            UblInvoice known = invoices.putIfAbsent(invoiceKey, head);
            if (known != null && (!known.issueDate().equals(date) || !known.currency().equals(currency)
                    || !Objects.equals(known.buyerReference(), head.buyerReference())
                    || !Objects.equals(known.contractReference(), head.contractReference()))) {
                errors.add(new ImportError(t.file(), r.line(), "invoice_number", number, "invoice-rows-disagree",
                        number));
                continue;
            }
            lines.computeIfAbsent(invoiceKey, k -> new ArrayList<>()).add(new UblInvoice.Line(lineId, name,
                    r.get("seller_item_id"), r.get("standard_item_id"), r.get("classification"), null, quantity,
                    null, price, amount, null, vat, null, null, account(r.get("account"))));
        }
        List<UblInvoice> result = new ArrayList<>();
        for (var e : invoices.entrySet()) {
            UblInvoice h = e.getValue();
            result.add(new UblInvoice(h.file(), h.documentType(), h.number(), h.issueDate(), h.currency(),
                    h.buyerReference(), h.orderReference(), h.contractReference(), h.supplierKey(), h.supplierName(),
                    List.copyOf(credited.getOrDefault(e.getKey(), Set.of())),
                    List.copyOf(lines.getOrDefault(e.getKey(), List.of()))));
        }
        return new Plan(result, errors);
    }

    /** An account as booked (spaces removed: "6540 1" and "65401" are one account); blank = none. */
    static String account(String v) {
        if (v == null) {
            return null;
        }
        String a = v.replaceAll("\\s", "");
        return a.isEmpty() ? null : a;
    }

    private static String required(CsvTable t, CsvTable.Row r, String column, List<ImportError> errors) {
        String v = r.get(column);
        if (v == null) {
            errors.add(new ImportError(t.file(), r.line(), column, null, "missing-value", column));
        }
        return v;
    }

    private static Long amount(CsvTable t, CsvTable.Row r, String column, List<ImportError> errors) {
        String v = required(t, r, column, errors);
        if (v == null) {
            return null;
        }
        try {
            return Money.parse(v).ore();
        } catch (IllegalArgumentException e) {
            errors.add(new ImportError(t.file(), r.line(), column, v, "bad-amount", v));
            return null;
        }
    }
}
