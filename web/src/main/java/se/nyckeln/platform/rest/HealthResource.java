package se.nyckeln.platform.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.persistence.Health;

/** Unauthenticated readiness: 200 when the database answers and migrations are applied, 503 otherwise. */
@Path("/health")
@RequestScoped
public class HealthResource {

    @EJB
    private Health health;

    public record HealthView(String status, boolean database, boolean migrations, String schemaVersion) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Health.Status s = health.check();
        HealthView view = new HealthView(s.up() ? "UP" : "DOWN", s.database(), s.migrations(), s.schemaVersion());
        return Response.status(s.up() ? 200 : 503).entity(view).build();
    }
}
