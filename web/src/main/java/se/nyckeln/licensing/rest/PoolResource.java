package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import se.nyckeln.licensing.application.Allocations;
import se.nyckeln.licensing.application.Assignments;
import se.nyckeln.licensing.application.Pools;
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
 * Licence pools: capacity, allocated and free seats, and each unit's seats as of a day ({@code asOf}, today by
 * default). A unit viewer sees every pool but only its own units' allocations. The administrator creates pools,
 * allocates seats (409 {@code pool-exhausted} when they are not free) and reallocates them between units.
 */
@Path("/pools")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    @EJB
    private Pools pools;

    @EJB
    private Allocations allocations;

    @EJB
    private Assignments assignments;

    @Inject
    private Clock clock;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<Views.PoolView> list() {
        return pools.pools().stream().map(Views.PoolView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PoolView get(@PathParam("id") long id, @QueryParam("asOf") String asOf) {
        return Views.PoolView.of(pools.pool(id, asOf(asOf)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.PoolRequest request) {
        Views.PoolView created = Views.PoolView.of(pools.create(request.command()));
        return Response.created(UriBuilder.fromResource(PoolResource.class).path("{id}").build(created.id()))
                .entity(created).build();
    }

    @POST
    @Path("/{id}/allocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.PoolView allocate(@PathParam("id") long id, @NotNull @Valid Requests.AllocationRequest request) {
        return Views.PoolView.of(allocations.allocate(id, request.command()));
    }

    @POST
    @Path("/{id}/reallocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response reallocate(@PathParam("id") long id, @NotNull @Valid Requests.ReallocationRequest request) {
        Views.ReallocationView moved = Views.ReallocationView.of(allocations.reallocate(id, request.command()));
        return Response.status(Response.Status.CREATED).entity(moved).build();
    }

    /** Gives one of the unit's seats to a person or device; 409 {@code no-free-seat} when the unit has none left. */
    @POST
    @Path("/{id}/assignments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response assign(@PathParam("id") long id, @NotNull @Valid Requests.AssignmentRequest request) {
        Views.AssignmentView created = Views.AssignmentView.of(
                assignments.assign(id, request.command(LocalDate.now(clock))));
        return Response.created(UriBuilder.fromResource(AssignmentResource.class).path("{id}").build(created.id()))
                .entity(created).build();
    }

    /** The assignments in force on {@code asOf}, of one unit or all; a unit viewer sees only its own units'. */
    @GET
    @Path("/{id}/assignments")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<Views.AssignmentView> assignments(@PathParam("id") long id, @QueryParam("unitId") Long unitId,
                                                  @QueryParam("asOf") String asOf) {
        return assignments.assignments(id, unitId, asOf(asOf)).stream().map(Views.AssignmentView::of).toList();
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
}
