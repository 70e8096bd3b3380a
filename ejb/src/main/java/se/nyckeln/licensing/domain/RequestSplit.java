package se.nyckeln.licensing.domain;

/**
 * How a request's outstanding seats are met, in the city's order "reuse before buying": first the pool's free
 * seats, then seats that pending harvest proposals would return, and only the rest is proposed for purchase.
 * {@code free} null means unlimited (a site licence): everything is met from the pool.
 */
public record RequestSplit(long fromFree, long fromHarvest, long toPurchase) {

    public RequestSplit {
        if (fromFree < 0 || fromHarvest < 0 || toPurchase < 0) {
            throw new IllegalArgumentException("negative part");
        }
    }

    public static RequestSplit of(long outstanding, Long free, long harvestable) {
        if (outstanding < 0 || harvestable < 0 || (free != null && free < 0)) {
            throw new IllegalArgumentException("negative input");
        }
        long fromFree = free == null ? outstanding : Math.min(free, outstanding);
        long fromHarvest = Math.min(harvestable, outstanding - fromFree);
        return new RequestSplit(fromFree, fromHarvest, outstanding - fromFree - fromHarvest);
    }

    /** A purchase is justified only when the pool has no free seat to give (and is not unlimited). */
    public static boolean purchaseAllowed(Long free) {
        return free != null && free == 0;
    }
}
