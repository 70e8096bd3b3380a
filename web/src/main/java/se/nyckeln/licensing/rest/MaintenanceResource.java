package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.Maintenance;
import se.nyckeln.platform.problem.BusinessException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;

/**
 * Maintenance of perpetual licences: {@code PUT /maintenance/{entitlementId}} records or renews the period,
 * {@code GET /maintenance?endingBy=} lists what ends by a day (today + 90 by default). City-wide
 * purchase data, so not for a unit viewer.
 */
@Path("/maintenance")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    @EJB
    private Maintenance maintenance;

    @Inject
    private Clock clock;

    public record MaintenanceRequest(@NotNull LocalDate maintenanceFrom, @NotNull LocalDate maintenanceTo,
                                     @PositiveOrZero Long annualFeeOre, @Size(max = 200) String reference) {
    }

    @PUT
    @Path("/{entitlementId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Maintenance.Period set(@PathParam("entitlementId") long id, @NotNull @Valid MaintenanceRequest r) {
        return maintenance.set(id, r.maintenanceFrom(), r.maintenanceTo(), r.annualFeeOre(), r.reference());
    }

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, AUDITOR})
    public List<Maintenance.Period> endingBy(@QueryParam("endingBy") String endingBy) {
        LocalDate day;
        if (endingBy == null || endingBy.isBlank()) {
            day = LocalDate.now(clock).plusDays(90);
        } else {
            try {
                day = LocalDate.parse(endingBy.trim());
            } catch (DateTimeParseException e) {
                throw new BusinessException(400, "bad-date-parameter", "endingBy", endingBy);
            }
        }
        return maintenance.endingBy(day);
    }
}
