package se.nyckeln.chargeback.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import se.nyckeln.chargeback.infrastructure.ChargebackStore;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.CostTypeRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.LineRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.PartRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.PoolRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.RunRow;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.UnitRow;
import se.nyckeln.chargeback.output.AdjustmentLine;
import se.nyckeln.chargeback.output.InfluenceItem;
import se.nyckeln.chargeback.output.InvoiceBasis;
import se.nyckeln.chargeback.output.InvoiceBasisCsv;
import se.nyckeln.chargeback.output.InvoiceBasisLine;
import se.nyckeln.chargeback.output.StatementDocument;
import se.nyckeln.chargeback.output.StatementLine;
import se.nyckeln.chargeback.output.StatementPdf;
import se.nyckeln.chargeback.output.sie.SieAccount;
import se.nyckeln.chargeback.output.sie.SieDimension;
import se.nyckeln.chargeback.output.sie.SieFile;
import se.nyckeln.chargeback.output.sie.SieObject;
import se.nyckeln.chargeback.output.sie.SieTransaction;
import se.nyckeln.chargeback.output.sie.SieVoucher;
import se.nyckeln.chargeback.output.sie.SieWriter;
import se.nyckeln.licensing.application.LicencePositions;
import se.nyckeln.platform.export.Column;
import se.nyckeln.platform.export.ColumnType;
import se.nyckeln.platform.export.Table;
import se.nyckeln.platform.export.TableCsv;
import se.nyckeln.platform.export.TableXlsx;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.security.UnitScope;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.shared.Period;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps a run onto the output libraries: a statement PDF per unit (and a zip of all), the SIE 4I journal of a posted
 * run (the nämnder's internal charges only, as balanced vouchers per unit or per pool), the invoice basis per bolag
 * (with VAT) and the run as CSV/XLSX. Nämnd and bolag are told apart by the receiving unit's kind.
 */
@Stateless
public class ChargebackExports {

    private static final Logger LOG = Logger.getLogger(ChargebackExports.class);

    private static final ResourceBundle LABELS = ResourceBundle.getBundle("se.nyckeln.chargeback.application.labels",
            Locale.ROOT);
    static final String SERIES = "CB";

    @EJB
    private ChargebackStore store;

    @EJB
    private AccessScope access;

    @EJB
    private LicencePositions positions;

    @Inject
    private ClockProvider clock;

    public record Named(String fileName, byte[] bytes) {
    }

    // ------------------------------------------------------------------ statements

    public Named statementPdf(long runId, long unitId) {
        Context c = context(runId);
        if (!access.current().permits(unitId) || c.linesByUnit.get(unitId) == null) {
            throw BusinessException.notFound("Enhet", unitId);
        }
        StatementDocument d = document(c, unitId);
        return new Named(StatementPdf.fileName(d), StatementPdf.render(d));
    }

    public Named statementsZip(long runId) {
        Context c = context(runId);
        UnitScope scope = access.current();
        List<StatementDocument> docs = new ArrayList<>();
        for (long unit : c.linesByUnit.keySet()) {
            if (scope.permits(unit)) {
                docs.add(document(c, unit));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatementPdf.zip(docs, out);
        return new Named("debitering-" + c.run.period() + "-" + runId + ".zip", out.toByteArray());
    }

    StatementDocument document(Context c, long unitId) {
        UnitRow u = c.units.get(unitId);
        boolean bolag = "BOLAG".equals(u.kind());
        List<StatementLine> lines = new ArrayList<>();
        List<AdjustmentLine> adjustments = new ArrayList<>();
        long total = 0;
        for (LineRow l : c.linesByUnit.get(unitId)) {
            total += l.amountOre();
            if ("ADJUSTMENT".equals(l.kind())) {
                adjustments.add(new AdjustmentLine(adjustmentReference(l), l.text(), l.amountOre()));
                continue;
            }
            PoolRow pool = c.pools.get(l.poolId());
            PartRow part = c.part(l.poolId(), l.model());
            BigDecimal rate = part == null || l.totalQuantity() == null || l.totalQuantity().signum() == 0 ? null
                    : BigDecimal.valueOf(part.amountOre()).divide(l.totalQuantity(), 4, RoundingMode.HALF_EVEN);
            CostTypeRow type = c.types.get(pool.costTypeId());
            lines.add(new StatementLine(pool.sourceReference() + (pool.description() == null ? "" : " " + pool.description()),
                    type.name() + " – " + type.category(), label("model." + l.model()), l.unitQuantity(),
                    l.totalQuantity(), label("unit." + l.model()), rate, l.amountOre()));
        }
        Long vat = bolag ? vat(total, c.vatPermille) : null;
        String costCentre = c.costCentre(unitId);
        return new StatementDocument(u.code(), u.name(), costCentre, bolag, bolag ? u.name() : c.kommunName,
                bolag ? orgNr(u.orgNumber()) : c.kommunOrgNr, c.period.yearMonth(), reference(c.run),
                label("state." + c.run.state()), lines, adjustments, total, vat, influence(c, unitId));
    }

    private List<InfluenceItem> influence(Context c, long unitId) {
        Map<String, long[]> byProduct = new TreeMap<>();
        // the city's licence position of today, read once per statement batch (not once per unit)
        if (c.positions == null) {
            c.positions = positions.units(clock.today(), 90);
        }
        for (LicencePositions.UnitPosition p : c.positions) {
            if (p.unitId() != unitId) {
                continue;
            }
            long seats = p.unassigned() + p.unused();
            if (seats <= 0) {
                continue;
            }
            long[] sum = byProduct.computeIfAbsent(p.productName(), k -> new long[2]);
            sum[0] += seats;
            sum[1] += (p.unassignedValueOre() == null ? 0 : p.unassignedValueOre())
                    + (p.unusedValueOre() == null ? 0 : p.unusedValueOre());
        }
        List<InfluenceItem> items = new ArrayList<>();
        byProduct.forEach((product, s) -> items.add(new InfluenceItem(product, (int) Math.min(Integer.MAX_VALUE, s[0]),
                s[1])));
        return items;
    }

    // ------------------------------------------------------------------ SIE 4I (nämnder)

    public Named sie(long runId) {
        long t0 = System.nanoTime();
        Context c = context(runId);
        long t1 = System.nanoTime();
        if (!"POSTED".equals(c.run.state())) {
            throw BusinessException.conflict("chargeback-run-not-posted", runId, c.run.state());
        }
        boolean perPool = "PER_POOL".equals(c.settings.getOrDefault("sie-voucher-mode", "PER_UNIT"));
        String counter = c.settings.getOrDefault("counter-account", "3990");
        String itCostCentre = c.settings.getOrDefault("it-cost-centre", "IT");
        LocalDate date = c.period.lastDay();
        Map<String, String> accounts = new TreeMap<>();
        accounts.put(counter, label("sie.counter"));
        Map<String, SieObject> objects = new TreeMap<>();
        objects.put("1|" + itCostCentre, new SieObject(1, itCostCentre, "IT"));
        // grouping key (unit or pool) → transactions
        Map<String, List<SieTransaction>> groups = new TreeMap<>();
        Map<String, String> groupText = new HashMap<>();
        for (Map.Entry<Long, List<LineRow>> e : c.linesByUnit.entrySet()) {
            UnitRow u = c.units.get(e.getKey());
            if ("BOLAG".equals(u.kind())) {
                continue; // bolag are invoiced, not journalled
            }
            String cc = c.costCentre(u.id());
            String motpart = c.motpart(u.id());
            for (LineRow l : e.getValue()) {
                if (l.amountOre() == 0) {
                    continue;
                }
                PoolRow pool = c.pools.get(l.poolId());
                CostTypeRow type = pool == null ? null : c.types.get(pool.costTypeId());
                String account = type == null ? c.settings.getOrDefault("adjustment-account", "7540") : type.account();
                accounts.putIfAbsent(account, type == null ? "IT-kostnader" : type.name() + " " + type.category());
                Map<Integer, String> debitObjects = new TreeMap<>();
                debitObjects.put(1, cc);
                objects.putIfAbsent("1|" + cc, new SieObject(1, cc, u.name()));
                Map<Integer, String> creditObjects = new TreeMap<>();
                creditObjects.put(1, itCostCentre);
                if (motpart != null) {
                    debitObjects.put(20, motpart);
                    creditObjects.put(20, motpart);
                    objects.putIfAbsent("20|" + motpart, new SieObject(20, motpart, "Motpart " + motpart));
                }
                String text = u.code() + " " + (pool == null ? "" : pool.sourceReference())
                        + ("ADJUSTMENT".equals(l.kind()) ? " rättning" : "");
                String group = perPool ? "P" + (pool == null ? "adj" : String.format("%012d", pool.id()))
                        : "U" + u.code();
                groupText.putIfAbsent(group, perPool ? (pool == null ? "rättningar" : pool.sourceReference())
                        : u.code());
                List<SieTransaction> tx = groups.computeIfAbsent(group, k -> new ArrayList<>());
                tx.add(new SieTransaction(account, debitObjects, l.amountOre(), text));
                tx.add(new SieTransaction(counter, creditObjects, -l.amountOre(), text));
            }
        }
        List<SieVoucher> vouchers = new ArrayList<>();
        int n = 0;
        String prefix = c.run.period().replace("-", "").substring(2);
        for (Map.Entry<String, List<SieTransaction>> g : groups.entrySet()) {
            n++;
            vouchers.add(new SieVoucher(SERIES, prefix + String.format("%03d", n), date,
                    MessageFormat.format(label(perPool ? "sie.voucher.pool" : "sie.voucher.unit"), c.run.period(),
                            groupText.get(g.getKey())), g.getValue()));
        }
        List<SieAccount> accountList = accounts.entrySet().stream().map(e -> new SieAccount(e.getKey(), e.getValue()))
                .toList();
        int year = c.period.yearMonth().getYear();
        SieFile f = new SieFile("Nyckeln", "1.0", clock.today(), access.actorName(), c.kommunOrgNr, c.kommunName,
                LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), accountList,
                List.of(new SieDimension(1, label("sie.dim.1")), new SieDimension(20, label("sie.dim.20"))),
                new ArrayList<>(objects.values()), vouchers);
        long t2 = System.nanoTime();
        byte[] bytes = SieWriter.toBytes(f);
        LOG.infof("Chargeback SIE run %d: context %d ms (%s), vouchers %d ms, file %d ms (%d bytes)", runId,
                (t1 - t0) / 1_000_000, c.timing, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000,
                bytes.length);
        return new Named("debitering-" + c.run.period() + "-" + runId + ".si", bytes);
    }

    // ------------------------------------------------------------------ invoice basis (bolag)

    public Named invoiceBasis(long runId) {
        Context c = context(runId);
        List<InvoiceBasis> bases = new ArrayList<>();
        int permille = c.vatPermille;
        for (Map.Entry<Long, List<LineRow>> e : c.linesByUnit.entrySet()) {
            UnitRow u = c.units.get(e.getKey());
            if (!"BOLAG".equals(u.kind())) {
                continue;
            }
            List<InvoiceBasisLine> lines = new ArrayList<>();
            long net = 0;
            long vat = 0;
            for (LineRow l : e.getValue()) {
                PoolRow pool = c.pools.get(l.poolId());
                CostTypeRow type = pool == null ? null : c.types.get(pool.costTypeId());
                String text = ("ADJUSTMENT".equals(l.kind()) ? adjustmentReference(l) + ": " + l.text()
                        : type.name() + " – " + type.category() + " (" + pool.sourceReference() + ", "
                        + label("model." + l.model()) + ")");
                long lineVat = vat(l.amountOre(), permille);
                lines.add(new InvoiceBasisLine(text, l.amountOre(), permille, lineVat));
                net += l.amountOre();
                vat += lineVat;
            }
            bases.add(new InvoiceBasis(u.code(), u.name(), orgNr(u.orgNumber()), c.period.yearMonth(), reference(c.run),
                    lines, net, vat, net + vat));
        }
        return new Named("fakturaunderlag-" + c.run.period() + "-" + runId + ".csv", InvoiceBasisCsv.toBytes(bases));
    }

    // ------------------------------------------------------------------ tables

    public Named table(long runId, boolean xlsx) {
        Context c = context(runId);
        UnitScope scope = access.current();
        List<Column> columns = List.of(new Column(label("export.unit"), ColumnType.TEXT),
                new Column(label("export.unitName"), ColumnType.TEXT),
                new Column(label("export.receiver"), ColumnType.TEXT),
                new Column(label("export.kind"), ColumnType.TEXT),
                new Column(label("export.pool"), ColumnType.TEXT),
                new Column(label("export.costType"), ColumnType.TEXT),
                new Column(label("export.model"), ColumnType.TEXT),
                new Column(label("export.unitQuantity"), ColumnType.DECIMAL),
                new Column(label("export.totalQuantity"), ColumnType.DECIMAL),
                new Column(label("export.amount"), ColumnType.MONEY_ORE),
                new Column(label("export.corrects"), ColumnType.INTEGER));
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<Long, List<LineRow>> e : c.linesByUnit.entrySet()) {
            if (!scope.permits(e.getKey())) {
                continue;
            }
            UnitRow u = c.units.get(e.getKey());
            for (LineRow l : e.getValue()) {
                PoolRow pool = c.pools.get(l.poolId());
                List<Object> row = new ArrayList<>();
                row.add(u.code());
                row.add(u.name());
                row.add(label("BOLAG".equals(u.kind()) ? "export.receiver.bolag" : "export.receiver.namnd"));
                row.add(l.kind());
                row.add(pool == null ? null : pool.sourceReference());
                row.add(pool == null ? null : pool.costTypeCode());
                row.add(l.model() == null ? null : label("model." + l.model()));
                row.add(l.unitQuantity());
                row.add(l.totalQuantity());
                row.add(l.amountOre());
                row.add(l.correctsLineId());
                rows.add(row);
            }
        }
        Table t = new Table(MessageFormat.format(label("export.title"), c.run.period()), columns, rows);
        String base = "debitering-" + c.run.period() + "-" + runId;
        return xlsx ? new Named(base + ".xlsx", TableXlsx.toBytes(List.of(t)))
                : new Named(base + ".csv", TableCsv.toBytes(t));
    }

    // ------------------------------------------------------------------ plumbing

    /** Everything about one run the outputs need, read once. */
    final class Context {
        RunRow run;
        Period period;
        Map<Long, UnitRow> units;
        Map<Long, ChargebackStore.RunUnitRow> frozenUnits = Map.of();
        Map<Long, PoolRow> pools = new HashMap<>();
        Map<Long, CostTypeRow> types;
        Map<String, PartRow> parts = new HashMap<>();
        String timing = "";
        Map<Long, List<LineRow>> linesByUnit = new TreeMap<>();
        Map<String, String> settings;
        Map<Long, ChargebackStore.UnitLedgerRow> ledger;
        List<LicencePositions.UnitPosition> positions;
        int vatPermille;
        String kommunName;
        String kommunOrgNr;

        PartRow part(Long poolId, String model) {
            return parts.get(poolId + "|" + model);
        }

        String costCentre(long unitId) {
            ChargebackStore.RunUnitRow f = frozenUnits.get(unitId);
            if (f != null) {
                return f.costCentre() == null ? f.code() : f.costCentre();
            }
            ChargebackStore.UnitLedgerRow l = ledger.get(unitId);
            String cc = l != null && l.costCentre() != null ? l.costCentre() : units.get(unitId).costCentre();
            return cc == null ? units.get(unitId).code() : cc;
        }

        String motpart(long unitId) {
            ChargebackStore.UnitLedgerRow l = ledger.get(unitId);
            return l == null ? null : l.motpart();
        }
    }

    Context context(long runId) {
        Context c = new Context();
        long m0 = System.nanoTime();
        c.run = store.run(runId).orElseThrow(() -> BusinessException.notFound("Körning", runId));
        c.period = Period.parse(c.run.period());
        // labels as frozen with the run when it was drafted (units' code, name, kind, cost centre; cost type names)
        c.units = store.unitsOfRun(runId, c.period.lastDay());
        long m1 = System.nanoTime();
        c.frozenUnits = store.runUnits(runId);
        store.pools(c.run.period()).forEach(p -> c.pools.put(p.id(), p));
        c.types = store.costTypes().stream().collect(Collectors.toMap(CostTypeRow::id, Function.identity()));
        Map<Long, String[]> frozenTypes = store.runPoolTypes(runId);
        for (PoolRow p : c.pools.values()) {
            String[] f = frozenTypes.get(p.id());
            CostTypeRow t = c.types.get(p.costTypeId());
            if (f != null && t != null) {
                c.types.put(t.id(), new CostTypeRow(t.id(), t.code(), f[1], t.category(), t.account(), t.models()));
            }
        }
        long m2 = System.nanoTime();
        store.parts(runId).forEach(p -> c.parts.put(p.poolId() + "|" + p.model(), p));
        for (LineRow l : store.lines(runId)) {
            if (l.poolId() != null && !c.pools.containsKey(l.poolId())) {
                store.pool(l.poolId()).ifPresent(p -> c.pools.put(p.id(), p)); // an adjustment's earlier pool
            }
            c.linesByUnit.computeIfAbsent(l.unitId(), k -> new ArrayList<>()).add(l);
        }
        long m3 = System.nanoTime();
        c.settings = store.settings();
        c.ledger = new LinkedHashMap<>();
        store.unitLedger().forEach(l -> c.ledger.put(l.unitId(), l));
        c.vatPermille = Integer.parseInt(c.settings.getOrDefault("vat-rate-permille", "0"));
        UnitRow kommun = c.units.values().stream().filter(u -> "KOMMUN".equals(u.kind())).findFirst().orElse(null);
        c.kommunName = kommun == null ? label("internal") : kommun.name();
        String configured = c.settings.get("kommun-org-number");
        c.kommunOrgNr = configured != null ? configured : kommun == null ? null : orgNr(kommun.orgNumber());
        c.timing = "units " + (m1 - m0) / 1_000_000 + " ms, pools/types " + (m2 - m1) / 1_000_000
                + " ms, parts/lines " + (m3 - m2) / 1_000_000 + " ms, settings/ledger "
                + (System.nanoTime() - m3) / 1_000_000 + " ms";
        return c;
    }

    /** VAT on a net amount in öre, rounded half up (away from zero for credits). */
    static long vat(long netOre, int permille) {
        return BigDecimal.valueOf(netOre).multiply(BigDecimal.valueOf(permille))
                .divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP).longValueExact();
    }

    static String orgNr(String tenDigits) {
        if (tenDigits == null) {
            return null;
        }
        String d = tenDigits.trim();
        return d.length() == 10 ? d.substring(0, 6) + "-" + d.substring(6) : d;
    }

    private String adjustmentReference(LineRow l) {
        String period = store.run(l.correctsRunId()).map(RunRow::period).orElse("?");
        return MessageFormat.format(label("adjustment.reference"), String.valueOf(l.correctsRunId()), period,
                String.valueOf(l.correctsLineId()));
    }

    private static String reference(RunRow run) {
        return MessageFormat.format(label("run.reference"), run.period(), String.valueOf(run.id()));
    }

    static String label(String key) {
        return LABELS.containsKey(key) ? LABELS.getString(key) : key;
    }
}
