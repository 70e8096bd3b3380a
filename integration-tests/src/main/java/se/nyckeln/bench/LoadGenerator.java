package se.nyckeln.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load generator: N client threads, each sending the next request as soon as the previous
 * answer is read, over one shared keep-alive HTTP client, for a fixed time. Closed loop means throughput is
 * what the server sustains at that concurrency; latencies are per request, recorded in nanoseconds and sorted
 * (no histogram library needed at these counts).
 *
 * <p>It runs on the same machine as the server, so it takes CPU from it; both endpoints of a comparison pay
 * that equally, which is why the report judges ratios.
 */
public final class LoadGenerator {

    /** One measured interval. Only 2xx answers count as throughput and latency; others are errors. */
    public record Measurement(int concurrency, long ok, long errors, long elapsedNanos, long[] sortedLatencyNanos,
                              String firstError) {

        public double throughput() {
            return ok / (elapsedNanos / 1e9);
        }

        public double p50Millis() {
            return sortedLatencyNanos.length == 0 ? Double.NaN : Stats.percentile(sortedLatencyNanos, 50) / 1e6;
        }

        public double p99Millis() {
            return sortedLatencyNanos.length == 0 ? Double.NaN : Stats.percentile(sortedLatencyNanos, 99) / 1e6;
        }
    }

    private LoadGenerator() {
    }

    public static Measurement run(HttpClient client, HttpRequest request, int concurrency, Duration duration)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            Worker w = new Worker(client, request, deadline, done);
            workers.add(w);
            Thread t = new Thread(w, "bench-client-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        long ok = 0;
        long errors = 0;
        String firstError = null;
        for (Worker w : workers) {
            ok += w.count;
            errors += w.errors;
            if (firstError == null && w.firstError.get() != null) {
                firstError = w.firstError.get();
            }
        }
        long[] all = new long[(int) ok];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        return new Measurement(concurrency, ok, errors, elapsed, all, firstError);
    }

    private static final class Worker implements Runnable {
        private final HttpClient client;
        private final HttpRequest request;
        private final long deadline;
        private final CountDownLatch done;
        private long[] latencies = new long[4096];
        private int count;
        private long errors;
        private final AtomicReference<String> firstError = new AtomicReference<>();

        Worker(HttpClient client, HttpRequest request, long deadline, CountDownLatch done) {
            this.client = client;
            this.request = request;
            this.deadline = deadline;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        // the body is read completely: the connection goes back to the pool, and reading it
                        // is part of what a client pays
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long t1 = System.nanoTime();
                        if (r.statusCode() / 100 == 2) {
                            record(t1 - t0);
                        } else {
                            errors++;
                            firstError.compareAndSet(null, "HTTP " + r.statusCode());
                        }
                    } catch (IOException e) {
                        errors++;
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }
}
