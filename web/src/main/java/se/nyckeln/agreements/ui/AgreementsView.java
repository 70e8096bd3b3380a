package se.nyckeln.agreements.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.agreements.application.AgreementViews;
import se.nyckeln.agreements.application.Agreements;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.suppliers.application.SupplierEntry;
import se.nyckeln.suppliers.application.Suppliers;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/** The agreements screen: suppliers, agreements, the price list of the chosen agreement, and the alerts. */
@Named
@ViewScoped
public class AgreementsView implements Serializable {

    @EJB
    private Agreements agreements;

    @EJB
    private Suppliers suppliers;

    @Inject
    private LocaleView texts;

    private List<SupplierEntry> supplierList;
    private List<AgreementViews.AgreementEntry> agreementList;
    private List<AgreementViews.Alert> alerts;
    private AgreementViews.AgreementEntry selected;
    private Long agreementId;

    @PostConstruct
    void load() {
        supplierList = suppliers.suppliers(null);
        agreementList = agreements.agreements(null);
        alerts = agreements.alerts(texts.getLocale());
    }

    /** Shows the price list of an agreement (the link in the table). */
    public void open(long id) {
        agreementId = id;
        selected = agreements.agreement(id);
    }

    public String kronor(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    public List<SupplierEntry> getSuppliers() {
        return supplierList;
    }

    public List<AgreementViews.AgreementEntry> getAgreements() {
        return agreementList;
    }

    public List<AgreementViews.Alert> getAlerts() {
        return alerts;
    }

    public AgreementViews.AgreementEntry getSelected() {
        return selected;
    }

    public Long getAgreementId() {
        return agreementId;
    }

    public void setAgreementId(Long agreementId) {
        this.agreementId = agreementId;
    }
}
