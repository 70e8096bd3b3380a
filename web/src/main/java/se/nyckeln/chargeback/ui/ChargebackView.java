package se.nyckeln.chargeback.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.chargeback.application.ChargebackRuns;
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
            changes = runs.whatIf(selectedId).units().stream()
                    .collect(Collectors.toMap(ChargebackViews.UnitChange::unitId, c -> c, (a, b) -> a));
        }
    }

    public void select(long id) {
        selectedId = id;
        load();
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
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, texts.text(okKey), null));
        } catch (BusinessException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    Problems.text(texts.getLocale(), e.code(), e.args()), null));
        } catch (IllegalArgumentException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    texts.text("chargeback.msg.badPeriod"), null));
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
