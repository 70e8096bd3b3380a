/**
 * The one Quartz scheduler of the application: built once at start-up on the container's managed threads, jobs
 * obtained as CDI beans, cron and enablement from configuration, every run recorded in {@code job_run}. Kept behind
 * {@link se.nyckeln.platform.scheduling.Scheduling} so that EJB timers or an HA singleton could replace Quartz
 * (Quartz is only lightly maintained).
 */
package se.nyckeln.platform.scheduling;
