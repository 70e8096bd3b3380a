package se.nyckeln.agreements.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.agreements.application.AgreementViews;
import se.nyckeln.agreements.application.Purchases;
import se.nyckeln.agreements.domain.Verdict;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.suppliers.application.SupplierEntry;
import se.nyckeln.suppliers.application.Suppliers;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Purchase lines with their verdicts, filtered by verdict, supplier, unit and period, and the SEK at stake per
 * verdict for the same filter. The service scopes a unit viewer to its own units.
 */
@Named
@ViewScoped
public class PurchasesView implements Serializable {

    static final int PAGE = 200;

    @EJB
    private Purchases purchases;

    @EJB
    private Suppliers suppliers;

    @EJB
    private OrgTree org;

    @Inject
    private LocaleView texts;

    private String verdict;
    private Long supplierId;
    private Long unitId;
    private LocalDate from;
    private LocalDate to;
    private List<SupplierEntry> supplierList;
    private List<UnitNode> unitList;
    private AgreementViews.LinePage page;
    private List<AgreementViews.VerdictTotal> totals;

    @PostConstruct
    void init() {
        supplierList = suppliers.suppliers(null);
        unitList = org.asOf(LocalDate.now());
        search();
    }

    public void search() {
        try {
            page = purchases.lines(verdict, supplierId, unitId, from, to, 0, PAGE, texts.getLocale());
            totals = purchases.totals(verdict, supplierId, unitId, from, to);
        } catch (BusinessException e) {
            FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    texts.text("agreements.search.failed", e.code()), null));
        }
    }

    public List<String> getVerdicts() {
        return Arrays.stream(Verdict.values()).map(Enum::name).toList();
    }

    public String kronor(Long ore) {
        return ore == null ? "" : BigDecimal.valueOf(ore, 2).toPlainString();
    }

    public String quantity(BigDecimal q) {
        return q == null ? "" : q.stripTrailingZeros().toPlainString();
    }

    /** A seat count as plain digits; none is 0. */
    public String seats(Long n) {
        return n == null ? "0" : Long.toString(n);
    }

    public List<SupplierEntry> getSuppliers() {
        return supplierList;
    }

    public List<UnitNode> getUnits() {
        return unitList;
    }

    public AgreementViews.LinePage getPage() {
        return page;
    }

    public List<AgreementViews.VerdictTotal> getTotals() {
        return totals;
    }

    public String getVerdict() {
        return verdict;
    }

    public void setVerdict(String verdict) {
        this.verdict = verdict == null || verdict.isBlank() ? null : verdict;
    }

    public Long getSupplierId() {
        return supplierId;
    }

    public void setSupplierId(Long supplierId) {
        this.supplierId = supplierId;
    }

    public Long getUnitId() {
        return unitId;
    }

    public void setUnitId(Long unitId) {
        this.unitId = unitId;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }
}
