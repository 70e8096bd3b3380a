package se.nyckeln.statistics.ui;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.statistics.application.Statistics;
import se.nyckeln.statistics.application.StatisticsViews;

import java.time.YearMonth;

/** The seats (assignments) behind one product in a unit at a month's end: the last step of the drill-down. */
@Named
@RequestScoped
public class StatisticsSeatsView {

    @EJB
    private Statistics statistics;

    private Long unit;
    private Long product;
    private String month;
    private StatisticsViews.SeatsView seats;
    private boolean notFound;

    @jakarta.annotation.PostConstruct
    void init() {
        var params = jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        unit = StatisticsView.parseId(params.get("unit"));
        product = StatisticsView.parseId(params.get("product"));
        month = params.get("month");
        load();
    }

    void load() {
        YearMonth now = YearMonth.from(statistics.today());
        YearMonth m;
        try {
            m = month == null || month.isBlank() ? now : YearMonth.parse(month.trim());
        } catch (java.time.format.DateTimeParseException e) {
            m = now;
        }
        if (m.isAfter(now)) {
            m = now;
        }
        month = m.toString();
        if (unit == null || product == null) {
            notFound = true;
            return;
        }
        try {
            seats = statistics.seats(unit, product, m, 90);
        } catch (BusinessException e) {
            if (e.status() != 404) {
                throw e;
            }
            notFound = true;
        }
    }

    public Long getUnit() {
        return unit;
    }

    public void setUnit(Long unit) {
        this.unit = unit;
    }

    public Long getProduct() {
        return product;
    }

    public void setProduct(Long product) {
        this.product = product;
    }

    public String getMonth() {
        return month;
    }

    public void setMonth(String month) {
        this.month = month;
    }

    public StatisticsViews.SeatsView getSeats() {
        return seats;
    }

    public boolean isNotFound() {
        return notFound;
    }
}
