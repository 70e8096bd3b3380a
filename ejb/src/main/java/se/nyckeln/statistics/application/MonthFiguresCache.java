package se.nyckeln.statistics.application;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The month figures already computed, kept per (months, today, in-use window, data version). The data version is
 * the newest audit event: every change to the organisation, licences and usage evidence writes one in the same
 * transaction (the audit rule), so a change shows on the next request, exactly as the units list does
 * ({@code UnitListCache}). Figures are read-only once loaded, so concurrent requests share them. When many requests
 * ask for the same figures at once, one computes and the others wait for it instead of all computing the same
 * city (the statistics benchmark's 20 users). The cache is small (the last {@value #MAX_ENTRIES} answers) and is
 * emptied whenever the data version moves. One instance per deployment (held by {@link Statistics}); plain Java,
 * thread-safe, no container services needed. The month outcomes (reuse, agreement fidelity, supplier counts;
 * {@link MonthOutcomes}) are kept the same way in a cache of their own.
 */
final class MonthFiguresCache<V> {

    static final int MAX_ENTRIES = 48;

    /** What the figures depend on. */
    record Key(LocalDate first, LocalDate last, LocalDate today, int inUseDays, long version) {
    }

    private final Map<Key, CompletableFuture<V>> entries = new ConcurrentHashMap<>();
    private volatile long version = Long.MIN_VALUE;

    V get(Key key, Supplier<V> load) {
        if (key.version() < 0) {
            return load.get(); // writers in flight: the version may still move under this answer
        }
        if (key.version() != version) {
            synchronized (this) {
                if (key.version() > version) {
                    entries.clear();
                    version = key.version();
                }
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> present = entries.putIfAbsent(key, mine);
        if (present != null) {
            try {
                return present.join();
            } catch (CompletionException e) {
                // the computing request failed (its own problem was reported to it): compute for this one
                return load.get();
            }
        }
        try {
            V figures = load.get();
            mine.complete(figures);
            return figures;
        } catch (RuntimeException | Error e) {
            entries.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
