package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.UsageEvidence;

import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/** Usage evidence per person or device and product (at least one filter); a unit viewer sees its own units' holders. */
@Path("/usage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    @EJB
    private UsageEvidence usage;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<UsageEvidence.Usage> usage(@QueryParam("personId") Long personId, @QueryParam("deviceId") Long deviceId,
                                           @QueryParam("productId") Long productId) {
        return usage.usage(personId, deviceId, productId);
    }
}
