package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.licensing.application.LicenceRequests;


import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * Purchase proposals made directly (a request's remainder is proposed by the request): refused with 409
 * {@code purchase-with-free-seats} while the unit's pool has free seats.
 */
@Path("/purchase-proposals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseProposalResource {

    @EJB
    private LicenceRequests requests;

    public record PurchaseRequest(@NotNull Long unitId, @NotNull Long productId,
                                  @NotNull @Positive @Max(Requests.MAX_SEATS) Long quantity) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ADMIN, PROCUREMENT})
    public Response propose(@NotNull @Valid PurchaseRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(requests.proposePurchase(request.unitId(), request.productId(), request.quantity())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public LicenceRequests.Purchase purchase(@PathParam("id") long id) {
        return requests.purchase(id);
    }
}
