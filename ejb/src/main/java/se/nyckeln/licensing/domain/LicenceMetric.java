package se.nyckeln.licensing.domain;

import java.util.Optional;

/** How a product is counted. A site licence ({@link #SITE}) has no seat limit. */
public enum LicenceMetric {
    NAMED_USER, DEVICE, CONCURRENT, PER_CORE, SITE;

    public boolean unlimited() {
        return this == SITE;
    }

    public static Optional<LicenceMetric> parse(String text) {
        return EnumNames.parse(LicenceMetric.class, text);
    }
}
