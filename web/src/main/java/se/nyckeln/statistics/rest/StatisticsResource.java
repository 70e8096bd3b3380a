package se.nyckeln.statistics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.security.Role;
import se.nyckeln.statistics.application.Statistics;
import se.nyckeln.statistics.application.StatisticsViews;
import se.nyckeln.statistics.application.StatisticsViews.Figures;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Licence statistics (docs/statistics-api.md). The city view and the product trend are for the city-wide roles;
 * the unit views are for all five roles, a unit viewer's limited to its own units (another unit: 404). Every
 * table has a CSV twin ({@code .csv}) with the same numbers.
 */
@Path("/statistics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatisticsResource {

    static final String ADMIN = Role.ADMIN;
    static final String FINANCE = Role.FIN;
    static final String PROCUREMENT = Role.PROC;
    static final String VIEWER = Role.VIEWER;
    static final String AUDITOR = Role.AUDIT;

    @EJB
    private Statistics statistics;

    @GET
    @Path("/start-units")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<StatisticsViews.UnitRef> startUnits() {
        return statistics.startUnits();
    }

    @GET
    @Path("/city")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public StatisticsViews.CityView city(@QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        return statistics.city(Params.month(month, today()), Params.inUseDays(days));
    }

    @GET
    @Path("/city.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public Response cityCsv(@QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        StatisticsViews.CityView v = city(month, days);
        Csv csv = new Csv().row(unitHeader());
        csv.row(unitFields(v.month(), v.asOf(), null, v.figures()));
        v.organs().forEach(o -> csv.row(unitFields(v.month(), v.asOf(), o.unit(), o.figures())));
        return csv.download("statistik-stad-" + v.month() + ".csv");
    }

    @GET
    @Path("/units/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public StatisticsViews.UnitView unit(@PathParam("id") long id, @QueryParam("month") String month,
                                         @QueryParam("inUseDays") String days) {
        return statistics.unit(id, Params.month(month, today()), Params.inUseDays(days));
    }

    /** The unit's products (the drill-down's product level) as CSV. */
    @GET
    @Path("/units/{id}/products.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitProductsCsv(@PathParam("id") long id, @QueryParam("month") String month,
                                    @QueryParam("inUseDays") String days) {
        StatisticsViews.UnitView v = unit(id, month, days);
        Csv csv = new Csv().row(productHeader());
        v.products().forEach(p -> csv.row(productFields(v.month(), v.asOf(), p)));
        return csv.download("statistik-" + v.unit().code() + "-produkter-" + v.month() + ".csv");
    }

    /** The unit's child units as CSV. */
    @GET
    @Path("/units/{id}/children.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitChildrenCsv(@PathParam("id") long id, @QueryParam("month") String month,
                                    @QueryParam("inUseDays") String days) {
        StatisticsViews.UnitView v = unit(id, month, days);
        Csv csv = new Csv().row(unitHeader());
        csv.row(unitFields(v.month(), v.asOf(), v.unit(), v.figures()));
        v.children().forEach(c -> csv.row(unitFields(v.month(), v.asOf(), c.unit(), c.figures())));
        return csv.download("statistik-" + v.unit().code() + "-enheter-" + v.month() + ".csv");
    }

    @GET
    @Path("/units/{id}/trend")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<StatisticsViews.TrendPoint> trend(@PathParam("id") long id, @QueryParam("from") String from,
                                                  @QueryParam("to") String to, @QueryParam("inUseDays") String days) {
        YearMonth end = Params.month("to", to, YearMonth.from(today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return statistics.unitTrend(id, start, end, Params.inUseDays(days));
    }

    @GET
    @Path("/units/{id}/trend.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response trendCsv(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("inUseDays") String days) {
        Csv csv = new Csv().row(unitHeader());
        trend(id, from, to, days).forEach(p -> csv.row(unitFields(p.month(), p.asOf(), null, p.figures())));
        return csv.download("statistik-trend-" + id + ".csv");
    }

    @GET
    @Path("/units/{id}/comparison")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public StatisticsViews.Comparison comparison(@PathParam("id") long id, @QueryParam("month") String month,
                                                 @QueryParam("inUseDays") String days) {
        return statistics.comparison(id, Params.month(month, today()), Params.inUseDays(days));
    }

    @GET
    @Path("/units/{id}/products/{productId}/seats")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public StatisticsViews.SeatsView seats(@PathParam("id") long id, @PathParam("productId") long productId,
                                           @QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        return statistics.seats(id, productId, Params.month(month, today()), Params.inUseDays(days));
    }

    @GET
    @Path("/products/trend")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public List<StatisticsViews.ProductTrendPoint> productTrend(@QueryParam("from") String from,
                                                                @QueryParam("to") String to,
                                                                @QueryParam("inUseDays") String days,
                                                                @QueryParam("productId") Long productId) {
        YearMonth end = Params.month("to", to, YearMonth.from(today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return statistics.productTrend(start, end, Params.inUseDays(days), productId);
    }

    @GET
    @Path("/products/trend.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public Response productTrendCsv(@QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("inUseDays") String days, @QueryParam("productId") Long productId) {
        Csv csv = new Csv().row("month", "asOf", "productId", "productName", "sku", "metric", "entitled", "allocated",
                "assigned", "inUse", "surplus", "shelfware", "utilisationPercent");
        productTrend(from, to, days, productId).forEach(p -> csv.row(p.month(), p.asOf(), p.productId(),
                p.productName(), p.sku(), p.metric(), p.entitled(), p.allocated(), p.assigned(), p.inUse(),
                p.surplus(), p.shelfware(), p.utilisationPercent()));
        return csv.download("licensposition-trend.csv");
    }

    private LocalDate today() {
        return statistics.today();
    }

    static List<Object> unitHeader() {
        return List.of("month", "asOf", "unitId", "unitCode", "unitName", "allocated", "assigned", "inUse",
                "shelfware", "neverUsed", "utilisationPercent", "allocatedValueOre", "shelfwareValueOre",
                "unpricedSeats", "persons", "devices", "costPerUserOre", "costPerDeviceOre");
    }

    static List<Object> unitFields(String month, LocalDate asOf, StatisticsViews.UnitRef unit, Figures f) {
        List<Object> l = new ArrayList<>(java.util.Arrays.asList(month, asOf, unit == null ? null : unit.id(),
                unit == null ? null : unit.code(), unit == null ? null : unit.name()));
        l.addAll(figureFields(f));
        return l;
    }

    static List<Object> productHeader() {
        return List.of("month", "asOf", "productId", "productName", "edition", "sku", "metric", "allocated",
                "assigned", "inUse", "shelfware", "neverUsed", "utilisationPercent", "allocatedValueOre",
                "shelfwareValueOre", "unpricedSeats");
    }

    static List<Object> productFields(String month, LocalDate asOf, StatisticsViews.ProductFigures p) {
        List<Object> l = new ArrayList<>(java.util.Arrays.asList(month, asOf, p.productId(), p.productName(),
                p.edition(), p.sku(), p.metric()));
        l.addAll(figureFields(p.figures()).subList(0, 9));
        return l;
    }

    private static List<Object> figureFields(Figures f) {
        return java.util.Arrays.asList(f.allocated(), f.assigned(), f.inUse(), f.shelfware(), f.neverUsed(),
                f.utilisationPercent(), f.allocatedValueOre(), f.shelfwareValueOre(), f.unpricedSeats(), f.persons(),
                f.devices(), f.costPerUserOre(), f.costPerDeviceOre());
    }
}
