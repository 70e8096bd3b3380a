package se.nyckeln.licensing.domain;

/**
 * Prices seats for the licence position in whole öre. The price of a seat is the quantity-weighted average of
 * the pool's valid entitlements' unit prices, rounded half up to whole öre once; a count of seats is then valued
 * at that price, so a figure is always count × the price shown beside it (no second rounding to explain).
 */
public final class Valuation {

    private Valuation() {
    }

    /** Σ(quantity × price) / Σ quantity rounded half up; null when no entitlement is valid (nothing to price by). */
    public static Long unitPriceOre(long totalValueOre, long totalQuantity) {
        if (totalQuantity <= 0) {
            return null;
        }
        // both are non-negative, so (2v + q) / 2q is v / q rounded half up without floating point
        return Math.addExact(Math.multiplyExact(2, totalValueOre), totalQuantity) / Math.multiplyExact(2, totalQuantity);
    }

    /** count × price; null when either is unknown (an unlimited pool's surplus, an unpriced pool). */
    public static Long value(Long count, Long unitPriceOre) {
        return count == null || unitPriceOre == null ? null : Math.multiplyExact(count, unitPriceOre);
    }
}
