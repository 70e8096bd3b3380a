package se.nyckeln.statistics.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.statistics.application.OpenData;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * The only public data endpoint (no login; web.xml opens exactly {@code /api/v1/open-data/*}): a completed month's
 * licence aggregates per product family, city-wide and per nämnd/bolag, as JSON or CSV (docs/open-data.md).
 */
@Path("/open-data/licence-statistics")
@RequestScoped
public class OpenDataResource {

    static final String[] COLUMNS = {"month", "level", "organCode", "organName", "organKind", "productFamily",
            "entitled", "licences", "assigned", "inUse", "utilisationPercent", "costOre", "suppressed"};

    @EJB
    private OpenData openData;

    @GET
    @Path("/{month:[0-9]{4}-[0-9]{2}}.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public OpenData.Dataset json(@PathParam("month") String month) {
        return openData.month(month(month));
    }

    @GET
    @Path("/{month:[0-9]{4}-[0-9]{2}}.csv")
    @PermitAll
    @Produces("text/csv")
    public Response csv(@PathParam("month") String month) {
        OpenData.Dataset d = openData.month(month(month));
        Csv csv = new Csv().row((Object[]) COLUMNS);
        for (OpenData.Row r : d.rows()) {
            csv.row(r.month(), r.level(), r.organCode(), r.organName(), r.organKind(), r.productFamily(),
                    r.entitled(), r.licences(), r.assigned(), r.inUse(), r.utilisationPercent(), r.costOre(),
                    r.suppressed());
        }
        return csv.download("licensstatistik-" + d.month() + ".csv");
    }

    private static YearMonth month(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "statistics-bad-month", "month", text);
        }
    }
}
