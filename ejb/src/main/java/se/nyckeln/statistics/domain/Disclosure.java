package se.nyckeln.statistics.domain;

/**
 * When a figure is too small to publish or to compare: a count of people or devices from 1 to
 * {@link #MIN_COUNT} − 1 could point at someone, and an aggregate over fewer than {@link #MIN_UNITS} units would
 * let a unit viewer work out another unit's figures.
 */
public final class Disclosure {

    /** Counts of seats assigned or in use (people, devices) from 1 to 4 are suppressed in open data. */
    public static final int MIN_COUNT = 5;

    /** A comparison median is given only over at least this many other units. */
    public static final int MIN_UNITS = 5;

    private Disclosure() {
    }

    /** True when the count may not be published: 1 ≤ count < MIN_COUNT (zero and large counts may). */
    public static boolean tooSmall(long count) {
        return count > 0 && count < MIN_COUNT;
    }
}
