package se.nyckeln.statistics.application;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MonthFiguresCacheTest {

    private static final LocalDate JAN = LocalDate.of(2026, 1, 1);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    private static MonthFiguresCache.Key key(long version) {
        return new MonthFiguresCache.Key(JAN, JAN, TODAY, 90, version);
    }

    private static Map<LocalDate, MonthFigures> figures() {
        return Map.of(JAN, new MonthFigures(JAN, JAN.plusMonths(1).minusDays(1)));
    }

    @Test
    void theSameQuestionOnTheSameDataIsComputedOnce() {
        MonthFiguresCache<Map<LocalDate, MonthFigures>> cache = new MonthFiguresCache<>();
        AtomicInteger loads = new AtomicInteger();
        Map<LocalDate, MonthFigures> a = cache.get(key(7), () -> { loads.incrementAndGet(); return figures(); });
        Map<LocalDate, MonthFigures> b = cache.get(key(7), () -> { loads.incrementAndGet(); return figures(); });
        assertSame(a, b);
        assertEquals(1, loads.get());
        // another day, window or month range is another question
        cache.get(new MonthFiguresCache.Key(JAN, JAN, TODAY.plusDays(1), 90, 7), () -> { loads.incrementAndGet(); return figures(); });
        cache.get(new MonthFiguresCache.Key(JAN, JAN, TODAY, 30, 7), () -> { loads.incrementAndGet(); return figures(); });
        assertEquals(3, loads.get());
    }

    @Test
    void aNewDataVersionComputesAgain() {
        MonthFiguresCache<Map<LocalDate, MonthFigures>> cache = new MonthFiguresCache<>();
        Map<LocalDate, MonthFigures> before = cache.get(key(7), MonthFiguresCacheTest::figures);
        Map<LocalDate, MonthFigures> after = cache.get(key(8), MonthFiguresCacheTest::figures);
        assertNotSame(before, after);
        assertSame(after, cache.get(key(8), () -> { throw new AssertionError("should be cached"); }));
    }

    @Test
    void concurrentRequestsWaitForOneComputation() throws Exception {
        MonthFiguresCache<Map<LocalDate, MonthFigures>> cache = new MonthFiguresCache<>();
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<LocalDate, MonthFigures>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.get(key(1), () -> {
                    loads.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return figures();
                })));
            }
            Thread.sleep(200);
            release.countDown();
            Map<LocalDate, MonthFigures> first = answers.get(0).get(5, TimeUnit.SECONDS);
            for (Future<Map<LocalDate, MonthFigures>> f : answers) {
                assertSame(first, f.get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, loads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedComputationIsNotKept() {
        MonthFiguresCache<Map<LocalDate, MonthFigures>> cache = new MonthFiguresCache<>();
        assertThrows(IllegalStateException.class, () -> cache.get(key(3), () -> { throw new IllegalStateException("db"); }));
        AtomicInteger loads = new AtomicInteger();
        cache.get(key(3), () -> { loads.incrementAndGet(); return figures(); });
        assertEquals(1, loads.get());
    }
}
