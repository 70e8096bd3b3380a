package se.nyckeln.audit.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.audit.application.AuditQueries;
import se.nyckeln.platform.security.Role;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/audit}: the audit trail, newest first. Filters are exact matches; {@code from} is inclusive
 * and {@code to} exclusive (ISO-8601 instants); {@code limit} is capped at 1000 by the query.
 */
@Path("/audit")
@RequestScoped
@RolesAllowed({Role.AUDIT, Role.ADMIN})
public class AuditResource {

    @EJB
    private AuditQueries queries;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditEntryView> find(@QueryParam("actor") String actor,
                                     @QueryParam("entityType") String entityType,
                                     @QueryParam("entityId") String entityId,
                                     @QueryParam("action") String action,
                                     @QueryParam("from") Instant from,
                                     @QueryParam("to") Instant to,
                                     @QueryParam("offset") @DefaultValue("0") int offset,
                                     @QueryParam("limit") @DefaultValue("100") int limit) {
        return queries.find(new AuditQueries.Filter(actor, entityType, entityId, action, from, to, offset, limit))
                .stream().map(AuditEntryView::of).toList();
    }
}
