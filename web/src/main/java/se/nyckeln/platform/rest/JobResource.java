package se.nyckeln.platform.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.nyckeln.platform.scheduling.JobInfo;
import se.nyckeln.platform.scheduling.JobRun;
import se.nyckeln.platform.scheduling.Scheduling;
import se.nyckeln.platform.security.Role;

import java.time.Instant;
import java.util.List;

/** Scheduled jobs: {@code GET /jobs} lists them with their next firing; {@code POST /jobs/{name}/run} runs one now. */
@Path("/jobs")
@RequestScoped
@RolesAllowed({Role.ADMIN, Role.FIN})
public class JobResource {

    @EJB
    private Scheduling scheduling;

    public record JobRunView(Instant startedAt, Instant finishedAt, String outcome, String detail) {
        static JobRunView of(JobRun r) {
            return r == null ? null : new JobRunView(r.startedAt(), r.finishedAt(), r.outcome().name(), r.detail());
        }
    }

    public record JobView(String name, boolean enabled, String cron, Instant nextFireTime, Instant previousFireTime,
                          boolean overlapAllowed, JobRunView lastRun) {
        static JobView of(JobInfo j) {
            return new JobView(j.name(), j.enabled(), j.cron(), j.nextFireTime(), j.previousFireTime(),
                    j.overlapAllowed(), JobRunView.of(j.lastRun()));
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<JobView> jobs() {
        return scheduling.jobs().stream().map(JobView::of).toList();
    }

    /** 202: the run is queued on the scheduler; its outcome shows in {@code lastRun} when it has finished. */
    @POST
    @Path("/{name}/run")
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@PathParam("name") String name) {
        return Response.accepted(JobView.of(scheduling.runNow(name))).build();
    }
}
