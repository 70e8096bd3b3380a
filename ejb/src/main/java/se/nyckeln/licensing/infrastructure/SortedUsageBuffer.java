package se.nyckeln.licensing.infrastructure;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A usage file's records held compactly (one {@code long} each) so that they can be grouped and sorted in the
 * server instead of in the database: {@link #drain} hands on one record per key (product and person or device)
 * with the newest date, in the order of {@code licence_usage}'s unique key (product, then person with people
 * first, then device), so the merge needs neither a grouping nor a sort of millions of staged rows and inserts in
 * index order.
 *
 * <p>Bounded: at most {@code capacity} records (8 bytes each), ids densely numbered per kind (up to 2^20 products
 * and 2^27 people or devices) and days from 1970-01-01 to 2149-06-06. {@link #add} answers false for a record it
 * cannot hold; the caller then stages the file's rows as they come and lets the database group them.
 */
public final class SortedUsageBuffer {

    /** Receives the records of {@link #drain}; {@code personId}/{@code deviceId} 0 = none. */
    public interface Sink {
        void record(long productId, long personId, long deviceId, LocalDate day);
    }

    private static final int PRODUCT_BITS = 20;
    private static final int HOLDER_BITS = 27;
    private static final int DAY_BITS = 16;
    private static final int HOLDER_SHIFT = DAY_BITS;
    private static final int TYPE_SHIFT = HOLDER_SHIFT + HOLDER_BITS;
    private static final int PRODUCT_SHIFT = TYPE_SHIFT + 1;

    private final int capacity;
    private long[] packed = new long[1 << 12];
    private int n;
    private final Numbering products = new Numbering();
    private final Numbering persons = new Numbering();
    private final Numbering devices = new Numbering();

    public SortedUsageBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Number of records held (before grouping). */
    public int size() {
        return n;
    }

    /**
     * Holds a record ({@code personId} xor {@code deviceId} non-zero); false, and nothing held, when it does not fit
     * (full, or an id or day out of range).
     */
    public boolean add(long productId, long personId, long deviceId, LocalDate day) {
        long epochDay = day.toEpochDay();
        if (n == capacity || epochDay < 0 || epochDay >= 1L << DAY_BITS) {
            return false;
        }
        boolean device = personId == 0;
        int p = products.number(productId, 1 << PRODUCT_BITS);
        int h = device ? devices.number(deviceId, 1 << HOLDER_BITS) : persons.number(personId, 1 << HOLDER_BITS);
        if (p < 0 || h < 0) {
            return false;
        }
        if (n == packed.length) {
            packed = Arrays.copyOf(packed, (int) Math.min(capacity, 2L * packed.length));
        }
        packed[n++] = pack(p, device, h, epochDay);
        return true;
    }

    private static long pack(long product, boolean device, long holder, long day) {
        return product << PRODUCT_SHIFT | (device ? 1L : 0L) << TYPE_SHIFT | holder << HOLDER_SHIFT | day;
    }

    /**
     * Hands on every key once, with its newest day, in key order, and empties the buffer. The dense numbers are
     * replaced by the ids' ranks first, so that the numeric order of the packed values is the key order.
     */
    public void drain(Sink sink) {
        long[] productIds = products.sortedIds();
        long[] personIds = persons.sortedIds();
        long[] deviceIds = devices.sortedIds();
        int[] productRank = products.ranks(productIds);
        int[] personRank = persons.ranks(personIds);
        int[] deviceRank = devices.ranks(deviceIds);
        long holderMask = (1L << HOLDER_BITS) - 1;
        long dayMask = (1L << DAY_BITS) - 1;
        for (int i = 0; i < n; i++) {
            long v = packed[i];
            int p = (int) (v >>> PRODUCT_SHIFT);
            boolean device = (v >>> TYPE_SHIFT & 1L) == 1L;
            int h = (int) (v >>> HOLDER_SHIFT & holderMask);
            packed[i] = pack(productRank[p], device, device ? deviceRank[h] : personRank[h], v & dayMask);
        }
        Arrays.sort(packed, 0, n);
        for (int i = 0; i < n; i++) {
            long v = packed[i];
            if (i + 1 < n && packed[i + 1] >>> DAY_BITS == v >>> DAY_BITS) {
                continue; // the same key again with a day at least as new: the last of a key is its newest
            }
            long product = productIds[(int) (v >>> PRODUCT_SHIFT)];
            boolean device = (v >>> TYPE_SHIFT & 1L) == 1L;
            long holder = (device ? deviceIds : personIds)[(int) (v >>> HOLDER_SHIFT & holderMask)];
            sink.record(product, device ? 0 : holder, device ? holder : 0, LocalDate.ofEpochDay(v & dayMask));
        }
        n = 0;
        packed = new long[1 << 12];
        products.clear();
        persons.clear();
        devices.clear();
    }

    /** Ids numbered 0, 1, 2, … in the order first seen. */
    private static final class Numbering {
        private final Map<Long, Integer> numbers = new HashMap<>();
        private long[] ids = new long[1 << 10];

        int number(long id, int limit) {
            Integer known = numbers.get(id);
            if (known != null) {
                return known;
            }
            int next = numbers.size();
            if (next >= limit) {
                return -1;
            }
            if (next == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
            ids[next] = id;
            numbers.put(id, next);
            return next;
        }

        long[] sortedIds() {
            long[] sorted = Arrays.copyOf(ids, numbers.size());
            Arrays.sort(sorted);
            return sorted;
        }

        /** number → rank of its id among {@code sorted}. */
        int[] ranks(long[] sorted) {
            int[] rank = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                rank[i] = Arrays.binarySearch(sorted, ids[i]);
            }
            return rank;
        }

        void clear() {
            numbers.clear();
            ids = new long[1 << 10];
        }
    }
}
