package se.nyckeln.chargeback.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.chargeback.application.ChargebackCommands;
import se.nyckeln.chargeback.application.ChargebackExports;
import se.nyckeln.chargeback.application.ChargebackRuns;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.chargeback.application.ChargebackViews;
import se.nyckeln.organisation.rest.UploadLimit;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.Role;
import se.nyckeln.shared.Period;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The chargeback API (docs/chargeback-api.md): set-up (portfolio, cost types, key versions, cost pools, imported
 * measures, ledger) and the monthly run (draft, recompute, approve, post, adjustments, statements, measures,
 * explanations, what-if). FINANCE writes; AUDITOR reads; a UNIT_VIEWER reads its own units' statements, measures and
 * explanations (another unit's answers 404) and the runs without their city-wide figures.
 */
@Path("/chargeback")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChargebackResource {

    static final String FIN = Role.FIN;
    static final String AUDIT = Role.AUDIT;
    static final String VIEWER = Role.VIEWER;
    static final String ADMIN = Role.ADMIN;

    @EJB
    private ChargebackSetup setup;

    @EJB
    private ChargebackRuns runs;

    @EJB
    private ChargebackExports exports;

    // ------------------------------------------------------------------ requests

    public record SystemRequest(@NotBlank @Size(max = 100) String code, @NotBlank @Size(max = 200) String name,
                                @NotBlank String tier, @NotNull Long ownerUnitId, @NotNull LocalDate validFrom,
                                LocalDate validTo) {
    }

    public record CostTypeRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 200) String category,
                                  @NotBlank @Size(max = 20) String account,
                                  @NotNull @Size(min = 1, max = 8) Map<String, BigDecimal> models) {
    }

    public record KeyVersionRequest(@NotNull LocalDate validFrom, @NotNull BigDecimal weightGuld,
                                    @NotNull BigDecimal weightSilver, @NotNull BigDecimal weightBrons,
                                    @NotNull BigDecimal weightKoppar, @NotNull BigDecimal pupilDeviceWeight,
                                    @NotBlank @Size(max = 200) String decidedBy, @NotNull LocalDate decidedOn,
                                    @Size(max = 200) String decisionReference,
                                    @Size(max = 500) List<@NotNull @Valid FixedShareRequest> fixedShares) {
        Map<Long, BigDecimal> fixedPercent() {
            Map<Long, BigDecimal> m = new java.util.TreeMap<>();
            if (fixedShares != null) {
                fixedShares.forEach(f -> m.merge(f.unitId(), f.percent(), BigDecimal::add));
            }
            return m;
        }
    }

    public record FixedShareRequest(@NotNull Long unitId, @NotNull BigDecimal percent) {
    }

    public record CostPoolRequest(@NotBlank String period, @NotBlank String costType, @NotNull Long amountOre,
                                  @NotBlank @Size(max = 200) String sourceReference,
                                  @Size(max = 500) String description, Long productId) {
    }

    public record RunRequest(@NotBlank String period) {
    }

    public record AdjustmentRequest(@NotNull Long correctsLineId, @NotNull Long amountOre,
                                    @NotBlank @Size(max = 500) String text) {
    }

    public record LedgerRequest(Map<String, String> settings, List<ChargebackViews.UnitLedger> units) {
    }

    // ------------------------------------------------------------------ portfolio

    @GET
    @Path("/systems")
    @RolesAllowed({FIN, AUDIT, ADMIN, VIEWER})
    public List<ChargebackViews.SystemView> systems(@QueryParam("asOf") String asOf) {
        return setup.systems(asOf == null || asOf.isBlank() ? null : date(asOf, "asOf"));
    }

    @POST
    @Path("/systems")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public Response addSystem(@NotNull @Valid SystemRequest r) {
        return Response.status(201).entity(setup.addSystemVersion(new ChargebackCommands.SystemVersion(r.code(),
                r.name(), r.tier(), r.ownerUnitId(), r.validFrom(), r.validTo()))).build();
    }

    @POST
    @Path("/systems/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(FIN)
    @UploadLimit
    public ChargebackViews.ImportReport importSystems(@FormParam("file") EntityPart file) {
        return setup.importSystems(name(file), bytes(file));
    }

    // ------------------------------------------------------------------ cost types and keys

    @GET
    @Path("/cost-types")
    @RolesAllowed({FIN, AUDIT})
    public List<ChargebackViews.CostTypeView> costTypes() {
        return setup.costTypes();
    }

    @PUT
    @Path("/cost-types/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public ChargebackViews.CostTypeView putCostType(@PathParam("code") String code, @NotNull @Valid CostTypeRequest r) {
        return setup.putCostType(new ChargebackCommands.CostType(code, r.name(), r.category(), r.account(), r.models()));
    }

    @GET
    @Path("/key-versions")
    @RolesAllowed({FIN, AUDIT})
    public List<ChargebackViews.KeyVersionView> keyVersions() {
        return setup.keyVersions();
    }

    @POST
    @Path("/key-versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public Response addKeyVersion(@NotNull @Valid KeyVersionRequest r) {
        return Response.status(201).entity(setup.addKeyVersion(new ChargebackCommands.KeyVersion(r.validFrom(),
                r.weightGuld(), r.weightSilver(), r.weightBrons(), r.weightKoppar(), r.pupilDeviceWeight(),
                r.decidedBy(), r.decidedOn(), r.decisionReference(), r.fixedPercent()))).build();
    }

    // ------------------------------------------------------------------ pools and imported measures

    @GET
    @Path("/pools")
    @RolesAllowed({FIN, AUDIT})
    public List<ChargebackViews.CostPoolView> pools(@QueryParam("period") String period) {
        return setup.pools(period(period));
    }

    @POST
    @Path("/pools")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public Response addPool(@NotNull @Valid CostPoolRequest r) {
        period(r.period());
        return Response.status(201).entity(setup.addPool(new ChargebackCommands.CostPool(r.period(), r.costType(),
                r.amountOre(), r.sourceReference(), r.description(), r.productId()))).build();
    }

    /** Cost pools from the period's licence invoice lines (one per invoice and product; idempotent). */
    @POST
    @Path("/pools/from-purchases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public ChargebackViews.PoolsFromPurchases poolsFromPurchases(@NotNull @Valid PoolsFromPurchasesRequest r) {
        period(r.period());
        return setup.poolsFromPurchases(r.period(), r.costType());
    }

    public record PoolsFromPurchasesRequest(@NotBlank String period, String costType) {
    }

    @DELETE
    @Path("/pools/{id}")
    @RolesAllowed(FIN)
    public Response deletePool(@PathParam("id") long id) {
        setup.deletePool(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/pools/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(FIN)
    @UploadLimit
    public ChargebackViews.ImportReport importPools(@FormParam("file") EntityPart file) {
        return setup.importPools(name(file), bytes(file));
    }

    @GET
    @Path("/imported-measures")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public List<ChargebackViews.ImportedMeasureView> importedMeasures(@QueryParam("period") String period) {
        return setup.importedMeasures(period(period));
    }

    @POST
    @Path("/imported-measures/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(FIN)
    @UploadLimit
    public ChargebackViews.ImportReport importMeasures(@FormParam("file") EntityPart file) {
        return setup.importMeasures(name(file), bytes(file));
    }

    @GET
    @Path("/ledger")
    @RolesAllowed({FIN, AUDIT})
    public ChargebackViews.LedgerView ledger() {
        return setup.ledger();
    }

    @PUT
    @Path("/ledger")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public ChargebackViews.LedgerView putLedger(@NotNull LedgerRequest r) {
        return setup.putLedger(r.settings(), r.units());
    }

    // ------------------------------------------------------------------ runs

    @GET
    @Path("/runs")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public List<ChargebackViews.RunView> runs(@QueryParam("period") String period) {
        return runs.runs(period == null || period.isBlank() ? null : period(period).toString());
    }

    @POST
    @Path("/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public Response startDraft(@NotNull @Valid RunRequest r) {
        return Response.status(201).entity(runs.startDraft(period(r.period()))).build();
    }

    @GET
    @Path("/runs/{id}")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public ChargebackViews.RunView run(@PathParam("id") long id) {
        return runs.run(id);
    }

    @POST
    @Path("/runs/{id}/recompute")
    @RolesAllowed(FIN)
    public ChargebackViews.RunView recompute(@PathParam("id") long id) {
        return runs.recompute(id);
    }

    @POST
    @Path("/runs/{id}/approve")
    @RolesAllowed(FIN)
    public ChargebackViews.RunView approve(@PathParam("id") long id) {
        return runs.approve(id);
    }

    @POST
    @Path("/runs/{id}/post")
    @RolesAllowed(FIN)
    public ChargebackViews.RunView post(@PathParam("id") long id) {
        return runs.post(id);
    }

    @POST
    @Path("/runs/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(FIN)
    public Response adjust(@PathParam("id") long id, @NotNull @Valid AdjustmentRequest r) {
        return Response.status(201).entity(runs.adjust(id, r.correctsLineId(), r.amountOre(), r.text())).build();
    }

    @GET
    @Path("/runs/{id}/units")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public List<ChargebackViews.UnitTotal> units(@PathParam("id") long id) {
        return runs.unitTotals(id);
    }

    @GET
    @Path("/runs/{id}/units/{unitId}")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public ChargebackViews.Statement statement(@PathParam("id") long id, @PathParam("unitId") long unitId) {
        return runs.statement(id, unitId);
    }

    @GET
    @Path("/runs/{id}/measures")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public List<ChargebackViews.MeasureView> measures(@PathParam("id") long id, @QueryParam("unitId") Long unitId) {
        return runs.measures(id, unitId);
    }

    @GET
    @Path("/runs/{id}/lines/{lineId}/explain")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public ChargebackViews.Explanation explain(@PathParam("id") long id, @PathParam("lineId") long lineId) {
        return runs.explain(id, lineId);
    }

    @GET
    @Path("/runs/{id}/what-if")
    @RolesAllowed({FIN, AUDIT})
    public ChargebackViews.WhatIf whatIf(@PathParam("id") long id) {
        return runs.whatIf(id);
    }

    // ------------------------------------------------------------------ outputs

    @GET
    @Path("/runs/{id}/statements/{unitId}.pdf")
    @Produces("application/pdf")
    @RolesAllowed({FIN, AUDIT, VIEWER})
    public Response statementPdf(@PathParam("id") long id, @PathParam("unitId") long unitId) {
        return file(exports.statementPdf(id, unitId), "application/pdf");
    }

    @GET
    @Path("/runs/{id}/statements.zip")
    @Produces("application/zip")
    @RolesAllowed({FIN, AUDIT})
    public Response statementsZip(@PathParam("id") long id) {
        return file(exports.statementsZip(id), "application/zip");
    }

    @GET
    @Path("/runs/{id}/sie")
    @Produces("text/plain")
    @RolesAllowed({FIN, AUDIT})
    public Response sie(@PathParam("id") long id) {
        return file(exports.sie(id), "text/plain; charset=IBM437");
    }

    @GET
    @Path("/runs/{id}/invoice-basis.csv")
    @Produces("text/csv")
    @RolesAllowed({FIN, AUDIT})
    public Response invoiceBasis(@PathParam("id") long id) {
        return file(exports.invoiceBasis(id), "text/csv; charset=UTF-8");
    }

    @GET
    @Path("/runs/{id}/export.csv")
    @Produces("text/csv")
    @RolesAllowed({FIN, AUDIT})
    public Response exportCsv(@PathParam("id") long id) {
        return file(exports.table(id, false), "text/csv; charset=UTF-8");
    }

    @GET
    @Path("/runs/{id}/export.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @RolesAllowed({FIN, AUDIT})
    public Response exportXlsx(@PathParam("id") long id) {
        return file(exports.table(id, true), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    private static Response file(ChargebackExports.Named f, String type) {
        return Response.ok(f.bytes(), type).header("Content-Disposition", "attachment; filename=\"" + f.fileName()
                + "\"").build();
    }

    // ------------------------------------------------------------------ helpers

    static Period period(String text) {
        try {
            return Period.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BusinessException(400, "chargeback-bad-period", "period", String.valueOf(text));
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BusinessException(400, "bad-date-parameter", field, text);
        }
    }

    private static String name(EntityPart file) {
        if (file == null) {
            throw new BusinessException(400, "upload-missing-file", "file");
        }
        return file.getFileName().orElse(null);
    }

    private static byte[] bytes(EntityPart file) {
        try {
            return file.getContent().readAllBytes();
        } catch (IOException e) {
            throw new BusinessException(400, "upload-unreadable", "file", file.getFileName().orElse("upload.csv"));
        }
    }
}
