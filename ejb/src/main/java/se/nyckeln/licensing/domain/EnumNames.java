package se.nyckeln.licensing.domain;

import java.util.Locale;
import java.util.Optional;

/** Reads the licensing enums from request text: names match without regard to case or surrounding blanks. */
final class EnumNames {

    private EnumNames() {
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
