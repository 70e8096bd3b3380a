package se.nyckeln.agreements.application;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import se.nyckeln.platform.scheduling.ScheduledJob;

/**
 * Daily at 06:15 (Europe/Stockholm; {@code -Dnyckeln.job.agreement-alerts.cron} overrides): recomputes the
 * agreements reaching their notice date and the subscriptions/maintenance ending within the horizon
 * ({@code -Dnyckeln.agreements.alert-horizon-months}, default 6), shown by {@code GET /agreements/alerts}.
 */
@Dependent
@DisallowConcurrentExecution
public class AgreementAlertsJob implements ScheduledJob {

    public static final String NAME = "agreement-alerts";

    @EJB
    private Agreements agreements;

    @Override
    public String jobName() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 15 6 * * ?";
    }

    @Override
    public void execute(JobExecutionContext context) {
        agreements.refreshAlerts();
    }
}
