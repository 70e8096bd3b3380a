package se.nyckeln.platform.scheduling;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import se.nyckeln.platform.problem.BusinessException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns the application's one Quartz scheduler: built at start-up (after the migrations, since jobs write to the
 * database), every {@link ScheduledJob} bean registered with its configured cron, shut down with the deployment.
 * Internal to the platform: callers go through {@link Scheduling}, which checks roles.
 *
 * <p><b>Job store.</b> {@code RAMJobStore} for now: one server, and every trigger is recreated from configuration
 * at start-up, so nothing is lost by keeping triggers in memory. A firing missed while the server was down is not
 * caught up, which is acceptable only as long as no money-moving job exists. The next step, before the monthly
 * chargeback job or a second server, is the JDBC job store ({@code JobStoreCMT} on PostgreSQL with
 * {@code PostgreSQLDelegate}, Quartz's shipped {@code tables_postgres.sql} as a migration, a separate
 * non-managed data source) with {@code isClustered=true} and {@code acquireTriggersWithinLock=true} (without it two
 * nodes can fire the same trigger) — see reliability.md §3.
 *
 * <p><b>Misfires.</b> Cron triggers use FIRE_ONCE_NOW (Quartz's smart policy for cron): a monthly run that was
 * late — no free thread, or the previous run still going — runs once as soon as it can instead of waiting a month.
 *
 * <p><b>Clock.</b> Quartz fires on the real system time; the test-mode clock ({@code ClockProvider}) moves what
 * jobs see as "now", not when they fire. Tests run jobs explicitly or with a fast cron. For the same reason
 * {@code job_run} is stamped with the real time: it is an operations log, and a frozen test clock would make
 * every run look instantaneous and out of order.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);
    private static final String GROUP = "nyckeln";
    private static final TimeZone STOCKHOLM = TimeZone.getTimeZone("Europe/Stockholm");

    @Inject
    @Any
    private Instance<ScheduledJob> jobBeans;

    @Inject
    private BeanManager beanManager;

    @EJB
    private JobRuns runs;

    private Scheduler scheduler;
    private final Map<String, JobRun> lastRuns = new ConcurrentHashMap<>();
    /** Name → configured cron, or null when the job is disabled. */
    private final Map<String, String> configuredCron = new TreeMap<>();

    @PostConstruct
    void start() {
        try {
            scheduler = new StdSchedulerFactory(quartzProperties()).getScheduler();
            scheduler.setJobFactory(new CdiJobFactory(beanManager, runs, Clock.systemUTC(), lastRuns));
            for (Instance.Handle<ScheduledJob> handle : jobBeans.handles()) {
                register(handle.getBean().getBeanClass(), handle.get());
                handle.destroy();
            }
            scheduler.start();
            LOG.infof("Scheduler started with jobs %s", configuredCron);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not start the scheduler", e);
        }
    }

    @PreDestroy
    void stop() {
        try {
            if (scheduler != null) {
                // true: let running jobs finish, so none is cut off half-way through its transaction
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warn("Scheduler did not shut down cleanly", e);
        }
    }

    private static Properties quartzProperties() {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "nyckeln");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_JMX_EXPORT, "false");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INTERRUPT_JOBS_ON_SHUTDOWN, "false");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, ManagedThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount",
                System.getProperty("nyckeln.scheduler.threads", "3"));
        p.setProperty(StdSchedulerFactory.PROP_THREAD_EXECUTOR_CLASS, ManagedThreadExecutor.class.getName());
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        return p;
    }

    private void register(Class<?> beanClass, ScheduledJob job) throws SchedulerException {
        String name = job.jobName();
        if (name == null || !name.matches("[a-z0-9-]+")) {
            throw new IllegalStateException("job name must be lower case letters, digits and '-': " + name);
        }
        if (configuredCron.containsKey(name)) {
            throw new IllegalStateException("two jobs are named " + name);
        }
        @SuppressWarnings("unchecked")
        Class<? extends Job> jobClass = (Class<? extends Job>) beanClass;
        // Durable: a disabled job stays registered, so an operator can still run it by hand.
        JobDetail detail = JobBuilder.newJob(jobClass).withIdentity(name, GROUP).storeDurably()
                .requestRecovery(false).build();
        scheduler.addJob(detail, false);
        boolean enabled = Boolean.parseBoolean(System.getProperty("nyckeln.job." + name + ".enabled", "true"));
        String cron = System.getProperty("nyckeln.job." + name + ".cron", job.defaultCron());
        configuredCron.put(name, enabled ? cron : null);
        if (enabled) {
            scheduler.scheduleJob(cronTrigger(name, cron));
        }
    }

    private static Trigger cronTrigger(String name, String cron) {
        return TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(name, GROUP)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(STOCKHOLM)
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    public List<JobInfo> jobs() {
        List<JobInfo> out = new ArrayList<>();
        for (String name : configuredCron.keySet()) {
            out.add(info(name));
        }
        out.sort(Comparator.comparing(JobInfo::name));
        return out;
    }

    public JobInfo job(String name) {
        if (!configuredCron.containsKey(name)) {
            throw BusinessException.notFound("job", name);
        }
        return info(name);
    }

    /** Fires the job once, now, besides its schedule; a job that disallows overlap waits for a running one. */
    public JobInfo triggerNow(String name) {
        job(name);
        try {
            scheduler.triggerJob(JobKey.jobKey(name, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not trigger job " + name, e);
        }
        LOG.infof("Job %s triggered by hand", name);
        return info(name);
    }

    /**
     * Replaces the job's schedule until the next restart ({@code null}: back to the configured one). For tests
     * and operators' emergencies; not exposed over HTTP.
     */
    public JobInfo reschedule(String name, String cron) {
        job(name);
        String effective = cron != null ? cron : configuredCron.get(name);
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        try {
            scheduler.unscheduleJob(key);
            if (effective != null) {
                scheduler.scheduleJob(cronTrigger(name, effective));
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not reschedule job " + name, e);
        }
        LOG.infof("Job %s rescheduled to %s", name, effective);
        return info(name);
    }

    private JobInfo info(String name) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(name, GROUP));
            JobDetail detail = scheduler.getJobDetail(JobKey.jobKey(name, GROUP));
            String cron = trigger instanceof CronTrigger ct ? ct.getCronExpression() : null;
            return new JobInfo(name, trigger != null, cron, instant(trigger == null ? null : trigger.getNextFireTime()),
                    instant(trigger == null ? null : trigger.getPreviousFireTime()),
                    !detail.isConcurrentExecutionDisallowed(), lastRuns.get(name));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not read job " + name, e);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
