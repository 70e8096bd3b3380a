package se.nyckeln.chargeback.application;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.chargeback.domain.Model;
import se.nyckeln.chargeback.domain.Tier;
import se.nyckeln.chargeback.infrastructure.ChargebackStore;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.UnitRow;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.problem.ImportError;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.shared.Period;
import se.nyckeln.shared.Sha256;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run is computed from: the application portfolio, cost types with their models, the versioned keys, the cost
 * pools and imported measures of a period, and the ledger configuration. Every change is audited; imports follow the
 * house rules (whole file checked first, every problem reported with line and column, applied in one transaction,
 * a re-import of the same file changes nothing). A period with a posted run is locked (409, and the database refuses).
 */
@Stateless
@PermitAll // reads are scoped by AccessScope; every change needs FINANCE, also when called from a JSF view
public class ChargebackSetup {

    private static final Set<String> OWNER_KINDS = Set.of("STADSDELSNAMND", "FACKNAMND", "BOLAG");
    private static final Set<String> SETTINGS = Set.of("counter-account", "vat-rate-permille", "sie-voucher-mode",
            "draft-day-of-month", "kommun-org-number");

    @EJB
    private ChargebackStore store;

    @EJB
    private AuditTrail audit;

    @EJB
    private AccessScope access;

    @jakarta.inject.Inject
    private se.nyckeln.platform.time.ClockProvider clock;

    // ------------------------------------------------------------------ portfolio

