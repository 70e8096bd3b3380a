package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.LicenceRequests;
import se.nyckeln.licensing.infrastructure.RequestStore;
import se.nyckeln.platform.problem.BusinessException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * Reuse savings: purchases avoided by filling requests from the pool, summed per unit, product and month; a unit
 * viewer sees only its own units'.
 */
@Path("/reuse-savings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReuseSavingResource {

    @EJB
    private LicenceRequests requests;

    /** {@code from}/{@code to} are months (YYYY-MM), both inclusive; all time by default. */
    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<RequestStore.SavingRow> savings(@QueryParam("from") String from, @QueryParam("to") String to,
                                                @QueryParam("unitId") Long unitId,
                                                @QueryParam("productId") Long productId) {
        LocalDate start = from == null || from.isBlank() ? LocalDate.of(1900, 1, 1) : month(from, "from").atDay(1);
        LocalDate end = to == null || to.isBlank() ? LocalDate.of(9999, 12, 31) : month(to, "to").atEndOfMonth();
        return requests.savings(start, end, unitId, productId);
    }

    private static YearMonth month(String text, String field) {
        try {
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "bad-month-parameter", field, text);
        }
    }
}
