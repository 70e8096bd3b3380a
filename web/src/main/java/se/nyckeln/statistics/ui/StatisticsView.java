package se.nyckeln.statistics.ui;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.statistics.application.Statistics;
import se.nyckeln.statistics.application.StatisticsViews;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics dashboard: the city view (licence administrators, finance, auditors) with drill-down to a
 * nämnd/bolag, a unit and a product's seats, and the department view of a unit viewer's own units with the
 * comparison against the median of similar units. The service does all scoping; a foreign unit is "not found".
 */
@Named
@ViewScoped
public class StatisticsView implements Serializable {

    private static final int MONTHS_OFFERED = 24;

    @EJB
    private Statistics statistics;

    @Inject
    private LocaleView texts;

    private Long unit;
    private String month;
    private StatisticsViews.CityView city;
    private StatisticsViews.UnitView unitView;
    private StatisticsViews.Comparison comparison;
    private List<StatisticsViews.TrendPoint> trend = List.of();
    private List<StatisticsViews.UnitRef> startUnits = List.of();
    private StatisticsViews.UnitOutcomes outcomes;
    private List<StatisticsViews.CityOutcomePoint> cityOutcomes = List.of();
    private StatisticsViews.StatementsView statements;
    private boolean notFound;

    /** Reads what the request's parameters ({@code unit}, {@code month}) ask for. */
    @jakarta.annotation.PostConstruct
    void init() {
        var params = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        unit = parseId(params.get("unit"));
        month = params.get("month");
        load();
    }

    static Long parseId(String text) {
        try {
            return text == null || text.isBlank() ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void load() {
        YearMonth m = parseMonth();
        month = m.toString();
        startUnits = statistics.startUnits();
        city = null;
        unitView = null;
        comparison = null;
        trend = List.of();
        outcomes = null;
        cityOutcomes = List.of();
        statements = null;
        notFound = false;
        try {
            if (unit == null && isCityRole()) {
                city = statistics.city(m, 90);
                cityOutcomes = statistics.cityOutcomes(m.minusMonths(11), m);
                return;
            }
            if (unit == null && !startUnits.isEmpty()) {
                unit = startUnits.get(0).id();
            }
            if (unit == null) {
                notFound = true;
                return;
            }
            unitView = statistics.unit(unit, m, 90);
            comparison = statistics.comparison(unit, m, 90);
            trend = statistics.unitTrend(unit, m.minusMonths(11), m, 90);
            outcomes = statistics.unitOutcomes(unit, m.minusMonths(11), m);
            if (isStatementRole()) {
                statements = statistics.statements(unit, m);
            }
        } catch (BusinessException e) {
            if (e.status() != 404) {
                throw e;
            }
            notFound = true;
        }
    }

    private YearMonth parseMonth() {
        YearMonth now = YearMonth.from(statistics.today());
        if (month == null || month.isBlank()) {
            return now;
        }
        try {
            YearMonth m = YearMonth.parse(month.trim());
            return m.isAfter(now) ? now : m;
        } catch (java.time.format.DateTimeParseException e) {
            return now;
        }
    }

    public boolean isCityRole() {
        var ctx = FacesContext.getCurrentInstance().getExternalContext();
        return ctx.isUserInRole(Role.ADMIN) || ctx.isUserInRole(Role.FIN) || ctx.isUserInRole(Role.AUDIT);
    }

    /** The roles that may open chargeback statements (as {@code GET /statistics/units/{id}/statements}). */
    public boolean isStatementRole() {
        var ctx = FacesContext.getCurrentInstance().getExternalContext();
        return ctx.isUserInRole(Role.FIN) || ctx.isUserInRole(Role.VIEWER) || ctx.isUserInRole(Role.AUDIT);
    }

    /** The months offered in the selector, newest first. */
    public List<String> getMonths() {
        YearMonth now = YearMonth.from(statistics.today());
        List<String> list = new ArrayList<>();
        for (int i = 0; i < MONTHS_OFFERED; i++) {
            list.add(now.minusMonths(i).toString());
        }
        return list;
    }

    // ------------------------------------------------------------------ charts (the tables carry the same numbers)

    public String getOrganChart() {
        if (city == null) {
            return "{}";
        }
        return Charts.chart("bar", texts.text("statistics.chart.percent"),
                city.organs().stream().map(o -> o.unit().name()).toList(),
                List.of(new Charts.Series(texts.text("statistics.col.utilisation"),
                        city.organs().stream().map(o -> o.figures().utilisationPercent()).toList())), true);
    }

    public String getTrendChart() {
        return Charts.chart("line", texts.text("statistics.chart.percent"),
                trend.stream().map(StatisticsViews.TrendPoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.col.utilisation"),
                        trend.stream().map(p -> p.figures().utilisationPercent()).toList())), true);
    }

    public String getShelfwareChart() {
        return Charts.chart("bar", texts.text("statistics.chart.sek"),
                trend.stream().map(StatisticsViews.TrendPoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.col.shelfwareValue"),
                        trend.stream().map(p -> BigDecimal.valueOf(p.figures().shelfwareValueOre(), 2)).toList())));
    }

