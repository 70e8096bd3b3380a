package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import se.nyckeln.licensing.application.HarvestProposals;

/**
 * Nightly: brings the harvest proposals up to date (set-based, see {@link HarvestStore#generate}).
 * Runs after the night's usage imports would have landed; {@code -Dnyckeln.job.harvest-proposals.cron} moves it.
 */
@Dependent
@DisallowConcurrentExecution
public class HarvestJob implements se.nyckeln.platform.scheduling.ScheduledJob {

    public static final String NAME = "harvest-proposals";

    private static final Logger LOG = Logger.getLogger(HarvestJob.class);

    @EJB
    private HarvestProposals proposals;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 30 3 * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) {
        HarvestProposals.RunResult r = proposals.run();
        LOG.infof("Harvest proposals for %s: %d candidates, %d new, %d refreshed, %d withdrawn", r.day(),
                r.candidates(), r.created(), r.refreshed(), r.withdrawn());
    }
}
