package se.nyckeln.platform.scheduling;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import org.quartz.Job;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Obtains each job as a CDI bean (so jobs get injection and interceptors like any other bean) and wraps the run:
 * the bean instance is destroyed afterwards (no leaked dependent instances) and the run is written to
 * {@code job_run} and kept as the job's last run in memory. Quartz still reads
 * {@code @DisallowConcurrentExecution} from the job class in the {@code JobDetail}, not from this wrapper.
 */
final class CdiJobFactory implements JobFactory {

    private final BeanManager beanManager;
    private final JobRuns runs;
    private final Clock clock;
    private final Map<String, JobRun> lastRuns;

    CdiJobFactory(BeanManager beanManager, JobRuns runs, Clock clock, Map<String, JobRun> lastRuns) {
        this.beanManager = beanManager;
        this.runs = runs;
        this.clock = clock;
        this.lastRuns = lastRuns;
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> jobClass = bundle.getJobDetail().getJobClass();
        String name = bundle.getJobDetail().getKey().getName();
        Instance<? extends Job> bean = beanManager.createInstance().select(jobClass);
        if (!bean.isResolvable()) {
            throw new SchedulerException("job " + name + ": no single CDI bean of " + jobClass.getName());
        }
        return context -> {
            Instant at = clock.instant();
            JobRun started = new JobRun(runs.started(name, at), name, at, null, JobRun.Outcome.RUNNING, null);
            lastRuns.put(name, started);
            JobRun.Outcome outcome = JobRun.Outcome.FAILED;
            String detail = null;
            Instance.Handle<? extends Job> handle = bean.getHandle();
            try {
                handle.get().execute(context);
                outcome = JobRun.Outcome.SUCCEEDED;
            } catch (JobExecutionException | RuntimeException e) {
                detail = e.toString();
                throw e;
            } finally {
                handle.destroy();
                JobRun finished = new JobRun(started.id(), name, started.startedAt(), clock.instant(), outcome, detail);
                runs.finished(finished.id(), finished.finishedAt(), outcome, detail);
                lastRuns.put(name, finished);
            }
        };
    }
}
