package se.nyckeln.platform.scheduling;

import java.time.Instant;

/** One execution of a job, as stored in {@code job_run}. {@code finishedAt} is null while it runs. */
public record JobRun(long id, String jobName, Instant startedAt, Instant finishedAt, Outcome outcome, String detail) {

    public enum Outcome { RUNNING, SUCCEEDED, FAILED }
}
