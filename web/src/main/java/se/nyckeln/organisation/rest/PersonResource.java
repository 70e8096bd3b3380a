package se.nyckeln.organisation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import se.nyckeln.organisation.application.PeopleAndDevices;
import se.nyckeln.organisation.application.PersonEntry;

import java.time.Clock;

import static se.nyckeln.organisation.rest.Roles.ADMIN;
import static se.nyckeln.organisation.rest.Roles.AUDITOR;
import static se.nyckeln.organisation.rest.Roles.FINANCE;
import static se.nyckeln.organisation.rest.Roles.PROCUREMENT;
import static se.nyckeln.organisation.rest.Roles.VIEWER;

/** People and their unit over time: listed and read by every role (viewers within scope), changed by the administrator. */
@Path("/people")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PersonResource {

    @EJB
    private PeopleAndDevices members;

    @Inject
    private Clock clock;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PageView<Views.PersonView> list(@QueryParam("asOf") String asOf, @QueryParam("q") String search,
                                                 @QueryParam("offset") @DefaultValue("0") int offset,
                                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        return Views.PageView.of(members.people(Dates.asOf(asOf, clock), search, offset, limit), Views.PersonView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PersonView get(@PathParam("id") long id, @QueryParam("asOf") String asOf) {
        return Views.PersonView.of(members.person(id, Dates.asOf(asOf, clock)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.PersonCreateRequest request) {
        PersonEntry created = members.createPerson(request.command());
        return Response.created(UriBuilder.fromResource(PersonResource.class).path("{id}").build(created.id()))
                .entity(Views.PersonView.of(created)).build();
    }

    @POST
    @Path("/{id}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.PersonView move(@PathParam("id") long id, @NotNull @Valid Requests.MoveRequest request) {
        return Views.PersonView.of(members.movePerson(id, request.command()));
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.PersonView end(@PathParam("id") long id, @NotNull @Valid Requests.EndRequest request) {
        return Views.PersonView.of(members.endPerson(id, request.command()));
    }
}
