package se.nyckeln.organisation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.organisation.application.DepartmentMapping;
import se.nyckeln.organisation.application.DepartmentMappings;
import se.nyckeln.organisation.rest.Requests.DepartmentMappingRequest;

import java.util.List;

import static se.nyckeln.organisation.rest.Roles.ADMIN;
import static se.nyckeln.organisation.rest.Roles.AUDITOR;
import static se.nyckeln.organisation.rest.Roles.FINANCE;
import static se.nyckeln.organisation.rest.Roles.PROCUREMENT;
import static se.nyckeln.organisation.rest.Roles.VIEWER;

/** Entra ID department → unit: read by every role (viewers see mappings to their units), replaced by the administrator. */
@Path("/department-mappings")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DepartmentMappingResource {

    @EJB
    private DepartmentMappings mappings;

    @GET
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<Views.DepartmentMappingView> list() {
        return mappings.all().stream().map(Views.DepartmentMappingView::of).toList();
    }

    /** The body is the whole mapping: departments not in it are removed. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public List<Views.DepartmentMappingView> replace(
            @NotNull @Valid List<@NotNull @Valid DepartmentMappingRequest> request) {
        List<DepartmentMapping> wanted = request.stream()
                .map(r -> new DepartmentMapping(r.department(), r.unitId(), null)).toList();
        return mappings.replace(wanted).stream().map(Views.DepartmentMappingView::of).toList();
    }
}
