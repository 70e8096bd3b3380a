package se.nyckeln.chargeback.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import se.nyckeln.chargeback.application.ChargebackCommands;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.chargeback.application.ChargebackViews;
import se.nyckeln.chargeback.application.CostPoolChanges;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.shared.Period;

import java.io.Serializable;
import java.time.Clock;
import java.util.List;

/**
 * The cost pools of a month: finance adds a pool (amount in kronor), changes one (cost type, amount, description),
 * removes one that no run uses, imports the pool CSV, or creates pools from the month's licence invoice lines.
 * A posted month is locked; the services refuse and the screen shows their Swedish message.
 */
@Named
@ViewScoped
public class ChargebackPoolsView implements Serializable {

    @EJB
    private ChargebackSetup setup;

    @EJB
    private CostPoolChanges changes;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private SetupScreen screen;
    private String period;
    private String shownPeriod;
    private List<ChargebackViews.CostPoolView> pools = List.of();
    private List<String> costTypes = List.of();

    private Long editingId;
    private String editingSource;
    private String costType;
    private String amount;
    private String source;
    private String description;
    private String purchaseCostType = ChargebackSetup.DEFAULT_LICENCE_COST_TYPE;
    private transient Part file;

    @PostConstruct
    void init() {
        screen = new SetupScreen(texts);
        if (!SetupScreen.admitted()) {
            return;
        }
        period = Period.current(clock).previous().toString();
        costTypes = setup.costTypes().stream().map(ChargebackViews.CostTypeView::code).toList();
        load();
    }

    void load() {
        try {
            shownPeriod = Period.parse(period.trim()).toString();
        } catch (RuntimeException e) {
            screen.error(screen.text("chargeback.setup.msg.badPeriod"));
            period = shownPeriod;
        }
        pools = shownPeriod == null ? List.of() : setup.pools(Period.parse(shownPeriod));
    }

    /** Shows the pools of the month typed in. */
    public void show() {
        cancel();
        load();
    }

    public void edit(long id) {
        pools.stream().filter(p -> p.id() == id).findFirst().ifPresent(p -> {
            editingId = p.id();
            editingSource = p.sourceReference();
            costType = p.costType();
            amount = SetupScreen.kronorPlain(p.amountOre());
            source = null;
            description = p.description();
        });
    }

    public void cancel() {
        editingId = null;
        editingSource = null;
        amount = null;
        source = null;
        description = null;
    }

    /** Adds a pool, or saves the changed one. */
    public void save() {
        boolean ok;
        if (editingId == null) {
            ok = screen.act(() -> setup.addPool(new ChargebackCommands.CostPool(shownPeriod, costType,
                    ChargebackView.ore(amount), SetupScreen.require(source, 200), SetupScreen.optional(description, 500),
                    null)), "chargeback.setup.pools.msg.added", source);
        } else {
            long id = editingId;
            ok = screen.act(() -> changes.change(id, costType, ChargebackView.ore(amount),
                    SetupScreen.optional(description, 500)), "chargeback.setup.pools.msg.changed", editingSource);
        }
        if (ok) {
            cancel();
        }
        load();
    }

    public void delete(long id) {
        screen.act(() -> setup.deletePool(id), "chargeback.setup.pools.msg.deleted");
        cancel();
        load();
    }

    public void fromPurchases() {
        screen.act(() -> {
            ChargebackViews.PoolsFromPurchases r = setup.poolsFromPurchases(shownPeriod, purchaseCostType);
            screen.info("chargeback.setup.pools.msg.fromPurchases", r.created().size(), r.alreadyPresent(),
                    r.period());
        }, null);
        load();
    }

    public void upload() {
        Part f = file;
        file = null;
        screen.upload(f, setup::importPools);
        load();
    }

    public long getTotalOre() {
        return pools.stream().mapToLong(ChargebackViews.CostPoolView::amountOre).sum();
    }

    public String kronor(Long ore) {
        return SetupScreen.kronor(ore);
    }

    public boolean isFinance() {
        return SetupScreen.finance();
    }

    public List<ChargebackViews.CostPoolView> getPools() {
        return pools;
    }

    public List<String> getCostTypes() {
        return costTypes;
    }

    public List<SetupScreen.ImportProblemRow> getImportErrors() {
        return screen.importErrors();
    }

    public String getRejectedFile() {
        return screen.rejectedFile();
    }

    public boolean isEditing() {
        return editingId != null;
    }

    public String getEditingSource() {
        return editingSource;
    }

    public String getShownPeriod() {
        return shownPeriod;
    }

    public String getPeriod() {
        return period;
    }

    public void setPeriod(String period) {
        this.period = period;
    }

    public String getCostType() {
        return costType;
    }

    public void setCostType(String costType) {
        this.costType = costType;
    }

    public String getAmount() {
        return amount;
    }

    public void setAmount(String amount) {
        this.amount = amount;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getPurchaseCostType() {
        return purchaseCostType;
    }

    public void setPurchaseCostType(String purchaseCostType) {
        this.purchaseCostType = purchaseCostType;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }
}
