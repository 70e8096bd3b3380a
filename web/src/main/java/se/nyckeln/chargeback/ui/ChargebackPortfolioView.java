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
import se.nyckeln.chargeback.domain.Tier;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.ui.LocaleView;

import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The application portfolio (applikationsportfölj): the systems valid on a date with tier and owner; finance adds a
 * new version of a system (from a date, the open earlier version is closed by the service) or imports the CSV.
 */
@Named
@ViewScoped
public class ChargebackPortfolioView implements Serializable {

    /** A system owner (and a chargeback receiver) is a nämnd or a bolag. */
    static final Set<String> OWNER_KINDS = Set.of("STADSDELSNAMND", "FACKNAMND", "BOLAG");

    @EJB
    private ChargebackSetup setup;

    @EJB
    private OrgTree orgTree;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private SetupScreen screen;
    private String asOf;
    private List<ChargebackViews.SystemView> systems = List.of();
    private List<UnitNode> owners = List.of();

    private String code;
    private String name;
    private String tier = Tier.values()[0].name();
    private Long ownerUnitId;
    private String validFrom;
    private String validTo;
    private transient Part file;

    @PostConstruct
    void init() {
        screen = new SetupScreen(texts);
        if (!SetupScreen.admitted()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        asOf = today.toString();
        validFrom = today.withDayOfMonth(1).toString();
        owners = orgTree.asOf(today).stream().filter(u -> OWNER_KINDS.contains(u.kind())).toList();
        load();
    }

    public void load() {
        LocalDate date;
        try {
            date = LocalDate.parse(asOf.trim());
        } catch (RuntimeException e) {
            screen.error(screen.text("chargeback.setup.msg.badInput"));
            date = LocalDate.now(clock);
            asOf = date.toString();
        }
        systems = setup.systems(date);
    }

    /** Fills the form with a system so that a new version can be made from it. */
    public void edit(long id) {
        systems.stream().filter(s -> s.id() == id).findFirst().ifPresent(s -> {
            code = s.code();
            name = s.name();
            tier = s.tier();
            ownerUnitId = s.ownerUnitId();
            validFrom = LocalDate.now(clock).withDayOfMonth(1).toString();
            validTo = null;
        });
    }

    public void save() {
        if (screen.act(() -> {
            SetupScreen.require(code, 100);
            SetupScreen.require(name, 200);
            if (ownerUnitId == null || validFrom == null) {
                throw new IllegalArgumentException("required");
            }
            LocalDate to = validTo == null || validTo.isBlank() ? null : LocalDate.parse(validTo.trim());
            setup.addSystemVersion(new ChargebackCommands.SystemVersion(code.trim(), name.trim(), tier, ownerUnitId,
                    LocalDate.parse(validFrom.trim()), to));
        }, "chargeback.portfolio.msg.saved", code)) {
            code = null;
            name = null;
            validTo = null;
        }
        load();
    }

    public void upload() {
        Part f = file;
        file = null;
        screen.upload(f, setup::importSystems);
        load();
    }

    public boolean isFinance() {
        return SetupScreen.finance();
    }

    public Tier[] getTiers() {
        return Tier.values();
    }

    public List<UnitNode> getOwners() {
        return owners;
    }

    public List<ChargebackViews.SystemView> getSystems() {
        return systems;
    }

    public List<SetupScreen.ImportProblemRow> getImportErrors() {
        return screen.importErrors();
    }

    public String getRejectedFile() {
        return screen.rejectedFile();
    }

    public String getAsOf() {
        return asOf;
    }

    public void setAsOf(String asOf) {
        this.asOf = asOf;
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

    public String getTier() {
        return tier;
    }

    public void setTier(String tier) {
        this.tier = tier;
    }

    public Long getOwnerUnitId() {
        return ownerUnitId;
    }

    public void setOwnerUnitId(Long ownerUnitId) {
        this.ownerUnitId = ownerUnitId;
    }

    public String getValidFrom() {
        return validFrom;
    }

    public void setValidFrom(String validFrom) {
        this.validFrom = validFrom;
    }

    public String getValidTo() {
        return validTo;
    }

    public void setValidTo(String validTo) {
        this.validTo = validTo;
    }

    public Part getFile() {
        return file;
    }

    public void setFile(Part file) {
        this.file = file;
    }
}
