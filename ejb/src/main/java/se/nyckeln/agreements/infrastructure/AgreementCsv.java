package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.shared.Money;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks an agreements file or a price-list file row by row (formats in docs/agreements.md) and turns it into
 * plain specifications. Every problem of the file is collected; nothing is written here.
 */
public final class AgreementCsv {

    public static final List<String> AGREEMENT_COLUMNS = List.of("reference", "supplier", "kind", "title",
            "valid_from", "owner_unit");
    public static final List<String> PRICE_COLUMNS = List.of("agreement_reference", "sku", "product_name",
            "unit_price", "valid_from");

    private AgreementCsv() {
    }

    /** A unit as the planner needs it: id and kind (KOMMUN, BOLAG, ...). */
    public record UnitRef(long id, String kind) {
    }

    public record AgreementSpec(long line, String reference, long supplierId, String kind, String parentReference,
                                String title, String category, LocalDate validFrom, LocalDate validTo,
                                String extensionOptions, int noticeMonths, long ownerUnitId, boolean kommunMayCallOff,
                                List<Long> callOffUnitIds) {
    }

    public record PriceSpec(long line, long agreementId, String sku, String productName, long unitPriceOre,
                            String currency, long minQuantity, LocalDate validFrom, LocalDate validTo) {
    }

    public record Plan<T>(List<T> specs, List<ImportError> errors) {
    }

    /**
     * @param suppliers supplier id by identifier as written (org number, VAT, Peppol id, name or alias)
     * @param units     units by lower-cased code
     * @param agreements existing agreement ids by lower-cased reference
     */
    public static Plan<AgreementSpec> agreements(CsvTable t, Map<String, Long> suppliers, Map<String, UnitRef> units,
                                                 Map<String, Long> agreements) {
        List<ImportError> errors = new ArrayList<>(t.errors());
        List<AgreementSpec> specs = new ArrayList<>();
        if (t.hasMissingColumns()) {
            return new Plan<>(specs, errors);
        }
        Set<String> seen = new HashSet<>();
        Set<String> frameworksInFile = new HashSet<>();
        for (CsvTable.Row r : t.rows()) {
            if ("FRAMEWORK".equalsIgnoreCase(r.get("kind")) && r.get("reference") != null) {
                frameworksInFile.add(r.get("reference").toLowerCase(Locale.ROOT));
            }
        }
        for (CsvTable.Row r : t.rows()) {
            Row row = new Row(t.file(), r, errors);
            String reference = row.required("reference");
            if (reference != null && !seen.add(reference.toLowerCase(Locale.ROOT))) {
                row.error("reference", reference, "duplicate-key", reference);
            }
            String supplier = row.required("supplier");
            Long supplierId = supplier == null ? null : suppliers.get(supplier);
            if (supplier != null && supplierId == null) {
                row.error("supplier", supplier, "unknown-supplier", supplier);
            }
            String kind = row.required("kind");
            if (kind != null) {
                kind = kind.toUpperCase(Locale.ROOT);
                if (!List.of("FRAMEWORK", "CALL_OFF", "DIRECT").contains(kind)) {
                    row.error("kind", r.get("kind"), "unknown-agreement-kind", r.get("kind"));
                    kind = null;
                }
            }
            String parent = r.get("parent_reference");
            if ("CALL_OFF".equals(kind)) {
                if (parent == null) {
                    row.error("parent_reference", null, "missing-value", "parent_reference");
                } else if (!agreements.containsKey(parent.toLowerCase(Locale.ROOT))
                        && !frameworksInFile.contains(parent.toLowerCase(Locale.ROOT))) {
                    row.error("parent_reference", parent, "unknown-agreement", parent);
                }
            } else if (kind != null && parent != null) {
                row.error("parent_reference", parent, "parent-only-for-call-off");
            }
            String title = row.required("title");
            LocalDate from = row.date("valid_from", true);
            LocalDate to = row.date("valid_to", false);
            if (from != null && to != null && to.isBefore(from)) {
                row.error("valid_to", r.get("valid_to"), "date-order", from);
            }
            int notice = (int) row.number("notice_months", 0, 0, 120);
            String owner = row.required("owner_unit");
            UnitRef ownerUnit = owner == null ? null : units.get(owner.toLowerCase(Locale.ROOT));
            if (owner != null && ownerUnit == null) {
                row.error("owner_unit", owner, "unknown-unit", owner);
            }
            boolean kommun = row.bool("kommun_may_call_off", true);
            List<Long> callOff = new ArrayList<>();
            String list = r.get("call_off_units");
            if (list != null) {
                for (String code : list.split("[|,\\s]+")) {
                    if (code.isBlank()) {
                        continue;
                    }
                    UnitRef u = units.get(code.toLowerCase(Locale.ROOT));
                    if (u == null) {
                        row.error("call_off_units", code, "unknown-unit", code);
                    } else if (!callOff.contains(u.id())) {
                        callOff.add(u.id());
                    }
                }
            }
            if (row.ok()) {
                specs.add(new AgreementSpec(r.line(), reference, supplierId, kind, parent, title, r.get("category"),
                        from, to, r.get("extension_options"), notice, ownerUnit.id(), kommun, callOff));
            }
        }
        return new Plan<>(specs, errors);
    }

