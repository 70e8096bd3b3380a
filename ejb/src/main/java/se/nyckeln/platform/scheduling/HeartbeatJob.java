package se.nyckeln.platform.scheduling;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import se.nyckeln.platform.persistence.Health;

/**
 * A harmless job that proves the whole chain every few minutes: Quartz fires on a managed thread, the job is a CDI
 * bean with injection, it calls an EJB that reaches the database, and the run lands in {@code job_run} (written by
 * the job factory). It fails when the database does not answer, so a FAILED heartbeat is worth looking at.
 */
@Dependent
@DisallowConcurrentExecution
public class HeartbeatJob implements ScheduledJob {

    public static final String NAME = "heartbeat";

    @EJB
    private Health health;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 0/5 * * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        Health.Status status = health.check();
        if (!status.up()) {
            throw new JobExecutionException("database or migrations not ready: " + status);
        }
    }
}
