package se.nyckeln.chargeback.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.chargeback.application.ChargebackCommands;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.chargeback.application.ChargebackViews;
import se.nyckeln.chargeback.domain.Model;
import se.nyckeln.platform.ui.LocaleView;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost types and their distribution models (the Mölndal table is seeded as the default): finance adds a cost type or
 * changes one, with a share per model (e.g. models 3 and 4 at 1 and 1 = 50/50).
 */
@Named
@ViewScoped
public class ChargebackCostTypesView implements Serializable {

    @EJB
    private ChargebackSetup setup;

    @Inject
    private LocaleView texts;

    private SetupScreen screen;
    private List<ChargebackViews.CostTypeView> costTypes = List.of();
    private String code;
    private String name;
    private String category;
    private String account;
    private boolean editing;
    private final Map<String, String> shares = new HashMap<>();

    @PostConstruct
    void init() {
        screen = new SetupScreen(texts);
        if (SetupScreen.admitted()) {
            load();
        }
    }

    void load() {
        costTypes = setup.costTypes();
    }

    /** Fills the form with a cost type to change it. */
    public void edit(String typeCode) {
        costTypes.stream().filter(c -> c.code().equals(typeCode)).findFirst().ifPresent(c -> {
            code = c.code();
            name = c.name();
            category = c.category();
            account = c.account();
            shares.clear();
            c.models().forEach(m -> shares.put(m.model(), m.share().stripTrailingZeros().toPlainString()));
            editing = true;
        });
    }

    /** Empties the form for a new cost type. */
    public void clear() {
        code = null;
        name = null;
        category = null;
        account = null;
        shares.clear();
        editing = false;
    }

    public void save() {
        if (screen.act(() -> {
            SetupScreen.require(code, 100);
            SetupScreen.require(name, 100);
            SetupScreen.require(category, 200);
            SetupScreen.require(account, 20);
            Map<String, BigDecimal> models = new LinkedHashMap<>();
            for (Model m : Model.values()) {
                String v = shares.get(m.name());
                if (v != null && !v.isBlank()) {
                    models.put(m.name(), new BigDecimal(v.trim().replace(',', '.')));
                }
            }
            setup.putCostType(new ChargebackCommands.CostType(code.trim(), name.trim(), category.trim(),
                    account.trim(), models));
        }, "chargeback.costTypes.msg.saved", code)) {
            clear();
        }
        load();
    }

    public boolean isFinance() {
        return SetupScreen.finance();
    }

    public Model[] getModels() {
        return Model.values();
    }

    public List<ChargebackViews.CostTypeView> getCostTypes() {
        return costTypes;
    }

    public Map<String, String> getShares() {
        return shares;
    }

    public boolean isEditing() {
        return editing;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }
}
