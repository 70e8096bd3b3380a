package se.nyckeln.licensing.infrastructure;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortedUsageBufferTest {

    /** One drained record: product, person (0 = none), device (0 = none), day. */
    private record Rec(long product, long person, long device, LocalDate day) {
    }

    /** licence_usage's unique key order: product, then people by id, then devices by id (person NULL last). */
    private static final Comparator<Rec> KEY_ORDER = Comparator.comparingLong(Rec::product)
            .thenComparing(r -> r.person() == 0 ? 1 : 0).thenComparingLong(Rec::person).thenComparingLong(Rec::device);

    private static List<Rec> drain(SortedUsageBuffer b) {
        List<Rec> out = new ArrayList<>();
        b.drain((p, pe, d, day) -> out.add(new Rec(p, pe, d, day)));
        return out;
    }

    @Test
    void eachKeyOnceWithItsNewestDayInKeyOrder() {
        SortedUsageBuffer b = new SortedUsageBuffer(100);
        LocalDate jan = LocalDate.of(2025, 1, 31);
        assertTrue(b.add(900, 0, 7, jan));              // product 900, device 7
        assertTrue(b.add(12, 55, 0, jan));              // product 12, person 55
        assertTrue(b.add(12, 0, 3, jan.plusDays(2)));   // product 12, device 3
        assertTrue(b.add(12, 55, 0, jan.minusDays(40))); // older for the same key: not kept
        assertTrue(b.add(12, 4, 0, jan.plusDays(1)));   // product 12, person 4
        assertTrue(b.add(900, 0, 7, jan.plusDays(9)));  // newer for the same key: kept
        assertEquals(6, b.size());
        assertEquals(List.of(
                new Rec(12, 4, 0, jan.plusDays(1)),
                new Rec(12, 55, 0, jan),
                new Rec(12, 0, 3, jan.plusDays(2)),
                new Rec(900, 0, 7, jan.plusDays(9))), drain(b));
        assertEquals(0, b.size());
        assertEquals(List.of(), drain(b), "drained: empty");
    }

    @Test
    void refusesWhatItCannotHold() {
        SortedUsageBuffer b = new SortedUsageBuffer(2);
        assertFalse(b.add(1, 1, 0, LocalDate.of(1969, 12, 31)), "before 1970");
        assertFalse(b.add(1, 1, 0, LocalDate.of(2150, 1, 1)), "after 2149-06-06");
        assertTrue(b.add(1, 1, 0, LocalDate.of(1970, 1, 1)));
        assertTrue(b.add(1, 2, 0, LocalDate.of(2149, 6, 6)));
        assertFalse(b.add(1, 3, 0, LocalDate.of(2025, 1, 1)), "full");
        assertEquals(List.of(new Rec(1, 1, 0, LocalDate.of(1970, 1, 1)), new Rec(1, 2, 0, LocalDate.of(2149, 6, 6))),
                drain(b));
    }

    /** Against a plain map: the same keys, the same newest days, in key order; large and sparse ids alike. */
    @Property(tries = 200)
    void sameAsAMapOfNewestDays(@ForAll @IntRange(min = 0, max = 3000) int records,
                                @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long idBase,
                                @ForAll long seed) {
        Random r = new Random(seed);
        SortedUsageBuffer b = new SortedUsageBuffer(10_000);
        Map<Rec, LocalDate> newest = new TreeMap<>(KEY_ORDER);
        for (int i = 0; i < records; i++) {
            long product = idBase + r.nextInt(7) * 1_000_003L;
            boolean device = r.nextBoolean();
            long holder = idBase + r.nextInt(50) * 7919L;
            LocalDate day = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(800));
            Rec key = new Rec(product, device ? 0 : holder, device ? holder : 0, LocalDate.MIN);
            assertTrue(b.add(key.product(), key.person(), key.device(), day));
            newest.merge(key, day, (a, c) -> a.isAfter(c) ? a : c);
        }
        List<Rec> expected = new ArrayList<>();
        newest.forEach((k, d) -> expected.add(new Rec(k.product(), k.person(), k.device(), d)));
        assertEquals(expected, drain(b));
    }

    /** The imports' date reader (IsoDate): the quick path agrees with LocalDate.parse, accepting and refusing alike. */
    @Test
    void isoDatesReadAsLocalDateParseReadsThem() {
        for (String v : List.of("2025-01-31", "2024-02-29", "0001-01-01", "9999-12-31", "2025-02-30", "2025-13-01",
                "2025-00-10", "2023-02-29", "2025-1-31", "2025/01/31", "2025-01-3a", "+12025-01-01", "20250131",
                "2025-01-31T10:00")) {
            String expected;
            try {
                expected = LocalDate.parse(v).toString();
            } catch (java.time.DateTimeException e) {
                expected = "refused";
            }
            String actual;
            try {
                actual = se.nyckeln.shared.IsoDate.parse(v).toString();
            } catch (java.time.DateTimeException e) {
                actual = "refused";
            }
            assertEquals(expected, actual, v);
        }
    }
}
