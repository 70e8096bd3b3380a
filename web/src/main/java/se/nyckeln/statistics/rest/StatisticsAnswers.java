package se.nyckeln.statistics.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import se.nyckeln.platform.persistence.DataRevision;
import se.nyckeln.shared.Sha256;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bytes of the statistics answers (JSON and CSV), kept per (data revision, today, endpoint, unit, product,
 * months, in-use window), as the units list is ({@code UnitListCache}). The figures of a month are the same for
 * every caller until the data changes, and turning a city view of 400 products into 140 kB of JSON costs far more
 * than the request's one revision query; so each answer is made once per key and served as it is, with the
 * SHA-256 of its bytes as entity tag ({@code If-None-Match} → 304).
 *
 * <p><b>Scope.</b> Nothing in a key says who asked: the resource checks the caller's scope for the unit before it
 * looks here ({@code Statistics.stamp}), and a unit's answer (its figures, children, products, trend, medians of its
 * peers) is the same for every caller allowed to see it. City-wide answers are for city-wide roles only (role check
 * before the method). Only successful answers are stored, so a unit that does not exist is asked again each time.
 *
 * <p><b>Freshness.</b> The revision is the newest audit event ({@link DataRevision}), read before the answer is made:
 * every change to the organisation, licences or usage evidence writes one in its transaction, so the first request
 * after a change has another key and computes anew; entries of older revisions are dropped wholesale. While writers
 * are in flight the revision is {@link DataRevision#UNSETTLED} and nothing is stored; an answer stored under the
 * current revision is still given then if the newest committed audit event is still that revision (nothing was
 * committed since it: an event committed after a settled read always has a higher id), so a long writer elsewhere
 * (an import, a scheduled job) does not make every request compute.
 *
 * <p><b>Bounds.</b> At most {@value #MAX_ENTRIES} answers and {@value #MAX_BYTES} bytes; the oldest stored go first.
 * When many requests ask the same question at once, one makes the answer and the others wait for it.
 */
@ApplicationScoped
public class StatisticsAnswers {

    static final int MAX_ENTRIES = 2048;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    /** What an answer depends on. {@code unitId}/{@code productId} 0 when not part of the question. */
    public record Key(long revision, LocalDate today, String endpoint, long unitId, long productId, String from,
                      String to, int inUseDays) {
    }

    /** The answer's bytes, entity tag and (for a CSV download) file name. */
    public record Body(byte[] bytes, EntityTag tag, String fileName) {

        public static Body of(byte[] bytes, String fileName) {
            return new Body(bytes, new EntityTag(Sha256.of(bytes).hex()), fileName);
        }
    }

    private final ConcurrentHashMap<Key, CompletableFuture<Body>> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private volatile long revision = Long.MIN_VALUE;

    /** The answer for the key (the revision settled), made by {@code make} when not stored. */
    public Body get(Key key, Supplier<Body> make) {
        return get(key, key.revision(), make);
    }

    /**
     * The answer for the key, made by {@code make} when not stored (or not storable). {@code visible}: the newest
     * committed audit event, read with the key's revision (equal to it unless the revision is unsettled).
     */
    public Body get(Key key, long visible, Supplier<Body> make) {
        if (key.revision() == DataRevision.UNSETTLED) {
            // writers in flight: nothing is stored, but an answer of the revision still current can be given
            if (visible == revision) {
                CompletableFuture<Body> stored = entries.get(new Key(visible, key.today(), key.endpoint(),
                        key.unitId(), key.productId(), key.from(), key.to(), key.inUseDays()));
                if (stored != null && stored.isDone() && !stored.isCompletedExceptionally()) {
                    return stored.join();
                }
            }
            return make.get();
        }
        if (key.revision() != revision) {
            synchronized (this) {
                if (key.revision() > revision) {
                    entries.clear();
                    order.clear();
                    bytes.set(0);
                    revision = key.revision();
                }
            }
        }
        if (key.revision() < revision) {
            return make.get(); // read before a newer change: answer it, keep nothing
        }
        CompletableFuture<Body> mine = new CompletableFuture<>();
        CompletableFuture<Body> present = entries.putIfAbsent(key, mine);
        if (present != null) {
            try {
                return present.join();
            } catch (CompletionException e) {
                return make.get(); // the request making it failed (and was told): make it for this one
            }
        }
        Body body;
        try {
            body = make.get();
        } catch (RuntimeException | Error e) {
            entries.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(body);
        synchronized (this) {
            if (entries.get(key) == mine) { // not dropped by a newer revision meanwhile
                order.add(key);
                bytes.addAndGet(body.bytes().length);
                evict();
            }
        }
        return body;
    }

    /** Drops the oldest stored answers while over a bound (holding the lock). */
    private void evict() {
        while (entries.size() > MAX_ENTRIES || bytes.get() > MAX_BYTES) {
            Key oldest = order.poll();
            if (oldest == null) {
                return;
            }
            CompletableFuture<Body> gone = entries.remove(oldest);
            if (gone != null && gone.isDone() && !gone.isCompletedExceptionally()) {
                bytes.addAndGet(-gone.join().bytes().length);
            }
        }
    }

    int size() {
        return entries.size();
    }

    long storedBytes() {
        return bytes.get();
    }
}
