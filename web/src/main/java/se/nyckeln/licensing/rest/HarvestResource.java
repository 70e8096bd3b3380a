package se.nyckeln.licensing.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.licensing.application.HarvestProposals;
import se.nyckeln.licensing.infrastructure.HarvestStore;

import java.time.LocalDate;
import java.util.List;

import static se.nyckeln.licensing.rest.Roles.ADMIN;
import static se.nyckeln.licensing.rest.Roles.AUDITOR;
import static se.nyckeln.licensing.rest.Roles.FINANCE;
import static se.nyckeln.licensing.rest.Roles.PROCUREMENT;
import static se.nyckeln.licensing.rest.Roles.VIEWER;

/**
 * Harvest proposals: seats to take back. The administrator runs the proposal finder by hand (it also runs
 * nightly), and approves or rejects proposals one by one or in bulk (all or nothing). Everyone may read; a unit
 * viewer reads only its own units' proposals and the summary of what they could return.
 */
@Path("/harvest")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HarvestResource {

    @EJB
    private HarvestProposals harvest;

    public record ApproveRequest(@NotEmpty @Size(max = 1000) List<@NotNull Long> ids, LocalDate endDate) {
    }

    public record RejectRequest(@NotEmpty @Size(max = 1000) List<@NotNull Long> ids, @Size(max = 500) String note) {
    }

    public record IdleDaysRequest(@NotNull @Min(1) @Max(3650) Integer idleDays) {
    }

    @POST
    @Path("/runs")
    @RolesAllowed(ADMIN)
    public HarvestProposals.RunResult run() {
        return harvest.run();
    }

    /** {@code status} PENDING by default; {@code all} for every status. */
    @GET
    @Path("/proposals")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<HarvestProposals.Proposal> proposals(@QueryParam("status") String status,
                                                     @QueryParam("poolId") Long poolId,
                                                     @QueryParam("productId") Long productId,
                                                     @QueryParam("unitId") Long unitId) {
        String s = status == null || status.isBlank() ? "PENDING" : status.trim().toUpperCase(java.util.Locale.ROOT);
        return harvest.proposals("ALL".equals(s) ? null : s, poolId, productId, unitId);
    }

    @GET
    @Path("/proposals/{id}")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public HarvestProposals.Proposal proposal(@PathParam("id") long id) {
        return harvest.proposal(id);
    }

    @GET
    @Path("/summary")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<HarvestStore.Summary> summary() {
        return harvest.summary();
    }

    @POST
    @Path("/proposals/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public HarvestProposals.Decision approve(@NotNull @Valid ApproveRequest request) {
        return harvest.approve(request.ids(), request.endDate());
    }

    @POST
    @Path("/proposals/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public HarvestProposals.Decision reject(@NotNull @Valid RejectRequest request) {
        return harvest.reject(request.ids(), request.note());
    }

    @GET
    @Path("/settings")
    @RolesAllowed({ADMIN, FINANCE, PROCUREMENT, VIEWER, AUDITOR})
    public List<HarvestStore.Setting> settings() {
        return harvest.settings();
    }

    @PUT
    @Path("/settings/{productId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    public HarvestStore.Setting setIdleDays(@PathParam("productId") long productId,
                                            @NotNull @Valid IdleDaysRequest request) {
        return harvest.setIdleDays(productId, request.idleDays());
    }
}
