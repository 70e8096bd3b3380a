package se.nyckeln.suppliers.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.export.Table;
import se.nyckeln.platform.export.TableCsv;
import se.nyckeln.platform.export.TableXlsx;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.Role;
import se.nyckeln.suppliers.application.Consolidation;
import se.nyckeln.suppliers.application.ConsolidationViews;

import java.util.Arrays;
import java.util.List;

/**
 * Supplier consolidation (docs/supplier-consolidation.md) under {@code /suppliers/consolidation}: normalisation,
 * duplicate proposals, merges and splits, categories and review, spend, active-supplier counts against targets,
 * the tail, candidates, drill-down lines and every table as CSV or XLSX. Procurement and the licence
 * administrator write; every role reads, a unit viewer only its own units' lines.
 */
@Path("/suppliers/consolidation")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsolidationResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public record MergeRequest(long survivorId, long mergedId, String reason) {
    }

    public record CategoryMappingRequest(long supplierId, @NotNull String itemKey, @NotNull String category) {
    }

    public record ReviewRequest(Boolean it) {
    }

    public record DismissRequest(long supplierId, long otherId, String reason) {
    }

    @EJB
    private Consolidation consolidation;

    private static ConsolidationViews.Query query(Integer year, Long supplierId, String category, Integer baseYear,
                                                  String targets, Integer percent, Long thresholdSek) {
        return query(year, supplierId, category, baseYear, targets, percent, thresholdSek, null);
    }

    private static ConsolidationViews.Query query(Integer year, Long supplierId, String category, Integer baseYear,
                                                  String targets, Integer percent, Long thresholdSek,
                                                  Long smallAgreementSek) {
        List<Integer> t = null;
        if (targets != null && !targets.isBlank()) {
            try {
                t = Arrays.stream(targets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                        .toList();
            } catch (NumberFormatException e) {
                throw BusinessException.invalid("consolidation-target", "targets", targets);
            }
        }
        return new ConsolidationViews.Query(year, supplierId, category, baseYear, t, percent, thresholdSek,
                smallAgreementSek);
    }

    @POST
    @Path("/normalise")
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public ConsolidationViews.NormalisationResult normalise() {
        return consolidation.normalise();
    }

    @GET
    @Path("/unregistered")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public ConsolidationViews.Unregistered unregistered() {
        return consolidation.unregistered();
    }

    @GET
    @Path("/duplicates")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<ConsolidationViews.DuplicateProposal> duplicates() {
        return consolidation.duplicates();
    }

    @GET
    @Path("/duplicates/dismissals")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<ConsolidationViews.Dismissal> dismissals() {
        return consolidation.dismissals();
    }

    /** "Not a duplicate": the pair is no longer proposed (201), until undone. */
    @POST
    @Path("/duplicates/dismissals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public Response dismiss(@NotNull DismissRequest r) {
        return Response.status(201).entity(consolidation.dismiss(r.supplierId(), r.otherId(), r.reason())).build();
    }

    @POST
    @Path("/duplicates/dismissals/{id}/undo")
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public ConsolidationViews.Dismissal undoDismissal(@PathParam("id") long id) {
        return consolidation.undoDismissal(id);
    }

    @GET
    @Path("/it-accounts")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.ItAccount> itAccounts() {
        return consolidation.itAccounts();
    }

    @PUT
    @Path("/it-accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public List<ConsolidationViews.ItAccount> replaceItAccounts(@NotNull List<ConsolidationViews.ItAccount> accounts) {
        return consolidation.replaceItAccounts(accounts);
    }

    /** An IT supplier's lines booked on a non-IT account (the review list's reason ACCOUNT). */
    @GET
    @Path("/booked-elsewhere")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.Line> bookedElsewhere(@QueryParam("pending") @DefaultValue("false") boolean pending) {
        return consolidation.review(pending, Consolidation.REASON_ACCOUNT);
    }

    @GET
    @Path("/merges")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<ConsolidationViews.MergeEntry> merges() {
        return consolidation.merges();
    }

    @POST
    @Path("/merges")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public Response merge(@NotNull MergeRequest r) {
        return Response.status(201).entity(consolidation.merge(r.survivorId(), r.mergedId(), r.reason())).build();
    }

    @POST
    @Path("/merges/{id}/split")
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public ConsolidationViews.MergeEntry split(@PathParam("id") long id) {
        return consolidation.split(id);
    }

    @GET
    @Path("/categories")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.Category> categories() {
        return consolidation.categories();
    }

    @GET
    @Path("/category-mappings")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT})
    public List<ConsolidationViews.CategoryMapping> categoryMappings() {
        return consolidation.categoryMappings();
    }

    @PUT
    @Path("/category-mappings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public ConsolidationViews.CategoryMapping mapCategory(@NotNull CategoryMappingRequest r) {
        return consolidation.mapCategory(r.supplierId(), r.itemKey(), r.category());
    }

    /**
     * One page of the lines that look misbooked: {@code limit} (1-1000, default 100) from {@code offset} (default
     * 0), oldest first (issue date, line id), with the total of the whole list.
     */
    @GET
    @Path("/review")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public ConsolidationViews.ReviewPage review(@QueryParam("pending") @DefaultValue("true") boolean pending,
                                                @QueryParam("reason") String reason,
                                                @QueryParam("offset") @DefaultValue("0") int offset,
                                                @QueryParam("limit") @DefaultValue("100") int limit) {
        return consolidation.review(pending, reason == null || reason.isBlank() ? null : reason.trim(), offset, limit);
    }

    @PUT
    @Path("/review/{lineId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.PROC})
    public ConsolidationViews.Line decide(@PathParam("lineId") long lineId, @NotNull ReviewRequest r) {
        return consolidation.decide(lineId, r.it());
    }

    @GET
    @Path("/spend")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.SpendEntry> spend(@QueryParam("by") @DefaultValue("supplier") String by,
                                                     @QueryParam("year") Integer year,
                                                     @QueryParam("supplierId") Long supplierId,
                                                     @QueryParam("category") String category) {
        return consolidation.spend(by, query(year, supplierId, category, null, null, null, null));
    }

    @GET
    @Path("/counts")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public ConsolidationViews.CountTrend counts(@QueryParam("year") Integer year,
                                                @QueryParam("category") String category,
                                                @QueryParam("baseYear") Integer baseYear,
                                                @QueryParam("targets") String targets) {
        return consolidation.counts(query(year, null, category, baseYear, targets, null, null));
    }

    @GET
    @Path("/tail")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public ConsolidationViews.Tail tail(@QueryParam("year") Integer year, @QueryParam("category") String category,
                                        @QueryParam("percent") Integer percent,
                                        @QueryParam("thresholdSek") Long thresholdSek) {
        return consolidation.tail(query(year, null, category, null, null, percent, thresholdSek));
    }

    @GET
    @Path("/candidates")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.Candidate> candidates(@QueryParam("year") Integer year,
                                                         @QueryParam("supplierId") Long supplierId,
                                                         @QueryParam("category") String category,
                                                         @QueryParam("smallAgreementSek") Long smallAgreementSek) {
        return consolidation.candidates(query(year, supplierId, category, null, null, null, null, smallAgreementSek));
    }

    @GET
    @Path("/lines")
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public List<ConsolidationViews.Line> lines(@QueryParam("year") Integer year,
                                               @QueryParam("supplierId") Long supplierId,
                                               @QueryParam("category") String category) {
        return consolidation.lines(query(year, supplierId, category, null, null, null, null));
    }

    /** {@code GET /suppliers/consolidation/export/{table}.csv|.xlsx} with the JSON twin's query parameters. */
    @GET
    @Path("/export/{table}.{format:csv|xlsx}")
    @Produces({"text/csv", XLSX})
    @RolesAllowed({Role.ADMIN, Role.PROC, Role.FIN, Role.AUDIT, Role.VIEWER})
    public Response export(@PathParam("table") String table, @PathParam("format") String format,
                           @QueryParam("year") Integer year, @QueryParam("supplierId") Long supplierId,
                           @QueryParam("category") String category, @QueryParam("baseYear") Integer baseYear,
                           @QueryParam("targets") String targets, @QueryParam("percent") Integer percent,
                           @QueryParam("thresholdSek") Long thresholdSek,
                           @QueryParam("smallAgreementSek") Long smallAgreementSek) {
        Table t = consolidation.table(table, query(year, supplierId, category, baseYear, targets, percent,
                thresholdSek, smallAgreementSek));
        boolean csv = "csv".equals(format);
        byte[] bytes = csv ? TableCsv.toBytes(t) : TableXlsx.toBytes(List.of(t));
        return Response.ok(bytes, csv ? "text/csv; charset=UTF-8" : XLSX)
                .header("Content-Disposition", "attachment; filename=\"leverantorer-" + table + "." + format + "\"")
                .build();
    }
}
