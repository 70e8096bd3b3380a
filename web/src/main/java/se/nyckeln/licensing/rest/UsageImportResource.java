package se.nyckeln.licensing.rest;

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
import se.nyckeln.licensing.application.UsageFormat;
import se.nyckeln.licensing.application.UsageImportReport;
import se.nyckeln.licensing.application.UsageImports;
import se.nyckeln.platform.problem.BusinessException;

import java.io.InputStream;

import static se.nyckeln.licensing.rest.Roles.ADMIN;

/**
 * {@code POST /api/v1/imports/usage/{format}} ({@code m365-active-users}, {@code inventory}): usage evidence,
 * uploaded like the organisation files (multipart field {@code file}, or a raw CSV body with
 * {@code ?fileName=}), up to {@link UsageUploadLimit} (1 GiB; the file streams, it is never held whole).
 * Formats: docs/imports.md, "Usage evidence".
 */
@Path("/imports/usage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageImportResource {

    /** What an accepted file did; counts are usage records (see {@link UsageImportReport}). */
    public record UsageImportView(String format, String fileName, int rows, int created, int updated, int unchanged) {
        static UsageImportView of(UsageImportReport r) {
            return new UsageImportView(r.format().name(), r.fileName(), r.rows(), r.created(), r.updated(),
                    r.unchanged());
        }
    }

    @EJB
    private UsageImports imports;

    @POST
    @Path("/{format}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(ADMIN)
    @UsageUploadLimit
    public UsageImportView upload(@PathParam("format") String format, @FormParam("file") EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return UsageImportView.of(imports.importFile(format(format), file.getFileName().orElse(null),
                file.getContent()));
    }

    @POST
    @Path("/{format}")
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @RolesAllowed(ADMIN)
    @UsageUploadLimit
    public UsageImportView raw(@PathParam("format") String format, @QueryParam("fileName") String fileName,
                               InputStream body) {
        return UsageImportView.of(imports.importFile(format(format), fileName, body));
    }

    private static UsageFormat format(String path) {
        return switch (path) {
            case "m365-active-users" -> UsageFormat.M365_ACTIVE_USERS;
            case "inventory" -> UsageFormat.INVENTORY;
            case "admin-centre-users" -> UsageFormat.ADMIN_CENTRE_USERS;
            default -> throw BusinessException.notFound("Importtyp", path);
        };
    }
}
