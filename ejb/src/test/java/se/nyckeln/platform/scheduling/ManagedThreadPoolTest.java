package se.nyckeln.platform.scheduling;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's contract with Quartz, on a plain executor standing in for the container's managed one. */
class ManagedThreadPoolTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private ManagedThreadPool pool(int threads) throws Exception {
        ManagedThreadPool pool = new ManagedThreadPool();
        pool.setThreadCount(threads);
        pool.useExecutor(executor);
        pool.initialize();
        return pool;
    }

    @Test
    void neverRunsMoreJobsAtOnceThanItsThreadCount() throws Exception {
        ManagedThreadPool pool = pool(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable job = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
        };
        assertEquals(2, pool.blockForAvailableThreads());
        assertTrue(pool.runInThread(job));
        assertTrue(pool.runInThread(job));
        // a third run must wait for a free slot: start it from another thread and check it has not begun
        Thread third = new Thread(() -> pool.runInThread(job));
        third.start();
        Thread.sleep(300);
        assertEquals(2, running.get());
        release.countDown();
        third.join(5000);
        pool.shutdown(true);
        assertEquals(2, most.get());
        assertEquals(0, running.get());
    }

    @Test
    void shutdownWithWaitLetsRunningJobsFinishAndRefusesNewOnes() throws Exception {
        ManagedThreadPool pool = pool(1);
        AtomicInteger finished = new AtomicInteger();
        assertTrue(pool.runInThread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        }));
        pool.shutdown(true);
        assertEquals(1, finished.get(), "shutdown(true) returned before the running job finished");
        assertFalse(pool.runInThread(finished::incrementAndGet));
    }
}
