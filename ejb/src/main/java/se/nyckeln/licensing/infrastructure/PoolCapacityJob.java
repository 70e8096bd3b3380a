package se.nyckeln.licensing.infrastructure;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.jboss.logging.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import se.nyckeln.licensing.application.Pools;

/**
 * Nightly, just after midnight: brings each pool's stored capacity — the guard of allocations, a count "as of
 * now" — to the entitlements valid on the new day, so that a subscription that ended yesterday no longer lets
 * seats be allocated (one set-based statement, {@link LicensingStore#refreshCapacities}).
 */
@Dependent
@DisallowConcurrentExecution
public class PoolCapacityJob implements se.nyckeln.platform.scheduling.ScheduledJob {

    public static final String NAME = "pool-capacity";

    private static final Logger LOG = Logger.getLogger(PoolCapacityJob.class);

    @EJB
    private Pools pools;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 1 0 * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) {
        var changed = pools.refreshCapacities();
        LOG.infof("Pool capacities refreshed: %d pools changed", changed.size());
    }
}
