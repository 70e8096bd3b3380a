package se.nyckeln.statistics.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.statistics.application.Statistics;
import se.nyckeln.statistics.application.StatisticsViews;

import java.time.YearMonth;
import java.util.List;

/**
 * A product's licence position over the last twelve months (entitled, allocated, assigned, in use). City-wide
 * figures: for the roles the REST product trend is open to; a unit viewer gets "not found".
 */
@Named
@RequestScoped
public class ProductTrendView {

    @EJB
    private Statistics statistics;

    @Inject
    private LocaleView texts;

    private List<StatisticsViews.ProductTrendPoint> points = List.of();
    private String month;
    private boolean notFound;

    @PostConstruct
    void init() {
        var ctx = FacesContext.getCurrentInstance().getExternalContext();
        boolean allowed = ctx.isUserInRole(Role.ADMIN) || ctx.isUserInRole(Role.FIN) || ctx.isUserInRole(Role.PROC)
                || ctx.isUserInRole(Role.AUDIT);
        Long product = StatisticsView.parseId(ctx.getRequestParameterMap().get("product"));
        YearMonth now = YearMonth.from(statistics.today());
        YearMonth m = now;
        try {
            String text = ctx.getRequestParameterMap().get("month");
            m = text == null || text.isBlank() ? now : YearMonth.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            m = now;
        }
        if (m.isAfter(now)) {
            m = now;
        }
        month = m.toString();
        if (!allowed || product == null) {
            notFound = true;
            return;
        }
        points = statistics.productTrend(m.minusMonths(11), m, 90, product);
        notFound = points.isEmpty();
    }

    public String getChart() {
        return Charts.chart("line", texts.text("statistics.chart.seats"),
                points.stream().map(StatisticsViews.ProductTrendPoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.col.entitled"),
                                points.stream().map(StatisticsViews.ProductTrendPoint::entitled).toList()),
                        new Charts.Series(texts.text("statistics.col.allocated"),
                                points.stream().map(StatisticsViews.ProductTrendPoint::allocated).toList()),
                        new Charts.Series(texts.text("statistics.col.assigned"),
                                points.stream().map(StatisticsViews.ProductTrendPoint::assigned).toList()),
                        new Charts.Series(texts.text("statistics.col.inUse"),
                                points.stream().map(StatisticsViews.ProductTrendPoint::inUse).toList())));
    }

    public String count(Long value) {
        return value == null ? "–" : java.text.NumberFormat.getIntegerInstance(texts.getLocale()).format(value);
    }

    public String percent(java.math.BigDecimal value) {
        if (value == null) {
            return "–";
        }
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(texts.getLocale());
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(value) + " %";
    }

    public String getProductName() {
        return points.isEmpty() ? "" : points.get(0).productName();
    }

    public long getProductId() {
        return points.isEmpty() ? 0 : points.get(0).productId();
    }

    public List<StatisticsViews.ProductTrendPoint> getPoints() {
        return points;
    }

    public String getMonth() {
        return month;
    }

    public boolean isNotFound() {
        return notFound;
    }
}
