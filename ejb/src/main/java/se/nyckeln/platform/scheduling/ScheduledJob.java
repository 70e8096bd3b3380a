package se.nyckeln.platform.scheduling;

import org.quartz.Job;

/**
 * A CDI bean that the scheduler registers as a Quartz job. Its cron expression comes from configuration:
 * {@code -Dnyckeln.job.<name>.cron=...} overrides {@link #defaultCron()}, {@code -Dnyckeln.job.<name>.enabled=false}
 * leaves the job registered (it can still be run by hand) but without a trigger. Annotate implementations with
 * {@link org.quartz.DisallowConcurrentExecution} when two runs must never overlap. A job should read its data and
 * call one application service; it runs without a caller identity.
 */
public interface ScheduledJob extends Job {

    /** Stable name: lower case, digits and '-', used in configuration keys, URLs and {@code job_run}. */
    String jobName();

    /** Quartz cron expression (seconds first), evaluated in Europe/Stockholm. */
    String defaultCron();
}
