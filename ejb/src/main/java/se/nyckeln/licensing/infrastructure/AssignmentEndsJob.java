package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import se.nyckeln.licensing.application.Assignments;

/**
 * Nightly, just after midnight: gives back the seats of dated assignment ends reached that day (one set-based
 * statement). Nothing else needs recomputing at night: positions and seat-days are computed by date.
 */
@Dependent
@DisallowConcurrentExecution
public class AssignmentEndsJob implements se.nyckeln.platform.scheduling.ScheduledJob {

    public static final String NAME = "assignment-ends";

    private static final Logger LOG = Logger.getLogger(AssignmentEndsJob.class);

    @EJB
    private Assignments assignments;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 5 0 * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) {
        var returned = assignments.returnDueSeats();
        LOG.infof("Dated assignment ends: seats returned in %d pool/unit pairs", returned.size());
    }
}