    public List<ChargebackViews.SystemView> systems(LocalDate asOf) {
        UnitScope scope = access.current();
        return store.systems(asOf).stream().filter(s -> scope.permits(s.ownerUnitId()))
                .map(ChargebackSetup::view).toList();
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.SystemView addSystemVersion(ChargebackCommands.SystemVersion cmd) {
        Tier tier = Tier.parse(cmd.tier());
        if (tier == null) {
            throw BusinessException.invalid("chargeback-tier-unknown", "tier", cmd.tier());
        }
        requireOwner(cmd.ownerUnitId(), "ownerUnitId");
        if (cmd.validTo() != null && cmd.validTo().isBefore(cmd.validFrom())) {
            throw BusinessException.invalid("chargeback-dates", "validTo", cmd.validFrom(), cmd.validTo());
        }
        long[] result = applySystem(cmd.code().trim(), cmd.name().trim(), tier, cmd.ownerUnitId(), cmd.validFrom(),
                cmd.validTo());
        return view(store.system(result[0]).orElseThrow());
    }

    /** @return {id, 0 unchanged | 1 created} */
    private long[] applySystem(String code, String name, Tier tier, long owner, LocalDate from, LocalDate to) {
        List<ChargebackStore.SystemRow> versions = store.systemVersions(code);
        ChargebackStore.SystemRow current = null;
        for (ChargebackStore.SystemRow v : versions) {
            if (!v.validFrom().isBefore(from)) {
                if (v.validFrom().equals(from) && v.name().equals(name) && v.tier().equals(tier.name())
                        && v.ownerUnitId() == owner && java.util.Objects.equals(v.validTo(), to)) {
                    return new long[]{v.id(), 0};
                }
                throw BusinessException.conflict("chargeback-system-overlap", code, v.validFrom());
            }
            current = v;
        }
        if (current != null && (current.validTo() == null || !current.validTo().isBefore(from))) {
            if (current.name().equals(name) && current.tier().equals(tier.name()) && current.ownerUnitId() == owner
                    && to == null && current.validTo() == null) {
                return new long[]{current.id(), 0}; // nothing changes from that day
            }
            ChargebackViews.SystemView before = view(current);
            store.closeSystem(current.id(), from.minusDays(1));
            audit.record(AuditTrail.Action.CLOSE, "ChargebackSystem", current.id(), current.ownerUnitId(), before,
                    view(store.system(current.id()).orElseThrow()));
        }
        long id = store.insertSystem(code, name, tier.name(), owner, from, to);
        audit.record(AuditTrail.Action.CREATE, "ChargebackSystem", id, owner, null, view(store.system(id).orElseThrow()));
        return new long[]{id, 1};
    }

    private void requireOwner(long unitId, String field) {
        UnitRow u = store.units(clock.today()).get(unitId);
        if (u == null) {
            throw BusinessException.notFound("Enhet", unitId);
        }
        if (!OWNER_KINDS.contains(u.kind())) {
            throw BusinessException.invalid("chargeback-owner-kind", field, u.code(), u.kind());
        }
    }

    /** CSV: code;name;tier;owner_unit;valid_from[;valid_to] (owner by unit code). */
    @RolesAllowed("FINANCE")
    public ChargebackViews.ImportReport importSystems(String fileName, byte[] bytes) {
        String name = fileName(fileName);
        CsvTable t = CsvTable.read(name, bytes, List.of("code", "name", "tier", "owner_unit", "valid_from"));
        List<ImportError> errors = new ArrayList<>(t.errors());
        record Planned(String code, String name, Tier tier, long owner, LocalDate from, LocalDate to) {
        }
        List<Planned> planned = new ArrayList<>();
        if (!t.hasMissingColumns()) {
            Map<Long, UnitRow> units = store.units(clock.today());
            for (CsvTable.Row r : t.rows()) {
                int before = errors.size();
                String code = required(r, "code", name, errors);
                String sysName = required(r, "name", name, errors);
                Tier tier = null;
                String tierText = required(r, "tier", name, errors);
                if (tierText != null && (tier = Tier.parse(tierText)) == null) {
                    errors.add(new ImportError(name, r.line(), "tier", tierText, "chargeback-tier"));
                }
                Long owner = null;
                String ownerCode = required(r, "owner_unit", name, errors);
                if (ownerCode != null) {
                    owner = store.unitIdByCode(ownerCode).orElse(null);
                    if (owner == null) {
                        errors.add(new ImportError(name, r.line(), "owner_unit", ownerCode, "unknown-unit", ownerCode));
                    } else if (!OWNER_KINDS.contains(units.get(owner).kind())) {
                        errors.add(new ImportError(name, r.line(), "owner_unit", ownerCode, "chargeback-owner-kind",
                                ownerCode, units.get(owner).kind()));
                    }
                }
                LocalDate from = date(r, "valid_from", true, name, errors);
                LocalDate to = date(r, "valid_to", false, name, errors);
                if (errors.size() == before) {
                    planned.add(new Planned(code, sysName, tier, owner, from, to));
                }
            }
        }
        reject(name, errors);
        int created = 0;
        for (Planned p : planned) {
            created += (int) applySystem(p.code(), p.name(), p.tier(), p.owner(), p.from(), p.to())[1];
        }
        return report("CHARGEBACK_SYSTEMS", name, bytes, t.rows().size(), created, 0);
    }

    private static ChargebackViews.SystemView view(ChargebackStore.SystemRow s) {
        return new ChargebackViews.SystemView(s.id(), s.code(), s.name(), s.tier(), s.ownerUnitId(), s.ownerCode(),
                s.validFrom(), s.validTo());
    }

    // ------------------------------------------------------------------ cost types

    public List<ChargebackViews.CostTypeView> costTypes() {
        return store.costTypes().stream().map(ChargebackSetup::view).toList();
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.CostTypeView putCostType(ChargebackCommands.CostType cmd) {
        Map<String, BigDecimal> models = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : cmd.models().entrySet()) {
            Model m = Model.parse(e.getKey());
            if (m == null) {
                throw BusinessException.invalid("chargeback-model-unknown", "models", e.getKey());
            }
            if (e.getValue() == null || e.getValue().signum() <= 0) {
                throw BusinessException.invalid("chargeback-share-positive", "models", e.getKey());
            }
            models.put(m.name(), e.getValue());
        }
        if (models.isEmpty()) {
            throw BusinessException.invalid("chargeback-model-required", "models");
        }
        String code = cmd.code().trim();
        ChargebackStore.CostTypeRow before = store.costType(code).orElse(null);
        long id = before != null ? before.id() : store.insertCostType(code, cmd.name(), cmd.category(), cmd.account());
        store.updateCostType(id, cmd.name(), cmd.category(), cmd.account(), models);
        ChargebackViews.CostTypeView after = view(store.costType(code).orElseThrow());
        audit.record(before == null ? AuditTrail.Action.CREATE : AuditTrail.Action.UPDATE, "ChargebackCostType", id,
                null, before == null ? null : view(before), after);
        return after;
    }

    private static ChargebackViews.CostTypeView view(ChargebackStore.CostTypeRow c) {
        BigDecimal sum = c.models().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<ChargebackViews.ModelShare> shares = c.models().entrySet().stream().map(e -> {
            Model m = Model.valueOf(e.getKey());
            return new ChargebackViews.ModelShare(m.name(), m.molndalNumber(), e.getValue(),
                    e.getValue().multiply(BigDecimal.valueOf(100)).divide(sum, 2, RoundingMode.HALF_EVEN));
        }).toList();
        return new ChargebackViews.CostTypeView(c.id(), c.code(), c.name(), c.category(), c.account(), shares);
    }

    // ------------------------------------------------------------------ key versions

    public List<ChargebackViews.KeyVersionView> keyVersions() {
        Map<Long, UnitRow> units = store.units(clock.today());
        return store.keyVersions().stream().map(k -> view(k, units)).toList();
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.KeyVersionView addKeyVersion(ChargebackCommands.KeyVersion cmd) {
        Map<Long, BigDecimal> fixed = cmd.fixedPercent() == null ? Map.of() : new TreeMap<>(cmd.fixedPercent());
        BigDecimal sum = fixed.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!fixed.isEmpty() && sum.compareTo(BigDecimal.valueOf(100)) != 0) {
            throw BusinessException.invalid("chargeback-fixed-sum", "fixedPercent", sum.toPlainString());
        }
        for (Long unit : fixed.keySet()) {
            requireOwner(unit, "fixedPercent");
        }
        long id = store.insertKeyVersion(cmd.validFrom(), cmd.weightGuld(), cmd.weightSilver(), cmd.weightBrons(),
                cmd.weightKoppar(), cmd.pupilDeviceWeight(), cmd.decidedBy(), cmd.decidedOn(), cmd.decisionReference(),
                access.actorName(), fixed);
        if (id < 0) {
            throw BusinessException.conflict("chargeback-key-version-exists", cmd.validFrom());
        }
        Map<Long, UnitRow> units = store.units(clock.today());
        ChargebackViews.KeyVersionView view = store.keyVersions().stream().filter(k -> k.id() == id)
                .map(k -> view(k, units)).findFirst().orElseThrow();
        audit.record(AuditTrail.Action.CREATE, "ChargebackKeyVersion", id, null, null, view);
        return view;
    }

    private static ChargebackViews.KeyVersionView view(ChargebackStore.KeyVersionRow k, Map<Long, UnitRow> units) {
        Map<String, BigDecimal> tiers = new LinkedHashMap<>();
        tiers.put("GULD", k.guld());
        tiers.put("SILVER", k.silver());
        tiers.put("BRONS", k.brons());
        tiers.put("KOPPAR", k.koppar());
        List<ChargebackViews.FixedShare> fixed = k.fixedPercent().entrySet().stream()
                .map(e -> new ChargebackViews.FixedShare(e.getKey(), units.get(e.getKey()).code(), e.getValue()))
                .toList();
        return new ChargebackViews.KeyVersionView(k.id(), k.validFrom(), tiers, k.pupilDeviceWeight(), k.decidedBy(),
                k.decidedOn(), k.decisionReference(), k.createdBy(), fixed);
    }

    // ------------------------------------------------------------------ cost pools

    public List<ChargebackViews.CostPoolView> pools(Period period) {
        return store.pools(period.toString()).stream().map(ChargebackSetup::view).toList();
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.CostPoolView addPool(ChargebackCommands.CostPool cmd) {
        String period = Period.parse(cmd.period()).toString();
        requireOpen(period);
        ChargebackStore.CostTypeRow type = store.costType(cmd.costType())
                .orElseThrow(() -> BusinessException.invalid("chargeback-cost-type-unknown", "costType", cmd.costType()));
        if (cmd.productId() != null && !store.productExists(cmd.productId())) {
            throw BusinessException.invalid("chargeback-product-unknown", "productId", cmd.productId());
        }
        if (store.poolBySource(period, cmd.sourceReference().trim()).isPresent()) {
            throw BusinessException.conflict("chargeback-pool-exists", period, cmd.sourceReference());
        }
        long id = store.insertPool(period, type.id(), cmd.amountOre(), cmd.sourceReference().trim(), cmd.description(),
                cmd.productId(), access.actorName());
        ChargebackViews.CostPoolView view = view(store.pool(id).orElseThrow());
        audit.record(AuditTrail.Action.CREATE, "ChargebackCostPool", id, null, null, view);
        return view;
    }

    /**
     * Cost pools from the period's licence invoices: every invoice line that became an entitlement (see the
     * agreements context) is summed per invoice and product into one pool of the given cost type (default the
     * seat-day type), with the product set so that the seat-day key applies. Credits count too, net: a credit
     * note's lines that took seats back from an entitlement become a pool of the credit note (negative, "Kredit
     * ..."), and a ledger invoice's negative credit lines are netted into its own pool per product; a document whose
     * lines net to zero makes no pool. A credit that has not yet been applied to an entitlement (its invoice line is
     * no entitlement yet) names no product and waits until it is. The source reference names the
     * supplier, invoice and product, so running it again only adds invoices that arrived since (idempotent);
     * a pool already entered by hand with the same reference is left alone.
     */
    @RolesAllowed("FINANCE")
    public ChargebackViews.PoolsFromPurchases poolsFromPurchases(String periodText, String costTypeCode) {
        Period period = Period.parse(periodText);
        String p = period.toString();
        requireOpen(p);
        String code = costTypeCode == null || costTypeCode.isBlank() ? DEFAULT_LICENCE_COST_TYPE : costTypeCode.trim();
        ChargebackStore.CostTypeRow type = store.costType(code)
                .orElseThrow(() -> BusinessException.invalid("chargeback-cost-type-unknown", "costType", code));
        List<ChargebackViews.CostPoolView> created = new java.util.ArrayList<>();
        int existing = 0;
        for (ChargebackStore.PurchaseCost cost : store.licencePurchaseCosts(period.firstDay(), period.lastDay())) {
            String source = (cost.creditNote() ? "Kredit " : "Faktura ") + cost.invoiceNumber() + " " + cost.supplier()
                    + " / " + cost.productName();
            if (cost.amountOre() == 0) {
                continue; // credited in full on the same document: nothing to distribute
            }
            if (store.poolBySource(p, source).isPresent()) {
                existing++;
                continue;
            }
            long id = store.insertPool(p, type.id(), cost.amountOre(), source,
                    cost.lines() + (cost.lines() == 1 ? " inköpsrad" : " inköpsrader"), cost.productId(),
                    access.actorName());
            ChargebackViews.CostPoolView view = view(store.pool(id).orElseThrow());
            audit.record(AuditTrail.Action.CREATE, "ChargebackCostPool", id, null, null, view,
                    "cost pool from licence invoice lines");
            created.add(view);
        }
        return new ChargebackViews.PoolsFromPurchases(p, type.code(), created, existing);
    }

    /** The Mölndal table's licence cost type, distributed by seat-days (V41). */
    public static final String DEFAULT_LICENCE_COST_TYPE = "LICENS-PLATSDAGAR";

    @RolesAllowed("FINANCE")
    public void deletePool(long id) {
        ChargebackStore.PoolRow pool = store.pool(id).orElseThrow(() -> BusinessException.notFound("Kostnadspool", id));
        requireOpen(pool.period());
        if (store.poolUsedByRun(id)) {
            throw BusinessException.conflict("chargeback-pool-in-run", id);
        }
        store.deletePool(id);
        audit.record(AuditTrail.Action.DELETE, "ChargebackCostPool", id, null, view(pool), null);
    }

    /** CSV: period;cost_type;amount_ore;source_reference[;description;product] (product by SKU or alias). */
    @RolesAllowed("FINANCE")
    public ChargebackViews.ImportReport importPools(String fileName, byte[] bytes) {
        String name = fileName(fileName);
        CsvTable t = CsvTable.read(name, bytes, List.of("period", "cost_type", "amount_ore", "source_reference"));
        List<ImportError> errors = new ArrayList<>(t.errors());
        record Planned(String period, ChargebackStore.CostTypeRow type, long amount, String source, String description,
                       Long product) {
        }
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        if (!t.hasMissingColumns()) {
            for (CsvTable.Row r : t.rows()) {
                int before = errors.size();
                String period = period(r, name, errors);
                ChargebackStore.CostTypeRow type = null;
                String typeCode = required(r, "cost_type", name, errors);
                if (typeCode != null && (type = store.costType(typeCode).orElse(null)) == null) {
                    errors.add(new ImportError(name, r.line(), "cost_type", typeCode, "chargeback-cost-type", typeCode));
                }
                Long amount = null;
                String amountText = required(r, "amount_ore", name, errors);
                if (amountText != null) {
                    try {
                        amount = Long.parseLong(amountText.replace(" ", ""));
                    } catch (NumberFormatException e) {
                        errors.add(new ImportError(name, r.line(), "amount_ore", amountText, "chargeback-amount"));
                    }
                }
                String source = required(r, "source_reference", name, errors);
                Long product = null;
                if (r.get("product") != null && (product = store.productIdByAlias(r.get("product")).orElse(null)) == null) {
                    errors.add(new ImportError(name, r.line(), "product", r.get("product"), "unknown-product",
                            r.get("product")));
                }
                if (period != null && source != null && !seen.add(period + "|" + source)) {
                    errors.add(new ImportError(name, r.line(), "source_reference", source, "chargeback-duplicate"));
                }
                if (period != null && store.periodPosted(period)) {
                    errors.add(new ImportError(name, r.line(), "period", period, "chargeback-period-locked", period));
                }
                if (errors.size() == before) {
                    planned.add(new Planned(period, type, amount, source, r.get("description"), product));
                }
            }
        }
        reject(name, errors);
        int created = 0;
        int updated = 0;
        for (Planned p : planned) {
            ChargebackStore.PoolRow old = store.poolBySource(p.period(), p.source()).orElse(null);
            if (old == null) {
                long id = store.insertPool(p.period(), p.type().id(), p.amount(), p.source(), p.description(),
                        p.product(), access.actorName());
                audit.record(AuditTrail.Action.CREATE, "ChargebackCostPool", id, null, null,
                        view(store.pool(id).orElseThrow()));
                created++;
            } else if (old.costTypeId() != p.type().id() || old.amountOre() != p.amount()
                    || !java.util.Objects.equals(old.description(), p.description())
                    || !java.util.Objects.equals(old.productId(), p.product())) {
                store.updatePool(old.id(), p.type().id(), p.amount(), p.description(), p.product());
                audit.record(AuditTrail.Action.UPDATE, "ChargebackCostPool", old.id(), null, view(old),
                        view(store.pool(old.id()).orElseThrow()));
                updated++;
            }
        }
        return report("CHARGEBACK_POOLS", name, bytes, t.rows().size(), created, updated);
    }

    private static ChargebackViews.CostPoolView view(ChargebackStore.PoolRow p) {
        return new ChargebackViews.CostPoolView(p.id(), p.period(), p.costTypeCode(), p.amountOre(),
                p.sourceReference(), p.description(), p.productId(), p.createdBy());
    }

    private void requireOpen(String period) {
        if (store.periodPosted(period)) {
            throw BusinessException.conflict("chargeback-period-locked", period);
        }
    }

    // ------------------------------------------------------------------ imported measures

    public List<ChargebackViews.ImportedMeasureView> importedMeasures(Period period) {
        UnitScope scope = access.current();
        return store.importedMeasures(period.toString()).stream().filter(m -> scope.permits(m.unitId()))
                .map(m -> new ChargebackViews.ImportedMeasureView(m.period(), m.measure(), m.unitId(), m.unitCode(),
                        m.quantity())).toList();
    }

    /** CSV: period;measure;unit;quantity (measure CONNECTION or PROJECT, unit by code, a nämnd or bolag). */
    @RolesAllowed("FINANCE")
    public ChargebackViews.ImportReport importMeasures(String fileName, byte[] bytes) {
        String name = fileName(fileName);
        CsvTable t = CsvTable.read(name, bytes, List.of("period", "measure", "unit", "quantity"));
        List<ImportError> errors = new ArrayList<>(t.errors());
        List<ChargebackCommands.ImportedMeasure> planned = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        if (!t.hasMissingColumns()) {
            Map<Long, UnitRow> units = store.units(clock.today());
            for (CsvTable.Row r : t.rows()) {
                int before = errors.size();
                String period = period(r, name, errors);
                String measure = required(r, "measure", name, errors);
                if (measure != null) {
                    measure = measure.trim().toUpperCase(java.util.Locale.ROOT);
                    if (!measure.equals("CONNECTION") && !measure.equals("PROJECT")) {
                        errors.add(new ImportError(name, r.line(), "measure", measure, "chargeback-measure"));
                    }
                }
                Long unit = null;
                String code = required(r, "unit", name, errors);
                if (code != null) {
                    unit = store.unitIdByCode(code).orElse(null);
                    if (unit == null) {
                        errors.add(new ImportError(name, r.line(), "unit", code, "unknown-unit", code));
                    } else if (!OWNER_KINDS.contains(units.get(unit).kind())) {
                        errors.add(new ImportError(name, r.line(), "unit", code, "chargeback-owner-kind", code,
                                units.get(unit).kind()));
                    }
                }
                BigDecimal q = null;
                String qt = required(r, "quantity", name, errors);
                if (qt != null) {
                    try {
                        q = new BigDecimal(qt.replace(',', '.').replace(" ", ""));
                        if (q.signum() < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        errors.add(new ImportError(name, r.line(), "quantity", qt, "chargeback-quantity"));
                    }
                }
                if (period != null && store.periodPosted(period)) {
                    errors.add(new ImportError(name, r.line(), "period", period, "chargeback-period-locked", period));
                }
                if (errors.size() == before && !seen.add(period + "|" + measure + "|" + unit)) {
                    errors.add(new ImportError(name, r.line(), "unit", code, "chargeback-duplicate"));
                }
                if (errors.size() == before) {
                    planned.add(new ChargebackCommands.ImportedMeasure(period, measure, unit, q));
                }
            }
        }
        reject(name, errors);
        int created = 0;
        int updated = 0;
        for (ChargebackCommands.ImportedMeasure m : planned) {
            int r = store.putImportedMeasure(m.period(), m.measure(), m.unitId(), m.quantity());
            if (r == 1) {
                created++;
            } else if (r == 2) {
                updated++;
            }
        }
        return report("CHARGEBACK_MEASURES", name, bytes, t.rows().size(), created, updated);
    }

    // ------------------------------------------------------------------ ledger configuration

    public ChargebackViews.LedgerView ledger() {
        return new ChargebackViews.LedgerView(store.settings(), store.unitLedger().stream()
                .map(l -> new ChargebackViews.UnitLedger(l.unitId(), l.unitCode(), l.costCentre(), l.motpart()))
                .toList());
    }

    @RolesAllowed("FINANCE")
    public ChargebackViews.LedgerView putLedger(Map<String, String> settings, List<ChargebackViews.UnitLedger> units) {
        ChargebackViews.LedgerView before = ledger();
        if (settings != null) {
            for (Map.Entry<String, String> s : settings.entrySet()) {
                if (!SETTINGS.contains(s.getKey()) || s.getValue() == null) {
                    throw BusinessException.invalid("chargeback-setting-unknown", "settings", s.getKey());
                }
                store.putSetting(s.getKey(), s.getValue().trim());
            }
        }
        if (units != null) {
            for (ChargebackViews.UnitLedger u : units) {
                requireOwner(u.unitId(), "units");
                store.putUnitLedger(u.unitId(), u.costCentre(), u.motpart());
            }
        }
        ChargebackViews.LedgerView after = ledger();
        audit.record(AuditTrail.Action.UPDATE, "ChargebackLedger", "config", null, before, after);
        return after;
    }

    // ------------------------------------------------------------------ import plumbing

    private static String fileName(String f) {
        return f == null || f.isBlank() ? "upload.csv" : f;
    }

    private static void reject(String name, List<ImportError> errors) {
        if (!errors.isEmpty()) {
            throw new BusinessException(422, "import-rejected", null, List.copyOf(errors), name, errors.size());
        }
    }

    private ChargebackViews.ImportReport report(String kind, String name, byte[] bytes, int rows, int created,
                                                int updated) {
        int unchanged = rows - created - updated;
        store.execute("INSERT INTO import_run (kind, file_name, sha256, imported_by, rows_read, created, updated, closed,"
                + " unchanged) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)", kind, name, Sha256.of(bytes).hex(),
                access.actorName(), rows, created, updated, unchanged);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("kind", kind);
        counts.put("file", name);
        counts.put("rows", rows);
        counts.put("created", created);
        counts.put("updated", updated);
        counts.put("unchanged", unchanged);
        audit.record(AuditTrail.Action.IMPORT, "ImportRun", kind, null, null, counts, "import " + kind + " " + name);
        return new ChargebackViews.ImportReport(kind, name, rows, created, updated, unchanged);
    }

    private static String required(CsvTable.Row r, String column, String file, List<ImportError> errors) {
        String v = r.get(column);
        if (v == null) {
            errors.add(new ImportError(file, r.line(), column, null, "missing-value", column));
        }
        return v;
    }

    private static String period(CsvTable.Row r, String file, List<ImportError> errors) {
        String v = required(r, "period", file, errors);
        if (v == null) {
            return null;
        }
        try {
            return Period.parse(v).toString();
        } catch (IllegalArgumentException e) {
            errors.add(new ImportError(file, r.line(), "period", v, "chargeback-period"));
            return null;
        }
    }

    private static LocalDate date(CsvTable.Row r, String column, boolean required, String file,
                                  List<ImportError> errors) {
        String v = required ? required(r, column, file, errors) : r.get(column);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new ImportError(file, r.line(), column, v, "bad-date", v));
            return null;
        }
    }
}
