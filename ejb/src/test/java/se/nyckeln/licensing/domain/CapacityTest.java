package se.nyckeln.licensing.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CapacityTest {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static final List<EntitlementTerm> BOUGHT = List.of(
            new EntitlementTerm(100, d("2025-01-01"), d("2025-12-31")),
            new EntitlementTerm(40, d("2025-07-01"), null),
            new EntitlementTerm(10, d("2026-01-01"), d("2026-06-30")));

    @Test
    void sumsTheEntitlementsValidThatDayBothEndsIncluded() {
        assertEquals(OptionalLong.of(0), Capacity.on(LicenceMetric.NAMED_USER, BOUGHT, d("2024-12-31")));
        assertEquals(OptionalLong.of(100), Capacity.on(LicenceMetric.NAMED_USER, BOUGHT, d("2025-01-01")));
        assertEquals(OptionalLong.of(140), Capacity.on(LicenceMetric.NAMED_USER, BOUGHT, d("2025-07-01")));
        assertEquals(OptionalLong.of(140), Capacity.on(LicenceMetric.NAMED_USER, BOUGHT, d("2025-12-31")));
        assertEquals(OptionalLong.of(50), Capacity.on(LicenceMetric.DEVICE, BOUGHT, d("2026-01-01")));
        assertEquals(OptionalLong.of(40), Capacity.on(LicenceMetric.DEVICE, BOUGHT, d("2026-07-01")));
    }

    @Test
    void aSiteLicenceIsUnlimitedWhileAnyEntitlementIsValid() {
        List<EntitlementTerm> site = List.of(new EntitlementTerm(1, d("2025-01-01"), d("2025-12-31")));
        assertEquals(OptionalLong.empty(), Capacity.on(LicenceMetric.SITE, site, d("2025-06-01")));
        assertEquals(OptionalLong.of(0), Capacity.on(LicenceMetric.SITE, site, d("2026-01-01")));
        assertEquals(OptionalLong.of(0), Capacity.on(LicenceMetric.SITE, List.of(), d("2025-06-01")));
    }

    @Test
    void freeIsNeverNegativeAndUnlimitedHasNoEnd() {
        assertEquals(5, Capacity.free(40L, 35));
        assertEquals(0, Capacity.free(40L, 40));
        assertEquals(Long.MAX_VALUE, Capacity.free(null, 1_000_000));
    }

    @Test
    void anEntitlementNeedsNonNegativeSeatsAndAnOrderedValidity() {
        assertThrows(IllegalArgumentException.class, () -> new EntitlementTerm(-1, d("2025-01-01"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new EntitlementTerm(5, d("2025-01-02"), d("2025-01-01")));
    }

    /** A fully credited entitlement (0 seats left) counts for nothing: no seats, and no unlimited site licence. */
    @Test
    void aFullyCreditedEntitlementGrantsNothing() {
        List<EntitlementTerm> credited = List.of(new EntitlementTerm(0, d("2025-01-01"), null),
                new EntitlementTerm(3, d("2025-01-01"), null));
        assertEquals(OptionalLong.of(3), Capacity.on(LicenceMetric.NAMED_USER, credited, d("2025-06-01")));
        assertEquals(OptionalLong.of(0), Capacity.on(LicenceMetric.SITE,
                List.of(new EntitlementTerm(0, d("2025-01-01"), null)), d("2025-06-01")));
        assertEquals(OptionalLong.empty(), Capacity.on(LicenceMetric.SITE, credited, d("2025-06-01")));
    }
}
