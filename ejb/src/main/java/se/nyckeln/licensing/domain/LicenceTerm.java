package se.nyckeln.licensing.domain;

import java.util.Optional;

/** A subscription ends with its term; a perpetual licence is kept, with maintenance bought for a term. */
public enum LicenceTerm {
    SUBSCRIPTION, PERPETUAL;

    public static Optional<LicenceTerm> parse(String text) {
        return EnumNames.parse(LicenceTerm.class, text);
    }
}
