package se.nyckeln.statistics.rest;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.persistence.DataRevision;
import se.nyckeln.shared.Sha256;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsAnswersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);

    private static StatisticsAnswers.Key key(long revision, long unit) {
        return new StatisticsAnswers.Key(revision, TODAY, "unit", unit, 0, "2026-03", "2026-03", 90);
    }

    private static StatisticsAnswers.Body body(String text) {
        return StatisticsAnswers.Body.of(text.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void anAnswerIsMadeOnceAndTaggedWithTheHashOfItsBytes() {
        StatisticsAnswers answers = new StatisticsAnswers();
        AtomicInteger made = new AtomicInteger();
        StatisticsAnswers.Body a = answers.get(key(7, 1), () -> { made.incrementAndGet(); return body("{\"a\":1}"); });
        StatisticsAnswers.Body b = answers.get(key(7, 1), () -> { made.incrementAndGet(); return body("{\"a\":2}"); });
        assertSame(a, b);
        assertEquals(1, made.get());
        assertEquals(Sha256.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).hex(), a.tag().getValue());
        // another unit, month, window or day is another question
        answers.get(key(7, 2), () -> { made.incrementAndGet(); return body("x"); });
        answers.get(new StatisticsAnswers.Key(7, TODAY, "unit", 1, 0, "2026-02", "2026-02", 90),
                () -> { made.incrementAndGet(); return body("x"); });
        answers.get(new StatisticsAnswers.Key(7, TODAY, "unit", 1, 0, "2026-03", "2026-03", 30),
                () -> { made.incrementAndGet(); return body("x"); });
        answers.get(new StatisticsAnswers.Key(7, TODAY.plusDays(1), "unit", 1, 0, "2026-03", "2026-03", 90),
                () -> { made.incrementAndGet(); return body("x"); });
        answers.get(new StatisticsAnswers.Key(7, TODAY, "comparison", 1, 0, "2026-03", "2026-03", 90),
                () -> { made.incrementAndGet(); return body("x"); });
        assertEquals(6, made.get());
    }

    @Test
    void aNewRevisionMakesTheAnswerAgainAndDropsTheOldOnes() {
        StatisticsAnswers answers = new StatisticsAnswers();
        answers.get(key(7, 1), () -> body("old"));
        answers.get(key(7, 2), () -> body("old 2"));
        StatisticsAnswers.Body after = answers.get(key(8, 1), () -> body("new"));
        assertEquals("new", new String(after.bytes(), StandardCharsets.UTF_8));
        assertNotEquals(answers.get(key(7, 1), () -> body("old")).tag(), after.tag());
        assertEquals(1, answers.size(), "revision 7 answers are gone and a late revision-7 request stores nothing");
        assertSame(after, answers.get(key(8, 1), () -> { throw new AssertionError("should be stored"); }));
    }

    @Test
    void nothingIsStoredWhileWritersAreInFlight() {
        StatisticsAnswers answers = new StatisticsAnswers();
        AtomicInteger made = new AtomicInteger();
        answers.get(key(DataRevision.UNSETTLED, 1), () -> { made.incrementAndGet(); return body("a"); });
        answers.get(key(DataRevision.UNSETTLED, 1), () -> { made.incrementAndGet(); return body("a"); });
        assertEquals(2, made.get());
        assertEquals(0, answers.size());
    }

    @Test
    void whileWritersAreInFlightAnAnswerOfTheStillNewestRevisionIsGiven() {
        StatisticsAnswers answers = new StatisticsAnswers();
        StatisticsAnswers.Body stored = answers.get(key(9, 1), () -> body("settled"));
        AtomicInteger made = new AtomicInteger();
        // unsettled, but nothing committed since revision 9: the stored answer
        assertSame(stored, answers.get(key(DataRevision.UNSETTLED, 1), 9, () -> { made.incrementAndGet(); return body("x"); }));
        assertEquals(0, made.get());
        // unsettled and an event 10 committed since: made anew, and not stored
        StatisticsAnswers.Body fresh = answers.get(key(DataRevision.UNSETTLED, 1), 10,
                () -> { made.incrementAndGet(); return body("newer"); });
        assertEquals("newer", new String(fresh.bytes(), StandardCharsets.UTF_8));
        assertEquals(1, made.get());
        // unsettled, nothing stored for this question: made, not stored
        answers.get(key(DataRevision.UNSETTLED, 2), 9, () -> { made.incrementAndGet(); return body("y"); });
        assertEquals(2, made.get());
        assertEquals(1, answers.size());
    }

    @Test
    void aFailedAnswerIsNotKept() {
        StatisticsAnswers answers = new StatisticsAnswers();
        assertThrows(IllegalStateException.class,
                () -> answers.get(key(3, 1), () -> { throw new IllegalStateException("not found"); }));
        AtomicInteger made = new AtomicInteger();
        answers.get(key(3, 1), () -> { made.incrementAndGet(); return body("a"); });
        assertEquals(1, made.get());
    }

    @Test
    void theOldestGoFirstBeyondTheBounds() {
        StatisticsAnswers answers = new StatisticsAnswers();
        for (int i = 0; i < StatisticsAnswers.MAX_ENTRIES + 10; i++) {
            answers.get(key(1, i), () -> body("0123456789"));
        }
        assertEquals(StatisticsAnswers.MAX_ENTRIES, answers.size());
        assertEquals(StatisticsAnswers.MAX_ENTRIES * 10L, answers.storedBytes());
        AtomicInteger made = new AtomicInteger();
        answers.get(key(1, 0), () -> { made.incrementAndGet(); return body("0123456789"); });
        assertEquals(1, made.get(), "the first answer was dropped");
        answers.get(key(1, StatisticsAnswers.MAX_ENTRIES + 9), () -> { made.incrementAndGet(); return body("x"); });
        assertEquals(1, made.get(), "the newest is kept");

        // by size: answers of a quarter of the byte bound each keep at most four
        StatisticsAnswers big = new StatisticsAnswers();
        byte[] quarter = new byte[(int) (StatisticsAnswers.MAX_BYTES / 4)];
        for (int i = 0; i < 6; i++) {
            big.get(key(1, i), () -> StatisticsAnswers.Body.of(quarter, null));
        }
        assertEquals(4, big.size());
        assertTrue(big.storedBytes() <= StatisticsAnswers.MAX_BYTES);
    }

    @Test
    void concurrentRequestsWaitForOneAnswer() throws Exception {
        StatisticsAnswers answers = new StatisticsAnswers();
        AtomicInteger made = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StatisticsAnswers.Body>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> answers.get(key(5, 1), () -> {
                    made.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return body("city");
                })));
            }
            Thread.sleep(200);
            release.countDown();
            StatisticsAnswers.Body first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<StatisticsAnswers.Body> f : results) {
                assertSame(first, f.get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, made.get());
            assertArrayEquals("city".getBytes(StandardCharsets.UTF_8), first.bytes());
        } finally {
            pool.shutdownNow();
        }
    }
}
