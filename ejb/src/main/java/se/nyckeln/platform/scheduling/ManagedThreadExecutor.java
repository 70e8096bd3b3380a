package se.nyckeln.platform.scheduling;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.quartz.spi.ThreadExecutor;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Runs Quartz's own scheduler loop (the thread that waits for the next trigger) on a thread from the container's
 * {@link ManagedThreadFactory}, so that not even that thread is unmanaged. Quartz hands over a {@link Thread}
 * object; it is used as a {@link Runnable} only.
 */
public class ManagedThreadExecutor implements ThreadExecutor {

    private String threadFactoryName = "java:comp/DefaultManagedThreadFactory";
    private ManagedThreadFactory threadFactory;

    public void setThreadFactoryName(String threadFactoryName) {
        this.threadFactoryName = threadFactoryName;
    }

    @Override
    public void initialize() {
        try {
            threadFactory = (ManagedThreadFactory) new InitialContext().lookup(threadFactoryName);
        } catch (NamingException e) {
            throw new IllegalStateException("no managed thread factory at " + threadFactoryName, e);
        }
    }

    @Override
    public void execute(Thread thread) {
        if (threadFactory == null) {
            initialize();
        }
        Thread managed = threadFactory.newThread(thread);
        managed.setName("nyckeln-quartz-scheduler");
        managed.start();
    }
}
