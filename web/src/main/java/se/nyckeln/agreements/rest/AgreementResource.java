package se.nyckeln.agreements.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.agreements.application.AgreementViews;
import se.nyckeln.agreements.application.Agreements;
import se.nyckeln.agreements.infrastructure.AgreementCsv;
import se.nyckeln.organisation.rest.UploadLimit;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.security.Role;
import se.nyckeln.shared.Money;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Agreements with call-off rights and price lists. Reads: every role (agreements are not unit-scoped). Writes
 * (procurement, licence administrator): CSV imports {@code POST /agreements/imports/agreements} and
 * {@code /agreements/imports/price-list} (multipart field {@code file} or a raw CSV body with {@code ?fileName=}),
 * one agreement {@code POST /agreements}, one price row {@code POST /agreements/{id}/prices}. Alerts:
 * {@code GET /agreements/alerts?horizonMonths=6}.
 */
@Path("/agreements")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AgreementResource {

    static final String[] READ = {Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER};

    public record AgreementRequest(@NotNull String reference, long supplierId, @NotNull String kind,
                                   String parentReference, @NotNull String title, String category,
                                   @NotNull LocalDate validFrom, LocalDate validTo, String extensionOptions,
                                   Integer noticeMonths, long ownerUnitId, Boolean kommunMayCallOff,
                                   List<Long> callOffUnitIds) {
    }

    public record PriceRequest(@NotNull String sku, @NotNull String productName, @NotNull String unitPrice,
                               String currency, Long minQuantity, @NotNull LocalDate validFrom, LocalDate validTo) {
    }

    @EJB
    private Agreements agreements;

    @GET
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<AgreementViews.AgreementEntry> list(@QueryParam("supplierId") Long supplierId) {
        return agreements.agreements(supplierId);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public AgreementViews.AgreementEntry get(@PathParam("id") long id) {
        return agreements.agreement(id);
    }

    /**
     * The alerts of the last run of the daily job {@code agreement-alerts} (run by hand: POST /jobs/agreement-alerts/run),
     * titles in the language of {@code Accept-Language} (Swedish by default, English for {@code en}).
     */
    @GET
    @Path("/alerts")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.AUDIT})
    public List<AgreementViews.Alert> alerts(@Context HttpHeaders headers) {
        return agreements.alerts(Problems.locale(headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public AgreementViews.AgreementEntry save(@NotNull AgreementRequest r) {
        String kind = r.kind().trim().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("FRAMEWORK", "CALL_OFF", "DIRECT").contains(kind)) {
            throw BusinessException.invalid("agreement-kind-unknown", "kind", r.kind());
        }
        return agreements.save(new AgreementCsv.AgreementSpec(0, r.reference().trim(), r.supplierId(), kind,
                r.parentReference(), r.title(), r.category(), r.validFrom(), r.validTo(), r.extensionOptions(),
                r.noticeMonths() == null ? 0 : r.noticeMonths(), r.ownerUnitId(),
                r.kommunMayCallOff() == null || r.kommunMayCallOff(),
                r.callOffUnitIds() == null ? List.of() : r.callOffUnitIds()));
    }

    @POST
    @Path("/{id}/prices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public AgreementViews.PriceEntry savePrice(@PathParam("id") long id, @NotNull PriceRequest r) {
        long ore;
        try {
            ore = Money.parse(r.unitPrice()).ore();
        } catch (IllegalArgumentException e) {
            throw BusinessException.invalid("price-invalid", "unitPrice", r.unitPrice());
        }
        return agreements.savePrice(new AgreementCsv.PriceSpec(0, id, r.sku().trim(), r.productName().trim(), ore,
                r.currency() == null ? "SEK" : r.currency().trim().toUpperCase(java.util.Locale.ROOT),
                r.minQuantity() == null ? 1 : r.minQuantity(), r.validFrom(), r.validTo()));
    }

    @POST
    @Path("/imports/{kind}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult upload(@PathParam("kind") String kind, @FormParam("file") EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return importFile(kind, file.getFileName().orElse(null), file.getContent());
    }

    @POST
    @Path("/imports/{kind}")
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @RolesAllowed({Role.ADMIN, Role.PROC})
    @UploadLimit
    public AgreementViews.ImportResult raw(@PathParam("kind") String kind, @QueryParam("fileName") String fileName,
                                           InputStream body) {
        return importFile(kind, fileName, body);
    }

    private AgreementViews.ImportResult importFile(String kind, String fileName, InputStream data) {
        return switch (kind) {
            case "agreements" -> agreements.importAgreements(fileName, data);
            case "price-list" -> agreements.importPrices(fileName, data);
            default -> throw BusinessException.notFound("Importtyp", kind);
        };
    }
}
