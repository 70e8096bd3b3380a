package se.nyckeln.platform.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.time.ClockControl;

import java.time.Instant;

/**
 * Test mode only: {@code PUT /test/clock {"instant": "2026-11-30T23:59:00Z"}} fixes the application clock,
 * {@code DELETE /test/clock} returns to the system clock. Outside test mode both answer 404.
 */
@Path("/test/clock")
@RequestScoped
@RolesAllowed(Role.ADMIN)
public class TestClockResource {

    @EJB
    private ClockControl clockControl;

    public record ClockRequest(Instant instant) {
    }

    public record ClockView(Instant instant) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ClockView set(ClockRequest request) {
        return new ClockView(clockControl.set(request == null ? null : request.instant()));
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public ClockView reset() {
        return new ClockView(clockControl.reset());
    }
}