    public static Plan<PriceSpec> prices(CsvTable t, Map<String, Long> agreements) {
        List<ImportError> errors = new ArrayList<>(t.errors());
        List<PriceSpec> specs = new ArrayList<>();
        if (t.hasMissingColumns()) {
            return new Plan<>(specs, errors);
        }
        Set<String> seen = new HashSet<>();
        for (CsvTable.Row r : t.rows()) {
            Row row = new Row(t.file(), r, errors);
            String ref = row.required("agreement_reference");
            Long agreementId = ref == null ? null : agreements.get(ref.toLowerCase(Locale.ROOT));
            if (ref != null && agreementId == null) {
                row.error("agreement_reference", ref, "unknown-agreement", ref);
            }
            String sku = row.required("sku");
            String name = row.required("product_name");
            Long price = null;
            String priceText = row.required("unit_price");
            if (priceText != null) {
                try {
                    price = Money.parse(priceText).ore();
                    if (price < 0) {
                        row.error("unit_price", priceText, "bad-amount", priceText);
                    }
                } catch (IllegalArgumentException e) {
                    row.error("unit_price", priceText, "bad-amount", priceText);
                }
            }
            String currency = r.get("currency") == null ? "SEK" : r.get("currency").toUpperCase(Locale.ROOT);
            if (!currency.matches("[A-Z]{3}")) {
                row.error("currency", r.get("currency"), "bad-currency", r.get("currency"));
            }
            long min = row.number("min_quantity", 1, 0, Long.MAX_VALUE);
            LocalDate from = row.date("valid_from", true);
            LocalDate to = row.date("valid_to", false);
            if (from != null && to != null && to.isBefore(from)) {
                row.error("valid_to", r.get("valid_to"), "date-order", from);
            }
            if (ref != null && sku != null && from != null) {
                String key = ref.toLowerCase(Locale.ROOT) + "|" + sku.toLowerCase(Locale.ROOT) + "|" + min + "|" + from;
                if (!seen.add(key)) {
                    row.error("sku", sku, "duplicate-key", sku + " " + min + " " + from);
                }
            }
            if (row.ok()) {
                specs.add(new PriceSpec(r.line(), agreementId, sku, name, price, currency, min, from, to));
            }
        }
        return new Plan<>(specs, errors);
    }

    /** One row's checks, adding to the file's error list. */
    private static final class Row {
        private final String file;
        private final CsvTable.Row r;
        private final List<ImportError> errors;
        private final int before;

        Row(String file, CsvTable.Row r, List<ImportError> errors) {
            this.file = file;
            this.r = r;
            this.errors = errors;
            this.before = errors.size();
        }

        boolean ok() {
            return errors.size() == before;
        }

        void error(String column, String value, String reason, Object... args) {
            errors.add(new ImportError(file, r.line(), column, value, reason, args));
        }

        String required(String column) {
            String v = r.get(column);
            if (v == null) {
                error(column, null, "missing-value", column);
            }
            return v;
        }

        LocalDate date(String column, boolean required) {
            String v = required ? required(column) : r.get(column);
            if (v == null) {
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                error(column, v, "bad-date", v);
                return null;
            }
        }

        long number(String column, long dflt, long min, long max) {
            String v = r.get(column);
            if (v == null) {
                return dflt;
            }
            try {
                long n = Long.parseLong(v.replace(" ", ""));
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                error(column, v, "bad-number", v);
                return dflt;
            }
        }

        boolean bool(String column, boolean dflt) {
            String v = r.get(column);
            if (v == null) {
                return dflt;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "ja", "true", "yes", "1" -> true;
                case "nej", "false", "no", "0" -> false;
                default -> {
                    error(column, v, "bad-boolean", v);
                    yield dflt;
                }
            };
        }
    }
}
