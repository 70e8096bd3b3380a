package se.nyckeln.chargeback.infrastructure;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import se.nyckeln.chargeback.application.ChargebackRuns;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.platform.scheduling.ScheduledJob;
import se.nyckeln.platform.time.ClockProvider;
import se.nyckeln.shared.Period;

/**
 * Creates the chargeback draft of the month just ended on the configured day of the month (ledger setting
 * {@code draft-day-of-month}, default 5, changeable at run time). The trigger fires every morning at 06:00 Stockholm
 * time and the job does nothing on other days, or when the period already has a run; so a missed morning is made up
 * by the next firing on the right day, and a run started by hand is never duplicated. Run by hand
 * ({@code POST /jobs/chargeback-draft/run}) it creates the missing draft whatever the day.
 */
@Dependent
@DisallowConcurrentExecution
public class ChargebackDraftJob implements ScheduledJob {

    public static final String NAME = "chargeback-draft";

    @EJB
    private ChargebackRuns runs;

    @EJB
    private ChargebackSetup setup;

    @Inject
    private ClockProvider clock;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 0 6 * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) {
        int day = Integer.parseInt(setup.ledger().settings().getOrDefault("draft-day-of-month", "5"));
        boolean manual = context == null || context.getTrigger() == null
                || !context.getTrigger().getKey().getName().equals(NAME);
        if (!manual && clock.today().getDayOfMonth() != day) {
            return;
        }
        runs.startDraftIfMissing(Period.containing(clock.today()).previous());
    }
}
