package se.nyckeln.licensing.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.licensing.application.Catalogue;
import se.nyckeln.licensing.application.LicenceRequests;
import se.nyckeln.licensing.application.LicensingViews;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.ui.LocaleView;

import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * Requests for seats: the administrator records a unit's request (met from free seats, then harvestable seats,
 * then a purchase proposal) and fills open ones again; everyone sees the requests of the units it may see.
 */
@Named
@ViewScoped
public class RequestsView implements Serializable {

    @EJB
    private LicenceRequests requests;

    @EJB
    private Catalogue catalogue;

    @EJB
    private OrgTree org;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private List<LicenceRequests.Request> list = List.of();
    private List<se.nyckeln.licensing.infrastructure.RequestStore.SavingRow> savings = List.of();
    private List<UnitNode> units = List.of();
    private List<LicensingViews.ProductEntry> products = List.of();
    private Long unitId;
    private Long productId;
    private Long quantity;
    private String reason;

    @PostConstruct
    void init() {
        LocalDate today = LocalDate.now(clock);
        units = org.asOf(today).stream().sorted(Comparator.comparing(UnitNode::code)).toList();
        products = catalogue.products(null);
        load();
    }

    public void load() {
        list = requests.requests();
        savings = requests.savings(LocalDate.of(1900, 1, 1), LocalDate.of(9999, 12, 31), null, null);
    }

    public List<se.nyckeln.licensing.infrastructure.RequestStore.SavingRow> getSavings() {
        return savings;
    }

    public String kronor(Long ore) {
        return Messages.kronor(ore, texts);
    }

    public void create() {
        if (unitId == null || productId == null || quantity == null || quantity <= 0) {
            Messages.info(texts.text("licensing.requests.incomplete"));
            return;
        }
        try {
            LicenceRequests.Outcome o = requests.create(unitId, productId, quantity, reason);
            Messages.info(texts.text("licensing.requests.created", o.allocatedNow(), o.offeredNow(), o.purchasedSeats(),
                    Messages.kronor(o.savingOre(), texts)));
            quantity = null;
            reason = null;
        } catch (BusinessException e) {
            Messages.refused(texts, e);
        }
        load();
    }

    public void fill(long id) {
        try {
            LicenceRequests.Outcome o = requests.fill(id);
            Messages.info(texts.text("licensing.requests.created", o.allocatedNow(), o.offeredNow(), o.purchasedSeats(),
                    Messages.kronor(o.savingOre(), texts)));
        } catch (BusinessException e) {
            Messages.refused(texts, e);
        }
        load();
    }

    public List<LicenceRequests.Request> getList() {
        return list;
    }

    public List<UnitNode> getUnits() {
        return units;
    }

    public List<LicensingViews.ProductEntry> getProducts() {
        return products;
    }

    public Long getUnitId() {
        return unitId;
    }

    public void setUnitId(Long unitId) {
        this.unitId = unitId;
    }

    public Long getProductId() {
        return productId;
    }

    public void setProductId(Long productId) {
        this.productId = productId;
    }

    public Long getQuantity() {
        return quantity;
    }

    public void setQuantity(Long quantity) {
        this.quantity = quantity;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
