package se.nyckeln.licensing.domain;

import java.time.LocalDate;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * A pool's capacity on a day: the sum of the entitlements valid that day. A site licence with any valid
 * entitlement is unlimited (empty); without one it has no seats at all, like any other pool. An entitlement
 * credited down to 0 seats counts for nothing, not even for a site licence.
 */
public final class Capacity {

    private Capacity() {
    }

    public static OptionalLong on(LicenceMetric metric, Collection<EntitlementTerm> entitlements, LocalDate day) {
        long sum = 0;
        boolean any = false;
        for (EntitlementTerm e : entitlements) {
            if (e.grantsOn(day)) {
                any = true;
                sum = Math.addExact(sum, e.quantity());
            }
        }
        if (metric.unlimited() && any) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sum);
    }

    /** Seats still free; {@code Long.MAX_VALUE} stands for unlimited. */
    public static long free(Long capacity, long allocated) {
        return capacity == null ? Long.MAX_VALUE : Math.max(0, capacity - allocated);
    }
}
