package se.nyckeln.statistics.domain;

/**
 * The price of one seat of a pool in a month: the licensing valuation rule (the quantity-weighted average of the
 * unit prices of the entitlements valid on the day, rounded half up to whole öre once), so that the statistics
 * value seats exactly as the licence position does. A unit test holds the two rules equal.
 */
public final class SeatPrice {

    private SeatPrice() {
    }

    /** Σ(quantity × price) / Σ quantity rounded half up; null when no entitlement is valid. */
    public static Long unitPriceOre(long totalValueOre, long totalQuantity) {
        if (totalQuantity <= 0) {
            return null;
        }
        return Math.addExact(Math.multiplyExact(2, totalValueOre), totalQuantity) / Math.multiplyExact(2, totalQuantity);
    }
}
