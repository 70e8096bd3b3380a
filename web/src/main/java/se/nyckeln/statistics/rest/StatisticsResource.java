package se.nyckeln.statistics.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.security.Role;
import se.nyckeln.statistics.application.Statistics;
import se.nyckeln.statistics.application.StatisticsViews;
import se.nyckeln.statistics.application.StatisticsViews.Figures;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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

    private static final MediaType CSV = MediaType.valueOf("text/csv; charset=UTF-8");

    private static final Jsonb JSON = JsonbBuilder.create();

    @EJB
    private Statistics statistics;

    @Inject
    private StatisticsAnswers answers;

    @Context
    private Request request;

    @GET
    @Path("/start-units")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<StatisticsViews.UnitRef> startUnits() {
        return statistics.startUnits();
    }

    @GET
    @Path("/city")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public Response city(@QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth m = Params.month(month, stamp.today());
        return json(stamp, key(stamp, "city", 0, 0, m, m, inUseDays), () -> statistics.city(m, inUseDays));
    }

    @GET
    @Path("/city.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public Response cityCsv(@QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth m = Params.month(month, stamp.today());
        return csv(stamp, key(stamp, "city.csv", 0, 0, m, m, inUseDays), () -> {
            StatisticsViews.CityView v = statistics.city(m, inUseDays);
            Csv csv = new Csv().row(unitHeader());
            csv.row(unitFields(v.month(), v.asOf(), null, v.figures()));
            v.organs().forEach(o -> csv.row(unitFields(v.month(), v.asOf(), o.unit(), o.figures())));
            return csv.body("statistik-stad-" + v.month() + ".csv");
        });
    }

    @GET
    @Path("/units/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unit(@PathParam("id") long id, @QueryParam("month") String month,
                         @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return json(stamp, key(stamp, "unit", id, 0, m, m, inUseDays), () -> statistics.unit(id, m, inUseDays));
    }

    /** The unit's products (the drill-down's product level) as CSV. */
    @GET
    @Path("/units/{id}/products.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitProductsCsv(@PathParam("id") long id, @QueryParam("month") String month,
                                    @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return csv(stamp, key(stamp, "products.csv", id, 0, m, m, inUseDays), () -> {
            StatisticsViews.UnitView v = statistics.unit(id, m, inUseDays);
            Csv csv = new Csv().row(productHeader());
            v.products().forEach(p -> csv.row(productFields(v.month(), v.asOf(), p)));
            return csv.body("statistik-" + v.unit().code() + "-produkter-" + v.month() + ".csv");
        });
    }

    /** The unit's child units as CSV. */
    @GET
    @Path("/units/{id}/children.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitChildrenCsv(@PathParam("id") long id, @QueryParam("month") String month,
                                    @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return csv(stamp, key(stamp, "children.csv", id, 0, m, m, inUseDays), () -> {
            StatisticsViews.UnitView v = statistics.unit(id, m, inUseDays);
            Csv csv = new Csv().row(unitHeader());
            csv.row(unitFields(v.month(), v.asOf(), v.unit(), v.figures()));
            v.children().forEach(c -> csv.row(unitFields(v.month(), v.asOf(), c.unit(), c.figures())));
            return csv.body("statistik-" + v.unit().code() + "-enheter-" + v.month() + ".csv");
        });
    }

    @GET
    @Path("/units/{id}/trend")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response trend(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return json(stamp, key(stamp, "trend", id, 0, start, end, inUseDays),
                () -> statistics.unitTrend(id, start, end, inUseDays));
    }

    @GET
    @Path("/units/{id}/trend.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response trendCsv(@PathParam("id") long id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return csv(stamp, key(stamp, "trend.csv", id, 0, start, end, inUseDays), () -> {
            Csv csv = new Csv().row(unitHeader());
            statistics.unitTrend(id, start, end, inUseDays)
                    .forEach(p -> csv.row(unitFields(p.month(), p.asOf(), null, p.figures())));
            return csv.body("statistik-trend-" + id + ".csv");
        });
    }

    @GET
    @Path("/units/{id}/comparison")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response comparison(@PathParam("id") long id, @QueryParam("month") String month,
                               @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return json(stamp, key(stamp, "comparison", id, 0, m, m, inUseDays),
                () -> statistics.comparison(id, m, inUseDays));
    }

    /** Links to the chargeback statements of the unit and below it for the month: for the roles that may open them. */
    @GET
    @Path("/units/{id}/statements")
    @RolesAllowed({FINANCE, VIEWER, AUDITOR})
    public Response statements(@PathParam("id") long id, @QueryParam("month") String month) {
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return json(stamp, key(stamp, "statements", id, 0, m, m, 0), () -> statistics.statements(id, m));
    }

    @GET
    @Path("/units/{id}/products/{productId}/seats")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response seats(@PathParam("id") long id, @PathParam("productId") long productId,
                          @QueryParam("month") String month, @QueryParam("inUseDays") String days) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth m = Params.month(month, stamp.today());
        return json(stamp, key(stamp, "seats", id, productId, m, m, inUseDays),
                () -> statistics.seats(id, productId, m, inUseDays));
    }

    @GET
    @Path("/products/trend")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public Response productTrend(@QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("inUseDays") String days, @QueryParam("productId") Long productId) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return json(stamp, key(stamp, "product-trend", 0, productId == null ? 0 : productId, start, end,
                        inUseDays),
                () -> statistics.productTrend(start, end, inUseDays, productId));
    }

    @GET
    @Path("/products/trend.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public Response productTrendCsv(@QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("inUseDays") String days, @QueryParam("productId") Long productId) {
        int inUseDays = Params.inUseDays(days);
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return csv(stamp, key(stamp, "product-trend.csv", 0, productId == null ? 0 : productId, start, end,
                        inUseDays),
                () -> {
                    Csv csv = new Csv().row("month", "asOf", "productId", "productName", "sku", "metric", "entitled",
                            "allocated", "assigned", "inUse", "surplus", "shelfware", "utilisationPercent");
                    statistics.productTrend(start, end, inUseDays, productId).forEach(p -> csv.row(p.month(),
                            p.asOf(), p.productId(), p.productName(), p.sku(), p.metric(), p.entitled(),
                            p.allocated(), p.assigned(), p.inUse(), p.surplus(), p.shelfware(),
                            p.utilisationPercent()));
                    return csv.body("licensposition-trend.csv");
                });
    }

    /** The unit's outcomes (reuse achieved, agreement fidelity with the peers' median) month by month. */
    @GET
    @Path("/units/{id}/outcomes")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitOutcomes(@PathParam("id") long id, @QueryParam("from") String from,
                                 @QueryParam("to") String to) {
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return json(stamp, key(stamp, "outcomes", id, 0, start, end, 0),
                () -> statistics.unitOutcomes(id, start, end));
    }

    @GET
    @Path("/units/{id}/outcomes.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response unitOutcomesCsv(@PathParam("id") long id, @QueryParam("from") String from,
                                    @QueryParam("to") String to) {
        Statistics.Stamp stamp = statistics.stamp(id);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return csv(stamp, key(stamp, "outcomes.csv", id, 0, start, end, 0), () -> {
            StatisticsViews.UnitOutcomes v = statistics.unitOutcomes(id, start, end);
            List<Object> header = new ArrayList<>(outcomeHeader());
            header.addAll(List.of("peerMedianFidelityPercent", "peerUnits"));
            Csv csv = new Csv().row(header);
            v.months().forEach(p -> {
                List<Object> row = outcomeFields(p.month(), p.asOf(), v.unit(), p.reuse(), p.fidelity(), null);
                row.addAll(java.util.Arrays.asList(p.fidelityPercent().median(), p.fidelityPercent().peerUnits()));
                csv.row(row);
            });
            return csv.body("utfall-" + v.unit().code() + ".csv");
        });
    }

    /** The city's outcomes (reuse, fidelity, active suppliers) month by month, per nämnd/bolag too. */
    @GET
    @Path("/city/outcomes")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public Response cityOutcomes(@QueryParam("from") String from, @QueryParam("to") String to) {
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return json(stamp, key(stamp, "city-outcomes", 0, 0, start, end, 0),
                () -> statistics.cityOutcomes(start, end));
    }

    /** As {@link #cityOutcomes}: one row per month for the city (no unit) and one per month and nämnd/bolag. */
    @GET
    @Path("/city/outcomes.csv")
    @Produces("text/csv")
    @RolesAllowed({ADMIN, FINANCE, AUDITOR})
    public Response cityOutcomesCsv(@QueryParam("from") String from, @QueryParam("to") String to) {
        Statistics.Stamp stamp = statistics.stamp(null);
        YearMonth end = Params.month("to", to, YearMonth.from(stamp.today()));
        YearMonth start = Params.month("from", from, end.minusMonths(11));
        return csv(stamp, key(stamp, "city-outcomes.csv", 0, 0, start, end, 0), () -> {
            List<Object> header = new ArrayList<>(outcomeHeader());
            header.add("activeSuppliers");
            Csv csv = new Csv().row(header);
            for (StatisticsViews.CityOutcomePoint p : statistics.cityOutcomes(start, end)) {
                csv.row(outcomeFields(p.month(), p.asOf(), null, p.reuse(), p.fidelity(), p.activeSuppliers()));
                p.organs().forEach(o -> csv.row(outcomeFields(p.month(), p.asOf(), o.unit(), o.reuse(), o.fidelity(),
                        o.activeSuppliers())));
            }
            return csv.body("utfall-stad.csv");
        });
    }

    static List<Object> outcomeHeader() {
        return List.of("month", "asOf", "unitId", "unitCode", "unitName", "seatsHarvested", "seatsReallocated",
                "purchasesAvoided", "avoidedOre", "avoidedAtPoolPriceSeats", "licenceSpendOre", "onAgreementOre",
                "wrongPriceOre", "wrongAgreementOre", "otherOre", "licenceLines", "fidelityPercent");
    }

    /** The outcome fields; {@code suppliers} appended when not null. */
    static List<Object> outcomeFields(String month, LocalDate asOf, StatisticsViews.UnitRef unit,
                                      StatisticsViews.Reuse r, StatisticsViews.Fidelity f, Long suppliers) {
        List<Object> l = new ArrayList<>(java.util.Arrays.asList(month, asOf, unit == null ? null : unit.id(),
                unit == null ? null : unit.code(), unit == null ? null : unit.name(), r.seatsHarvested(),
                r.seatsReallocated(), r.purchasesAvoided(), r.avoidedOre(), r.avoidedAtPoolPriceSeats(),
                f.licenceSpendOre(), f.onAgreementOre(), f.wrongPriceOre(), f.wrongAgreementOre(), f.otherOre(),
                f.lines(), f.percent()));
        if (suppliers != null) {
            l.add(suppliers);
        }
        return l;
    }

    // ------------------------------------------------------------------ stored answers (StatisticsAnswers)

    private static StatisticsAnswers.Key key(Statistics.Stamp stamp, String endpoint, long unitId, long productId,
                                      YearMonth from, YearMonth to, int inUseDays) {
        return new StatisticsAnswers.Key(stamp.revision(), stamp.today(), endpoint, unitId, productId,
                from.toString(), to.toString(), inUseDays);
    }

    /** The stored JSON of the answer (made by {@code view} when not stored), or 304 for a matching entity tag. */
    private Response json(Statistics.Stamp stamp, StatisticsAnswers.Key key, Supplier<Object> view) {
        StatisticsAnswers.Body body = answers.get(key, stamp.visible(),
                () -> StatisticsAnswers.Body.of(JSON.toJson(view.get()).getBytes(StandardCharsets.UTF_8), null));
        return answer(body, MediaType.APPLICATION_JSON_TYPE);
    }

    /** As {@link #json}, for a CSV download (the table's body carries its file name). */
    private Response csv(Statistics.Stamp stamp, StatisticsAnswers.Key key,
                         Supplier<StatisticsAnswers.Body> table) {
        return answer(answers.get(key, stamp.visible(), table), CSV);
    }

    private Response answer(StatisticsAnswers.Body body, MediaType type) {
        String fileName = body.fileName();
        CacheControl revalidate = new CacheControl();
        revalidate.setPrivate(true);
        revalidate.setNoCache(true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(body.tag());
        if (notModified != null) {
            return notModified.cacheControl(revalidate).build();
        }
        Response.ResponseBuilder ok = Response.ok(body.bytes(), type).tag(body.tag()).cacheControl(revalidate);
        if (fileName != null) {
            ok.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        }
        return ok.build();
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
