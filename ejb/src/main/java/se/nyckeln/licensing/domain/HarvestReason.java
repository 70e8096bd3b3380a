package se.nyckeln.licensing.domain;

/**
 * Why a seat is proposed for harvest, strongest first: when several apply to one assignment the proposal carries
 * the first (a leaver's seat is a leaver's seat, however long ago it was used).
 */
public enum HarvestReason {
    /** The person holds no membership on the day: left the city. */
    LEFT,
    /** The device holds no membership on the day: retired. */
    DEVICE_RETIRED,
    /** The holder belongs, on the day, to a unit that is neither the assignment's unit nor below it. */
    MOVED,
    /** No use of the product within the product's idle days (and the seat is at least that old). */
    IDLE
}
