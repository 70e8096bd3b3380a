package se.nyckeln.statistics.domain;

import java.math.BigDecimal;

/**
 * Seat figures of one unit (or a sum of units) in one pool (or a sum of pools) at a month's end. Shelfware is an
 * assigned seat without activity in the in-use window: {@code assigned − inUse}; {@code neverUsed} (part of it)
 * has no usage evidence dated on or before the day at all. Values are count × the pool's seat price; seats of
 * pools without a valid entitlement have no price and are counted in {@code unpricedSeats} instead.
 * {@code userValueOre}/{@code deviceValueOre}: the held seats' value of per-user (named user, concurrent) and
 * per-device (device, per core) pools, the bases of cost per user and per device.
 */
public record Seats(long allocated, long assigned, long inUse, long neverUsed, long allocatedValueOre,
                    long shelfwareValueOre, long unpricedSeats, long userValueOre, long deviceValueOre) {

    public static final Seats ZERO = new Seats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** One pool's figures for one unit, priced at {@code priceOre} (null: unpriced). */
    public static Seats of(long allocated, long assigned, long inUse, long neverUsed, Long priceOre, String metric) {
        if (priceOre == null) {
            return new Seats(allocated, assigned, inUse, neverUsed, 0, 0, allocated, 0, 0);
        }
        long value = Math.multiplyExact(allocated, priceOre);
        boolean perUser = "NAMED_USER".equals(metric) || "CONCURRENT".equals(metric);
        boolean perDevice = "DEVICE".equals(metric) || "PER_CORE".equals(metric);
        return new Seats(allocated, assigned, inUse, neverUsed, value,
                Math.multiplyExact(assigned - inUse, priceOre), 0, perUser ? value : 0, perDevice ? value : 0);
    }

    public Seats plus(Seats o) {
        return new Seats(allocated + o.allocated, assigned + o.assigned, inUse + o.inUse, neverUsed + o.neverUsed,
                Math.addExact(allocatedValueOre, o.allocatedValueOre),
                Math.addExact(shelfwareValueOre, o.shelfwareValueOre), unpricedSeats + o.unpricedSeats,
                Math.addExact(userValueOre, o.userValueOre), Math.addExact(deviceValueOre, o.deviceValueOre));
    }

    public long shelfware() {
        return assigned - inUse;
    }

    /** Seats in use of the seats held: inUse / allocated, one decimal; null when none are held. */
    public BigDecimal utilisationPercent() {
        return Ratios.percent(inUse, allocated);
    }
}
