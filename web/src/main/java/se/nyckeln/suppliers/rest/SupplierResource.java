package se.nyckeln.suppliers.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
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
import se.nyckeln.platform.security.Role;
import se.nyckeln.suppliers.application.NewSupplier;
import se.nyckeln.suppliers.application.SupplierEntry;
import se.nyckeln.suppliers.application.Suppliers;

import java.util.List;

/**
 * The supplier master: {@code GET /suppliers?q=}, {@code GET /suppliers/{id}}, {@code POST /suppliers} and
 * {@code POST /suppliers/{id}/aliases}. Procurement and the licence administrator write; every role reads.
 */
@Path("/suppliers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SupplierResource {

    public record AliasRequest(@NotNull String alias) {
    }

    @EJB
    private Suppliers suppliers;

    @GET
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<SupplierEntry> list(@QueryParam("q") String q) {
        return suppliers.suppliers(q);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public SupplierEntry get(@PathParam("id") long id) {
        return suppliers.supplier(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public Response create(@NotNull NewSupplier request) {
        SupplierEntry created = suppliers.create(request);
        return Response.created(UriBuilder.fromResource(SupplierResource.class).path("{id}").build(created.id()))
                .entity(created).build();
    }

    @POST
    @Path("/{id}/aliases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public SupplierEntry addAlias(@PathParam("id") long id, @NotNull AliasRequest request) {
        return suppliers.addAlias(id, request.alias());
    }
}
