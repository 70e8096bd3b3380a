package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.LicencePositions;
import se.nyckeln.platform.problem.BusinessException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * The licence position on a day. The city-wide per-pool figures are refused (403) to a unit viewer: entitled and
 * surplus belong to the whole pool, and a viewer may not see other units' seats, so there is no honest partial
 * figure; the per-unit rows are open to all five roles, a viewer's limited to its own units.
 */
@Path("/licence-position")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LicencePositionResource {

    static final int DEFAULT_IN_USE_DAYS = 90;
    static final int MAX_IN_USE_DAYS = 3650;

    @EJB
    private LicencePositions positions;

    @Inject
    private Clock clock;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public List<LicencePositions.PoolPosition> pools(@QueryParam("asOf") String asOf,
                                                     @QueryParam("inUseDays") String inUseDays) {
        return positions.pools(asOf(asOf), inUseDays(inUseDays));
    }

    @GET
    @Path("/units")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<LicencePositions.UnitPosition> units(@QueryParam("asOf") String asOf,
                                                     @QueryParam("inUseDays") String inUseDays) {
        return positions.units(asOf(asOf), inUseDays(inUseDays));
    }

    /** ISO date, today when absent; parsed here because a failed query-parameter conversion would be a 404. */
    private LocalDate asOf(String text) {
        if (text == null || text.isBlank()) {
            return LocalDate.now(clock);
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "bad-date-parameter", "asOf", text);
        }
    }

    static int inUseDays(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_IN_USE_DAYS;
        }
        try {
            int days = Integer.parseInt(text.trim());
            if (days >= 1 && days <= MAX_IN_USE_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as a number out of range
        }
        throw new BusinessException(400, "bad-in-use-days", "inUseDays", text, MAX_IN_USE_DAYS);
    }
}
