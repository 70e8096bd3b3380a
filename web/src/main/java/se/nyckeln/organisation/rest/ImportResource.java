package se.nyckeln.organisation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.organisation.application.ImportKind;
import se.nyckeln.organisation.application.OrganisationImports;
import se.nyckeln.platform.problem.BusinessException;

import java.io.InputStream;

import static se.nyckeln.organisation.rest.Roles.ADMIN;

/**
 * {@code POST /api/v1/imports/{kind}} ({@code units}, {@code people}, {@code devices}, {@code entra-users}):
 * a browser form upload (multipart/form-data, field {@code file}) or a raw CSV body (text/csv or
 * application/octet-stream, file name in {@code ?fileName=}). At most {@link UploadLimit#MAX_BYTES}.
 * Formats: docs/imports.md.
 */
@Path("/imports")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @EJB
    private OrganisationImports imports;

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(ADMIN)
    @UploadLimit
    public Views.ImportReportView upload(@PathParam("kind") String kind, @FormParam("file") EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return Views.ImportReportView.of(imports.importFile(kind(kind), file.getFileName().orElse(null),
                file.getContent()));
    }

    @POST
    @Path("/{kind}")
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @RolesAllowed(ADMIN)
    @UploadLimit
    public Views.ImportReportView raw(@PathParam("kind") String kind, @QueryParam("fileName") String fileName,
                                      InputStream body) {
        return Views.ImportReportView.of(imports.importFile(kind(kind), fileName, body));
    }

    private static ImportKind kind(String path) {
        return switch (path) {
            case "units" -> ImportKind.UNITS;
            case "people" -> ImportKind.PEOPLE;
            case "devices" -> ImportKind.DEVICES;
            case "entra-users" -> ImportKind.ENTRA_USERS;
            default -> throw BusinessException.notFound("Importtyp", path);
        };
    }
}
