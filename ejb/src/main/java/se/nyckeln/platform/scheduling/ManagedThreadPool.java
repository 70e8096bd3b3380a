package se.nyckeln.platform.scheduling;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import org.quartz.SchedulerConfigException;
import org.quartz.spi.ThreadPool;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Quartz's worker pool on the container's {@link ManagedExecutorService} instead of Quartz's own
 * {@code SimpleThreadPool}: jobs then run on threads the server knows (naming, CDI, transactions, shutdown),
 * not on unmanaged threads inside the EAR. The executor is shared with the rest of the server, so this class
 * only limits how many jobs run at once ({@code threadCount}); Quartz asks it for a free slot before it
 * acquires triggers. Quartz instantiates it from {@code org.quartz.threadPool.class} and sets the properties
 * below from {@code org.quartz.threadPool.*}.
 */
public class ManagedThreadPool implements ThreadPool {

    private final Object lock = new Object();
    private int threadCount = 3;
    private String executorName = "java:comp/DefaultManagedExecutorService";
    private ExecutorService executor;
    private int busy;
    private boolean shutDown;

    public void setThreadCount(int threadCount) {
        this.threadCount = threadCount;
    }

    public void setExecutorName(String executorName) {
        this.executorName = executorName;
    }

    /** For unit tests: an executor instead of the JNDI lookup in {@link #initialize()}. */
    void useExecutor(ExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public void initialize() throws SchedulerConfigException {
        if (threadCount < 1) {
            throw new SchedulerConfigException("threadCount must be at least 1");
        }
        if (executor != null) {
            return;
        }
        try {
            // Looked up while the scheduler is built, i.e. on the start-up singleton's thread and naming context.
            executor = (ManagedExecutorService) new InitialContext().lookup(executorName);
        } catch (NamingException e) {
            throw new SchedulerConfigException("no managed executor at " + executorName, e);
        }
    }

    @Override
    public boolean runInThread(Runnable runnable) {
        synchronized (lock) {
            while (busy >= threadCount && !shutDown) {
                if (!await()) {
                    return false;
                }
            }
            if (shutDown) {
                return false;
            }
            busy++;
        }
        try {
            executor.execute(() -> {
                try {
                    runnable.run();
                } finally {
                    release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            release();
            return false;
        }
    }

    @Override
    public int blockForAvailableThreads() {
        synchronized (lock) {
            while (busy >= threadCount && !shutDown) {
                if (!await()) {
                    break;
                }
            }
            return Math.max(0, threadCount - busy);
        }
    }

    @Override
    public void shutdown(boolean waitForJobsToComplete) {
        synchronized (lock) {
            shutDown = true;
            lock.notifyAll();
            while (waitForJobsToComplete && busy > 0) {
                if (!await()) {
                    return;
                }
            }
        }
    }

    @Override
    public int getPoolSize() {
        return threadCount;
    }

    @Override
    public void setInstanceId(String schedInstId) {
        // one scheduler per server: nothing to tell apart
    }

    @Override
    public void setInstanceName(String schedName) {
        // one scheduler per server: nothing to tell apart
    }

    private void release() {
        synchronized (lock) {
            busy--;
            lock.notifyAll();
        }
    }

    /** Waits on the lock (caller holds it); false when the thread was interrupted. */
    private boolean await() {
        try {
            lock.wait(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
