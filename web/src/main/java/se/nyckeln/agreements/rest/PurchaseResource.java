package se.nyckeln.agreements.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.agreements.application.AgreementViews;
import se.nyckeln.agreements.application.Purchases;
import se.nyckeln.organisation.rest.UploadLimit;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.security.Role;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Purchases: Peppol invoice import ({@code POST /purchases/invoices}, one UBL XML or a zip; multipart field
 * {@code file} or a raw body with {@code ?fileName=}), purchase lines with verdicts and filters, totals per
 * verdict, buyer-reference and product mappings. Procurement and the licence administrator write; finance and
 * the auditor read everything; a unit viewer reads only its own units' lines.
 */
@Path("/purchases")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseResource {

    public record BuyerMappingRequest(@NotNull String reference, long unitId) {
    }

    public record ProductMappingRequest(long supplierId, @NotNull String itemKey, @NotNull String sku) {
    }

    @EJB
    private Purchases purchases;

    @POST
    @Path("/invoices")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult upload(@FormParam("file") EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return purchases.importInvoices(file.getFileName().orElse(null), file.getContent());
    }

    @POST
    @Path("/invoices")
    @Consumes({"application/xml", "text/xml", "application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult raw(@QueryParam("fileName") String fileName, InputStream body) {
        return purchases.importInvoices(fileName, body);
    }

    @POST
    @Path("/ledger")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult ledger(@FormParam("file") EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return purchases.importLedger(file.getFileName().orElse(null), file.getContent());
    }

    @POST
    @Path("/ledger")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult ledgerRaw(@QueryParam("fileName") String fileName, InputStream body) {
        return purchases.importLedger(fileName, body);
    }

    @GET
    @Path("/lines")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public AgreementViews.LinePage lines(@QueryParam("verdict") String verdict,
                                         @QueryParam("supplierId") Long supplierId, @QueryParam("unitId") Long unitId,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("offset") @DefaultValue("0") int offset,
                                         @QueryParam("limit") @DefaultValue("100") int limit,
                                         @Context HttpHeaders headers) {
        return purchases.lines(verdict, supplierId, unitId, date("from", from), date("to", to), offset, limit,
                Problems.locale(headers));
    }

    @GET
    @Path("/lines/{id}")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public AgreementViews.LineEntry line(@PathParam("id") long id, @Context HttpHeaders headers) {
        return purchases.line(id, Problems.locale(headers));
    }

    @GET
    @Path("/totals")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<AgreementViews.VerdictTotal> totals(@QueryParam("verdict") String verdict,
                                                    @QueryParam("supplierId") Long supplierId,
                                                    @QueryParam("unitId") Long unitId, @QueryParam("from") String from,
                                                    @QueryParam("to") String to) {
        return purchases.totals(verdict, supplierId, unitId, date("from", from), date("to", to));
    }

    @GET
    @Path("/buyer-references")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<AgreementViews.BuyerMapping> buyerMappings() {
        return purchases.buyerMappings();
    }

    @GET
    @Path("/buyer-references/unmapped")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<AgreementViews.UnmappedReference> unmapped() {
        return purchases.unmappedReferences();
    }

    @PUT
    @Path("/buyer-references")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public AgreementViews.BuyerMapping mapBuyer(@NotNull BuyerMappingRequest r) {
        return purchases.mapBuyerReference(r.reference(), r.unitId());
    }

    @GET
    @Path("/product-mappings")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<AgreementViews.ProductMapping> productMappings() {
        return purchases.productMappings();
    }

    @PUT
    @Path("/product-mappings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public AgreementViews.ProductMapping mapProduct(@NotNull ProductMappingRequest r) {
        return purchases.mapProduct(r.supplierId(), r.itemKey(), r.sku());
    }

    @POST
    @Path("/rematch")
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public int rematch() {
        return purchases.rematch();
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw BusinessException.invalid("bad-date", field, text);
        }
    }
}
