package se.nyckeln.chargeback.domain;

/**
 * How a part of a cost pool is distributed. The first six are Mölndal's models (seed 003, "Fördelningsmodellens 6
 * delar"); FIXED (fixed percentages of the key version) and SEAT_DAYS (licence seat-days of the pool's product) are
 * the two further keys the mandate asks for.
 */
public enum Model {
    NOT_DISTRIBUTED(1, null),
    SYSTEM_TIER(2, "SYSTEM_TIER"),
    COMPUTER(3, "COMPUTER"),
    USER(4, "USER"),
    CONNECTION(5, "CONNECTION"),
    PROJECT(6, "PROJECT"),
    FIXED(null, "FIXED"),
    SEAT_DAYS(null, "SEAT_DAYS");

    private final Integer molndalNumber;
    private final String measure;

    Model(Integer molndalNumber, String measure) {
        this.molndalNumber = molndalNumber;
        this.measure = measure;
    }

    public Integer molndalNumber() {
        return molndalNumber;
    }

    /** The key of the measure a pool part of this model is split by; product-specific for seat-days. */
    public String measureKey(Long productId) {
        if (this == SEAT_DAYS) {
            return productId == null ? null : "SEAT_DAYS:" + productId;
        }
        return measure;
    }

    public static Model parse(String text) {
        try {
            return Model.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
