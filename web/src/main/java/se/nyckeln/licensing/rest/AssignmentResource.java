package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.Assignments;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * One assignment of a seat (created under its pool, {@code POST /pools/{id}/assignments}). Ending it on its last
 * day gives the seat back to the unit.
 */
@Path("/assignments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    @EJB
    private Assignments assignments;

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.AssignmentView get(@PathParam("id") long id) {
        return Views.AssignmentView.of(assignments.assignment(id));
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.AssignmentView end(@PathParam("id") long id, @NotNull @Valid Requests.EndAssignmentRequest request) {
        return Views.AssignmentView.of(assignments.end(id, request.command()));
    }
}
