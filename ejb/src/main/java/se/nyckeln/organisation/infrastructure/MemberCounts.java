package se.nyckeln.organisation.infrastructure;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How many people and devices each unit has on a day, and a cache for what is derived from the organisation of
 * a day. Counting means reading every membership of the city (hundreds of thousands of rows) while the tree is a
 * few dozen rows, and the tree is read on almost every screen and API call; so what is computed for a day is
 * kept, keyed by the day and by the newest audit event id. Every change to units, people or devices writes an
 * audit event in its own transaction, so a new audit id is the signal that the organisation may have changed;
 * reading it is one primary-key lookup. The revision is read before the value is computed, so a cached value is
 * never older than the revision it is filed under. Works unchanged with several servers: each keeps its own
 * copy, checked against the shared database.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Reads only: joins the caller's transaction if there is one, starts none.
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class MemberCounts {

    private static final int MAX_DAYS = 64;

    /** People and devices directly in one unit. */
    public record Counts(long people, long devices) {
        public static final Counts NONE = new Counts(0, 0);
    }

    private record Entry(long revision, Object value) {
    }

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    private final ConcurrentHashMap<LocalDate, Entry> byDay = new ConcurrentHashMap<>();

    /**
     * The value {@code compute} gives for {@code date}, computed again only when the organisation has changed
     * since it was last computed. Callers must not change the returned value.
     */
    public <T> T cached(LocalDate date, Function<LocalDate, T> compute) {
        return cached(revision(), date, compute);
    }

    /**
     * The organisation's revision now: the newest audit event id (one backward step on the primary-key index).
     * Whatever is derived from the organisation and filed under this number is at least this new.
     */
    public long revision() {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(id), 0) FROM audit_event")
                .getSingleResult()).longValue();
    }

    /** As {@link #cached(LocalDate, Function)}, for a revision the caller has just read with {@link #revision()}. */
    @SuppressWarnings("unchecked")
    public <T> T cached(long revision, LocalDate date, Function<LocalDate, T> compute) {
        Entry entry = byDay.get(date);
        if (entry != null && entry.revision() == revision) {
            return (T) entry.value();
        }
        T value = compute.apply(date);
        if (byDay.size() >= MAX_DAYS) {
            byDay.clear();
        }
        byDay.put(date, new Entry(revision, value));
        return value;
    }

    /** People and devices per unit id on {@code date}, counted now. */
    @SuppressWarnings("unchecked")
    public Map<Long, Counts> count(LocalDate date) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT unit_id, sum(people), sum(devices) FROM (
                    SELECT unit_id, count(*) AS people, 0 AS devices FROM person_membership
                     WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) GROUP BY unit_id
                    UNION ALL
                    SELECT unit_id, 0, count(*) FROM device_membership
                     WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) GROUP BY unit_id
                ) c GROUP BY unit_id""").setParameter(1, date).getResultList();
        Map<Long, Counts> counts = new HashMap<>();
        for (Object[] r : rows) {
            counts.put(((Number) r[0]).longValue(), new Counts(((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
        }
        return Map.copyOf(counts);
    }
}
