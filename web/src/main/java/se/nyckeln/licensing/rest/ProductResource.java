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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import se.nyckeln.licensing.application.Catalogue;

import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * The product catalogue. {@code GET /products?alias=SPE_E3} resolves a SKU or any other alias (case does not
 * matter) to its product. Products are not unit-scoped, so every role reads them; the administrator writes.
 */
@Path("/products")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    @EJB
    private Catalogue catalogue;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<Views.ProductView> list(@QueryParam("alias") String alias) {
        return catalogue.products(alias).stream().map(Views.ProductView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public Views.ProductView get(@PathParam("id") long id) {
        return Views.ProductView.of(catalogue.product(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Response create(@NotNull @Valid Requests.ProductRequest request) {
        Views.ProductView created = Views.ProductView.of(catalogue.create(request.command()));
        return Response.created(UriBuilder.fromResource(ProductResource.class).path("{id}").build(created.id()))
                .entity(created).build();
    }

    @POST
    @Path("/{id}/aliases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public Views.ProductView addAlias(@PathParam("id") long id, @NotNull @Valid Requests.AliasRequest request) {
        return Views.ProductView.of(catalogue.addAlias(id, request.alias()));
    }
}
