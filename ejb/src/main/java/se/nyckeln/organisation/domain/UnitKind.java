package se.nyckeln.organisation.domain;

import java.util.Locale;
import java.util.Optional;

/** What a unit is. KOMMUN and BOLAG are legal entities with their own organisationsnummer. */
public enum UnitKind {
    KOMMUN, STADSDELSNAMND, FACKNAMND, BOLAG, SUBUNIT;

    public boolean isLegalEntity() {
        return this == KOMMUN || this == BOLAG;
    }

    /** Case-insensitive; empty when the text names no kind. */
    public static Optional<UnitKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
