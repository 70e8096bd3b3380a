package se.nyckeln.chargeback.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.chargeback.application.ChargebackCommands;
import se.nyckeln.chargeback.application.ChargebackRuns;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.chargeback.application.ChargebackViews;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.shared.Period;

import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finance's month: the runs with their state, starting a draft, one run's totals per unit with the what-if against
 * the previous month, recompute, approve, post, and the download links. The services decide everything (four eyes,
 * immutability); this bean only shows their answers.
 */
@Named
@ViewScoped
public class ChargebackView implements Serializable {

    @EJB
    private ChargebackRuns runs;

    @EJB
    private ChargebackSetup setup;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private String period;
    private Long selectedId;
    private List<ChargebackViews.RunView> list = List.of();
    private ChargebackViews.RunView selected;
    private List<ChargebackViews.UnitTotal> totals = List.of();
    private Map<Long, ChargebackViews.UnitChange> changes = Map.of();
    private ChargebackViews.Statement statement;
    private ChargebackViews.Explanation explanation;
    private List<ChargebackViews.CostPoolView> pools = List.of();
    private List<ChargebackViews.KeyVersionView> keyVersions = List.of();
    private String poolCostType;
    private String poolAmount;
    private String poolSource;
    private String poolDescription;

    @PostConstruct
    void init() {
        period = Period.current(clock).previous().toString();
        load();
    }

    public void load() {
        list = runs.runs(null);
        if (selectedId != null) {
            selected = runs.run(selectedId);
            totals = runs.unitTotals(selectedId);
            changes = isFinanceOrAuditor() ? runs.whatIf(selectedId).units().stream()
                    .collect(Collectors.toMap(ChargebackViews.UnitChange::unitId, c -> c, (a, b) -> a)) : Map.of();
        }
        if (isFinanceOrAuditor()) {
            try {
                pools = setup.pools(Period.parse(period));
            } catch (IllegalArgumentException e) {
                pools = List.of();
            }
            keyVersions = setup.keyVersions();
        }
    }

    public boolean isFinance() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole("FINANCE");
    }

    public boolean isFinanceOrAuditor() {
        return isFinance() || FacesContext.getCurrentInstance().getExternalContext().isUserInRole("AUDITOR");
    }

    /** One unit's statement lines of the selected run. */
    public void showStatement(long unitId) {
        explanation = null;
        statement = runs.statement(selectedId, unitId);
    }

    /** The items behind one statement line. */
    public void explain(long lineId) {
        explanation = runs.explain(selectedId, lineId);
    }

    public void addPool() {
        act(() -> {
            long ore = ore(poolAmount);
            setup.addPool(new ChargebackCommands.CostPool(period, poolCostType, ore, poolSource, poolDescription, null));
            poolAmount = null;
            poolSource = null;
            poolDescription = null;
        }, "chargeback.msg.poolAdded");
    }

    /** "1 234,56" or "1234.56" kronor as öre; at most two decimals. */
    static long ore(String kronor) {
        if (kronor == null || kronor.isBlank()) {
            throw new IllegalArgumentException("amount");
        }
        return new java.math.BigDecimal(kronor.replace(" ", "").replace("\u00a0", "").replace(',', '.'))
                .movePointRight(2).longValueExact();
    }

    public void select(long id) {
        selectedId = id;
        statement = null;
        explanation = null;
        load();
    }

    /** Shows the pools of the period typed in. */
    public void showPeriod() {
        act(() -> Period.parse(period), null);
    }

    public void startDraft() {
        act(() -> selectedId = runs.startDraft(Period.parse(period)).id(), "chargeback.msg.started");
    }

    public void recompute() {
        act(() -> runs.recompute(selectedId), "chargeback.msg.recomputed");
    }

    public void approve() {
        act(() -> runs.approve(selectedId), "chargeback.msg.approved");
    }

    public void post() {
        act(() -> runs.post(selectedId), "chargeback.msg.posted");
    }

    private void act(Runnable action, String okKey) {
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            action.run();
            if (okKey != null) {
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, texts.text(okKey), null));
            }
        } catch (BusinessException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    Problems.text(texts.getLocale(), e.code(), e.args()), null));
        } catch (ArithmeticException | IllegalArgumentException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    texts.text("chargeback.msg.badInput"), null));
        }
        load();
    }

    /** Öre as "1 234,56". */
    public String kronor(Long ore) {
        if (ore == null) {
            return "";
        }
        long abs = Math.abs(ore);
        String kr = String.format(java.util.Locale.ROOT, "%,d", abs / 100).replace(',', ' ');
        return (ore < 0 ? "−" : "") + kr + "," + String.format("%02d", abs % 100);
    }

    public ChargebackViews.UnitChange change(long unitId) {
        return changes.get(unitId);
    }

    public ChargebackViews.Statement getStatement() {
        return statement;
    }

    public ChargebackViews.Explanation getExplanation() {
        return explanation;
    }

    public List<ChargebackViews.CostPoolView> getPools() {
        return pools;
    }

    public List<ChargebackViews.KeyVersionView> getKeyVersions() {
        return keyVersions;
    }

    public List<String> getCostTypes() {
        return setup.costTypes().stream().map(ChargebackViews.CostTypeView::code).toList();
    }

    public String getPoolCostType() {
        return poolCostType;
    }

    public void setPoolCostType(String v) {
        poolCostType = v;
    }

    public String getPoolAmount() {
        return poolAmount;
    }

    public void setPoolAmount(String v) {
        poolAmount = v;
    }

    public String getPoolSource() {
        return poolSource;
    }

    public void setPoolSource(String v) {
        poolSource = v;
    }

    public String getPoolDescription() {
        return poolDescription;
    }

    public void setPoolDescription(String v) {
        poolDescription = v;
    }

    public String getPeriod() {
        return period;
    }

    public void setPeriod(String period) {
        this.period = period;
    }

    public List<ChargebackViews.RunView> getRuns() {
        return list;
    }

    public ChargebackViews.RunView getSelected() {
        return selected;
    }

    public List<ChargebackViews.UnitTotal> getTotals() {
        return totals;
    }
}
