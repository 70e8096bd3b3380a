package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import se.nyckeln.licensing.application.LicenceRequests;

import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * Requests for seats: recorded by the administrator for a unit, met from free seats, then from pending harvest
 * proposals, and only then by a purchase proposal; {@code /fill} meets what is still outstanding. Everyone reads;
 * a unit viewer only its own units' requests.
 */
@Path("/licence-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LicenceRequestResource {

    @EJB
    private LicenceRequests requests;

    public record SeatRequest(@NotNull Long unitId, @NotNull Long productId,
                              @NotNull @Positive @Max(Requests.MAX_SEATS) Long quantity,
                              @Size(max = 500) String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid SeatRequest request) {
        LicenceRequests.Outcome outcome = requests.create(request.unitId(), request.productId(), request.quantity(),
                request.reason());
        return Response.created(UriBuilder.fromResource(LicenceRequestResource.class).path("{id}")
                .build(outcome.request().id())).entity(outcome).build();
    }

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<LicenceRequests.Request> list() {
        return requests.requests();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public LicenceRequests.Request get(@PathParam("id") long id) {
        return requests.request(id);
    }

    @POST
    @Path("/{id}/fill")
    @RolesAllowed(ADMIN)
    public LicenceRequests.Outcome fill(@PathParam("id") long id) {
        return requests.fill(id);
    }
}
