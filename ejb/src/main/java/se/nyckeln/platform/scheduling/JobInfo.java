package se.nyckeln.platform.scheduling;

import java.time.Instant;

/**
 * A registered job as operators see it: its schedule, when it fires next and how its last run (since this
 * server started) ended. {@code cron} and {@code nextFireTime} are null for a disabled job.
 */
public record JobInfo(String name, boolean enabled, String cron, Instant nextFireTime, Instant previousFireTime,
                      boolean overlapAllowed, JobRun lastRun) {
}
