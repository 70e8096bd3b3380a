package se.nyckeln.platform.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import se.nyckeln.platform.security.Role;

import java.util.List;

/** What people may do with the scheduler: see the jobs and their next firing, and run a job now. */
@Stateless
@RolesAllowed({Role.ADMIN, Role.FIN})
public class Scheduling {

    @EJB
    private JobScheduler scheduler;

    public List<JobInfo> jobs() {
        return scheduler.jobs();
    }

    public JobInfo runNow(String name) {
        return scheduler.triggerNow(name);
    }
}
