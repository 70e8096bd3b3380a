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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitChanges;
import se.nyckeln.organisation.application.UnitNode;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static se.nyckeln.organisation.rest.Roles.ADMIN;
import static se.nyckeln.organisation.rest.Roles.AUDITOR;
import static se.nyckeln.organisation.rest.Roles.FINANCE;
import static se.nyckeln.organisation.rest.Roles.PROCUREMENT;
import static se.nyckeln.organisation.rest.Roles.VIEWER;

/** The unit tree: read as of a date by every role (viewers within their scope), changed by the administrator. */
@Path("/units")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    @EJB
    private OrgTree tree;

    @EJB
    private UnitChanges changes;

    @Inject
    private Clock clock;

    @Inject
    private UnitListCache listCache;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Response list(@QueryParam("asOf") String asOf, @Context Request request) {
        LocalDate date = Dates.asOf(asOf, clock);
        // one revision read and the scope; the JSON itself is made once per (revision, date, scope)
        UnitListCache.Body body = listCache.get(tree.listingKey(), date,
                () -> tree.asOf(date).stream().map(Views.UnitView::of).toList());
        CacheControl revalidate = new CacheControl();
        revalidate.setPrivate(true);
        revalidate.setNoCache(true);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(body.tag());
        if (notModified != null) {
            return notModified.cacheControl(revalidate).build();
        }
        return Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).tag(body.tag()).cacheControl(revalidate)
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.UnitView get(@PathParam("id") long id, @QueryParam("asOf") String asOf) {
        return Views.UnitView.of(tree.unit(id, Dates.asOf(asOf, clock)));
    }

    @GET
    @Path("/{id}/people")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PageView<Views.PersonView> people(@PathParam("id") long id, @QueryParam("asOf") String asOf,
                                                   @QueryParam("offset") @DefaultValue("0") int offset,
                                                   @QueryParam("limit") @DefaultValue("100") int limit) {
        return Views.PageView.of(tree.people(id, Dates.asOf(asOf, clock), offset, limit), Views.PersonView::of);
    }

    @GET
    @Path("/{id}/devices")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.PageView<Views.DeviceView> devices(@PathParam("id") long id, @QueryParam("asOf") String asOf,
                                                    @QueryParam("offset") @DefaultValue("0") int offset,
                                                    @QueryParam("limit") @DefaultValue("100") int limit) {
        return Views.PageView.of(tree.devices(id, Dates.asOf(asOf, clock), offset, limit), Views.DeviceView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.UnitCreateRequest request) {
        UnitNode created = changes.create(request.command(request.validFrom()));
        return Response.created(UriBuilder.fromResource(UnitResource.class).path("{id}").build(created.id()))
                .entity(Views.UnitView.of(created)).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.UnitView change(@PathParam("id") long id, @NotNull @Valid Requests.UnitChangeRequest request) {
        return Views.UnitView.of(changes.change(id, request.command()));
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response close(@PathParam("id") long id, @NotNull @Valid Requests.UnitCloseRequest request) {
        changes.close(id, request.lastDay());
        return Response.noContent().build();
    }

    @POST
    @Path("/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response merge(@NotNull @Valid Requests.UnitMergeRequest request) {
        UnitNode merged = changes.merge(request.command());
        return Response.created(UriBuilder.fromResource(UnitResource.class).path("{id}").build(merged.id()))
                .entity(Views.UnitView.of(merged)).build();
    }
}
