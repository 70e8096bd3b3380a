package se.nyckeln.platform.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The physical baseline of the REST benchmarks (docs/benchmarks.md): a fixed small JSON answer that goes
 * through everything a real endpoint goes through (HTTP Basic, the role check, RESTEasy, JSON-B) but touches
 * no database, so "endpoint X reaches 0.6x of this" measures what X itself costs. Read-only, no data, so
 * it is harmless to leave deployed.
 */
@Path("/bench/trivial")
@RequestScoped
public class TrivialResource {

    /** A few fields of the kinds real views have, so the JSON serialisation is not free either. */
    public record TrivialView(String status, long id, String code, String name) {
    }

    private static final TrivialView FIXED = new TrivialView("OK", 1L, "KOMMUN", "Stockholms stad");

    @GET
    @RolesAllowed({"LICENCE_ADMIN", "FINANCE", "PROCUREMENT", "UNIT_VIEWER", "AUDITOR"})
    @Produces(MediaType.APPLICATION_JSON)
    public TrivialView trivial() {
        return FIXED;
    }
}
