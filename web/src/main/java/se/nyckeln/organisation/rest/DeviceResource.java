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
import se.nyckeln.organisation.application.DeviceEntry;

import java.time.Clock;

import static se.nyckeln.organisation.rest.Roles.ADMIN;
import static se.nyckeln.organisation.rest.Roles.AUDITOR;
import static se.nyckeln.organisation.rest.Roles.FINANCE;
import static se.nyckeln.organisation.rest.Roles.PROCUREMENT;
import static se.nyckeln.organisation.rest.Roles.VIEWER;

/** Devices and their unit over time: listed and read by every role (viewers within scope), changed by the administrator. */
@Path("/devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @EJB
    private PeopleAndDevices members;

    @Inject
    private Clock clock;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PageView<Views.DeviceView> list(@QueryParam("asOf") String asOf, @QueryParam("q") String search,
                                                 @QueryParam("offset") @DefaultValue("0") int offset,
                                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        return Views.PageView.of(members.devices(Dates.asOf(asOf, clock), search, offset, limit), Views.DeviceView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.DeviceView get(@PathParam("id") long id, @QueryParam("asOf") String asOf) {
        return Views.DeviceView.of(members.device(id, Dates.asOf(asOf, clock)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.DeviceCreateRequest request) {
        DeviceEntry created = members.createDevice(request.command());
        return Response.created(UriBuilder.fromResource(DeviceResource.class).path("{id}").build(created.id()))
                .entity(Views.DeviceView.of(created)).build();
    }

    @POST
    @Path("/{id}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.DeviceView move(@PathParam("id") long id, @NotNull @Valid Requests.MoveRequest request) {
        return Views.DeviceView.of(members.moveDevice(id, request.command()));
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.DeviceView end(@PathParam("id") long id, @NotNull @Valid Requests.EndRequest request) {
        return Views.DeviceView.of(members.endDevice(id, request.command()));
    }
}
