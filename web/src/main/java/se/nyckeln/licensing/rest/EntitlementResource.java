package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.licensing.application.Pools;

import static se.nyckeln.licensing.rest.Roles.ADMIN;

/**
 * Licences bought: {@code POST /entitlements} adds seats to the product's pool for the owner (the kommun or a
 * bolag), creating the pool on first purchase, and answers with the pool's new capacity. {@code PUT
 * /entitlements/{id}} corrects the quantity or end date; 409 {@code capacity-below-allocated} when the pool would
 * then hold fewer seats than are allocated.
 */
@Path("/entitlements")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntitlementResource {

    @EJB
    private Pools pools;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.EntitlementRequest request) {
        Views.EntitlementView created = Views.EntitlementView.of(pools.addEntitlement(request.command()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.EntitlementView change(@PathParam("id") long id,
                                       @NotNull @Valid Requests.EntitlementChangeRequest request) {
        return Views.EntitlementView.of(pools.changeEntitlement(id, request.command()));
    }
}