    public String getProductChart() {
        List<StatisticsViews.ProductFigures> products = unitView != null ? unitView.products()
                : city != null ? city.products() : List.of();
        return Charts.chart("bar", texts.text("statistics.chart.seats"),
                products.stream().map(StatisticsViews.ProductFigures::productName).toList(),
                List.of(new Charts.Series(texts.text("statistics.col.allocated"),
                                products.stream().map(p -> p.figures().allocated()).toList()),
                        new Charts.Series(texts.text("statistics.col.assigned"),
                                products.stream().map(p -> p.figures().assigned()).toList()),
                        new Charts.Series(texts.text("statistics.col.inUse"),
                                products.stream().map(p -> p.figures().inUse()).toList())));
    }

    public String getReuseChart() {
        List<StatisticsViews.OutcomePoint> points = outcomes == null ? List.of() : outcomes.months();
        return Charts.chart("bar", texts.text("statistics.chart.sek"),
                points.stream().map(StatisticsViews.OutcomePoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.outcomes.col.avoidedValue"),
                        points.stream().map(p -> BigDecimal.valueOf(p.reuse().avoidedOre(), 2)).toList())));
    }

    public String getFidelityChart() {
        List<StatisticsViews.OutcomePoint> points = outcomes == null ? List.of() : outcomes.months();
        return Charts.chart("line", texts.text("statistics.chart.percent"),
                points.stream().map(StatisticsViews.OutcomePoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.outcomes.chart.own"),
                                points.stream().map(p -> p.fidelity().percent()).toList()),
                        new Charts.Series(texts.text("statistics.col.median"),
                                points.stream().map(p -> p.fidelityPercent().median()).toList())), true);
    }

    public String getCityFidelityChart() {
        return Charts.chart("line", texts.text("statistics.chart.percent"),
                cityOutcomes.stream().map(StatisticsViews.CityOutcomePoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.outcomes.col.fidelity"),
                        cityOutcomes.stream().map(p -> p.fidelity().percent()).toList())), true);
    }

    public String getSupplierChart() {
        return Charts.chart("bar", texts.text("statistics.outcomes.col.suppliers"),
                cityOutcomes.stream().map(StatisticsViews.CityOutcomePoint::month).toList(),
                List.of(new Charts.Series(texts.text("statistics.outcomes.col.suppliers"),
                        cityOutcomes.stream().map(StatisticsViews.CityOutcomePoint::activeSuppliers).toList())));
    }

    /** The city's outcomes in the month shown (the last of the twelve), or null. */
    public StatisticsViews.CityOutcomePoint getCityOutcomesOfMonth() {
        return cityOutcomes.isEmpty() ? null : cityOutcomes.get(cityOutcomes.size() - 1);
    }

    // ------------------------------------------------------------------ formatting

    public String sek(Long ore) {
        if (ore == null) {
            return "–";
        }
        NumberFormat f = NumberFormat.getNumberInstance(texts.getLocale());
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return f.format(BigDecimal.valueOf(ore, 2)) + " kr";
    }

    public String percent(BigDecimal value) {
        if (value == null) {
            return "–";
        }
        NumberFormat f = NumberFormat.getNumberInstance(texts.getLocale());
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(value) + " %";
    }

    /** A text of the bundle with one parameter (link labels naming a unit). */
    public String format(String key, String arg) {
        return texts.text(key, arg);
    }

    public String count(Long value) {
        return value == null ? "–" : NumberFormat.getIntegerInstance(texts.getLocale()).format(value);
    }

    // ------------------------------------------------------------------ properties

    public Long getUnit() {
        return unit;
    }

    public void setUnit(Long unit) {
        this.unit = unit;
    }

    public String getMonth() {
        return month;
    }

    public void setMonth(String month) {
        this.month = month;
    }

    public StatisticsViews.CityView getCity() {
        return city;
    }

    public StatisticsViews.UnitView getUnitView() {
        return unitView;
    }

    public StatisticsViews.Comparison getComparison() {
        return comparison;
    }

    public List<StatisticsViews.TrendPoint> getTrend() {
        return trend;
    }

    public List<StatisticsViews.UnitRef> getStartUnits() {
        return startUnits;
    }

    public StatisticsViews.UnitOutcomes getOutcomes() {
        return outcomes;
    }

    public List<StatisticsViews.CityOutcomePoint> getCityOutcomes() {
        return cityOutcomes;
    }

    public StatisticsViews.StatementsView getStatements() {
        return statements;
    }

    public boolean isNotFound() {
        return notFound;
    }
}
